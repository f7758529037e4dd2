import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  CLUSTER_OWNER_FILE,
  DATABASE_OWNER_TAG,
  describeLeftovers,
  isAlive,
  ownerRecord,
  parseOwnerRecord,
  processIdentity,
  reapDatabases,
  removeLeftovers,
  type OwnerRecord,
  type ProcessIdentity,
} from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The identity of a process that ran and is gone now (a real one: its pid may be reused later). */
async function goneProcess(): Promise<ProcessIdentity> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 100)'], { stdio: 'ignore' });
  const id = processIdentity(child.pid!)!;
  await new Promise((r) => child.once('exit', r));
  return id;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('sharedPostgres').adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('the reaper on a borrowed server: databases with an owner record', () => {
  it('drops this machine’s databases whose owner is gone (and an unrecorded one of the same dead run); keeps live owners, decoys and other machines’', async () => {
    const rid = `t${Math.random().toString(36).slice(2, 8)}`;
    const dead = await goneProcess();
    const record = (r: Partial<OwnerRecord>) => `${DATABASE_OWNER_TAG}${JSON.stringify({ ...ownerRecord(), ...r })}`;
    const made = {
      dead: `ir_${rid}w1_dead_1`,
      deadSibling: `ir_${rid}w2_created_when_killed_1`, // no record: its CREATE finished after its client died
      live: `ir_${rid}l_live_1`,
      decoy: `ir_${rid}d_decoy_1`, // no record, no recorded run of its name: not ours
      otherComment: `ir_${rid}c_commented_1`, // a comment that is not an owner record
      foreign: `ir_${rid}f_foreign_1`,
      liveRoot: `ir_${rid}r_worker_1`, // a dead worker of a live run: its own record decides
      liveRootSibling: `ir_${rid}rw2_in_flight_1`, // unrecorded, in a run whose root lives: kept
    };
    onTestFinished(() =>
      withAdmin(async (c) => {
        for (const name of Object.values(made)) await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      }),
    );
    await withAdmin(async (c) => {
      for (const name of Object.values(made)) await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      const comment = (name: string, text: string) => c.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(name)} IS ${pg.escapeLiteral(text)}`);
      await comment(made.dead, record({ owner: dead, runId: `${rid}w1` }));
      await comment(made.live, record({ runId: `${rid}l` }));
      await comment(made.otherComment, 'a note somebody wrote');
      await comment(made.foreign, record({ owner: dead, host: 'another-machine' }));
      await comment(made.liveRoot, record({ owner: dead, root: processIdentity(process.pid)!, runId: `${rid}r` }));
    });
    const report = await reapDatabases(inject('sharedPostgres').adminUrl);
    const names = (l: { name: string }[]) => l.map((x) => x.name).filter((n) => n.startsWith(`ir_${rid}`));
    expect(names(report.removed).sort()).toEqual([made.dead, made.deadSibling, made.liveRoot].sort());
    expect(names(report.foreign)).toEqual([made.foreign]);
    const left = await withAdmin(
      async (c) => (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1`, [`ir_${rid}`])).rows,
    );
    expect(left.map((r) => r.datname)).toEqual([made.otherComment, made.decoy, made.foreign, made.live, made.liveRootSibling].sort());
  });

  it('says what it removed in one line, naming the run by the process that started it', () => {
    const owner = { pid: 1234, start: 'linux:b:1' };
    const rec = (r: Partial<OwnerRecord>): OwnerRecord => ({ owner, host: os.hostname(), createdAt: '', ...r });
    expect(
      describeLeftovers({
        removed: [
          { kind: 'cluster', name: '/dev/shm/incident-replay-pg-x', record: rec({}) },
          { kind: 'database', name: 'ir_a_1', record: rec({ owner: { pid: 99, start: 'x' }, root: owner }) },
          { kind: 'database', name: 'ir_a_2', record: rec({}) },
        ],
        foreign: [],
        failed: [],
      }),
    ).toEqual(['[pg-harness] removed what an earlier run left (pid 1234, gone): 1 cluster, 2 databases']);
    expect(parseOwnerRecord('not json')).toBeUndefined();
    expect(parseOwnerRecord(`${DATABASE_OWNER_TAG}{"owner":{"pid":"x"}}`)).toBeUndefined();
  });
});

describe('the reaper on this machine: clusters of a SIGKILLed run', () => {
  it('stops the orphaned postmaster, removes its folder and says so; a folder without a record and a live owner’s stay', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-harness-reaper-'));
    fs.chmodSync(root, 0o777); // the postgres OS user makes its cluster here when we are root
    onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'hold-server.ts')], {
      cwd: path.join(here, '..'),
      env: { ...process.env, PG_DATA_ROOT: root },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    const ready = await new Promise<{ dataDir: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /READY (.*)\n/.exec(out);
        if (m) resolve(JSON.parse(m[1]!));
      });
      child.once('exit', (code) => reject(new Error(`fixture exited before READY (${code}): ${out}`)));
    });
    const record = parseOwnerRecord(fs.readFileSync(path.join(ready.dataDir, CLUSTER_OWNER_FILE), 'utf8'))!;
    expect(record.owner.pid).toBe(child.pid);
    child.kill('SIGKILL'); // no cleanup runs: the cluster stays
    await new Promise((r) => child.once('exit', r));
    expect(isAlive(record.server!)).toBe(true);

    const noRecord = path.join(root, 'incident-replay-pg-no-record');
    const liveOwner = path.join(root, 'incident-replay-pg-live-owner');
    fs.mkdirSync(noRecord);
    fs.mkdirSync(liveOwner);
    fs.writeFileSync(path.join(liveOwner, CLUSTER_OWNER_FILE), JSON.stringify(ownerRecord()));
    const lines: string[] = [];
    const report = await removeLeftovers({ clusterRoot: root, log: (l) => lines.push(l) });
    expect(lines).toEqual([`[pg-harness] removed what an earlier run left (pid ${child.pid}, gone): 1 cluster`]);
    expect(report.removed.map((l) => l.name)).toEqual([ready.dataDir]);
    expect(isAlive(record.server!)).toBe(false);
    expect(fs.readdirSync(root).sort()).toEqual(['incident-replay-pg-live-owner', 'incident-replay-pg-no-record']);
  });
});
