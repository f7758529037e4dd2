/**
 * Walks an error's `cause` chain and returns the first SQLSTATE found
 * (a 5-character `code` as node-postgres sets it, e.g. `42703`). Drizzle ≥ 0.44
 * wraps driver errors in `DrizzleQueryError` with the driver error in `cause`.
 *
 * Prisma Client 6.19.3 over @prisma/adapter-pg 7.10.1 (observed on a real server by
 * packages/prisma-offline/test/adapter-errors.test.ts) hands a database error on in one of
 * three shapes:
 * - a kind the client knows (UniqueConstraintViolation, ColumnNotFound …): a
 *   `PrismaClientKnownRequestError` (P2002, P2022 …; any raw query: P2010) whose
 *   `meta.driverAdapterError` is the adapter's `DriverAdapterError`, SQLSTATE in its
 *   `cause.originalCode`; the error itself has no `cause`;
 * - a SQLSTATE without a kind of its own (the generic `postgres` kind, e.g. 23514): that
 *   `DriverAdapterError` itself, SQLSTATE in `cause.originalCode` and `cause.code`;
 * - a kind the client has no case for (InvalidInputValue 22P02, RestrictViolation 23001):
 *   `Error('Unknown error: [object Object]')` with no code, cause or meta — no SQLSTATE is
 *   left. prisma-offline's `createPgAdapter` hands these on as the second shape, so over it
 *   every SQLSTATE is found here (prisma-offline's `driverAdapterErrorOf` also names the kind).
 *
 * @returns the SQLSTATE, or `undefined` when none is in the chain
 */
export function sqlstateOf(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length) {
    const e = stack.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const o = e as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'sqlState', 'sqlstate']) {
      const v = o[key];
      if (typeof v === 'string' && /^[0-9A-Z]{5}$/.test(v) && !/^P\d{4}$/.test(v)) return v;
    }
    stack.push(o.cause, (o.meta as Record<string, unknown> | undefined)?.driverAdapterError);
  }
  return undefined;
}

/** The error's class name (`constructor.name`, else `name`, else `typeof`). */
export function errorClassOf(err: unknown): string {
  if (err && typeof err === 'object') return (err as object).constructor?.name ?? (err as Error).name ?? 'Object';
  return typeof err;
}

/** A check that did not hold. Thrown by step checks; the runner records it as `did-not-hold`. */
export class CheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}
