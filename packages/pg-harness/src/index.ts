/**
 * @incident-replay/pg-harness — one real PostgreSQL per run, throwaway
 * databases per incident, cleanup on every way out.
 */
export { startPostgres, chooseProvider, type StartOptions } from './start.js';
export { registerProvider, providerNames, getProvider, type Provider, type ProviderContext, type Detection } from './providers/registry.js';
export { Databases, DATABASE_PREFIX, workerRunId, type TestDatabase } from './databases.js';
export { type ServerInfo, type RunningServer, type ProviderName, urlForDatabase, redactUrl } from './server.js';
export { HarnessError } from './errors.js';
export {
  registerCleanup,
  registerExitHook,
  runAllCleanups,
  pendingCleanups,
  trackChildProcess,
  setChildProcessTask,
  type ChildProcessTask,
  trackedChildProcesses,
  onChildProcessExit,
  type ChildProcessRecord,
  killChildProcesses,
  runTrackedCommand,
  type TrackedCommandResult,
  onInterrupt,
  INTERRUPT_LISTENER_BUDGET_MS,
} from './cleanup.js';
export { probeServer, type ProbeResult } from './probe.js';
export { runSqlFile } from './sql-file.js';
export { pingDocker, dockerEndpoint, type DockerEndpoint } from './providers/docker-ping.js';
export { findSystemBinDir } from './providers/system.js';
export { freePort, clusterRoot, THROWAWAY_SERVER_FLAGS } from './providers/local-cluster.js';
export {
  signalProcess,
  isAlive,
  isSameProcess,
  isPid,
  processIdentity,
  procStat,
  selfIdentity,
  writeFileAtomic,
  type ProcessIdentity,
  type HarnessSignal,
} from './processes.js';
export {
  removeLeftovers,
  reapClusters,
  reapDatabases,
  describeLeftovers,
  ownerRecord,
  parseOwnerRecord,
  CLUSTER_OWNER_FILE,
  DATABASE_OWNER_TAG,
  type OwnerRecord,
  type Leftover,
  type LeftoverReport,
  type RemoveLeftoversOptions,
} from './leftovers.js';
