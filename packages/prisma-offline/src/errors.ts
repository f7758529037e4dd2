/**
 * The SQLSTATE of a PostgreSQL error that reached the app through Prisma Client 6.19.3 over
 * @prisma/adapter-pg 7.10.1, and the driver adapter's name for it (its error "kind").
 *
 * How the pair hands a database error on (read in adapter-pg's `convertDriverError` /
 * `mapDriverError` and in the client runtime's `rethrowAsUserFacing` / `getErrorCode`, and
 * observed on a real server by test/adapter-errors.test.ts):
 * - adapter-pg throws a `DriverAdapterError` whose `cause` is
 *   `{ kind, originalCode: <SQLSTATE>, originalMessage, …fields of the kind }`;
 * - a kind the client knows becomes `PrismaClientKnownRequestError` with a Prisma code (P2002,
 *   P2022 …) and `meta.driverAdapterError` = that `DriverAdapterError`; a raw query
 *   (`$queryRaw`, `$executeRaw`) is always P2010, with the same `meta.driverAdapterError`;
 * - the generic kind `postgres` (a SQLSTATE without a kind of its own, e.g. 23514) is not
 *   converted: the `DriverAdapterError` itself reaches the app;
 * - a kind the 6.19.3 client does not know ({@link KINDS_THE_CLIENT_DROPS}) makes the client
 *   throw `new Error('Unknown error: [object Object]')`, with no code, no cause and no meta: the
 *   SQLSTATE is gone. `createPgAdapter` (adapter.ts) therefore hands those on as the `postgres` kind.
 */

/** What {@link driverAdapterErrorOf} recovers. */
export interface DriverAdapterErrorInfo {
  /** The PostgreSQL SQLSTATE (5 characters, e.g. `22P02`). */
  sqlstate: string;
  /**
   * The driver adapter's kind for it as @prisma/adapter-pg 7.10.1 maps the SQLSTATE, e.g.
   * `InvalidInputValue`; `postgres` for a SQLSTATE it has no kind for.
   */
  kind: string;
  /** PostgreSQL's message (`originalMessage`). */
  message: string;
  /** The Prisma error code when the client turned it into a `PrismaClientKnownRequestError` (e.g. `P2002`). */
  prismaCode?: string;
}

/**
 * The kinds @prisma/adapter-pg 7.10.1 gives a SQLSTATE (its `mapDriverError`); SQLSTATEs not
 * listed get the generic kind `postgres`.
 */
export const ADAPTER_PG_KINDS: Readonly<Record<string, string>> = {
  '22001': 'LengthMismatch',
  '22003': 'ValueOutOfRange',
  '22P02': 'InvalidInputValue',
  '23505': 'UniqueConstraintViolation',
  '23502': 'NullConstraintViolation',
  '23503': 'ForeignKeyConstraintViolation',
  '23001': 'RestrictViolation',
  '3D000': 'DatabaseDoesNotExist',
  '28000': 'DatabaseAccessDenied',
  '28P01': 'AuthenticationFailed',
  '40001': 'TransactionWriteConflict',
  '40P01': 'TransactionWriteConflict',
  '42P01': 'TableDoesNotExist',
  '42703': 'ColumnNotFound',
  '42P04': 'DatabaseAlreadyExists',
  '53300': 'TooManyConnections',
};

/**
 * The kinds adapter-pg 7.10.1 throws that @prisma/client 6.19.3 has no case for in its
 * `getErrorCode` (client-engine-runtime's user-facing-error.ts): the client replaces such an
 * error by `Error('Unknown error: [object Object]')` (its `assertNever` on the kind).
 */
export const KINDS_THE_CLIENT_DROPS: readonly string[] = ['InvalidInputValue', 'RestrictViolation'];

/** The `cause` of a `DriverAdapterError` from adapter-pg, when it came from a PostgreSQL error. */
interface AdapterCause {
  kind: string;
  originalCode?: string;
  originalMessage?: string;
}

/** A `DriverAdapterError` (@prisma/driver-adapter-utils' own test: `name` and an object `cause`). */
function adapterCauseOf(e: unknown): AdapterCause | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const o = e as { name?: unknown; cause?: unknown };
  if (o.name !== 'DriverAdapterError' || !o.cause || typeof o.cause !== 'object') return undefined;
  const cause = o.cause as Record<string, unknown>;
  return typeof cause.kind === 'string' ? (cause as unknown as AdapterCause) : undefined;
}

/**
 * Recovers the SQLSTATE and the driver adapter's kind from an error Prisma Client 6.19.3 (JS
 * engine over @prisma/adapter-pg 7.10.1) threw, or from a `DriverAdapterError` the adapter threw
 * itself (e.g. `executeScript`). It reads, in this order:
 * - `meta.driverAdapterError.cause` of a `PrismaClientKnownRequestError` (every kind the client
 *   knows, and every raw query error: P2010);
 * - `cause` of a `DriverAdapterError` (the generic `postgres` kind, which the client passes on
 *   unchanged, and the kinds the client drops once `createPgAdapter` has handed them on as
 *   `postgres`).
 *
 * The kind is the adapter's own for the SQLSTATE ({@link ADAPTER_PG_KINDS}), so an error handed
 * on as `postgres` still says `InvalidInputValue`.
 *
 * @param err anything caught
 * @returns the SQLSTATE, kind, message and Prisma code; `undefined` when the error holds none —
 *   in particular the `Error('Unknown error: [object Object]')` the client throws for
 *   {@link KINDS_THE_CLIENT_DROPS} over the stock `PrismaPg` adapter, which keeps no trace of it
 */
export function driverAdapterErrorOf(err: unknown): DriverAdapterErrorInfo | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const o = err as { code?: unknown; meta?: { driverAdapterError?: unknown } };
  const fromMeta = adapterCauseOf(o.meta?.driverAdapterError);
  const cause = fromMeta ?? adapterCauseOf(err);
  const sqlstate = cause?.originalCode;
  if (!cause || typeof sqlstate !== 'string' || !/^[0-9A-Z]{5}$/.test(sqlstate)) return undefined;
  const prismaCode = fromMeta && typeof o.code === 'string' ? o.code : undefined;
  return {
    sqlstate,
    kind: ADAPTER_PG_KINDS[sqlstate] ?? cause.kind,
    message: cause.originalMessage ?? '',
    ...(prismaCode ? { prismaCode } : {}),
  };
}

/** A node-postgres `DatabaseError`: the fields adapter-pg's `isDriverError` requires. */
interface PgDatabaseError {
  code: string;
  message: string;
  severity: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function isPgDatabaseError(e: unknown): e is PgDatabaseError {
  const o = e as Partial<PgDatabaseError> | null;
  return !!o && typeof o.code === 'string' && typeof o.message === 'string' && typeof o.severity === 'string';
}

/**
 * When `thrown` is a `DriverAdapterError` of a kind Prisma Client 6.19.3 drops
 * ({@link KINDS_THE_CLIENT_DROPS}), replaces its `cause` by the one adapter-pg 7.10.1 gives a
 * SQLSTATE without a kind of its own (`mapDriverError`'s default: `{ kind: 'postgres', code,
 * severity, message, detail, column, hint }`, plus `originalCode` / `originalMessage`), built from
 * the node-postgres error, and its message by PostgreSQL's. The client passes that kind on
 * unchanged, so the app gets this `DriverAdapterError` instead of `Unknown error: [object Object]`.
 *
 * @param thrown what the adapter's `onError` threw
 * @param driverError the node-postgres error it was converting
 * @returns `thrown`, changed in place when it was such an error
 */
export function handOnAsPostgresKind(thrown: unknown, driverError: unknown): unknown {
  const cause = adapterCauseOf(thrown);
  if (!cause || !KINDS_THE_CLIENT_DROPS.includes(cause.kind) || !isPgDatabaseError(driverError)) return thrown;
  const e = thrown as Error & { cause: unknown };
  e.cause = {
    originalCode: driverError.code,
    originalMessage: driverError.message,
    kind: 'postgres',
    code: driverError.code,
    severity: driverError.severity,
    message: driverError.message,
    detail: driverError.detail,
    column: driverError.column,
    hint: driverError.hint,
  };
  e.message = driverError.message;
  return e;
}
