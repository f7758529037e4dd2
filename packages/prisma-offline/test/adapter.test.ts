import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { createPgAdapter, offlinePrismaEnv, NO_DATABASE_URL } from '../src/index.js';
import { withPostgres } from './postgres.js';

// A migration whose last statement fails, with a PL/pgSQL body full of `;`.
const MIGRATION = `
CREATE TABLE "widgets" ("id" INTEGER PRIMARY KEY);
CREATE FUNCTION "widget_count"() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM "widgets");
END;
$$;
INSERT INTO "widgets" VALUES (1), (1);
`;

async function tablesIn(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    return rows.map((r) => r.table_name);
  } finally {
    await c.end();
  }
}

describe('offlinePrismaEnv', () => {
  it('pins the engines to dummies and leaves process.env alone', () => {
    const before = { ...process.env };
    const env = offlinePrismaEnv('postgresql://u:p@localhost:5432/db');
    expect(env).toMatchObject({ DATABASE_URL: 'postgresql://u:p@localhost:5432/db', PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', CHECKPOINT_DISABLE: '1' });
    expect(env.PRISMA_QUERY_ENGINE_LIBRARY).toMatch(/^\/dev\/null\//);
    expect(process.env).toEqual(before);
    expect(offlinePrismaEnv(NO_DATABASE_URL).DATABASE_URL).toBe(NO_DATABASE_URL);
  });

  it('names the bad URL', () => {
    expect(() => offlinePrismaEnv('mysql://x')).toThrow(/needs a PostgreSQL URL .*"mysql:\/\/x"/);
  });
});

describe('createPgAdapter', () => {
  const postgres = withPostgres();

  it('says how to fix a missing DATABASE_URL', () => {
    expect(() => createPgAdapter(undefined)).toThrow(/needs a PostgreSQL connection URL.*got undefined.*Set DATABASE_URL/);
  });

  it('runs a migration file as one query: a failing file leaves nothing behind', async () => {
    const db = await postgres.databases().create('one_query');
    const adapter = await createPgAdapter(db.url).connect();
    try {
      const err = await adapter.executeScript(MIGRATION).then(
        () => undefined,
        (e: unknown) => e,
      );
      // unique_violation, converted by the adapter as it converts every driver error
      expect((err as { cause?: { originalCode?: string } }).cause?.originalCode).toBe('23505');
      expect(await tablesIn(db.url)).toEqual([]);
      await adapter.executeScript(MIGRATION.replace('(1), (1)', '(1), (2)'));
      expect(await tablesIn(db.url)).toEqual(['widgets']);
      const rows = await adapter.queryRaw({ sql: 'SELECT "widget_count"()::int AS n', args: [], argTypes: [] });
      expect(rows.rows).toEqual([[2]]);
    } finally {
      await adapter.dispose();
    }
  });

  it('(why) the stock adapter splits on ";" and breaks the same file', async () => {
    const db = await postgres.databases().create('stock_split');
    const adapter = await new PrismaPg({ connectionString: db.url }).connect();
    try {
      await expect(adapter.executeScript(MIGRATION)).rejects.toBeTruthy();
      // The first statement ran on its own and stayed: a half-applied migration.
      expect(await tablesIn(db.url)).toEqual(['widgets']);
    } finally {
      await adapter.dispose();
    }
  });

  it('reads "char" catalog columns (prisma db pull needs them)', async () => {
    const db = await postgres.databases().create('char_cols');
    const adapter = await createPgAdapter(db.url).connect();
    try {
      const res = await adapter.queryRaw({ sql: `SELECT relkind FROM pg_class WHERE relname = 'pg_class'`, args: [], argTypes: [] });
      expect(res.rows).toEqual([['r']]);
    } finally {
      await adapter.dispose();
    }
  });
});
