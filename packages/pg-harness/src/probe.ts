import pg from 'pg';

/** What {@link probeServer} saw: the server answered, or why it did not. */
export type ProbeResult = { alive: true } | { alive: false; code: string; message: string };

/**
 * Asks a server whether it still answers: one `SELECT 1` over a fresh
 * connection, the whole exchange bounded by `timeoutMs`. Used to tell an
 * infrastructure failure (the server is gone) from a failed expectation.
 * Never rejects, and never puts the password in `message` (node-postgres's
 * messages name only host, port and role).
 *
 * @param adminUrl a `postgres://` URL, e.g. `ServerInfo.adminUrl`
 * @param timeoutMs budget for connect and query together, in ms (default 1500)
 * @returns `{ alive: true }`, or `alive: false` with `code` — the errno
 *   (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…), the SQLSTATE (`57P01`
 *   admin shutdown, `57P03` cannot connect now, `28P01` bad password…), or
 *   `ETIMEDOUT` when nothing answered in time — and the driver's message
 */
export async function probeServer(adminUrl: string, timeoutMs = 1500): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection cut after connect is reported here as well as through the query: do not crash on it.
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ alive: false, code: 'ETIMEDOUT', message: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const asked = (async (): Promise<ProbeResult> => {
    try {
      await client.connect();
      await client.query('SELECT 1');
      return { alive: true };
    } catch (err) {
      const e = err as Error & { code?: string };
      const code = e.code ?? (/timeout/i.test(e.message) ? 'ETIMEDOUT' : 'UNKNOWN');
      return { alive: false, code, message: e.message };
    }
  })();
  try {
    return await Promise.race([asked, timedOut]);
  } finally {
    clearTimeout(timer);
    void client.end().catch(() => undefined);
  }
}
