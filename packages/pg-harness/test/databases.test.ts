import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { Databases, HarnessError, pendingCleanups, runSqlFile, startPostgres } from '../src/index.js';
import type {} from './global-setup.js';

/** The run's shared embedded server (test/global-setup.ts); these tests only need a live one. */
const server = inject('sharedPostgres');
const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: server.adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};
const exists = (name: string) => admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);

describe('Databases', () => {
  it('clones a template with its schema and rows, and names every database with the run prefix', async () => {
    const dbs = new Databases(server);
    const tpl = await dbs.createTemplate('seeded', async (url) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query('CREATE TABLE users (id int primary key, email text); INSERT INTO users VALUES (1, $$a@example.com$$)');
      await c.end();
    });
    const a = await tpl.clone('a');
    const b = await tpl.clone('b');
    expect(a.name).toMatch(new RegExp(`^ir_${dbs.runId}_a_\\d+$`));
    const c = new pg.Client({ connectionString: a.url });
    await c.connect();
    await c.query('DELETE FROM users');
    await c.end();
    const rowsInB = await (async () => {
      const cb = new pg.Client({ connectionString: b.url });
      await cb.connect();
      const r = await cb.query('SELECT email FROM users');
      await cb.end();
      return r.rows;
    })();
    expect(rowsInB).toEqual([{ email: 'a@example.com' }]); // copies are independent
    await dbs.dropAll();
    expect(await exists(a.name)).toBe(false);
    expect(await exists(tpl.name)).toBe(false);
    expect(dbs.list()).toEqual([]);
  });

  it('never drops a database it did not create, even one with a similar name', async () => {
    const dbs = new Databases(server);
    const foreign = `ir_${dbs.runId}x_someone_else`;
    await admin((c) => c.query(`CREATE DATABASE ${foreign}`));
    await admin((c) => c.query('CREATE DATABASE customer_data'));
    await dbs.create('mine');
    await dbs.dropAll();
    expect(await dbs.dropLeftovers()).toEqual([]);
    await dbs.drop('customer_data'); // not ours: ignored
    expect(await exists('customer_data')).toBe(true);
    expect(await exists(foreign)).toBe(true);
  });

  it('drops leftovers of its own run (a crashed worker) by prefix, and only those', async () => {
    const dbs = new Databases(server, 'crash1');
    await admin((c) => c.query('CREATE DATABASE ir_crash1_left_1'));
    await admin((c) => c.query('CREATE DATABASE ir_crash2_other_1'));
    expect(await dbs.dropLeftovers()).toEqual(['ir_crash1_left_1']);
    expect(await exists('ir_crash2_other_1')).toBe(true);
  });

  it('refuses to clone a template from another run, and rejects a bad run id', async () => {
    const dbs = new Databases(server);
    await expect(dbs.create('x', 'postgres')).rejects.toThrow(HarnessError);
    expect(() => new Databases(server, 'Bad-Id!')).toThrow(/run id "Bad-Id!" is not 1–12 of \[a-z0-9\]/);
  });

  it('unregisters the cleanup of a database once it is dropped', async () => {
    const dbs = new Databases(server);
    const d = await dbs.create('tracked');
    expect(pendingCleanups()).toContain(`database ${d.name}`);
    await d.drop();
    expect(pendingCleanups()).not.toContain(`database ${d.name}`);
  });

  it('lets a closing session end by itself before dropping (no 57P01 for it), and forces off one that stays', async () => {
    const dbs = new Databases(server);
    const closing = await dbs.create('closing');
    const client = new pg.Client({ connectionString: closing.url });
    const errors: string[] = [];
    client.on('error', (e: Error & { code?: string }) => errors.push(`${e.code}: ${e.message}`));
    await client.connect();
    // The app closes its connection 300 ms after the drop starts: the drop waits for it.
    const closed = new Promise((r) => setTimeout(r, 300)).then(() => client.end());
    await closing.drop();
    await closed;
    expect(errors).toEqual([]);
    expect(await exists(closing.name)).toBe(false);

    const held = await dbs.create('held');
    const stubborn = new pg.Client({ connectionString: held.url });
    const forced = new Promise<string | undefined>((r) => stubborn.on('error', (e: Error & { code?: string }) => r(e.code)));
    await stubborn.connect();
    await held.drop();
    expect(await forced).toBe('57P01'); // terminated by WITH (FORCE) after the grace period
    expect(await exists(held.name)).toBe(false);
  });
});

describe('providers', () => {
  it('the embedded server reports provider and version in one line', () => {
    expect(server.provider).toBe('embedded');
    expect(server.version).toMatch(/^\d+\.\d+/);
    expect(server.description).toMatch(/^postgres: embedded provider, PostgreSQL \d+\.\d+ at 127\.0\.0\.1:\d+ \(/);
  });

  it('the url provider borrows a server, and stop() leaves it running', async () => {
    const borrowed = await startPostgres({ provider: 'url', env: { TEST_DATABASE_URL: server.adminUrl } });
    expect(borrowed.version).toBe(server.version);
    await borrowed.stop();
    expect(await exists('postgres')).toBe(true);
  });

  it('the url provider explains a missing, malformed or unreachable TEST_DATABASE_URL', async () => {
    await expect(startPostgres({ provider: 'url', env: {} })).rejects.toThrow(/TEST_DATABASE_URL is not set/);
    await expect(startPostgres({ provider: 'url', env: { TEST_DATABASE_URL: 'not a url' } })).rejects.toThrow(/not a URL/);
    await expect(startPostgres({ provider: 'url', env: { TEST_DATABASE_URL: 'mysql://x@localhost/db' } })).rejects.toThrow(/protocol mysql:/);
    await expect(startPostgres({ provider: 'url', env: { TEST_DATABASE_URL: 'postgres://postgres:wrong@127.0.0.1:1/postgres' } })).rejects.toThrow(
      /cannot connect to the url Postgres/,
    );
  });

  it("the url provider borrows a caller's serverUrl instead of TEST_DATABASE_URL, names it so in its messages, and takes the caller's reason", async () => {
    const env = { PG_PROVIDER: 'embedded', TEST_DATABASE_URL: 'postgres://postgres:wrong@127.0.0.1:1/postgres' };
    const reason = 'a throwaway server for a rehearsal';
    const borrowed = await startPostgres({ provider: 'url', serverUrl: server.adminUrl, reason, env });
    expect(borrowed.description).toBe(`postgres: url provider, PostgreSQL ${server.version} at ${server.address} (${reason})`);
    await borrowed.stop();
    await expect(startPostgres({ provider: 'url', serverUrl: '', env })).rejects.toThrow(/^the server URL is empty\n/);
    await expect(startPostgres({ provider: 'url', serverUrl: 'not a url', env })).rejects.toThrow(/^the server URL is not a URL: <unparseable url>\n/);
    await expect(startPostgres({ provider: 'url', serverUrl: 'mysql://x@localhost/db', env })).rejects.toThrow(/^the server URL has protocol mysql:/);
  });

  it('the url provider refuses a role without CREATEDB', async () => {
    await admin((c) => c.query(`CREATE ROLE reader LOGIN PASSWORD 'reader' NOCREATEDB`));
    const u = new URL(server.adminUrl);
    u.username = 'reader';
    u.password = 'reader';
    await expect(startPostgres({ provider: 'url', env: { TEST_DATABASE_URL: u.toString() } })).rejects.toThrow(/may not CREATE DATABASE/);
  });
});

describe('runSqlFile', () => {
  it('runs every statement of a file in one round trip and keeps the NOTICEs a re-run raises; a failing statement throws with its SQLSTATE', async () => {
    const dbs = new Databases(server);
    const db = await dbs.create('sqlfile');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-harness-sqlfile-'));
    try {
      const fix = path.join(dir, 'fix.sql');
      fs.writeFileSync(
        fix,
        'CREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t ADD COLUMN IF NOT EXISTS a int DEFAULT 1;\nALTER TABLE t ADD COLUMN IF NOT EXISTS b text;\n',
      );
      expect(await runSqlFile(db.url, fix)).toEqual([]);
      expect(await runSqlFile(db.url, fix)).toEqual([
        'relation "t" already exists, skipping',
        'column "a" of relation "t" already exists, skipping',
        'column "b" of relation "t" already exists, skipping',
      ]);
      const bad = path.join(dir, 'bad.sql');
      fs.writeFileSync(bad, 'ALTER TABLE t ADD COLUMN c int;\nSELECT missing FROM t;\n');
      await expect(runSqlFile(db.url, bad)).rejects.toMatchObject({ code: '42703' });
      // One implicit transaction: the first statement was rolled back with the failing one.
      expect(await runSqlFile(db.url, fix)).toHaveLength(3);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const cols = (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY column_name`)).rows.map(
        (r) => r.column_name,
      );
      await c.end();
      expect(cols).toEqual(['a', 'b', 'id']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await dbs.dropAll();
    }
  });
});
