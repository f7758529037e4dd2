/**
 * Walks an error's `cause` chain and returns the first SQLSTATE found
 * (a 5-character `code` as node-postgres sets it, e.g. `42703`). Drizzle ≥ 0.44
 * wraps driver errors in `DrizzleQueryError` with the driver error in `cause`;
 * Prisma driver adapters put it in `cause.originalCode` or `meta.driverAdapterError.cause.originalCode`.
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
