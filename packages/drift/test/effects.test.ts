/**
 * Ledger versus effects without a database: migration SQL parsed by
 * libpg-query, net effects in order, compared with a catalog given as data.
 */
import { describe, expect, it } from 'vitest';
import { compareLedgerEffects, migrationEffects } from '../src/effects.js';
import type { LedgerResult } from '../src/ledgers.js';
import { columnState, indexState, makeObjectName, replayMigrations, replaySchemaOf, tableState } from '../src/replay.js';
import type { ActualCatalog, ActualTable } from '../src/model.js';

const ledgerOf = (...entries: [string, LedgerResult['entries'][number]['status']][]): LedgerResult => ({
  findings: [],
  migrations: entries.length,
  allApplied: entries.every(([, s]) => s === 'applied'),
  entries: entries.map(([name, status]) => ({ name, status, fileAbs: `/x/${name}.sql`, fileRel: `db/${name}.sql` })),
  ledger: { schema: 'drizzle', table: '__drizzle_migrations', kind: 'drizzle' },
});
const tables = (spec: Record<string, string[]>): Map<string, ActualTable> =>
  new Map(
    Object.entries(spec).map(([name, cols]) => [
      `public.${name}`,
      {
        schema: 'public',
        name,
        columns: new Map(cols.map((c) => [c, { name: c, type: 'text', notNull: false, default: null, identity: false, generated: false }])),
      },
    ]),
  );
const catalog = (indexes: Record<string, string>): ActualCatalog => ({
  constraints: new Map(),
  enums: new Map(),
  indexNames: new Map(Object.entries(indexes).map(([i, t]) => [`public.${i}`, t])),
});
const parse = (...sql: string[]) => Promise.all(sql.map((s) => migrationEffects(s, 'public')));

describe('migration effects (libpg-query)', () => {
  it('finds each statement’s line past the comments before it, and what it creates or drops', async () => {
    const { effects } = await migrationEffects(
      '-- CreateTable\nCREATE TABLE "a" (\n  "id" TEXT NOT NULL,\n  CONSTRAINT "a_pkey" PRIMARY KEY ("id")\n);\n\n/* two */\nDROP INDEX IF EXISTS "old_idx";\n',
      'public',
    );
    expect(effects.map((e) => [e.object, e.name, e.column ?? '', e.present, e.at.line])).toEqual([
      ['table', 'a', '', true, 2],
      ['column', 'a', 'id', true, 2],
      ['index', 'a_pkey', '', true, 2],
      ['index', 'old_idx', '', false, 8],
    ]);
  });

  it('reports SQL the parser rejects as a note, never as a finding', async () => {
    const parsed = await parse('CREATE TABLE "a" (id int);', 'CREATE TABLE oops (');
    const out = compareLedgerEffects(ledgerOf(['0000_a', 'applied'], ['0001_oops', 'applied']), parsed, tables({ a: ['id'] }), catalog({}));
    expect(out.findings).toEqual([]);
    expect(out.notes).toHaveLength(1);
    expect(out.notes[0]).toMatch(/^db\/0001_oops\.sql could not be parsed by PostgreSQL's parser \(syntax error at end of input/);
  });
});

describe('net effects in migration order', () => {
  it('a later migration that drops what an earlier one created cancels it; renames (Prisma @@map changes) carry the primary key', async () => {
    const parsed = await parse(
      'CREATE TABLE "users" ("id" TEXT NOT NULL, "token" TEXT, CONSTRAINT "users_pkey" PRIMARY KEY ("id"));\nCREATE UNIQUE INDEX "users_token_key" ON "users"("token");',
      'DROP INDEX "users_token_key";\nALTER TABLE "users" DROP COLUMN "token";',
      'ALTER TABLE "users" RENAME TO "members";\nALTER TABLE "members" RENAME CONSTRAINT "users_pkey" TO "members_pkey";\nALTER TABLE "members" RENAME CONSTRAINT "some_fkey" TO "other_fkey";',
    );
    const ledger = ledgerOf(['0000', 'applied'], ['0001', 'applied'], ['0002', 'applied']);
    expect(compareLedgerEffects(ledger, parsed, tables({ members: ['id'] }), catalog({ members_pkey: 'members' })).findings).toEqual([]);
    // Before the rename: the column the second migration drops is still there — recorded as applied, effect missing.
    const still = compareLedgerEffects(
      ledgerOf(['0000', 'applied'], ['0001', 'applied']),
      parsed.slice(0, 2),
      tables({ users: ['id', 'token'] }),
      catalog({ users_pkey: 'users' }),
    ).findings;
    expect(still.map((f) => [f.kind, f.severity, f.migration, f.actual, f.location?.line])).toEqual([
      ['ledger-effects-missing', 'differs', '0001', 'column "users"."token" still there (line 2)', 2],
    ]);
  });

  it('an unrecorded migration with effects in place: breaks only when a statement lacks IF NOT EXISTS', async () => {
    const idempotent = await parse(
      'CREATE TABLE "a" (id int);',
      'ALTER TABLE "a" ADD COLUMN IF NOT EXISTS "b" int;\nCREATE INDEX IF NOT EXISTS "a_b_idx" ON "a"("b");',
    );
    const live = [tables({ a: ['id', 'b'] }), catalog({ a_b_idx: 'a' })] as const;
    expect(compareLedgerEffects(ledgerOf(['0000', 'applied'], ['0001', 'not-applied']), idempotent, ...live).findings).toEqual([]);
    const plain = await parse('CREATE TABLE "a" (id int);', 'ALTER TABLE "a" ADD COLUMN "b" int;\nCREATE INDEX "a_b_idx" ON "a"("b");');
    const found = compareLedgerEffects(ledgerOf(['0000', 'applied'], ['0001', 'not-applied']), plain, ...live).findings;
    expect(found.map((f) => [f.kind, f.severity, f.migration, f.location?.line])).toEqual([['ledger-effects-present', 'breaks', '0001', 1]]);
    expect(found[0]!.message).toMatch(/fails at line 1 \(column "a"\."b" already exists, SQLSTATE 42701\)/);
  });
});

describe('net effects: dropped key constraints and temporary tables (langfuse, issue 18)', () => {
  it('DROP CONSTRAINT of a primary key an earlier migration created cancels its index; of any other constraint, nothing', async () => {
    // langfuse 20241106122605_add_media_tables, then 20250519093328_media_relax_id_uniqueness_to_project_only.
    const parsed = await parse(
      'CREATE TABLE "media" ("id" TEXT NOT NULL, "project_id" TEXT NOT NULL, CONSTRAINT "media_pkey" PRIMARY KEY ("id"));',
      'ALTER TABLE "media" DROP CONSTRAINT "media_pkey";\nALTER TABLE "media" DROP CONSTRAINT "media_project_fkey";\nCREATE UNIQUE INDEX "media_id_project_id_key" ON "media"("id", "project_id");',
    );
    const ledger = ledgerOf(['0000', 'applied'], ['0001', 'applied']);
    const live = tables({ media: ['id', 'project_id'] });
    expect(compareLedgerEffects(ledger, parsed, live, catalog({ media_id_project_id_key: 'media' })).findings).toEqual([]);
    // The key still there although the second migration dropped it: that migration's effect is missing.
    const still = compareLedgerEffects(ledger, parsed, live, catalog({ media_pkey: 'media', media_id_project_id_key: 'media' })).findings;
    expect(still.map((f) => [f.kind, f.migration, f.actual])).toEqual([['ledger-effects-missing', '0001', 'index "media_pkey" still there (line 1)']]);
  });

  it('a temporary table is no effect, and statements on it name the temporary table, not a public one', async () => {
    // langfuse 20260821121500_backfill_evaluator_v2: a TEMP table ON COMMIT DROP and an unnamed index on it.
    const backfill =
      'BEGIN;\nCREATE TEMP TABLE "group_map" ON COMMIT DROP AS SELECT 1 AS "job_id";\nCREATE UNIQUE INDEX ON "group_map" ("job_id");\nCREATE TEMPORARY TABLE scratch (a int);\nDROP TABLE scratch;\nCOMMIT;';
    const parsed = await parse('CREATE TABLE "a" (id int);', backfill);
    expect(parsed[1]!.effects).toEqual([]);
    expect(compareLedgerEffects(ledgerOf(['0000', 'applied'], ['0001', 'applied']), parsed, tables({ a: ['id'] }), catalog({})).findings).toEqual([]);
    // Pending twice in a row (a file of its own each time): no 42P01 on the index, no 42P07 on the second CREATE.
    const twice = await parse('CREATE TABLE "a" (id int);', backfill, backfill.replace('"a"', '"b"'));
    const pending = compareLedgerEffects(
      ledgerOf(['0000', 'applied'], ['0001', 'not-applied'], ['0002', 'not-applied']),
      twice,
      tables({ a: ['id'] }),
      catalog({}),
    );
    expect(pending.findings).toEqual([]);
    // A public table of the same name is another relation: dropping it is still judged.
    const other = await parse('CREATE TEMP TABLE t (a int);\nDROP TABLE public.t;');
    const r = replayMigrations(replaySchemaOf(new Map(), catalog({})), [{ name: 'x', file: 'x.sql', steps: other[0]!.steps }]);
    expect(r.failure && [r.failure.sqlstate, r.failure.reason]).toEqual(['42P01', 'table "t" does not exist']);
  });
});

describe('replayMigrations: pending migrations in order over a schema', () => {
  it('returns the resulting schema, or the first statement PostgreSQL would reject; the start is left as it was', async () => {
    const [m1, m2] = await parse(
      'ALTER TABLE "a" RENAME TO "b";\nALTER TABLE "b" ADD COLUMN "c" int;\nCREATE TABLE "d" ("id" int PRIMARY KEY, "e" text UNIQUE);',
      'CREATE INDEX "b_c_idx" ON "b" ("c");\nDROP TABLE "a";',
    );
    const start = replaySchemaOf(tables({ a: ['id'] }), catalog({}));
    const ok = replayMigrations(start, [{ name: '0001', file: 'db/0001.sql', steps: m1!.steps }]);
    expect(ok.failure).toBeUndefined();
    expect(ok.undecided).toEqual([]);
    expect([tableState(ok.schema, 'public', 'a'), tableState(ok.schema, 'public', 'b'), columnState(ok.schema, 'public', 'b', 'c')]).toEqual([
      false,
      true,
      true,
    ]);
    // Unnamed constraints get PostgreSQL's names.
    expect([indexState(ok.schema, 'public', 'd_pkey'), indexState(ok.schema, 'public', 'd_e_key')]).toEqual([true, true]);
    expect(tableState(start, 'public', 'a')).toBe(true);
    const bad = replayMigrations(start, [
      { name: '0001', file: 'db/0001.sql', steps: m1!.steps },
      { name: '0002', file: 'db/0002.sql', steps: m2!.steps },
    ]);
    expect(bad.failure).toEqual({ migration: 1, name: '0002', file: 'db/0002.sql', line: 2, column: 1, sqlstate: '42P01', reason: 'table "a" does not exist' });
    expect(indexState(bad.schema, 'public', 'b_c_idx')).toBe(true);
  });

  it("names objects as PostgreSQL's makeObjectName does: the longer part truncated first to 63 bytes", () => {
    expect(makeObjectName('users', 'email', 'key')).toBe('users_email_key');
    expect(makeObjectName('t'.repeat(40), 'c'.repeat(40), 'key')).toBe(`${'t'.repeat(29)}_${'c'.repeat(29)}_key`);
    expect(Buffer.byteLength(makeObjectName('é'.repeat(40), undefined, 'pkey'))).toBeLessThanOrEqual(63);
  });
});

describe('applied migrations and DO blocks (Kaneo, dittofeed: issue 18)', () => {
  it('a later DO block that renames a column: what it may have changed is not judged (a note), the rest still is', async () => {
    const parsed = await parse(
      'CREATE TABLE "task" ("id" text PRIMARY KEY, "project_id" text);\nCREATE TABLE "label" ("id" text PRIMARY KEY, "name" text);',
      `DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'task' AND column_name = 'project_id') THEN ALTER TABLE "task" RENAME COLUMN "project_id" TO "workspace_id"; END IF; END $$;`,
    );
    const ledger = ledgerOf(['0000', 'applied'], ['0001', 'applied']);
    // The database as the DO block left it: task.project_id renamed; label lost its column by hand.
    const r = compareLedgerEffects(
      ledger,
      parsed,
      tables({ task: ['id', 'workspace_id'], label: ['id'] }),
      catalog({ task_pkey: 'task', label_pkey: 'label' }),
    );
    expect(r.findings.map((f) => [f.kind, f.migration, f.actual])).toEqual([['ledger-effects-missing', '0000', 'column "label"."name" missing (line 2)']]);
    expect(r.notes).toEqual([
      expect.stringMatching(
        /^db\/0001\.sql:1 is a statement PostgreSQL's parser cannot see into; 3 objects the applied migrations made before it were not checked/,
      ),
    ]);
  });

  it('a DO block that only adds a foreign key or an index hides nothing; one that runs EXECUTE hides everything before it', async () => {
    const fk = `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'a_b_fkey') THEN ALTER TABLE "a" ADD CONSTRAINT "a_b_fkey" FOREIGN KEY ("b") REFERENCES "b"("id"); END IF; END $$;\nDO $$ BEGIN CREATE INDEX IF NOT EXISTS "a_b_idx" ON "a" ("b"); END $$;`;
    const dynamic = `DO $$ BEGIN EXECUTE 'ALTER TABLE a RENAME COLUMN b TO c'; END $$;`;
    const base = 'CREATE TABLE "a" ("id" text PRIMARY KEY, "b" text);';
    const live = tables({ a: ['id'] });
    const seen = compareLedgerEffects(ledgerOf(['0000', 'applied'], ['0001', 'applied']), await parse(base, fk), live, catalog({ a_pkey: 'a', a_b_idx: 'a' }));
    expect(seen.findings.map((f) => f.actual)).toEqual(['column "a"."b" missing (line 1)']);
    const hidden = compareLedgerEffects(ledgerOf(['0000', 'applied'], ['0001', 'applied']), await parse(base, dynamic), live, catalog({ a_pkey: 'a' }));
    expect(hidden.findings).toEqual([]);
    expect(hidden.notes).toHaveLength(1);
  });
});
