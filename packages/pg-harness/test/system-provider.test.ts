import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { clusterRoot, findSystemBinDir, HarnessError, startPostgres } from '../src/index.js';
import { systemBinDir } from './system-binaries.js';

// Tests marked skipIf need PostgreSQL server binaries on the machine (Debian's are, here and in CI).
describe('system provider', () => {
  it.skipIf(!systemBinDir)('starts a throwaway cluster from the machine binaries and removes it on stop', async () => {
    // A cluster root of this test's own (PG_DATA_ROOT, under the usual root), so the count below sees
    // no system cluster that a test of another file, running at the same time, starts or removes.
    const root = fs.mkdtempSync(path.join(clusterRoot(), 'pg-harness-sysroot-'));
    const savedRoot = process.env.PG_DATA_ROOT;
    onTestFinished(() => {
      if (savedRoot === undefined) delete process.env.PG_DATA_ROOT;
      else process.env.PG_DATA_ROOT = savedRoot;
      fs.rmSync(root, { recursive: true, force: true });
    });
    fs.chmodSync(root, 0o755); // the server runs as the postgres user when the tests run as root
    process.env.PG_DATA_ROOT = root;
    const clusterDirs = () => fs.readdirSync(clusterRoot()).filter((d) => d.startsWith('incident-replay-pgsys-'));
    const before = clusterDirs();
    const server = await startPostgres({ provider: 'system' });
    onTestFinished(() => server.stop()); // idempotent; a failed expect must not leave the cluster running (runs before the removal above)
    expect(server.description).toContain(`binaries in ${systemBinDir}`);
    expect(clusterDirs().length).toBe(before.length + 1);
    await server.stop();
    expect(clusterDirs()).toEqual(before);
  });

  it('explains where it looked when PG_BIN_DIR holds no binaries', () => {
    expect(() => findSystemBinDir({ PG_BIN_DIR: '/nonexistent' })).toThrow(/PG_BIN_DIR=\/nonexistent does not hold initdb and postgres/);
  });
});

describe('url provider', () => {
  it.skipIf(!systemBinDir)('refuses a role without CREATEDB at start, in one line naming the role and the fix', async () => {
    // A dedicated cluster, so the role is created on a server nobody else uses.
    const cluster = await startPostgres({ provider: 'system' });
    onTestFinished(() => cluster.stop());
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE "replay reader" LOGIN PASSWORD 'reader-pw' NOCREATEDB`);
    await admin.end();
    const url = new URL(cluster.adminUrl);
    url.username = encodeURIComponent('replay reader');
    url.password = 'reader-pw';
    const err = await startPostgres({ provider: 'url', env: { TEST_DATABASE_URL: url.toString() } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as Error).message.split('\n')[0]).toBe(
      `role "replay reader" may not CREATE DATABASE on the url Postgres at ${cluster.address}: run ALTER ROLE "replay reader" CREATEDB as a superuser, or use a role that has it`,
    );
    expect((err as Error).message).not.toContain('reader-pw');
  });
});
