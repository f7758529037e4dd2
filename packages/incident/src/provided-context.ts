import type { ServerInfo } from '@incident-replay/pg-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's Postgres server and run id, from the globalSetup in vitest-global-setup.ts. */
    postgres: ServerInfo & { runId: string };
    /** Where `describeIncident` writes each incident's journal (`<id>.json`); empty to write none. */
    replayResultsDir: string;
  }
}

export {};
