import pg from 'pg';
import type { ProviderName, ServerInfo } from '../server.js';
import { HarnessError } from '../errors.js';

/**
 * Connects once to a server to read its version and check the role may create
 * databases, then builds the {@link ServerInfo} and its one-line description.
 * Nothing it returns or throws carries the password: messages name the
 * server by `address` and the role by name.
 *
 * @param provider which provider produced the server
 * @param adminUrl maintenance-database URL
 * @param address `host:port` the server listens on
 * @param reason why this provider was chosen
 * @param detail shown after the address in the description (e.g. the image), optional
 * @throws HarnessError when the server cannot be reached or the role lacks CREATEDB
 */
export async function describeServer(provider: ProviderName, adminUrl: string, address: string, reason: string, detail?: string): Promise<ServerInfo> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  // A server that dies while we ask must fail the query, not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new HarnessError(
      `cannot connect to the ${provider} Postgres at ${address}: ${(err as Error).message}`,
      'Check the server is running and the URL, user and password are right.',
      err,
    );
  }
  try {
    const { rows } = await client.query<{ server_version: string; role: string; can_create: boolean }>(
      `SELECT current_setting('server_version') AS server_version, current_user AS role,
              (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS can_create`,
    );
    const row = rows[0]!;
    if (!row.can_create) {
      const role = pg.escapeIdentifier(row.role);
      throw new HarnessError(
        `role ${role} may not CREATE DATABASE on the ${provider} Postgres at ${address}: run ALTER ROLE ${role} CREATEDB as a superuser, or use a role that has it`,
        'The harness creates a throwaway database per incident and drops only those it created.',
      );
    }
    const version = row.server_version.split(' ')[0]!;
    const where = detail ? `${address} (${detail})` : address;
    return {
      provider,
      version,
      adminUrl,
      address,
      description: `postgres: ${provider} provider, PostgreSQL ${version} at ${where} (${reason})`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
