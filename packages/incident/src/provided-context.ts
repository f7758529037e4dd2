import type { ServerInfo } from '@incident-replay/pg-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The run's Postgres server and run id, from the globalSetup in vitest-global-setup.ts;
     * `pid` is the postmaster's (embedded and system providers), for fault injection.
     */
    postgres: ServerInfo & { runId: string; pid?: number };
    /** Where `describeIncident` writes each incident's journal (`<id>.json`); empty to write none. */
    replayResultsDir: string;
  }
}
