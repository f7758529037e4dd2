import pg from 'pg';
import type { ProviderName, ServerInfo } from '../server.js';
import { HarnessError } from '../errors.js';

/**
 * Connects once to a server to read its version and check the role may create
 * databases, then builds the {@link ServerInfo} and its one-line description.
 *
 * @param provider which provider produced the server
 * @param adminUrl maintenance-database URL
 * @param where address shown in the description (never the password)
 * @param reason why this provider was chosen
 * @throws HarnessError when the server cannot be reached or the role lacks CREATEDB
 */
export async function describeServer(
  provider: ProviderName,
  adminUrl: string,
  where: string,
  reason: string,
): Promise<ServerInfo> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new HarnessError(
      `cannot connect to the ${provider} Postgres at ${where}: ${(err as Error).message}`,
      'Check the server is running and the URL, user and password are right.',
      err,
    );
  }
  try {
    const { rows } = await client.query<{ server_version: string; can_create: boolean }>(
      `SELECT current_setting('server_version') AS server_version,
              (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS can_create`,
    );
    const row = rows[0]!;
    if (!row.can_create) {
      throw new HarnessError(
        `the role in the ${provider} Postgres URL (${where}) may not CREATE DATABASE`,
        'Grant it: ALTER ROLE <name> CREATEDB; the harness creates a throwaway database per incident and drops only those.',
      );
    }
    const version = row.server_version.split(' ')[0]!;
    return {
      provider,
      version,
      adminUrl,
      description: `postgres: ${provider} provider, PostgreSQL ${version} at ${where} (${reason})`,
    };
  } finally {
    await client.end();
  }
}
