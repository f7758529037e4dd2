import type { ProcessIdentity, ServerInfo } from '@incident-replay/pg-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The run's Postgres server and run id, from the globalSetup in vitest-global-setup.ts;
     * `pid` and `serverProcess` (pid and start time) are the postmaster's (embedded and system providers), for fault injection.
     */
    postgres: ServerInfo & { runId: string; pid?: number; serverProcess?: ProcessIdentity };
    /** Where `describeIncident` writes each incident's journal (`<id>.json`); empty to write none. */
    replayResultsDir: string;
  }
}
