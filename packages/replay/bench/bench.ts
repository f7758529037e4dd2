/**
 * `pnpm bench` — how long the project's commands take on this machine:
 * `pnpm replay` (whole process, each incident and its setup), `pnpm test`
 * (whole, through turbo, and each package's vitest Duration inside it), and
 * database provisioning (packages/pg-harness/bench/provisioning.ts). Each
 * command runs `--warmup` times uncounted, then `--runs` times; the figures
 * are min / median / max over the counted runs, printed as a Markdown table
 * under a line naming the machine (cores, CPU, memory, Node, load average).
 *
 * Wall time is performance.now() around the spawned command. CPU is the
 * command's whole process tree, user + system: the growth of this process's
 * RUSAGE_CHILDREN (`cutime + cstime` of /proc/self/stat) across the run,
 * which covers every descendant that was waited for. Linux only; elsewhere
 * the CPU column says —.
 *
 * `--json FILE` also writes `{ machine: Machine, options: { runs, warmup,
 * rounds, only }, rows: (Row & { minMs, medianMs, maxMs, cpuMedianS? })[],
 * notes: string[] }` (see lib.ts for Machine and Row; times in ms, CPU in s).
 *
 * A measured command that fails ends the bench with exit 1 and a line naming
 * the run and where its report or output is (kept under
 * replay-results/bench-…/); no figures are printed from a failed run.
 * Exit codes: 0 measured, 1 a measured command failed, 2 bad usage,
 * 128 + n when interrupted by a signal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRehearsalProject } from '../../drift/bench/rehearse-project.js';
import type { ProvisioningFigures } from '../../pg-harness/bench/provisioning.js';
import { runAsCommand } from '../src/command.js';
import {
  type BenchOptions,
  type Machine,
  type Part,
  type Row,
  USAGE,
  UsageError,
  childrenCpuSeconds,
  formatMachine,
  formatTable,
  parseBenchArgs,
  parseRunJournal,
  parseVitestDurations,
  summarize,
} from './lib.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PROVISIONING = path.join(REPO_ROOT, 'packages/pg-harness/bench/provisioning.ts');
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** A measured command failed: the message names the run and where to look. */
class BenchFailure extends Error {}

/** A signal arrived: the bench stops after the command that was running. */
class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/** What one spawned command did. */
interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** User + system CPU of its process tree, seconds; undefined when /proc/self/stat cannot be read. */
  cpuS?: number;
  /** stdout and stderr together, as they came. */
  output: string;
}

let current: ChildProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function childrenCpu(): number | undefined {
  try {
    return childrenCpuSeconds(fs.readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** pnpm as the bench itself was started (`npx pnpm@…` leaves no pnpm on PATH), else the one on PATH. */
function pnpm(args: string[]): [string, string[]] {
  const exec = process.env.npm_execpath;
  if (exec && /pnpm/.test(path.basename(exec))) return /\.[cm]?js$/.test(exec) ? [process.execPath, [exec, ...args]] : [exec, args];
  return ['pnpm', args];
}

/**
 * Runs one command from the repository root, its output to `logFile` (and
 * kept in memory), and measures its wall time and its process tree's CPU.
 *
 * @throws Interrupted when a signal arrived while it ran
 */
async function measure([cmd, args]: [string, string[]], logFile: string, cwd = REPO_ROOT): Promise<Measured> {
  if (interrupted) throw new Interrupted(interrupted);
  const log = fs.createWriteStream(logFile);
  const chunks: Buffer[] = [];
  const cpuBefore = childrenCpu();
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  current = child;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (b: Buffer) => {
      chunks.push(b);
      log.write(b);
    });
  }
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  const wallMs = performance.now() - t0;
  const cpuAfter = childrenCpu();
  current = undefined;
  log.end();
  await once(log, 'close');
  if (interrupted) throw new Interrupted(interrupted);
  return {
    code,
    signal,
    wallMs,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuS: cpuAfter - cpuBefore } : {}),
    output: Buffer.concat(chunks).toString('utf8'),
  };
}

/** The run's label in progress lines and failures: `warmup 1/1` or `run 2/3`. */
function runLabel(i: number, opts: BenchOptions): string {
  return i < opts.warmup ? `warmup ${i + 1}/${opts.warmup}` : `run ${i - opts.warmup + 1}/${opts.runs}`;
}

function rel(p: string): string {
  return path.relative(process.cwd(), p) || '.';
}

function exitText(m: Measured): string {
  return m.signal ? `was killed by ${m.signal}` : `exited ${m.code}`;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function cpuText(m: Measured): string {
  return m.cpuS === undefined ? '' : `, ${m.cpuS.toFixed(1)} s CPU`;
}

/** Appends `value` to the list kept under `key`. */
function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/** `pnpm replay --out <dir>` per run; the whole process, and each incident and its setup from the run's journal.json. */
async function benchReplay(opts: BenchOptions, work: string): Promise<Row[]> {
  const wall: number[] = [];
  const cpu: number[] = [];
  const perIncident = new Map<string, number[]>();
  const perSetup = new Map<string, number[]>();
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const label = runLabel(i, opts);
    const out = path.join(work, `replay-${i + 1}`);
    const logFile = path.join(work, `replay-${i + 1}.log`);
    progress(`pnpm replay, ${label} …`);
    const m = await measure(pnpm(['replay', '--out', out]), logFile);
    if (m.code !== 0) throw new BenchFailure(`pnpm replay (${label}) ${exitText(m)}: see ${rel(path.join(out, 'report.md'))} (output: ${rel(logFile)})`);
    let timings: ReturnType<typeof parseRunJournal>;
    try {
      timings = parseRunJournal(fs.readFileSync(path.join(out, 'journal.json'), 'utf8'));
    } catch (err) {
      throw new BenchFailure(`pnpm replay (${label}) exited 0 but its ${rel(path.join(out, 'journal.json'))} cannot be used: ${(err as Error).message}`);
    }
    progress(`pnpm replay, ${label}: ${secs(m.wallMs)} wall${cpuText(m)}`);
    if (i < opts.warmup) continue;
    wall.push(m.wallMs);
    if (m.cpuS !== undefined) cpu.push(m.cpuS);
    for (const t of timings) {
      push(perIncident, t.label, t.durationMs);
      push(perSetup, t.label, t.setupMs);
    }
  }
  const rows: Row[] = [{ what: 'pnpm replay (whole process)', runs: String(wall.length), unit: 's', samplesMs: wall, ...(cpu.length ? { cpuS: cpu } : {}) }];
  for (const [id, xs] of perIncident) {
    rows.push({ what: `replay › ${id}`, runs: String(xs.length), unit: 's', samplesMs: xs });
    rows.push({ what: `replay › ${id} (its setup)`, runs: String(xs.length), unit: 's', samplesMs: perSetup.get(id)! });
  }
  return rows;
}

/** `pnpm test` per run (after an untimed build); the whole run, and each package's vitest Duration from its output. */
async function benchTest(opts: BenchOptions, work: string): Promise<Row[]> {
  progress('pnpm turbo run build (untimed: the test runs then find every build cached) …');
  const buildLog = path.join(work, 'build.log');
  const b = await measure(pnpm(['turbo', 'run', 'build']), buildLog);
  if (b.code !== 0) throw new BenchFailure(`pnpm turbo run build ${exitText(b)}, so pnpm test cannot be measured (output: ${rel(buildLog)})`);
  const wall: number[] = [];
  const cpu: number[] = [];
  const perPackage = new Map<string, number[]>();
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const label = runLabel(i, opts);
    const logFile = path.join(work, `test-${i + 1}.log`);
    progress(`pnpm test, ${label} …`);
    const m = await measure(pnpm(['test']), logFile);
    if (m.code !== 0) {
      throw new BenchFailure(`pnpm test (${label}) ${exitText(m)}: see its output ${rel(logFile)} and the reports under replay-results/test-*`);
    }
    progress(`pnpm test, ${label}: ${secs(m.wallMs)} wall${cpuText(m)}`);
    if (i < opts.warmup) continue;
    wall.push(m.wallMs);
    if (m.cpuS !== undefined) cpu.push(m.cpuS);
    for (const [pkg, ms] of parseVitestDurations(m.output)) push(perPackage, pkg, ms);
  }
  const rows: Row[] = [{ what: 'pnpm test (turbo, whole)', runs: String(wall.length), unit: 's', samplesMs: wall, ...(cpu.length ? { cpuS: cpu } : {}) }];
  for (const [pkg, xs] of [...perPackage].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ what: `test › ${pkg} (vitest Duration)`, runs: String(xs.length), unit: 's', samplesMs: xs });
  }
  return rows;
}

function readFigures(file: string): ProvisioningFigures {
  const f = JSON.parse(fs.readFileSync(file, 'utf8')) as ProvisioningFigures;
  const arrays = [f.cloneMs, f.bareMs, f.emptyMs, f.rebuildMs];
  if (typeof f.startMs !== 'number' || arrays.some((a) => !Array.isArray(a) || a.length === 0)) throw new Error(`${file} is not a provisioning figures file`);
  return f;
}

/** provisioning.ts per run, as its own process; its server start and per-database times, every round of every run pooled. */
async function benchProvisioning(opts: BenchOptions, work: string): Promise<{ rows: Row[]; server: string }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  const figures: ProvisioningFigures[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const label = runLabel(i, opts);
    const logFile = path.join(work, `provisioning-${i + 1}.log`);
    const jsonFile = path.join(work, `provisioning-${i + 1}.json`);
    progress(`provisioning (${opts.rounds} rounds), ${label} …`);
    const m = await measure([process.execPath, ['--import', 'tsx', PROVISIONING, '--rounds', String(opts.rounds), '--json', jsonFile]], logFile);
    if (m.code !== 0) throw new BenchFailure(`${rel(PROVISIONING)} (${label}) ${exitText(m)}: see its output ${rel(logFile)}`);
    let f: ProvisioningFigures;
    try {
      f = readFigures(jsonFile);
    } catch (err) {
      throw new BenchFailure(`${rel(PROVISIONING)} (${label}) exited 0 but wrote no usable figures: ${(err as Error).message}`);
    }
    progress(
      `provisioning, ${label}: ${secs(m.wallMs)} wall${cpuText(m)}; server start ${f.startMs.toFixed(0)} ms, clone median ${summarize(f.cloneMs).median.toFixed(1)} ms`,
    );
    if (i < opts.warmup) continue;
    wall.push(m.wallMs);
    if (m.cpuS !== undefined) cpu.push(m.cpuS);
    figures.push(f);
  }
  const n = figures.length;
  const pooled = (key: 'cloneMs' | 'bareMs' | 'emptyMs' | 'rebuildMs') => figures.flatMap((f) => f[key]);
  const rounds = `${n} × ${opts.rounds}`;
  return {
    server: figures[0]!.server,
    rows: [
      { what: `provisioning (whole process, ${opts.rounds} rounds)`, runs: String(n), unit: 's', samplesMs: wall, ...(cpu.length ? { cpuS: cpu } : {}) },
      { what: `provisioning › server start (${figures[0]!.provider})`, runs: String(n), unit: 'ms', samplesMs: figures.map((f) => f.startMs) },
      { what: 'provisioning › harness clone of a 20-table template', runs: rounds, unit: 'ms', samplesMs: pooled('cloneMs') },
      { what: 'provisioning › bare CREATE DATABASE … TEMPLATE …', runs: rounds, unit: 'ms', samplesMs: pooled('bareMs') },
      { what: 'provisioning › empty CREATE DATABASE', runs: rounds, unit: 'ms', samplesMs: pooled('emptyMs') },
      { what: 'provisioning › empty database + rebuild 20 tables', runs: rounds, unit: 'ms', samplesMs: pooled('rebuildMs') },
    ],
  };
}

/**
 * `schema-drift rehearse` as a user runs it (the built CLI, its own embedded PostgreSQL) on a
 * Prisma project of 30 migrations, 2 of them pending (packages/drift/bench/rehearse-project.ts),
 * after an untimed build of the drift package. A run that does not exit 0 fails the bench.
 */
async function benchRehearse(opts: BenchOptions, work: string): Promise<Row[]> {
  progress('pnpm --filter @incident-replay/drift build (untimed) …');
  const buildLog = path.join(work, 'rehearse-build.log');
  const b = await measure(pnpm(['--filter', '@incident-replay/drift', 'build']), buildLog);
  if (b.code !== 0) throw new BenchFailure(`the drift package's build ${exitText(b)} (output: ${rel(buildLog)})`);
  const project = path.join(work, 'rehearse-project');
  const base = writeRehearsalProject(project);
  const bin = path.join(REPO_ROOT, 'packages/drift/dist/bin.js');
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const label = runLabel(i, opts);
    const logFile = path.join(work, `rehearse-${i + 1}.log`);
    progress(`schema-drift rehearse (30 migrations), ${label} …`);
    const m = await measure([process.execPath, [bin, 'rehearse', '--base', base]], logFile, project);
    if (m.code !== 0) throw new BenchFailure(`schema-drift rehearse (${label}) ${exitText(m)}: see its output ${rel(logFile)}`);
    progress(`schema-drift rehearse, ${label}: ${secs(m.wallMs)} wall${cpuText(m)}`);
    if (i < opts.warmup) continue;
    wall.push(m.wallMs);
    if (m.cpuS !== undefined) cpu.push(m.cpuS);
  }
  return [
    {
      what: 'schema-drift rehearse (30 migrations, 2 pending; whole process)',
      runs: String(wall.length),
      unit: 's',
      samplesMs: wall,
      ...(cpu.length ? { cpuS: cpu } : {}),
    },
  ];
}

function machineNow(loadStart: number[]): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadStart,
    loadEnd: os.loadavg(),
  };
}

/**
 * The bench command: parses `argv`, measures the parts asked for, prints the
 * machine line, the table and its notes on stdout, and writes `--json`.
 *
 * @returns the exit code: 0 measured, 1 a measured command failed, 2 bad usage, 128 + n on a signal
 */
export async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`pnpm bench: ${err.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted ??= signal;
    // Ctrl-C reaches the command too (same process group); other signals are passed on.
    if (signal !== 'SIGINT') current?.kill(signal);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);

  const loadStart = os.loadavg();
  fs.mkdirSync(path.join(REPO_ROOT, 'replay-results'), { recursive: true });
  const work = fs.mkdtempSync(path.join(REPO_ROOT, 'replay-results', 'bench-'));
  let keep = false;
  const rows: Row[] = [];
  const notes: string[] = [];
  const measurers: Record<Part, () => Promise<void>> = {
    replay: async () => {
      rows.push(...(await benchReplay(opts, work)));
      notes.push("replay: `pnpm replay` (in-process host, every incident); each incident's time and its setup's come from that run's journal.json.");
    },
    test: async () => {
      rows.push(...(await benchTest(opts, work)));
      notes.push(
        "test: `pnpm test` as users run it (turbo, packages in parallel), after an untimed `pnpm turbo run build` so every build is cached; each package's figure is vitest's own Duration inside that parallel run, so they overlap and do not add up to the whole.",
      );
    },
    rehearse: async () => {
      rows.push(...(await benchRehearse(opts, work)));
      notes.push(
        'rehearse: the built `schema-drift rehearse` on a Prisma project of 30 migrations (28 on BASE, 2 pending), starting and stopping its own embedded PostgreSQL each run; goal ≤ 10 s on 2 cores.',
      );
    },
    provisioning: async () => {
      const p = await benchProvisioning(opts, work);
      rows.push(...p.rows);
      notes.push(
        `provisioning: packages/pg-harness/bench/provisioning.ts as its own process; the per-database rows pool every round of every run (runs × rounds). ${p.server}`,
      );
    },
  };
  try {
    for (const part of opts.only) await measurers[part]();
  } catch (err) {
    if (err instanceof Interrupted) {
      progress(`${err.message}; no figures printed`);
      return SIGNAL_EXIT[err.signal] ?? 2;
    }
    if (err instanceof BenchFailure) {
      keep = true;
      process.stderr.write(`pnpm bench: ${err.message}. No figures are reported from a failed run; everything it left is in ${rel(work)}.\n`);
      return 1;
    }
    throw err;
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  }

  const machine = machineNow(loadStart);
  const cpuMeasured = rows.some((r) => r.cpuS?.length);
  notes.unshift(
    `Wall time of each whole command (performance.now around the spawned process); ${opts.warmup} warm-up run${opts.warmup === 1 ? '' : 's'} of each before, not counted. ` +
      (cpuMeasured
        ? "CPU: user + system of the command's whole process tree (RUSAGE_CHILDREN from /proc/self/stat, before and after), median over the runs; a Postgres in a Docker container is not counted; — where not measured."
        : `CPU: not measured on ${machine.platform} (needs /proc/self/stat).`),
  );
  const table = formatTable(rows);
  process.stdout.write(`${formatMachine(machine)}\n\n${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  if (opts.json) {
    const data = {
      machine,
      options: { runs: opts.runs, warmup: opts.warmup, rounds: opts.rounds, only: opts.only },
      rows: rows.map((r) => {
        const { min, median, max } = summarize(r.samplesMs);
        return { ...r, minMs: min, medianMs: median, maxMs: max, ...(r.cpuS?.length ? { cpuMedianS: summarize(r.cpuS).median } : {}) };
      }),
      notes,
    };
    // pnpm runs the script at the repository root; a relative --json is relative to where pnpm was typed.
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.json);
    fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
    progress(`figures written to ${file}`);
  }
  return 0;
}

runAsCommand(import.meta.url, main);
