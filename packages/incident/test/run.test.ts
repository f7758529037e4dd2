import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { Databases, setChildProcessTask, trackChildProcess } from '@incident-replay/pg-harness';
import { defineIncident, replayIncident, step, type IncidentRun, type Journal } from '../src/index.js';

const pg = () => inject('postgres');

/** A tiny incident with real SQL: a missing column gives 42703, the fix adds it. */
const demo = defineIncident<{ url: string }>({
  id: '999-demo',
  title: 'demo',
  postmortem: 'none',
  summary: 'a column is missing, then added',
  async setup(env) {
    const db = await env.databases.create('demo');
    env.setAppEnv({ REPLAY_DEMO_URL: db.url });
    return { url: db.url };
  },
  steps: [
    step('broken-state', 'table without the column', async (t, { url }) => {
      await t.sql('create', url, 'CREATE TABLE users (id int primary key)');
      const err = await t.sql('select', url, 'SELECT session_version FROM users').catch((e: unknown) => e);
      const rec = t.error('select fails', err);
      t.check('SQLSTATE', rec.sqlstate, '42703');
      console.warn('the app logged this');
      t.checkLogged('warning captured', /app logged/);
      t.claim({
        id: '999.select-works',
        source: 'demo.txt',
        claim: 'the select works',
        observed: { sqlstate: rec.sqlstate },
        holds: (o) => o.sqlstate === undefined,
        evidence: (o) => `SQLSTATE ${o.sqlstate}`,
        expectedToHold: false,
      });
    }),
    step('fix', 'add the column', async (t, { url }) => {
      await t.sql('alter', url, 'ALTER TABLE users ADD COLUMN session_version int DEFAULT 1');
      const rows = await t.sql('select', url, 'SELECT count(*)::int AS n FROM users');
      t.check('no rows lost', rows, [{ n: 0 }]);
    }),
    step('recovery', 'a check that does not hold', async (t) => {
      t.check('one equals two', 1, 2);
    }),
    step('recovery', 'skipped after a failure', async () => {}),
  ],
});

describe('IncidentRun', () => {
  it('records evidence, fails on a contradicted check, skips the rest, drops its databases, restores env', async () => {
    const info = pg();
    const dbs = new Databases(info, info.runId);
    const before = process.env.REPLAY_DEMO_URL;
    const j = await replayIncident(demo, info, dbs);
    expect(j.steps.map((s) => s.outcome)).toEqual(['held', 'held', 'did-not-hold', 'skipped']);
    expect(j.outcome).toBe('did-not-hold');
    expect(j.steps[0]!.evidence.find((e) => e.type === 'error')).toMatchObject({ sqlstate: '42703', errorClass: 'DatabaseError' });
    expect(j.steps[0]!.logs.map((l) => l.text)).toContain('the app logged this');
    expect(j.steps[2]!.error!.message).toMatch(/one equals two: expected 2, got 1/);
    expect(dbs.list()).toEqual([]);
    expect(process.env.REPLAY_DEMO_URL).toBe(before);
  });

  it('fails a step when a claim verdict differs from the verified one', async () => {
    const info = pg();
    const inc = defineIncident({
      id: '998-claim',
      title: 't',
      postmortem: 'p',
      summary: 's',
      setup: async () => ({}),
      steps: [
        step('check', 'claim', async (t) => {
          const rows = await t.sql('one row', info.adminUrl, 'SELECT 1 AS n');
          t.claim({
            id: '998.one-row',
            source: 'x.txt',
            claim: 'c',
            observed: rows.length,
            holds: (n) => n === 1,
            evidence: (n) => `${n} row`,
            expectedToHold: false,
          });
        }),
      ],
    });
    const j = await replayIncident(inc, info, new Databases(info, info.runId));
    expect(j.steps[0]!.outcome).toBe('did-not-hold');
    expect(j.steps[0]!.error!.message).toMatch(/claim 998.one-row from x.txt: "c" was expected to not hold, but it held \(1 row\)/);
    expect(j.steps[0]!.claims[0]).toMatchObject({ id: '998.one-row', observed: 1, holds: true, evidence: '1 row' });
    expect(j.failure).toMatchObject({ kind: 'did-not-hold' });
  });

  it('a setup that throws gives an error journal and still drops the databases it made', async () => {
    const info = pg();
    const dbs = new Databases(info, info.runId);
    const made: string[] = [];
    const inc = defineIncident({
      id: '997-setup-fails',
      title: 't',
      postmortem: 'p',
      summary: 's',
      async setup(env) {
        made.push((await env.databases.create('half_built')).name);
        throw new Error('migration 0003 failed');
      },
      steps: [step('check', 'never runs', async () => {})],
    });
    const j = await replayIncident(inc, info, dbs);
    expect(j.outcome).toBe('error');
    expect(j.steps).toHaveLength(1);
    expect(j.steps[0]).toMatchObject({ name: 'setup', outcome: 'error', error: { message: 'migration 0003 failed' } });
    expect(j.failure).toEqual({ kind: 'error', message: 'error: 997-setup-fails setup threw Error: migration 0003 failed' });
    expect(made).toHaveLength(1);
    expect(dbs.list()).not.toContain(made[0]);
  });

  /** An incident whose first step calls `begin`, then never settles, under a 300 ms time limit; a second step follows. */
  const hangingIncident = (id: string, name: string, begin: () => void) =>
    defineIncident({
      id,
      title: 't',
      postmortem: 'p',
      summary: 's',
      setup: async () => ({}),
      steps: [
        step(
          'symptom',
          name,
          async () => {
            begin();
            await new Promise(() => undefined); // never settles
          },
          { timeoutMs: 300 },
        ),
        step('fix', 'never runs', async () => {}),
      ],
    });

  it('stops a step at its time limit, kills the child process it started, names what it waited for, and skips the rest', async () => {
    const info = pg();
    let child: ChildProcess | undefined;
    const inc = hangingIncident('996-hangs', 'waits for a child that never exits', () => {
      child = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
      trackChildProcess(child, 'sleep 600');
    });
    const t0 = performance.now();
    const j = await replayIncident(inc, info, new Databases(info, info.runId));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(j.outcome).toBe('error');
    expect(j.steps[0]!.failure).toMatchObject({ kind: 'timeout', code: '300' });
    expect(j.steps[0]!.failure!.message).toBe(
      'timeout: 996-hangs step 1 "waits for a child that never exits" did not finish within 0.3 s, waiting for: sleep 600 (killed)',
    );
    expect(j.steps[1]).toMatchObject({ outcome: 'skipped', skipReason: 'step 1 failed' });
    expect(child!.exitCode !== null || child!.signalCode !== null).toBe(true);
  });

  it("at a step's time limit also kills a long-lived child started before the step that is busy with a command given in it, and names the command; an idle one lives on", async () => {
    const info = pg();
    // Two helpers that serve one command at a time (like the warm Prisma CLI process), started before the step.
    const helper = () => {
      const c = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
      trackChildProcess(c, 'a long-lived helper');
      return c;
    };
    const [busy, idle] = [helper(), helper()];
    const ended = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
    try {
      const inc = hangingIncident('996-busy-helper', 'waits for a command the helper never finishes', () => setChildProcessTask(busy, 'migrate deploy [warm]'));
      const j = await replayIncident(inc, info, new Databases(info, info.runId));
      expect(j.steps[0]!.failure!.message).toBe(
        'timeout: 996-busy-helper step 1 "waits for a command the helper never finishes" did not finish within 0.3 s, waiting for: migrate deploy [warm] (killed)',
      );
      expect({ busy: ended(busy), idle: ended(idle) }).toEqual({ busy: true, idle: false });
    } finally {
      for (const c of [busy, idle]) c.kill('SIGKILL');
    }
  });

  it('classifies a step that throws as an error (the server still answers) and an interruption as interrupted', async () => {
    const info = pg();
    const inc = defineIncident({
      id: '995-throws',
      title: 't',
      postmortem: 'p',
      summary: 's',
      setup: async () => ({}),
      steps: [
        step('symptom', 'throws', async () => {
          throw new TypeError('cannot read x of undefined');
        }),
      ],
    });
    const j = await replayIncident(inc, info, new Databases(info, info.runId));
    expect(j.failure).toEqual({ kind: 'error', message: 'error: 995-throws step 1 "throws" threw TypeError: cannot read x of undefined' });

    let release!: () => void;
    const interrupted = defineIncident({
      id: '994-interrupted',
      title: 't',
      postmortem: 'p',
      summary: 's',
      setup: async () => ({}),
      steps: [
        step('symptom', 'is interrupted', async (t) => {
          t.value('started', true);
          await new Promise<void>((r) => (release = r));
        }),
        step('fix', 'never runs', async () => {}),
      ],
    });
    let journal: Journal | undefined;
    const done = replayIncident(interrupted, info, new Databases(info, info.runId), {
      onStepStart: () =>
        void setTimeout(() => {
          run!.interrupt('SIGINT');
          journal = run!.journal();
          release();
        }, 50),
      onRun: (r) => (run = r),
    });
    let run: IncidentRun | undefined;
    const final = await done;
    expect(journal!.outcome).toBe('interrupted');
    expect(journal!.steps[0]).toMatchObject({
      outcome: 'interrupted',
      failure: { kind: 'interrupted', message: 'interrupted by SIGINT during 994-interrupted step 1 "is interrupted"' },
    });
    expect(journal!.steps[0]!.evidence).toEqual([{ type: 'value', label: 'started', value: true }]);
    expect(final.outcome).toBe('interrupted');
    expect(final.steps.map((s) => s.outcome)).toEqual(['interrupted', 'skipped']);
  });

  it('runs a step only on the host it needs, and refuses a host the incident does not support', async () => {
    const info = pg();
    const inc = defineIncident<{ host: string }>({
      id: '993-hosts',
      title: 't',
      postmortem: 'p',
      summary: 's',
      hosts: ['in-process', 'built'],
      setup: async (env) => ({ host: env.host }),
      steps: [
        step('symptom', 'on every host', async (t, w) => t.value('host', [w.host, t.env.host])),
        step('check', 'a probe inside the process', async () => undefined, { needs: 'in-process' }),
      ],
    });
    const built = await replayIncident(inc, info, new Databases(info, info.runId), { host: 'built' });
    expect(built.host).toBe('built');
    expect(built.outcome).toBe('held');
    expect(built.steps[0]!.evidence).toEqual([{ type: 'value', label: 'host', value: ['built', 'built'] }]);
    expect(built.steps[1]).toMatchObject({ outcome: 'skipped', skipReason: 'needs the in-process host' });
    const inProcess = await replayIncident(inc, info, new Databases(info, info.runId));
    expect(inProcess.steps.map((s) => s.outcome)).toEqual(['held', 'held']);

    const only = defineIncident({ ...inc, id: '992-one-host', hosts: undefined });
    const refused = await replayIncident(only, info, new Databases(info, info.runId), { host: 'built' });
    expect(refused).toMatchObject({
      host: 'built',
      outcome: 'error',
      failure: { kind: 'error', message: 'error: 992-one-host cannot run on the built host (it supports: in-process)' },
    });
  });
});
