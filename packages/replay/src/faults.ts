import type { RunningServer } from '@incident-replay/pg-harness';

/**
 * Fault injection for the replay's own tests: `REPLAY_FAULT` names one fault
 * that the runner triggers at a precise point of the story (never on a timer):
 *
 * - `kill-server@<incident>#<step>`: SIGKILL the Postgres server's postmaster
 *   when step `<step>` (from 1) of the incident whose id starts with
 *   `<incident>` starts — a server crash mid-step;
 * - `stop-server@after:<incident>`: stop the server gracefully (the provider's
 *   own `stop()`) once that incident finished — a server gone between incidents.
 */
export interface FaultHooks {
  atStepStart(incidentId: string, step: number, server: RunningServer): void;
  afterIncident(incidentId: string, server: RunningServer): Promise<void>;
}

/**
 * Parses `REPLAY_FAULT`.
 *
 * @throws Error (one line, naming the accepted forms) when the value is not one of them
 */
export function faultHooks(spec: string | undefined): FaultHooks {
  const none: FaultHooks = { atStepStart: () => undefined, afterIncident: async () => undefined };
  if (!spec) return none;
  const kill = /^kill-server@([\w-]+)#(\d+)$/.exec(spec);
  if (kill) {
    const [, incident, step] = kill as unknown as [string, string, string];
    return {
      ...none,
      atStepStart(id, index, server) {
        if (!id.startsWith(incident) || index !== Number(step)) return;
        if (!server.pid) throw new Error(`REPLAY_FAULT=${spec}: the ${server.provider} provider has no server process to kill`);
        process.kill(server.pid, 'SIGKILL');
      },
    };
  }
  const stop = /^stop-server@after:([\w-]+)$/.exec(spec);
  if (stop) {
    const incident = stop[1]!;
    return { ...none, afterIncident: async (id, server) => (id.startsWith(incident) ? server.stop() : undefined) };
  }
  throw new Error(`REPLAY_FAULT="${spec}" is not a fault: use kill-server@<incident>#<step> or stop-server@after:<incident>`);
}
