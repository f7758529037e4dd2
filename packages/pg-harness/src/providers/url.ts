import type { RunningServer } from '../server.js';
import { redactUrl } from '../server.js';
import { HarnessError } from '../errors.js';
import { describeServer } from './describe.js';

/**
 * Borrows an existing server given by `TEST_DATABASE_URL` (or by the caller, see `StartOptions.serverUrl`). The role needs
 * CREATEDB. `DATABASE_URL` is deliberately never read: it usually points at a
 * real database. The server is never stopped and only databases this run
 * created are ever dropped.
 *
 * @param url the `postgres://` URL (its database is used only as the maintenance connection)
 * @param reason why this provider was chosen
 * @param setting what the messages call the URL: `TEST_DATABASE_URL` (default), or the caller's
 *   own name for it (`the server URL` when `StartOptions.serverUrl` gave it)
 * @throws HarnessError on a malformed URL, an unreachable server, or a role without CREATEDB
 */
export async function useUrl(url: string | undefined, reason: string, setting = 'TEST_DATABASE_URL'): Promise<RunningServer> {
  if (!url) {
    if (setting !== 'TEST_DATABASE_URL') throw new HarnessError(`${setting} is empty`, 'Give postgres://user:pass@host:port/postgres (a role with CREATEDB).');
    throw new HarnessError(
      'PG_PROVIDER=url but TEST_DATABASE_URL is not set',
      'Set TEST_DATABASE_URL=postgres://user:pass@host:port/postgres (a role with CREATEDB).',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HarnessError(`${setting} is not a URL: ${redactUrl(url)}`, 'Use the form postgres://user:pass@host:port/dbname.');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new HarnessError(`${setting} has protocol ${parsed.protocol}, expected postgres:`, 'Use the form postgres://user:pass@host:port/dbname.');
  }
  const info = await describeServer('url', url, `${parsed.hostname}:${parsed.port || 5432}`, reason);
  // Never stopped: a server this run did not start stays as it was.
  return { ...info, stop: async () => undefined };
}
