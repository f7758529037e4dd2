import { describe, expect, inject, it } from 'vitest';
import { Databases } from '@incident-replay/pg-harness';
import { defineIncident, replayIncident, step } from '../src/index.js';

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
      t.claim('demo.txt', 'the select works', { holds: false, expectedToHold: false, evidence: '42703' });
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
      id: '998-claim', title: 't', postmortem: 'p', summary: 's',
      setup: async () => ({}),
      steps: [step('check', 'claim', async (t) => t.claim('x.txt', 'c', { holds: true, expectedToHold: false, evidence: 'e' }))],
    });
    const j = await replayIncident(inc, info, new Databases(info, info.runId));
    expect(j.steps[0]!.outcome).toBe('did-not-hold');
    expect(j.steps[0]!.error!.message).toMatch(/expected to not hold, but it held/);
  });

  it('a setup that throws gives an error journal and still drops the databases it made', async () => {
    const info = pg();
    const dbs = new Databases(info, info.runId);
    const made: string[] = [];
    const inc = defineIncident({
      id: '997-setup-fails', title: 't', postmortem: 'p', summary: 's',
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
    expect(made).toHaveLength(1);
    expect(dbs.list()).not.toContain(made[0]);
  });
});
