import crypto from 'node:crypto';
import pg from 'pg';
import { HarnessError } from './errors.js';
import { registerCleanup } from './cleanup.js';
import type { ServerInfo } from './server.js';
import { urlForDatabase } from './server.js';
import { databaseOwnerComment, ownerRecord } from './leftovers.js';
import type { ProcessIdentity } from './processes.js';

/** Every database the harness creates starts with this. */
export const DATABASE_PREFIX = 'ir_';

/**
 * The run id of worker `n` of the run `runId` (`<runId>w<n>`): its databases start with
 * `ir_<runId>w<n>_`, which {@link Databases.dropLeftovers} of the run `runId` also matches, so the
 * command that started the workers can sweep what any of them left.
 *
 * @param n the worker's number, a whole number ≥ 1
 */
export function workerRunId(runId: string, n: number): string {
  return `${runId}w${n}`;
}

/** A database this run created; `url` connects to it as the admin role. */
export interface TestDatabase {
  /** The database name: `ir_<runId>_<label>_<n>`. */
  name: string;
  /** Connection URL to this database. */
  url: string;
  /** Milliseconds the CREATE DATABASE took. */
  createdInMs: number;
  /** Drops it (terminating its connections first). Idempotent. */
  drop(): Promise<void>;
}

/**
 * Creates and drops the throwaway databases of one run on one server, and
 * only those: every name carries this run's id, is remembered, and `drop`
 * refuses any name it did not create. Template databases make a fresh copy
 * of a prepared schema in tens of milliseconds (`CREATE DATABASE … TEMPLATE …`)
 * instead of replaying migrations each time.
 */
export class Databases {
  /** Random per run, so two runs against one server never touch each other's databases. */
  readonly runId: string;
  private readonly created = new Map<string, () => Promise<void>>();
  private counter = 0;

  /**
   * @param server the server to work on (from `startPostgres` or vitest `inject`)
   * @param runId reuse a run id (workers of one vitest run share the one from globalSetup); default random
   * @param options.root the process that started the run, when this is a worker of it (the replay
   *   command for its pool workers): written into each database's owner record (see leftovers.ts)
   */
  constructor(
    readonly server: ServerInfo,
    runId: string = crypto.randomBytes(3).toString('hex'),
    private readonly options: { root?: ProcessIdentity } = {},
  ) {
    if (!/^[a-z0-9]{1,12}$/.test(runId)) throw new HarnessError(`run id "${runId}" is not 1–12 of [a-z0-9]`, 'Pass a short lowercase id, or none.');
    this.runId = runId;
  }

  /** The name prefix of every database this run creates. */
  get prefix(): string {
    return `${DATABASE_PREFIX}${this.runId}_`;
  }

  /**
   * Whether `name` is a database of this run or of one of its workers ({@link workerRunId}):
   * `ir_<runId>_…` or `ir_<runId>w<n>_…` (also workers of workers).
   */
  owns(name: string): boolean {
    return name.startsWith(this.prefix) || new RegExp(`^${DATABASE_PREFIX}${this.runId}(w[0-9]+)+_`).test(name);
  }

  /**
   * Creates an empty database (or a copy of `template`).
   *
   * @param label short `[a-z0-9_]` label that becomes part of the name
   * @param template name of a database this run created, to clone
   * @throws HarnessError for a bad label or a template this run did not create
   */
  async create(label: string, template?: string): Promise<TestDatabase> {
    const clean = label
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 30);
    const name = `${this.prefix}${clean}_${++this.counter}`;
    if (template !== undefined && !this.created.has(template)) {
      throw new HarnessError(`template "${template}" was not created by this run`, 'Clone only databases made with createTemplate() in the same run.');
    }
    const started = performance.now();
    await this.admin(async (c) => {
      await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`);
      // The owner record a later run reads should this process die before dropping it (see leftovers.ts).
      await c.query(
        `COMMENT ON DATABASE ${pg.escapeIdentifier(name)} IS ${pg.escapeLiteral(databaseOwnerComment(ownerRecord(this.runId, this.options.root)))}`,
      );
    });
    const createdInMs = performance.now() - started;
    const unregister = registerCleanup(`database ${name}`, () => this.dropByName(name));
    const drop = async () => {
      if (!this.created.has(name)) return;
      this.created.delete(name);
      await unregister();
    };
    this.created.set(name, drop);
    return { name, url: urlForDatabase(this.server.adminUrl, name), createdInMs, drop };
  }

  /**
   * Builds a template database once: creates it, runs `build(url)` on it
   * (migrations, seed rows), then marks it as a template so {@link clone}
   * can copy it. No connection may stay open to it, or cloning fails.
   *
   * @param label label for the template's name
   * @param build prepares the schema; must close its connections
   * @returns a function that makes a fresh copy per call
   */
  async createTemplate(label: string, build: (url: string) => Promise<void>): Promise<{ name: string; clone: (label: string) => Promise<TestDatabase> }> {
    const db = await this.create(`tpl_${label}`);
    await build(db.url);
    await this.admin((c) => c.query(`ALTER DATABASE ${pg.escapeIdentifier(db.name)} WITH ALLOW_CONNECTIONS false`));
    return { name: db.name, clone: (l) => this.create(l, db.name) };
  }

  /** Drops one database this run created; a name it did not create is ignored. */
  async drop(name: string): Promise<void> {
    await this.created.get(name)?.();
  }

  /** Drops every database this run created (newest first). */
  async dropAll(): Promise<void> {
    for (const drop of [...this.created.values()].reverse()) await drop();
  }

  /** Names of the databases this run created and has not dropped. */
  list(): string[] {
    return [...this.created.keys()];
  }

  /**
   * Drops what this run and its workers ({@link workerRunId}) left on the server (e.g. a worker that
   * was killed, or one interrupted while it dropped its own): the names in pg_database that
   * {@link owns} matches, and nothing else. A `CREATE DATABASE` of the run that is still in flight
   * (its client died, the server goes on) is waited for, up to 5 s, and its database dropped too.
   *
   * @returns the names dropped
   * @throws Error when the server cannot be reached
   */
  async dropLeftovers(): Promise<string[]> {
    const dropped: string[] = [];
    const pattern = `${DATABASE_PREFIX}${this.runId}`;
    for (const until = Date.now() + 5000; ; ) {
      const { names, creating } = await this.admin(async (c) => {
        const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [pattern]);
        const inFlight = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query ILIKE 'CREATE DATABASE%' AND strpos(query, $1) > 0`,
          [pattern],
        );
        return { names: dbs.rows.map((r) => r.datname).filter((n) => this.owns(n)), creating: inFlight.rows[0]!.n };
      });
      for (const n of names) {
        await this.dropByName(n);
        dropped.push(n);
      }
      if (creating === 0 || Date.now() >= until) return dropped;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async dropByName(name: string): Promise<void> {
    // Belt and braces: whatever the caller, never drop a name that is not this run's or its workers'.
    if (!this.owns(name)) throw new HarnessError(`refusing to drop "${name}": not created by run ${this.runId}`, 'The harness only drops its own databases.');
    await this.admin(async (c) => {
      await waitForSessionsToEnd(c, name, DROP_GRACE_MS);
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    });
  }

  // One admin connection, reused within a burst of CREATE/DROPs and closed
  // after 1 s idle; it never keeps the process alive.
  private pool: pg.Pool | undefined;

  private async admin<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!this.pool) {
      this.pool = new pg.Pool({
        connectionString: this.server.adminUrl,
        max: 1,
        idleTimeoutMillis: 1000,
        connectionTimeoutMillis: 10_000,
        allowExitOnIdle: true,
      });
      // An idle connection is cut when the server stops; that is expected, not a failure.
      this.pool.on('error', () => undefined);
    }
    const c = await this.pool.connect();
    // A checked-out client whose connection is cut between two queries (the
    // server stopping under a signal) emits 'error'; the query that follows
    // fails and says so, the event itself must not crash the process.
    const ignore = () => undefined;
    c.on('error', ignore);
    try {
      return await fn(c);
    } finally {
      c.off('error', ignore);
      c.release();
    }
  }

  /** Closes the admin connection now (it also closes by itself when idle). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}

/**
 * How long a drop waits for the database's sessions to end by themselves
 * before forcing them off (ms).
 */
const DROP_GRACE_MS = 2_000;

/**
 * Waits until no other session is connected to `name`, or `graceMs` passes.
 *
 * Why: node-postgres's `pool.end()` resolves once it has *sent* Terminate to
 * its idle clients, not once their backends have exited. `DROP DATABASE …
 * WITH (FORCE)` right after it signals those backends, which then answer the
 * closing client with FATAL 57P01 ("terminating connection due to
 * administrator command"); a pool without an `error` listener rethrows that
 * and the app's process dies. Letting the sessions finish first avoids it.
 *
 * @param c an admin connection (not connected to `name`)
 * @param name the database
 * @param graceMs the longest wait, in milliseconds; after it the caller forces
 */
async function waitForSessionsToEnd(c: pg.PoolClient, name: string, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    if (rows[0]!.n === 0 || Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
