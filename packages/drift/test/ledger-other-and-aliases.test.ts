/**
 * Two things the Drizzle corpus showed (test/corpus-*.test.ts): a config that names another ledger
 * than the one the app's runtime migrator writes (Dokploy) must say that the other one exists; and a
 * table exported under two names (Kaneo's `export const user = userTable`, for Better Auth) is one
 * table, located at its pgTable, also under the alias.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableConfig, pgTable, text } from 'drizzle-orm/pg-core';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrizzleLedger, otherLedgers } from '../src/ledgers.js';
import { ReadOnlySession } from '../src/read-only-session.js';
import { expectedFromDrizzle, type DrizzleTableConfig } from '../src/sources/drizzle.js';
import { FIXTURES, databases, migrateShopDrizzle } from './helpers.js';

const FOLDER = `${FIXTURES}/apps/shop-drizzle/db/migrations`;
let dbs: Databases;
let url: string;

beforeAll(async () => {
  dbs = databases();
  url = (await dbs.create('drift_other_ledger')).url;
  await migrateShopDrizzle(url); // writes drizzle.__drizzle_migrations
});
afterAll(async () => {
  await dbs.dropAll();
});

describe('another ledger than the configured one', () => {
  it('ledger-missing names the ledger the runtime migrator wrote, with its rows, in one line', async () => {
    const session = await ReadOnlySession.open(url);
    try {
      expect(await otherLedgers(session, 'public.migrations')).toEqual([{ name: 'drizzle.__drizzle_migrations', rows: 3 }]);
      const r = await checkDrizzleLedger(session, { schema: 'public', table: 'migrations' }, FOLDER, 'db/migrations');
      expect(r.findings.map((f) => f.kind)).toEqual(['ledger-missing']);
      const f = r.findings[0]!;
      expect(f.message).toBe(
        "the database has no Drizzle migration ledger public.migrations: drizzle's migrator would run all 3 migrations from the start; but drizzle.__drizzle_migrations (3 rows) exists: the app's migrator may write there, not where this config says",
      );
      expect(f.message).not.toContain('\n');
      expect(f.actual).toBe('no public.migrations table; drizzle.__drizzle_migrations has 3 rows');
    } finally {
      await session.close();
    }
  });

  it('the configured ledger itself is never "another" one, and without another the old words stay', async () => {
    const session = await ReadOnlySession.open(url);
    try {
      expect(await otherLedgers(session, 'drizzle.__drizzle_migrations')).toEqual([]);
      const r = await checkDrizzleLedger(session, { schema: 'drizzle', table: '__drizzle_migrations' }, FOLDER, 'db/migrations');
      expect(r.findings).toEqual([]);
      expect(r.notes).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('a table exported under two names', () => {
  const userTable = pgTable('user', { id: text('id').primaryKey(), email: text('email').notNull() });

  it('is one expected table, named by its first export', () => {
    const tables = expectedFromDrizzle({ userTable, user: userTable }, getTableConfig as (t: never) => DrizzleTableConfig, 'schema.ts');
    expect(tables.map((t) => `${t.name} ${t.source.model}`)).toEqual(['user userTable']);
  });
});
