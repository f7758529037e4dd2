/**
 * Defaults compared as values, with drizzle-kit as the oracle: on a table that
 * drizzle-kit's own generated SQL built, PostgreSQL stores `.default([])` on a
 * `text[]` as `'{}'::text[]` and reorders a jsonb object's keys; neither is
 * drift, and drizzle-kit's push (its own diff against the live database) sees
 * nothing to do. A real change of a default is still found by both.
 */
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, type DriftReport } from '../src/index.js';
import * as schema from './fixtures/apps/defaults-drizzle/lib/schema.js';
import { FIXTURES, databases, drizzleKitChanges, drizzleKitPush, sql } from './helpers.js';

let dbs: Databases;
let clone: (label: string) => Promise<{ url: string }>;

/** Builds the fixture's tables with the SQL drizzle-kit generates for them (from an empty snapshot). */
async function migrateWithDrizzleKit(url: string): Promise<void> {
  const statements = await generateMigration(generateDrizzleJson({}), generateDrizzleJson(schema));
  for (const s of statements) await sql(url, s);
}

/** What drizzle-kit's push would execute against the database: its own diff. */
async function drizzleKitDiff(url: string): Promise<string[]> {
  return drizzleKitPush(url, schema);
}

/**
 * The columns of `posts` whose default drizzle-kit would really change: the shared oracle
 * ({@link drizzleKitChanges}, which applies its push to the clone and compares the catalog), read
 * down to the column names whose line changed.
 */
async function defaultsDrizzleKitChanges(url: string): Promise<string[]> {
  const changed = (await drizzleKitChanges(url, schema)).flatMap((l) => /^[-+] column public\.posts\.(\S+) /.exec(l)?.[1] ?? []);
  return [...new Set(changed)].sort();
}

beforeAll(async () => {
  dbs = databases();
  ({ clone } = await dbs.createTemplate('drift_defaults', migrateWithDrizzleKit));
});
afterAll(async () => {
  await dbs.dropAll();
});

const brief = (r: DriftReport) => r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}.${f.column}`);

describe('defaults compared as values (drizzle-kit as the oracle)', () => {
  it('no finding where drizzle-kit sees no difference: arrays, jsonb key order, numeric spelling', async () => {
    const { url } = await clone('defaults_clean');
    const stored = await sql<{ column_name: string; column_default: string }>(
      url,
      "SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'posts' AND column_name IN ('tags', 'settings') ORDER BY 1",
    );
    // What makes a text comparison fail: PostgreSQL's own spelling of the defaults.
    expect(stored.map((r) => r.column_default)).toEqual([`'{"size": 2, "theme": "dark", "nested": {"a": [1, 2], "b": 1}}'::jsonb`, `'{}'::text[]`]);
    const report = await checkDrift({ app: 'defaults-drizzle', databaseUrl: url, repoRoot: FIXTURES });
    expect(report.error).toBeUndefined();
    expect(brief(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(await drizzleKitDiff(url), 'drizzle-kit push re-sets the array and jsonb defaults by text').not.toEqual([]);
    expect(await defaultsDrizzleKitChanges(url), 'defaults drizzle-kit would really change').toEqual([]);
  });

  it('a default that really changed is found, as drizzle-kit finds it', async () => {
    const { url } = await clone('defaults_changed');
    await sql(url, `ALTER TABLE posts ALTER COLUMN settings SET DEFAULT '{"theme": "light", "size": 2, "nested": {"a": [1, 2], "b": 1}}'`);
    await sql(url, `ALTER TABLE posts ALTER COLUMN labels SET DEFAULT '{draft}'`);
    const report = await checkDrift({ app: 'defaults-drizzle', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(report).sort()).toEqual(['differs default-mismatch posts.labels', 'differs default-mismatch posts.settings']);
    expect(await defaultsDrizzleKitChanges(url)).toEqual(['labels', 'settings']);
  });
});
