/**
 * Which PostgreSQL errors keep their SQLSTATE on the way through Prisma Client 6.19.3 over
 * @prisma/adapter-pg 7.10.1, observed on a real server: each row provokes one SQLSTATE through
 * the client of test/fixtures/adapter-errors (whose database drifts from its schema on purpose),
 * once over the stock `PrismaPg` and once over `createPgAdapter`, and records what the app gets.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTER_PG_KINDS, KINDS_THE_CLIENT_DROPS, createPgAdapter, driverAdapterErrorOf, runPrismaCli } from '../src/index.js';
import { withPostgres } from './postgres.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'adapter-errors');
const PACKAGE_DIR = path.join(import.meta.dirname, '..');

/** The database as it stands, drifted from the fixture's schema.prisma (see the comment there). */
const DATABASE = `
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TABLE "Account" (
  "id" INTEGER PRIMARY KEY,
  "email" TEXT NOT NULL UNIQUE CHECK ("email" <> 'blocked@example.com'),
  "name" TEXT NOT NULL,
  "role" "Role" NOT NULL DEFAULT 'USER',
  "code" VARCHAR(3),
  "score" SMALLINT
);
CREATE TABLE "Post" ("id" INTEGER PRIMARY KEY, "accountId" INTEGER NOT NULL REFERENCES "Account"("id"));
-- 23001 restrict_violation: PostgreSQL's own ON DELETE RESTRICT reports 23503, so a trigger raises it.
CREATE FUNCTION "keep_posts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'posts are kept' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "Post_keep" BEFORE DELETE ON "Post" FOR EACH ROW EXECUTE FUNCTION "keep_posts"();
INSERT INTO "Account" ("id", "email", "name") VALUES (1, 'a@example.com', 'A');
INSERT INTO "Post" VALUES (1, 1);
`;

/** The part of the generated client the cases use. */
interface Delegate {
  create(args: unknown): Promise<unknown>;
  update(args: unknown): Promise<unknown>;
  findMany(args?: unknown): Promise<unknown>;
  deleteMany(args?: unknown): Promise<unknown>;
}
interface Client {
  account: Delegate;
  post: Delegate;
  ghost: Delegate;
  $transaction<T>(fn: (tx: Client) => Promise<T>): Promise<T>;
  $executeRawUnsafe(sql: string): Promise<number>;
  $disconnect(): Promise<void>;
}

const id = { select: { id: true } };

/** Each case: the SQLSTATE it provokes, how, and the query. */
const CASES: [sqlstate: string, how: string, run: (db: Client) => Promise<unknown>][] = [
  [
    '22P02',
    'create with an enum value the database lacks',
    (db) => db.account.create({ data: { id: 2, email: 'b@example.com', name: 'B', role: 'OWNER' }, ...id }),
  ],
  [
    '22P02',
    'the same update in an interactive transaction',
    (db) => db.$transaction((tx) => tx.account.update({ where: { id: 1 }, data: { role: 'OWNER' }, ...id })),
  ],
  [
    '22P02',
    'the same value in $executeRaw',
    (db) => db.$executeRawUnsafe(`INSERT INTO "Account" ("id", "email", "name", "role") VALUES (3, 'c@example.com', 'C', 'OWNER')`),
  ],
  ['23502', 'create without a name the database requires', (db) => db.account.create({ data: { id: 4, email: 'd@example.com' }, ...id })],
  ['23505', 'create with a taken email', (db) => db.account.create({ data: { id: 5, email: 'a@example.com', name: 'E' }, ...id })],
  ['23503', 'create a post of a missing account', (db) => db.post.create({ data: { id: 2, accountId: 999 } })],
  ['23001', 'delete a post (a trigger restricts it)', (db) => db.post.deleteMany({})],
  ['42703', 'read a column the database lacks', (db) => db.account.findMany()],
  ['42P01', 'read a table the database lacks', (db) => db.ghost.findMany()],
  ['22001', 'a value too long for VARCHAR(3)', (db) => db.account.create({ data: { id: 6, email: 'f@example.com', name: 'F', code: 'toolong' }, ...id })],
  ['22003', 'a value out of SMALLINT range', (db) => db.account.create({ data: { id: 7, email: 'g@example.com', name: 'G', score: 100_000 }, ...id })],
  ['23514', 'a CHECK violation (no kind of its own)', (db) => db.account.create({ data: { id: 8, email: 'blocked@example.com', name: 'H' }, ...id })],
];

/**
 * What the app gets, in one cell: the error's class, its Prisma code if any, and the SQLSTATE
 * `driverAdapterErrorOf` recovers from it (a plain `Error` also shows its message).
 */
function cell(err: unknown): string {
  const e = err as Error & { code?: unknown };
  const info = driverAdapterErrorOf(err);
  const cls = e.constructor.name;
  return `${cls}${typeof e.code === 'string' ? ` ${e.code}` : ''}${cls === 'Error' ? ` "${e.message}"` : ''} → ${info ? `${info.sqlstate} ${info.kind}` : 'no SQLSTATE'}`;
}

/**
 * The table, as observed (each row: SQLSTATE, how, the kind adapter-pg threw, what the app gets
 * over the stock PrismaPg, what it gets over createPgAdapter). Kinds the client knows keep their
 * SQLSTATE in `meta.driverAdapterError` of a PrismaClientKnownRequestError; raw queries are P2010
 * with the same meta; the generic `postgres` kind reaches the app as the DriverAdapterError
 * itself; InvalidInputValue and RestrictViolation are lost over the stock adapter and need
 * createPgAdapter's hand-on.
 */
const OBSERVED: [string, string, string, string, string][] = [
  [
    '22P02',
    'create with an enum value the database lacks',
    'InvalidInputValue',
    'Error "Unknown error: [object Object]" → no SQLSTATE',
    'DriverAdapterError → 22P02 InvalidInputValue',
  ],
  [
    '22P02',
    'the same update in an interactive transaction',
    'InvalidInputValue',
    'Error "Unknown error: [object Object]" → no SQLSTATE',
    'DriverAdapterError → 22P02 InvalidInputValue',
  ],
  [
    '22P02',
    'the same value in $executeRaw',
    'InvalidInputValue',
    'PrismaClientKnownRequestError P2010 → 22P02 InvalidInputValue',
    'PrismaClientKnownRequestError P2010 → 22P02 InvalidInputValue',
  ],
  [
    '23502',
    'create without a name the database requires',
    'NullConstraintViolation',
    'PrismaClientKnownRequestError P2011 → 23502 NullConstraintViolation',
    'PrismaClientKnownRequestError P2011 → 23502 NullConstraintViolation',
  ],
  [
    '23505',
    'create with a taken email',
    'UniqueConstraintViolation',
    'PrismaClientKnownRequestError P2002 → 23505 UniqueConstraintViolation',
    'PrismaClientKnownRequestError P2002 → 23505 UniqueConstraintViolation',
  ],
  [
    '23503',
    'create a post of a missing account',
    'ForeignKeyConstraintViolation',
    'PrismaClientKnownRequestError P2003 → 23503 ForeignKeyConstraintViolation',
    'PrismaClientKnownRequestError P2003 → 23503 ForeignKeyConstraintViolation',
  ],
  [
    '23001',
    'delete a post (a trigger restricts it)',
    'RestrictViolation',
    'Error "Unknown error: [object Object]" → no SQLSTATE',
    'DriverAdapterError → 23001 RestrictViolation',
  ],
  [
    '42703',
    'read a column the database lacks',
    'ColumnNotFound',
    'PrismaClientKnownRequestError P2022 → 42703 ColumnNotFound',
    'PrismaClientKnownRequestError P2022 → 42703 ColumnNotFound',
  ],
  [
    '42P01',
    'read a table the database lacks',
    'TableDoesNotExist',
    'PrismaClientKnownRequestError P2021 → 42P01 TableDoesNotExist',
    'PrismaClientKnownRequestError P2021 → 42P01 TableDoesNotExist',
  ],
  [
    '22001',
    'a value too long for VARCHAR(3)',
    'LengthMismatch',
    'PrismaClientKnownRequestError P2000 → 22001 LengthMismatch',
    'PrismaClientKnownRequestError P2000 → 22001 LengthMismatch',
  ],
  [
    '22003',
    'a value out of SMALLINT range',
    'ValueOutOfRange',
    'PrismaClientKnownRequestError P2020 → 22003 ValueOutOfRange',
    'PrismaClientKnownRequestError P2020 → 22003 ValueOutOfRange',
  ],
  ['23514', 'a CHECK violation (no kind of its own)', 'postgres', 'DriverAdapterError → 23514 postgres', 'DriverAdapterError → 23514 postgres'],
];

type Connected = Awaited<ReturnType<PrismaPg['connect']>>;

/** The stock adapter, recording the kind of every DriverAdapterError it throws (from its queries and its transactions'). */
class KindRecordingPg extends PrismaPg {
  readonly kinds: string[] = [];
  override async connect(): Promise<Connected> {
    const adapter = this.record(await super.connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<Connected['startTransaction']>) => this.record(await startTransaction(...args));
    return adapter;
  }

  private record<T extends object>(queryable: T): T {
    const q = queryable as unknown as { onError(e: unknown): never };
    const onError: (e: unknown) => never = q.onError.bind(queryable);
    q.onError = (e: unknown): never => {
      try {
        onError(e);
      } catch (thrown) {
        this.kinds.push((thrown as { cause?: { kind?: string } }).cause?.kind ?? '?');
        throw thrown;
      }
    };
    return queryable;
  }
}

describe('SQLSTATEs through Prisma Client 6.19.3 over adapter-pg 7.10.1', () => {
  const postgres = withPostgres();
  let PrismaClient: new (options: { adapter: unknown }) => Client;

  beforeAll(async () => {
    // The fixture's client, generated as an app's postinstall would (git-ignored, removed after).
    const res = await runPrismaCli(PACKAGE_DIR, ['generate', '--schema', path.join(FIXTURE, 'prisma', 'schema.prisma')], { warm: false });
    if (res.exitCode !== 0) throw new Error(`prisma generate failed (exit ${res.exitCode}):\n${res.output}`);
    PrismaClient = createRequire(import.meta.url)(path.join(FIXTURE, 'generated', 'client', 'index.js')).PrismaClient;
  });
  afterAll(() => fs.rmSync(path.join(FIXTURE, 'generated'), { recursive: true, force: true }));

  /** Runs every case on a database of its own; for each, the error the app got (or `undefined`). */
  async function provoke(name: string, adapter: (url: string) => unknown): Promise<unknown[]> {
    const db = await postgres.databases().create(name);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(DATABASE);
    } finally {
      await c.end();
    }
    const client = new PrismaClient({ adapter: adapter(db.url) });
    try {
      const errors: unknown[] = [];
      for (const [, , run] of CASES)
        errors.push(
          await run(client).then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
      return errors;
    } finally {
      await client.$disconnect();
    }
  }

  it('keeps the SQLSTATE of every kind over createPgAdapter; over the stock adapter the client drops InvalidInputValue and RestrictViolation', async () => {
    let stock: KindRecordingPg | undefined;
    const stockErrors = await provoke('errors_stock', (url) => {
      stock = new KindRecordingPg({ connectionString: url, allowExitOnIdle: true });
      return stock;
    });
    const offlineErrors = await provoke('errors_offline', (url) => createPgAdapter(url));

    const kinds = stock?.kinds ?? [];
    expect(kinds).toHaveLength(CASES.length);
    const observed = CASES.map(([sqlstate, how], i) => [sqlstate, how, kinds[i], cell(stockErrors[i]), cell(offlineErrors[i])]);
    expect(observed).toEqual(OBSERVED);

    // The rows the stock pair loses are exactly the kinds the 6.19.3 client has no case for,
    // and the kind the adapter threw is the one ADAPTER_PG_KINDS names for the SQLSTATE.
    expect(new Set(OBSERVED.filter((r) => r[3].endsWith('no SQLSTATE')).map((r) => r[2]))).toEqual(new Set(KINDS_THE_CLIENT_DROPS));
    for (const [sqlstate, , kind] of OBSERVED) expect(ADAPTER_PG_KINDS[sqlstate] ?? 'postgres', sqlstate).toBe(kind);

    // What the app gets instead of "Unknown error: [object Object]": PostgreSQL's message, and the
    // SQLSTATE where a cause-chain reader finds it (`cause.originalCode`, `cause.code`).
    expect(offlineErrors[0]).toMatchObject({
      name: 'DriverAdapterError',
      message: 'invalid input value for enum "Role": "OWNER"',
      cause: { kind: 'postgres', originalCode: '22P02', code: '22P02', severity: 'ERROR' },
    });
    expect(driverAdapterErrorOf(offlineErrors[0])).toEqual({
      sqlstate: '22P02',
      kind: 'InvalidInputValue',
      message: 'invalid input value for enum "Role": "OWNER"',
    });
    expect(driverAdapterErrorOf(offlineErrors[3])).toMatchObject({ sqlstate: '23502', prismaCode: 'P2011' });
  });
});

describe('driverAdapterErrorOf', () => {
  it('finds nothing in what is not a driver adapter error', () => {
    for (const v of [
      undefined,
      null,
      'x',
      new Error('Unknown error: [object Object]'),
      { code: 'P2022', meta: {} },
      { name: 'DriverAdapterError', cause: 'x' },
    ]) {
      expect(driverAdapterErrorOf(v)).toBeUndefined();
    }
  });
});
