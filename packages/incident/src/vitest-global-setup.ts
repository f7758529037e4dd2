import type { TestProject } from 'vitest/node';
import { Databases, startPostgres } from '@incident-replay/pg-harness';
import './provided-context.js';

/**
 * vitest globalSetup: one Postgres server for the whole test run, shared with
 * every worker through `provide('postgres')`. On teardown, drops any database
 * of this run a crashed worker left behind, then stops the server.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  process.stdout.write(`${server.description}\n`);
  const databases = new Databases(server);
  project.provide('postgres', { provider: server.provider, version: server.version, adminUrl: server.adminUrl, description: server.description, runId: databases.runId });
  return async () => {
    await databases.dropLeftovers().catch(() => undefined);
    await server.stop();
  };
}
