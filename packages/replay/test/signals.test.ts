/**
 * Nothing left behind: a run interrupted by SIGINT, SIGTERM or SIGHUP — sent to the command alone
 * or to its whole process group (as a terminal's Ctrl-C does), while workers load, in setup, in a
 * step or in teardown — leaves none of its databases on a borrowed server, and a decoy `ir_`
 * database it did not create survives. A run that is SIGKILLed cleans up nothing: the next run, or
 * `pnpm replay --clean`, removes what it left (its cluster, its databases) from the owner records,
 * says so in one line, and touches nothing else.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CLUSTER_OWNER_FILE, isAlive, ownerRecord, parseOwnerRecord, signalProcess, startPostgres, type RunningServer } from '@incident-replay/pg-harness';
import { databasesOn, expectNothingLeft, expectSample, identityOf, replay, scratchDir, systemBinaries, withClient, type ReplayResult } from './replay-run.js';

/** Runs at most this many replays at once: each starts Node, tsx and two workers on a 2-core machine. */
const SLOTS = 3;
let free = SLOTS;
const queue: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (free > 0) free--;
  else await new Promise<void>((r) => queue.push(r));
  try {
    return await fn();
  } finally {
    const next = queue.shift();
    if (next) next();
    else free++;
  }
}

// The borrowed server: a cluster these tests start, reached only through TEST_DATABASE_URL.
let server: RunningServer;
const DECOY = 'ir_decoy_not_ours';
const FOREIGN = 'ir_foreign_run_1';

const admin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withClient(server.adminUrl, fn);
const databases = () => databasesOn(server.adminUrl);

/**
 * The databases of run `runId` once the server has finished what the run's dead processes left in
 * flight: a backend whose client was SIGKILLed still completes its CREATE DATABASE (and its owner
 * comment) before it notices, so a count taken at once can miss one. Waits (at most 10 s) until no
 * other backend is connected to one of them or running a statement that names them.
 */
async function settledDatabasesOf(runId: string): Promise<string[]> {
  const like = `%ir\\_${runId}%`;
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const busy = await admin(
      async (c) =>
        (
          await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (datname LIKE $1 OR (state <> 'idle' AND query LIKE $1))`,
            [like],
          )
        ).rows[0]!.n,
    );
    if (busy === 0) break;
  }
  return (await databases()).filter((d) => d.startsWith(`ir_${runId}`));
}

beforeAll(async () => {
  server = await startPostgres({ provider: systemBinaries ? 'system' : 'embedded' });
  await admin(async (c) => {
    // A database named like ours but made by someone else: no owner record. It must survive everything.
    await c.query(`CREATE DATABASE ${DECOY}`);
    // One recorded by a run on another machine whose owner is long gone: listed, never dropped from here.
    await c.query(`CREATE DATABASE ${FOREIGN}`);
    const foreign = { ...ownerRecord('foreign'), host: 'another-machine', owner: { pid: 999_999, start: 'linux:other-boot:1' } };
    await c.query(`COMMENT ON DATABASE ${FOREIGN} IS ${pg.escapeLiteral(`incident-replay owner ${JSON.stringify(foreign)}`)}`);
  });
}, 60_000);
afterAll(async () => server?.stop());

const EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Moment = 'loading' | 'setup' | 'step' | 'teardown';
const MARK: Record<Exclude<Moment, 'loading'>, string> = { setup: '960@setup', step: '960#1', teardown: '960@teardown' };

/** A replay of 960 (marks in every phase) and 901 on the borrowed server, signalled once at `moment`. */
function interruptedRun(
  signal: keyof typeof EXIT,
  target: 'group' | 'command',
  moment: Moment,
  jobs: number,
  onTestFinished: (fn: () => void) => void,
): Promise<ReplayResult> {
  let sent = false;
  const send = (child: ChildProcess) => {
    if (sent) return;
    sent = true;
    if (target === 'group') signalProcess(identityOf(child), signal, { group: true });
    else child.kill(signal);
  };
  return slot(() =>
    replay(['960', '901', '--jobs', String(jobs)], {
      env: { PG_PROVIDER: 'url', TEST_DATABASE_URL: server.adminUrl },
      detached: true,
      onTestFinished,
      onOutput: (out, child) => {
        if (moment === 'loading' && out.includes("this run's databases:")) send(child);
      },
      onMark: (name, child) => {
        if (moment !== 'loading' && name === MARK[moment]) send(child);
      },
    }),
  );
}

describe.concurrent('a signal leaves none of the run’s databases on a borrowed server', () => {
  it.for([
    ['SIGINT', 'group', 'loading', 2],
    ['SIGTERM', 'group', 'setup', 2],
    ['SIGHUP', 'group', 'teardown', 2],
    ['SIGTERM', 'command', 'loading', 2],
    ['SIGHUP', 'command', 'setup', 2],
    ['SIGINT', 'command', 'step', 2],
    ['SIGTERM', 'command', 'step', 1],
  ] as const)(
    '%s to the %s while %s (--jobs %i): exit 128+n, journal interrupted, no database of the run left, the decoy survives',
    async ([signal, target, moment, jobs], { expect, onTestFinished }) => {
      const r = await interruptedRun(signal, target, moment, jobs, onTestFinished);
      expect(r.code, r.stdout).toBe(EXIT[signal]);
      expect(r.journal).toMatchObject({ outcome: 'interrupted', exitCode: EXIT[signal] });
      expect(r.runId, r.stdout).toMatch(/^[a-z0-9]+$/);
      if (moment === 'step') {
        // The step in flight is journaled as interrupted, with what it recorded before the signal.
        expect(r.stdout).toContain(`interrupted by ${signal} during 960-every-phase step 1 "pauses mid-step"`);
        const steps = r.journal.incidents.find((j) => j.incident.id === '960-every-phase')!.steps;
        expect(steps.map((s) => s.outcome)).toEqual(['interrupted']);
        expect(steps[0]!.evidence.map((e) => e.label)).toEqual(['before the pause']);
      }
      const left = await databases();
      expect(left.filter((d) => d.startsWith(`ir_${r.runId}`))).toEqual([]);
      expect(left).toContain(DECOY);
      expect(left).toContain(FOREIGN);
      r.port = undefined; // the borrowed server: not the run's to stop
      await expectNothingLeft(r);
    },
  );
});

describe('a signal to a run with its own cluster', () => {
  it.for([['SIGHUP']] as const)(
    '%s to the whole process group mid-step (embedded, --jobs 2): by the time the command has exited, its postmaster is gone, its port closed and its folder removed',
    async ([signal], { expect }) => {
      const r = await slot(() =>
        replay(['960', '901', '--jobs', '2'], {
          env: { PG_PROVIDER: 'embedded' },
          detached: true,
          onMark: (name, child) => {
            if (name === MARK.step) signalProcess(identityOf(child), signal, { group: true });
          },
        }),
      );
      expect(r.code, r.stdout).toBe(EXIT[signal]);
      expect(r.journal).toMatchObject({ outcome: 'interrupted', exitCode: EXIT[signal] });
      // Checked at once, no waiting: the command must not exit before its server has.
      await expectNothingLeft(r);
    },
  );
});

describe('a SIGKILLed run: the next start removes what it left, from its owner records', () => {
  it.for([['embedded'], ...(systemBinaries ? [['system']] : [])] as const)(
    'SIGKILL of the command (%s): the cluster keeps running; `pnpm replay --clean` stops it and removes its folder, in one line; a folder without a record stays',
    async ([provider], { expect }) => {
      const scratch = scratchDir('replay-fault-');
      const killed = await slot(() =>
        replay(['950', '901', '--jobs', '2'], {
          env: { PG_PROVIDER: provider },
          scratch,
          journal: false,
          onMark: (name, child) => {
            if (name === '950#2') child.kill('SIGKILL');
          },
        }),
      );
      expect(killed.signal, killed.stdout).toBe('SIGKILL');
      const [cluster] = fs.readdirSync(killed.dataRoot);
      const record = parseOwnerRecord(fs.readFileSync(path.join(killed.dataRoot, cluster!, CLUSTER_OWNER_FILE), 'utf8'))!;
      expect(record.server && isAlive(record.server), 'the orphaned postmaster').toBe(true);
      const decoy = path.join(killed.dataRoot, 'incident-replay-pg-not-ours');
      fs.mkdirSync(decoy);
      const clean = await replay(['--clean'], { env: { PG_PROVIDER: provider }, scratch, journal: false });
      expect(clean.code, clean.stdout).toBe(0);
      expect(clean.stdout).toContain(`[pg-harness] removed what an earlier run left (pid ${record.owner.pid}, gone): 1 cluster\n`);
      expectSample('leftovers-removed', clean.stdout);
      expect(isAlive(record.server!)).toBe(false);
      expect(fs.readdirSync(killed.dataRoot)).toEqual(['incident-replay-pg-not-ours']);
      fs.rmdirSync(decoy);
      await expectNothingLeft(killed);
    },
  );

  it('SIGKILL of a pooled run’s whole process group on a borrowed server: its databases stay; the next run drops them and says so; the decoy and the other machine’s stay', async ({
    expect,
  }) => {
    const scratch = scratchDir('replay-fault-');
    const env = { PG_PROVIDER: 'url', TEST_DATABASE_URL: server.adminUrl };
    const killed = await slot(() =>
      replay(['950', '901', '--jobs', '2'], {
        env,
        scratch,
        detached: true,
        journal: false,
        onMark: (name, child) => {
          if (name === '950#2') signalProcess(identityOf(child), 'SIGKILL', { group: true });
        },
      }),
    );
    expect(killed.signal, killed.stdout).toBe('SIGKILL');
    const ofRun = await settledDatabasesOf(killed.runId);
    expect(ofRun.length, 'databases the killed run left').toBeGreaterThan(0);
    const next = await slot(() => replay(['901'], { env, scratch }));
    expect(next.code, next.stdout).toBe(0);
    expect(next.stdout).toMatch(
      new RegExp(`\\[pg-harness\\] removed what an earlier run left \\(pid ${killed.runPid}, gone\\): ${ofRun.length} databases?\\n`),
    );
    expect(next.stdout).toMatch(/\[pg-harness\] left alone what runs on other machines \(another-machine\) created: 1 database;/);
    const left = await databases();
    expect(left.filter((d) => d.startsWith(`ir_${killed.runId}`))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining([DECOY, FOREIGN]));
  });
});
