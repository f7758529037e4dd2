import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSqlFile, type TestDatabase } from '@incident-replay/pg-harness';
import { copyPrismaDir, prismaMigrationNames, runPrismaCli, type PrismaCliResult } from '../src/index.js';
import { withPostgres } from './postgres.js';

// An app of this repository whose third migration the incident-002 replay makes fail.
const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/prisma-login');

/** Exit code and output, with what differs between the twins replaced: the database's name and the times of ledger rows. */
const comparable = (r: PrismaCliResult, db: TestDatabase) => ({
  exitCode: r.exitCode,
  output: r.output.replaceAll(db.name, '<db>').replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC/g, '<time>'),
});

describe('the warm Prisma CLI process gives what a spawned CLI gives', () => {
  const postgres = withPostgres();

  it('on twin databases, through every command the replays run: deploy, status, a failing deploy (42P07), P3009, resolve --applied', async () => {
    const [spawnedDb, warmDb] = [await postgres.databases().create('cli_spawned'), await postgres.databases().create('cli_warm')];
    const [first, second, third] = prismaMigrationNames(APP);
    const copy = copyPrismaDir(APP, { upTo: second, label: 'warm-test' });
    const results: [string, PrismaCliResult, PrismaCliResult][] = [];
    /** Runs a command on both twins (spawned on one, warm on the other) and keeps both results. */
    const both = async (what: string, args: string[]) => {
      const [s, w] = await Promise.all([
        runPrismaCli(APP, args, { databaseUrl: spawnedDb.url, warm: false }),
        runPrismaCli(APP, args, { databaseUrl: warmDb.url, warm: true }),
      ]);
      expect([s.ran, w.ran]).toEqual(['spawned', 'warm']);
      results.push([what, s, w]);
      return w;
    };
    try {
      expect((await both('deploy of the first two migrations', ['migrate', 'deploy', '--schema', copy.schemaPath])).exitCode).toBe(0);
      expect((await both('status with one pending', ['migrate', 'status'])).exitCode).toBe(1);
      // The third migration's tables made by hand first: its deploy fails on CREATE TABLE (SQLSTATE 42P07) and is recorded FAILED.
      for (const db of [spawnedDb, warmDb]) await runSqlFile(db.url, path.join(APP, 'prisma', 'migrations', third!, 'migration.sql'));
      expect((await both('the failing deploy', ['migrate', 'deploy'])).output).toContain('relation "avatar_projects" already exists');
      expect((await both('status with a failed migration', ['migrate', 'status'])).exitCode).toBe(1);
      expect((await both('deploy refused (P3009)', ['migrate', 'deploy'])).output).toContain('P3009');
      expect((await both('resolve --applied', ['migrate', 'resolve', '--applied', third!])).exitCode).toBe(0);
      expect((await both('status up to date', ['migrate', 'status'])).output).toContain('Database schema is up to date!');
      expect((await both('--version', ['--version'])).exitCode).toBe(0);
    } finally {
      copy.remove();
    }
    for (const [what, s, w] of results) expect(comparable(w, warmDb), what).toEqual(comparable(s, spawnedDb));
    expect(first).toBeDefined();
    // Sixteen CLI commands, two at a time, CPU-bound: 21 s on a quiet 2-core machine, 30 s beside
    // three busy loops. The limit is a hang guard for a machine CI shares with six other suites.
  }, 180_000);
});
