import type { TestProject } from 'vitest/node';
import { startPostgres, type ServerInfo } from '../src/index.js';

/**
 * What the test files get from {@link setup} through `inject('sharedPostgres')`:
 * the one embedded cluster of this vitest run. `dataDir` is the cluster's
 * directory and `pid` its postmaster's process id (both always set: the
 * embedded provider runs a local cluster). Never stop or kill it from a test:
 * tests that take a server down start their own.
 */
export type SharedPostgres = ServerInfo & { dataDir: string; pid: number };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared embedded Postgres, from test/global-setup.ts (see {@link SharedPostgres}). */
    sharedPostgres: SharedPostgres;
  }
}

/**
 * vitest globalSetup of the harness's own tests: starts one embedded
 * PostgreSQL cluster (forced `embedded`, as the tests that use it assert the
 * provider) for the test files that only need a live server (databases,
 * probes), instead of one cluster per file. Tests about starting, stopping,
 * killing or interrupting a server still start their own.
 *
 * @returns the teardown: stops the cluster and removes its directory
 * @throws HarnessError when the embedded cluster cannot start
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres({ provider: 'embedded' });
  project.provide('sharedPostgres', {
    provider: server.provider,
    version: server.version,
    adminUrl: server.adminUrl,
    address: server.address,
    description: server.description,
    dataDir: server.dataDir!,
    pid: server.pid!,
  });
  return () => server.stop();
}
