/**
 * @incident-replay/neon-http-proxy — a TEST DOUBLE for Neon's serverless
 * "SQL over HTTP" endpoint, for replays that cannot reach Neon's cloud.
 *
 * It speaks the protocol `@neondatabase/serverless` 1.2.0 uses for `neon()`
 * (read from that package's source, `execute` in index.mjs):
 *
 * - request: `POST /sql`, JSON body `{ query, params }` (or `{ queries: [...] }`
 *   for `sql.transaction`), the target database in the `Neon-Connection-String`
 *   header, `Neon-Array-Mode` / `Neon-Raw-Text-Output` flags, optional
 *   `Neon-Batch-Isolation-Level` / `-Read-Only` / `-Deferrable` for batches;
 * - success: 200 with `{ command, rowCount, rows, fields, rowAsArray }` where
 *   `fields[i]` carries `name`, `dataTypeID` etc. and values are Postgres text
 *   (the client parses them with its own type parsers); batches answer
 *   `{ results: [...] }`;
 * - a Postgres error: 400 with `{ message, code (the SQLSTATE), severity,
 *   detail, hint, position, … }`, which the client turns into `NeonDbError`;
 * - anything else: a non-400 status, which the client reports as
 *   `Server error (HTTP status N): <body>`.
 *
 * Behind it is a real PostgreSQL reached with node-postgres. It is not Neon:
 * no auth tokens, no connection caching semantics, no WebSocket endpoint.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/** A statement the double received (whether or not it ran). */
export interface ReceivedQuery {
  query: string;
  params: unknown[];
  /** The database name from the `Neon-Connection-String` header. */
  database: string;
  /** What the double did with it. */
  outcome: 'ok' | 'postgres-error' | 'refused-failing';
}

/**
 * How the double behaves:
 * - `up`: runs statements on the database named in `Neon-Connection-String`;
 * - `unreachable`: not listening at all (connections are refused, so `fetch`
 *   rejects with `TypeError: fetch failed`, as when Neon's host cannot be reached);
 * - `failing`: listening, but answers every request with the configured failure.
 */
export type NeonProxyMode = 'up' | 'unreachable' | 'failing';

/** The answer given in `failing` mode. Default: 503 with a plain-text body. */
export interface FailureAnswer {
  /** HTTP status; 400 makes the client read the body as a Postgres error. */
  status: number;
  /** For status 400: the error JSON (`message`, `code` = SQLSTATE, …); otherwise sent as text. */
  body: Record<string, unknown> | string;
}

/** A running double. */
export interface NeonHttpProxy {
  /** The URL to give `neonConfig.fetchEndpoint`, e.g. `http://127.0.0.1:40123/sql`. */
  readonly fetchEndpoint: string;
  readonly port: number;
  readonly mode: NeonProxyMode;
  /** Every statement received since start or the last {@link resetQueries}. */
  readonly queries: readonly ReceivedQuery[];
  /** Forgets the received statements (to count the ones one request causes). */
  resetQueries(): void;
  /**
   * Switches behaviour. Going to `unreachable` closes the listener and every
   * open connection; going back re-listens on the same port.
   *
   * @param failure the answer for `failing` (default 503 text)
   * @throws Error when the port cannot be listened on again
   */
  setMode(mode: NeonProxyMode, failure?: FailureAnswer): Promise<void>;
  /** Closes the listener and the pools. Idempotent. */
  stop(): Promise<void>;
}

/** Fields of a Postgres error that Neon copies into its 400 answer (same list the client reads). */
const PG_ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

/** Values stay Postgres text: the client parses them (Neon-Raw-Text-Output). */
const RAW_TEXT: pg.CustomTypesConfig = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

/**
 * Starts the double on 127.0.0.1.
 *
 * @param opts.port port to listen on (default: any free port)
 * @param opts.allowDatabase refuses (HTTP 403) connection strings whose database it rejects; default: any
 * @throws Error when the port cannot be listened on
 */
export async function startNeonHttpProxy(opts: { port?: number; allowDatabase?: (name: string) => boolean } = {}): Promise<NeonHttpProxy> {
  const pools = new Map<string, pg.Pool>();
  const queries: ReceivedQuery[] = [];
  let mode: NeonProxyMode = 'up';
  let failure: FailureAnswer = { status: 503, body: 'endpoint is failing (test double in failing mode)' };

  const poolFor = (connectionString: string): pg.Pool => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: 4, idleTimeoutMillis: 2000, types: RAW_TEXT });
      // A dropped database kills idle clients; that must not crash the host process.
      pool.on('error', () => {});
      pools.set(connectionString, pool);
    }
    return pool;
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: `test double internal error: ${(err as Error).message}` }));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/sql') return send(res, 404, { message: `no such endpoint ${url.pathname}; Neon's SQL-over-HTTP endpoint is POST /sql` });
    if (req.method !== 'POST') return send(res, 405, { message: 'use POST /sql' });
    const connectionString = header(req, 'neon-connection-string');
    if (!connectionString) return send(res, 400, { message: 'missing Neon-Connection-String header' });
    let database: string;
    try {
      database = decodeURIComponent(new URL(connectionString).pathname.slice(1));
    } catch {
      return send(res, 400, { message: 'Neon-Connection-String is not a URL' });
    }
    if (opts.allowDatabase && !opts.allowDatabase(database)) return send(res, 403, { message: `database "${database}" is not allowed by this test double` });
    let body: { query?: string; params?: unknown[]; queries?: { query: string; params?: unknown[] }[] };
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { message: 'request body is not JSON' });
    }
    const statements = body.queries ?? (body.query !== undefined ? [{ query: body.query, params: body.params }] : []);
    if (statements.length === 0) return send(res, 400, { message: 'body needs "query" (and "params") or "queries"' });
    const arrayMode = header(req, 'neon-array-mode') === 'true';

    if (mode === 'failing') {
      for (const s of statements) queries.push({ query: s.query, params: s.params ?? [], database, outcome: 'refused-failing' });
      return typeof failure.body === 'string' ? sendText(res, failure.status, failure.body) : send(res, failure.status, failure.body);
    }

    const client = await poolFor(connectionString).connect();
    const records = statements.map((s) => ({ query: s.query, params: s.params ?? [], database, outcome: 'ok' as ReceivedQuery['outcome'] }));
    queries.push(...records);
    try {
      if (body.queries) {
        const level = header(req, 'neon-batch-isolation-level');
        const readOnly = header(req, 'neon-batch-read-only') === 'true';
        const deferrable = header(req, 'neon-batch-deferrable') === 'true';
        await client.query(`BEGIN${level ? ` ISOLATION LEVEL ${isolation(level)}` : ''}${readOnly ? ' READ ONLY' : ''}${deferrable ? ' DEFERRABLE' : ''}`);
      }
      const results = [];
      for (const [i, s] of statements.entries()) {
        try {
          const r: pg.QueryResult = arrayMode
            ? await client.query({ text: s.query, values: s.params ?? [], rowMode: 'array' })
            : await client.query({ text: s.query, values: s.params ?? [] });
          results.push(resultJson(r, arrayMode));
        } catch (err) {
          records[i]!.outcome = 'postgres-error';
          if (body.queries) await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
      }
      if (body.queries) await client.query('COMMIT');
      return send(res, 200, body.queries ? { results } : results[0]!);
    } catch (err) {
      const e = err as Record<string, unknown>;
      if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
        const out: Record<string, unknown> = { message: e.message };
        for (const f of PG_ERROR_FIELDS) if (e[f] !== undefined) out[f] = e[f];
        return send(res, 400, out);
      }
      return send(res, 500, { message: String(e.message ?? err) });
    } finally {
      client.release();
    }
  }

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const port = await listen(opts.port ?? 0);
  let stopped = false;
  return {
    fetchEndpoint: `http://127.0.0.1:${port}/sql`,
    port,
    get mode() {
      return mode;
    },
    queries,
    resetQueries: () => void queries.splice(0),
    async setMode(next, answer) {
      if (stopped) throw new Error('the Neon HTTP test double was stopped; start a new one');
      if (answer) failure = answer;
      if (next === 'unreachable' && server.listening) await close();
      if (next !== 'unreachable' && !server.listening) await listen(port);
      mode = next;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await close();
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => {})));
      pools.clear();
    },
  };
}

function resultJson(r: pg.QueryResult, arrayMode: boolean) {
  return {
    command: r.command,
    rowCount: r.rowCount,
    rows: r.rows,
    fields: r.fields.map((f) => ({
      name: f.name,
      tableID: f.tableID,
      columnID: f.columnID,
      dataTypeID: f.dataTypeID,
      dataTypeSize: f.dataTypeSize,
      dataTypeModifier: f.dataTypeModifier,
      format: f.format,
    })),
    rowAsArray: arrayMode,
  };
}

function isolation(level: string): string {
  const map: Record<string, string> = {
    ReadUncommitted: 'READ UNCOMMITTED',
    ReadCommitted: 'READ COMMITTED',
    RepeatableRead: 'REPEATABLE READ',
    Serializable: 'SERIALIZABLE',
  };
  const sql = map[level];
  if (!sql) throw new Error(`Neon-Batch-Isolation-Level "${level}" is not one of ${Object.keys(map).join(', ')}`);
  return sql;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendText(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
}
