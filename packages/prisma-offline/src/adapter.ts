import { PrismaPg } from '@prisma/adapter-pg';
import { handOnAsPostgresKind } from './errors.js';

/**
 * What `createPgAdapter` returns: the `PrismaPg` driver adapter factory of
 * @prisma/adapter-pg 7.10.1, usable both by Prisma Client (`new PrismaClient({ adapter })`)
 * and by the Prisma CLI's JS schema engine (`adapter` in prisma.config.ts).
 */
export type OfflinePgAdapter = PrismaPg;

type ConnectedAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * Sends a migration script as ONE simple-protocol query, the way Prisma's
 * native schema engine does. PostgreSQL runs a multi-statement simple query
 * as one implicit transaction: a migration that fails leaves nothing behind,
 * `$$`-quoted function bodies and semicolons inside string literals survive.
 *
 * The stock `executeScript` of @prisma/adapter-pg 7.10.1 splits the file on
 * every `;` and runs the pieces one by one outside a transaction, so a
 * failing migration is left half-applied and PL/pgSQL bodies break.
 */
function sendScriptAsOneQuery(adapter: ConnectedAdapter): ConnectedAdapter {
  const driver = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
  // The adapter's own error conversion (DriverAdapterError with the SQLSTATE), as it was before
  // handOnDroppedKinds: the schema engine gets migration errors as the library converts them.
  const onError = (adapter as unknown as Queryable).onError.bind(adapter);
  adapter.executeScript = async (script: string): Promise<void> => {
    try {
      await driver.query(script);
    } catch (error) {
      onError(error);
    }
  };
  return adapter;
}

/** The adapter's (and each transaction's) error conversion: throws a `DriverAdapterError`. */
interface Queryable {
  onError(error: unknown): never;
}

/**
 * Makes the errors of the kinds Prisma Client 6.19.3 drops (`InvalidInputValue`,
 * `RestrictViolation`: it throws `Unknown error: [object Object]` for them, without the
 * SQLSTATE) reach the app as the generic `postgres` kind, which the client passes on unchanged
 * as the `DriverAdapterError` itself, with the SQLSTATE in `cause.originalCode` (see
 * errors.ts, `handOnAsPostgresKind`). Applies to the queries of the adapter and of every
 * transaction it starts.
 */
function handOnDroppedKinds<T extends object>(queryable: T): T {
  const q = queryable as unknown as Queryable;
  const onError: (error: unknown) => never = q.onError.bind(queryable);
  q.onError = (error: unknown): never => {
    try {
      onError(error);
    } catch (thrown) {
      throw handOnAsPostgresKind(thrown, error);
    }
  };
  return queryable;
}

/** What every connection of {@link OneQueryMigrationsPg} gets (main and shadow database). */
function prepare(adapter: ConnectedAdapter): ConnectedAdapter {
  readCharColumnsAsText(sendScriptAsOneQuery(adapter));
  handOnDroppedKinds(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args: Parameters<ConnectedAdapter['startTransaction']>) => handOnDroppedKinds(await startTransaction(...args));
  return adapter;
}

/** PostgreSQL's one-byte internal type `"char"` (pg_class.relkind, pg_constraint.contype …). */
const PG_CHAR_OID = 18;
/** `text`. */
const PG_TEXT_OID = 25;

/**
 * Lets the wasm schema engine introspect (`prisma db pull`): its catalog
 * queries return `"char"` columns (OID 18), which @prisma/adapter-pg 7.10.1
 * rejects as an unsupported native type ("Column type 'char' could not be
 * deserialized"). node-postgres already gives them as one-character strings,
 * which is what the native engine reads, so they are reported as `text`.
 */
function readCharColumnsAsText(adapter: ConnectedAdapter): ConnectedAdapter {
  const io = adapter as unknown as { performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[] }> };
  const performIO = io.performIO.bind(adapter);
  io.performIO = async (query: unknown) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return adapter;
}

/**
 * `PrismaPg` whose connections (main and shadow database) run each migration
 * file as one query, read `"char"` columns as text and hand the error kinds
 * Prisma Client 6.19.3 drops on as `postgres`. Everything else is the library's
 * own behaviour.
 */
class OneQueryMigrationsPg extends PrismaPg {
  override async connect(): Promise<ConnectedAdapter> {
    return prepare(await super.connect());
  }

  override async connectToShadowDb(): Promise<ConnectedAdapter> {
    return prepare(await super.connectToShadowDb());
  }
}

/**
 * Creates the PostgreSQL driver adapter factory for Prisma 6.19 with
 * `engineType = "client"` (Prisma Client) and `engine: "js"` (Prisma CLI).
 *
 * The pool is created with `allowExitOnIdle: true` so a CLI process or a test
 * worker is not kept alive by idle connections.
 *
 * @param connectionString a `postgres://` / `postgresql://` URL
 * @returns a `PrismaPg` (adapter-pg 7.10.1) factory whose migration runner sends each
 *   migration file as one query instead of splitting it on `;`, and whose query errors of the
 *   kinds Prisma Client 6.19.3 cannot render (`InvalidInputValue` 22P02, `RestrictViolation`
 *   23001) reach the app as the `DriverAdapterError` of the generic `postgres` kind, with the
 *   SQLSTATE, instead of `Error('Unknown error: [object Object]')` (read it with
 *   `driverAdapterErrorOf`)
 * @throws Error when `connectionString` is missing or not a PostgreSQL URL
 */
export function createPgAdapter(connectionString: string | undefined): OfflinePgAdapter {
  if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new Error(
      `createPgAdapter needs a PostgreSQL connection URL (postgresql://user:pass@host:port/db), got ${connectionString === undefined ? 'undefined' : JSON.stringify(connectionString.replace(/:[^:@/]*@/, ':***@'))}. ` +
        'Set DATABASE_URL (the harness does it with env.setAppEnv or offlinePrismaEnv) before creating the Prisma client or running the CLI.',
    );
  }
  return new OneQueryMigrationsPg({ connectionString, allowExitOnIdle: true });
}

/**
 * The `adapter` function for a prisma.config.ts: reads `DATABASE_URL` when
 * the CLI asks for the adapter (not when the config file is loaded, so
 * `prisma generate` works without a database).
 *
 * @returns a promise of {@link createPgAdapter}(process.env.DATABASE_URL)
 * @throws Error (rejected promise) when DATABASE_URL is not set to a PostgreSQL URL
 */
export async function adapterFromDatabaseUrl(): Promise<OfflinePgAdapter> {
  return createPgAdapter(process.env.DATABASE_URL);
}
