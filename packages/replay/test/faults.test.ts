/**
 * Fault injection: the replay command under the faults a CI run meets — the
 * Postgres server killed mid-step or stopped between incidents, a step that
 * throws or hangs, an app server that exits, a borrowed server that closes, a
 * role without CREATEDB (signals and SIGKILL: signals.test.ts). Each case runs the real CLI on
 * small fixture incidents (test/fixtures/scenarios) and asserts the exit
 * code, the journal's outcome, the closing line, and that nothing is left
 * behind: no cluster directory or shared memory under the run's data root, no
 * Postgres or child process, no server still listening.
 */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalProcess, startPostgres, type RunningServer } from '@incident-replay/pg-harness';
import type { Journal, RunHeader } from '@incident-replay/incident';
import {
  NO_SYSTEM,
  databasesOn,
  expectNothingLeft,
  expectSample,
  recordedIdentity,
  replay,
  scratchDir,
  systemBinaries,
  withClient,
  type ReplayResult,
} from './replay-run.js';

const here = path.dirname(fileURLToPath(import.meta.url));

// The cases about steps and lanes borrow one server (TEST_DATABASE_URL) instead of starting a
// cluster per run; those about the server itself dying start their own.
let shared: RunningServer | undefined;
beforeAll(async () => {
  shared = await startPostgres({ provider: 'embedded' });
}, 60_000);
afterAll(async () => shared?.stop());

/** {@link replay} on the shared server; also checks that none of the run's databases is left there. */
async function replayOnShared(args: string[]): Promise<ReplayResult> {
  const r = await replay(args, { env: { PG_PROVIDER: 'url', TEST_DATABASE_URL: shared!.adminUrl } });
  r.port = undefined; // the test's server, not the run's to stop
  expect(await databasesOn(shared!.adminUrl, `ir_${r.runId}`), `databases of run ${r.runId} left on the shared server`).toEqual([]);
  return r;
}

const INFRA = /infrastructure: the Postgres server at 127\.0\.0\.1:\d+ stopped answering \((ECONNREFUSED|ECONNRESET|57P01|57P03)\) during /;

describe('the Postgres server dies', () => {
  it.each([['embedded'], ['system']])(
    'SIGKILL of the %s server when a step starts: exit 2, one line naming incident, step and cause; later incidents not attempted',
    async (provider) => {
      if (provider === 'system' && !systemBinaries) return void console.warn(`skipped: ${NO_SYSTEM}`);
      const r = await replay(['900', '901', '--jobs', '1'], { env: { PG_PROVIDER: provider, REPLAY_FAULT: 'kill-server@900#2' } });
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toMatch(new RegExp(`${INFRA.source}900-three-steps step 2 "selecting the column fails with 42703"`));
      expect(r.stdout).toMatch(/The server is gone, so the run stops here; not attempted: 901-after\./);
      expect(r.stdout).toMatch(/^0\/2 incidents held in .* — error \(exit 2\)\. Journal and report: /m);
      expect(r.journal).toMatchObject({ outcome: 'error', exitCode: 2, notAttempted: ['901-after'] });
      expect(r.journal.incidents.map((j) => [j.incident.id, j.outcome, j.failure?.kind])).toEqual([['900-three-steps', 'error', 'infrastructure']]);
      expect(r.journal.incidents[0]!.steps.map((s) => s.outcome)).toEqual(['held', 'error', 'skipped']);
      if (provider === 'embedded') expectSample('replay-server-killed', r.stdout);
      await expectNothingLeft(r);
    },
  );

  it('the server stopped gracefully between two incidents: the second fails in setup as infrastructure, exit 2', async () => {
    const r = await replay(['900', '901', '--jobs', '1'], { env: { REPLAY_FAULT: 'stop-server@after:900' } });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`${INFRA.source}901-after setup`));
    expect(r.journal.incidents.map((j) => [j.incident.id, j.outcome])).toEqual([
      ['900-three-steps', 'held'],
      ['901-after', 'error'],
    ]);
    expect(r.journal.outcome).toBe('error');
    await expectNothingLeft(r);
  });
});

describe('the Postgres server dies under pnpm test (vitest)', () => {
  it('SIGKILL when a step starts: vitest exits non-zero, the step fails as infrastructure, the journal and report are written, nothing is left', async () => {
    const scratch = scratchDir('vitest-fault-');
    const dataRoot = path.join(scratch, 'clusters');
    const results = path.join(scratch, 'results');
    fs.mkdirSync(dataRoot, { mode: 0o777 });
    fs.chmodSync(dataRoot, 0o777);
    fs.chmodSync(scratch, 0o755);
    const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    const child = spawn(process.execPath, [vitest, 'run', '--root', path.join(here, 'fixtures', 'vitest-project')], {
      env: { ...process.env, PG_PROVIDER: 'embedded', REPLAY_FAULT: 'kill-server@900#2', PG_DATA_ROOT: dataRoot, REPLAY_RESULTS_DIR: results, CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code, out).toBe(1);
    expect(out).toMatch(new RegExp(`${INFRA.source}900-three-steps step 2 "selecting the column fails with 42703"`));
    const journal = JSON.parse(fs.readFileSync(path.join(results, 'journal.json'), 'utf8')) as RunHeader & { incidents: Journal[] };
    expect(journal).toMatchObject({ outcome: 'error', runner: 'pnpm test' });
    expect(journal.incidents[0]).toMatchObject({ outcome: 'error', failure: { kind: 'infrastructure' } });
    expect(fs.existsSync(path.join(results, 'report.md'))).toBe(true);
    expect(fs.readdirSync(dataRoot)).toEqual([]);
    const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
    expect(ps.split('\n').filter((l) => l.includes(dataRoot))).toEqual([]);
  });
});

describe('a pooled run (--jobs 2: each incident in a worker process)', () => {
  it('both incidents run, the timeline keeps plan order, the journal has both, exit 0, nothing left', async () => {
    const r = await replayOnShared(['900', '901', '--jobs', '2']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('2 incidents on the in-process host, 2 at a time');
    expect(r.stdout.indexOf('▶ 900-three-steps')).toBeLessThan(r.stdout.indexOf('▶ 901-after'));
    expect(r.journal.incidents.map((j) => [j.incident.id, j.outcome])).toEqual([
      ['900-three-steps', 'held'],
      ['901-after', 'held'],
    ]);
    expect(fs.existsSync(path.join(r.outDir, '.workers'))).toBe(false);
    await expectNothingLeft(r);
  });

  it('three incidents on two workers: one worker replays two in turn; the one that does not hold makes exit 1, the others hold', async () => {
    const r = await replayOnShared(['900', '901', '940', '--jobs', '2']);
    expect(r.code, r.stdout).toBe(1);
    expect(r.journal.incidents.map((j) => [j.incident.id, j.outcome])).toEqual([
      ['900-three-steps', 'held'],
      ['901-after', 'held'],
      ['940-does-not-hold', 'did-not-hold'],
    ]);
    const at = (id: string) => r.stdout.indexOf(`▶ ${id}`);
    expect(at('900-three-steps') < at('901-after') && at('901-after') < at('940-does-not-hold'), r.stdout).toBe(true);
    await expectNothingLeft(r);
  });

  it('SIGKILL of the server in one worker: exit 2, that incident fails as infrastructure, nothing left', async () => {
    const r = await replay(['900', '901', '--jobs', '2'], { env: { REPLAY_FAULT: 'kill-server@900#2' } });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`${INFRA.source}900-three-steps step 2 "selecting the column fails with 42703"`));
    expect(r.stdout).toMatch(/The server is gone, so the run stops here/);
    expect(r.journal).toMatchObject({ outcome: 'error', exitCode: 2 });
    const [first] = r.journal.incidents;
    expect([first!.incident.id, first!.outcome, first!.failure?.kind]).toEqual(['900-three-steps', 'error', 'infrastructure']);
    // 901 ran beside it: it held before the kill, or failed on the gone server; never silently dropped.
    const other = r.journal.incidents.find((j) => j.incident.id === '901-after');
    if (other) expect(other.outcome === 'held' || other.failure?.kind === 'infrastructure', JSON.stringify(other.failure)).toBe(true);
    else expect(r.journal.notAttempted).toEqual(['901-after']);
    await expectNothingLeft(r);
  });
});

describe('a step fails for a reason outside the story', () => {
  it('a step that throws: exit 2, outcome error, the exception in one line', async () => {
    const r = await replayOnShared(['910']);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toContain(
      `error: 910-throws step 2 "reads a property of undefined" threw TypeError: Cannot read properties of undefined (reading 'status')`,
    );
    expect(r.journal.incidents[0]).toMatchObject({ outcome: 'error', failure: { kind: 'error' } });
    await expectNothingLeft(r);
  });

  it('a step that hangs past its limit: stopped, its child killed, exit 2, the timeout names what it waited for', async () => {
    const r = await replayOnShared(['920']);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toContain(
      'timeout: 920-hangs step 1 "waits for a CLI that never exits" did not finish within 1.5 s, waiting for: sleep 600 (a CLI that never answers) (killed)',
    );
    expect(r.journal.incidents[0]!.steps.map((s) => s.outcome)).toEqual(['error', 'skipped']);
    await expectNothingLeft(r);
  });

  it('an app server that exits during a step: the next request fails, exit 2', async () => {
    const r = await replayOnShared(['930']);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toMatch(/error: 930-app-exits step 1 "the app answers, exits, and is asked again" threw TypeError: fetch failed/);
    await expectNothingLeft(r);
  });

  it('an expectation that does not hold is exit 1, not 2', async () => {
    const r = await replayOnShared(['940']);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain("did not hold: 940-does-not-hold step 1 \"expects 42P01 where Postgres says 42703\": SQLSTATE: expected '42P01', got '42703'");
    expect(r.journal).toMatchObject({ outcome: 'did-not-hold', exitCode: 1 });
    await expectNothingLeft(r);
  });
});

describe.skipIf(!systemBinaries)(`a borrowed server (TEST_DATABASE_URL) — ${systemBinaries ? 'system binaries' : NO_SYSTEM}`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    // A dedicated cluster for these tests, never a shared one: this test stops it.
    server = await startPostgres({ provider: 'system' });
  }, 60_000);
  afterAll(async () => server?.stop());

  const harnessDatabases = () => databasesOn(server.adminUrl);

  it('a role without CREATEDB: exit 2 with one line naming the role', async () => {
    await withClient(server.adminUrl, (c) => c.query(`CREATE ROLE no_createdb LOGIN PASSWORD 'no-createdb-pw'`));
    const u = new URL(server.adminUrl);
    u.username = 'no_createdb';
    u.password = 'no-createdb-pw';
    const r = await replay(['900'], { env: { PG_PROVIDER: 'url', TEST_DATABASE_URL: u.toString() } });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toMatch(/no_createdb.*CREATEDB/);
    expect(r.stdout).not.toContain('no-createdb-pw');
    expect(r.journal).toMatchObject({ outcome: 'error', exitCode: 2 });
  });

  it('a clean run leaves none of its ir_ databases on the borrowed server', async () => {
    const r = await replay(['900'], { env: { PG_PROVIDER: 'url', TEST_DATABASE_URL: server.adminUrl } });
    expect(r.code, r.stdout).toBe(0);
    expect(await harnessDatabases()).toEqual([]);
  });

  it('a pooled worker killed mid-step: its incident is an error naming the kill, the other holds, and its databases are dropped', async () => {
    const r = await replay(['950', '901', '--jobs', '2'], {
      env: { PG_PROVIDER: 'url', TEST_DATABASE_URL: server.adminUrl },
      onMark: (name, _child, dir) => {
        if (name === '950#2') signalProcess(recordedIdentity(dir, 'mark-950#2.pid'), 'SIGKILL');
      },
    });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toContain('error: 950-waits-for-gate replay failed: the worker process was killed by SIGKILL without writing its journal');
    expect(r.journal.incidents.map((j) => [j.incident.id, j.outcome])).toEqual([
      ['901-after', 'held'],
      ['950-waits-for-gate', 'error'],
    ]);
    expect(await harnessDatabases()).toEqual([]);
    r.port = undefined; // the test's server, still running
    await expectNothingLeft(r);
  });

  it('the borrowed server closes mid-step: exit 2, infrastructure, and the harness never stops a server it did not start', async () => {
    const r = await replay(['950'], {
      env: { PG_PROVIDER: 'url', TEST_DATABASE_URL: server.adminUrl },
      onMark: async (name, _child, dir) => {
        if (name !== '950#2') return;
        await server.stop();
        fs.writeFileSync(path.join(dir, 'go'), '');
      },
    });
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`${INFRA.source}950-waits-for-gate step 2 "waits for the gate, then queries"`));
    expect(r.journal.incidents[0]).toMatchObject({ outcome: 'error', failure: { kind: 'infrastructure' } });
    r.port = undefined; // that server was ours to stop (the test's), not the replay's
    await expectNothingLeft(r);
  });
});
