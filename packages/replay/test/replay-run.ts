/**
 * Runs the real replay command on the small fixture incidents (test/fixtures/scenarios) the way
 * the fault and signal tests need it, and checks what it left. Shared by faults.test.ts and
 * signals.test.ts.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect, onTestFinished } from 'vitest';
import { findSystemBinDir, isAlive, processIdentity, type ProcessIdentity } from '@incident-replay/pg-harness';
import type { Journal, RunHeader } from '@incident-replay/incident';
import { checkSample, markdownFiles } from '@incident-replay/incident';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '../../..');
const cli = path.join(here, '..', 'src', 'cli.ts');
export const fixtures = path.join(here, 'fixtures', 'scenarios');

/** The folder holding initdb and postgres, when this machine has them (else the system-provider cases skip). */
export const systemBinaries = (() => {
  try {
    return findSystemBinDir();
  } catch {
    return undefined;
  }
})();
export const NO_SYSTEM = 'needs PostgreSQL server binaries on this machine (apt-get install postgresql, or PG_BIN_DIR)';

/** What one run of the replay command gave. */
export interface ReplayResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The journal, when the run wrote one (a SIGKILLed run does not). */
  journal: RunHeader & { incidents: Journal[] };
  dataRoot: string;
  fixtureDir: string;
  port: number | undefined;
  outDir: string;
  /** The run id in `this run's databases: ir_<runId>…`. */
  runId: string | undefined;
  /** The command's process id (what the owner records of its clusters and databases name). */
  runPid: number;
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** Extra environment (PG_PROVIDER, TEST_DATABASE_URL, REPLAY_FAULT …). */
  env?: Record<string, string>;
  /** Called for each `MARK <name>` a fixture makes, with the command's process and its identity. */
  onMark?: (name: string, child: ChildProcess, fixtureDir: string) => void | Promise<void>;
  /** Called with each chunk of output as it arrives (to act on a line such as the header). */
  onOutput?: (soFar: string, child: ChildProcess) => void;
  /** Start the command in a process group (and session) of its own, as a terminal does: a test may signal the whole group. */
  detached?: boolean;
  /** Expect a journal (default true; false for a run that is SIGKILLed). */
  journal?: boolean;
  /** A cluster root and fixture folder to reuse (a later run that must see an earlier one's leftovers). */
  scratch?: string;
  /** The test's own `onTestFinished` (from its context): concurrent tests must pass theirs. */
  onTestFinished?: (fn: () => void) => void;
}

/**
 * A scratch folder for one test, removed when the test finishes (also when it fails).
 *
 * @param prefix the folder name's prefix under the OS temp dir
 * @param finished the test's `onTestFinished`: a concurrent test passes the one from its context
 */
export function scratchDir(prefix: string, finished: (fn: () => void) => void = onTestFinished): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755); // the postgres OS user reaches a cluster root inside it when we are root
  finished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs `pnpm replay <args>` (as `node --import tsx cli.ts`, so signals reach it directly) on the
 * fixture incidents, with its own data root and scratch folder (removed when the test finishes).
 * Marks are files (see mark() in the fixture kit): a pooled run's worker output arrives late.
 */
export async function replay(args: string[], o: ReplayOptions = {}): Promise<ReplayResult> {
  const scratch = o.scratch ?? scratchDir('replay-fault-', o.onTestFinished);
  const dataRoot = path.join(scratch, 'clusters');
  const fixtureDir = path.join(scratch, 'fixture');
  const outDir = path.join(scratch, `out-${Date.now()}`);
  fs.mkdirSync(dataRoot, { recursive: true });
  fs.chmodSync(dataRoot, 0o777); // the postgres OS user makes its cluster here when we are root
  fs.mkdirSync(fixtureDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args, '--out', outDir], {
    cwd: path.join(here, '..'),
    env: { ...process.env, PG_PROVIDER: 'embedded', ...o.env, REPLAY_SCENARIOS_DIR: fixtures, PG_DATA_ROOT: dataRoot, REPLAY_FIXTURE_DIR: fixtureDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: o.detached ?? false,
  });
  let stdout = '';
  const onData = (c: Buffer) => {
    stdout += c.toString();
    o.onOutput?.(stdout, child);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const seen = new Set<string>();
  const watch = setInterval(() => {
    let files: string[] = [];
    try {
      files = fs.readdirSync(fixtureDir);
    } catch {
      return; // the test is over and its scratch removed
    }
    for (const f of files) {
      const m = /^mark-(.+)\.pid$/.exec(f);
      if (m && !seen.has(m[1]!)) {
        seen.add(m[1]!);
        void o.onMark?.(m[1]!, child, fixtureDir);
      }
    }
  }, 25);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.once('exit', (c, s) => r([c, s])));
  clearInterval(watch);
  const file = path.join(outDir, 'journal.json');
  const wantJournal = o.journal ?? true;
  if (wantJournal && !fs.existsSync(file)) throw new Error(`no journal.json was written (exit ${code}):\n${stdout}`);
  const port = /127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
  return {
    code,
    signal,
    stdout,
    journal: wantJournal ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined,
    dataRoot,
    fixtureDir,
    port: port ? Number(port) : undefined,
    outDir,
    runId: /this run's databases: ir_([a-z0-9]+)…/.exec(stdout)?.[1],
    runPid: child.pid!,
  };
}

/** The identity a fixture recorded in `<fixture dir>/<file>` (see mark() and recordPid() in the fixture kit). */
export function recordedIdentity(fixtureDir: string, file: string): ProcessIdentity {
  return JSON.parse(fs.readFileSync(path.join(fixtureDir, file), 'utf8')) as ProcessIdentity;
}

/** The identity of a child this test spawned and has not reaped (read from its live handle). */
export function identityOf(child: ChildProcess): ProcessIdentity {
  const id = child.pid === undefined ? undefined : processIdentity(child.pid);
  if (!id) throw new Error(`process ${child.pid} is not running`);
  return id;
}

/** Asserts the run left nothing: data root empty, no process naming it, recorded processes gone, the server's port closed. */
export async function expectNothingLeft(r: ReplayResult): Promise<void> {
  expect(fs.readdirSync(r.dataRoot), `cluster directories left in ${r.dataRoot}`).toEqual([]);
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  expect(
    ps.split('\n').filter((l) => l.includes(r.dataRoot) || l.includes(r.fixtureDir)),
    'processes of the run still alive',
  ).toEqual([]);
  for (const f of fs.readdirSync(r.fixtureDir).filter((n) => n.endsWith('.pid'))) {
    const id = recordedIdentity(r.fixtureDir, f);
    expect(isAlive(id), `${f} (${id.pid}) still alive`).toBe(false);
  }
  if (r.port) expect(await accepts(r.port), `something still listens on 127.0.0.1:${r.port}`).toBe(false);
  if (r.journal) expect(fs.existsSync(path.join(r.outDir, 'report.md'))).toBe(true);
}

/** Runs `fn` on a new connection to the server at `url`, closed afterwards (also when `fn` throws). */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The names of the databases on the server at `url` that start with `prefix` (default `ir_`), sorted. */
export function databasesOn(url: string, prefix = 'ir_'): Promise<string[]> {
  return withClient(url, async (c) =>
    (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1', [prefix])).rows.map((r) => r.datname),
  );
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Checks the docs' sample output named `name` (a block marked
 * `<!-- sample: name (checked by <this test file>) -->` in any Markdown file of
 * the repository) against `output`, with times, ports and ids masked.
 *
 * @throws Error (a failed test) naming the file and line of the stale sample.
 */
export function expectSample(name: string, output: string): void {
  checkSample(REPO_ROOT, markdownFiles(REPO_ROOT), name, output);
}
