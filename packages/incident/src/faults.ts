/**
 * Fault injection for the project's own fault tests: `REPLAY_FAULT` names one
 * fault that fires at a precise point of a story, never on a timer. Both the
 * replay command and `describeIncident` (vitest) run steps through
 * {@link IncidentRun}, so one hook serves both.
 *
 * - `kill-server@<incident>#<step>`: SIGKILL the Postgres server's postmaster
 *   when step `<step>` (from 1) of the incident whose id starts with
 *   `<incident>` starts — a server crash mid-step (embedded and system
 *   providers; their server is a process of this machine);
 * - `stop-server@after:<incident>`: stop the server gracefully once that
 *   incident finished (the replay command acts on it: only it owns the server).
 */
import { signalProcess, type ProcessIdentity } from '@incident-replay/pg-harness';

export type Fault = { kind: 'kill-server'; incident: string; step: number } | { kind: 'stop-server-after'; incident: string };

/**
 * Parses a `REPLAY_FAULT` value.
 *
 * @returns the fault, or `undefined` for an empty value
 * @throws Error (one line, naming the accepted forms) for anything else
 */
export function parseFault(spec: string | undefined): Fault | undefined {
  if (!spec) return undefined;
  const kill = /^kill-server@([\w-]+)#(\d+)$/.exec(spec);
  if (kill) return { kind: 'kill-server', incident: kill[1]!, step: Number(kill[2]) };
  const stop = /^stop-server@after:([\w-]+)$/.exec(spec);
  if (stop) return { kind: 'stop-server-after', incident: stop[1]! };
  throw new Error(`REPLAY_FAULT="${spec}" is not a fault: use kill-server@<incident>#<step> or stop-server@after:<incident>`);
}

/**
 * Fires a `kill-server` fault when step `index` of `incidentId` starts.
 *
 * @param server the run's server; `serverProcess` is the postmaster's pid and start time (absent for url/container)
 * @throws Error when the fault targets this step and the server has no process to kill
 */
export function fireStepFault(
  incidentId: string,
  index: number,
  server: { provider: string; serverProcess?: ProcessIdentity },
  env: NodeJS.ProcessEnv = process.env,
): void {
  const fault = parseFault(env.REPLAY_FAULT);
  if (fault?.kind !== 'kill-server' || !incidentId.startsWith(fault.incident) || index !== fault.step) return;
  if (!server.serverProcess) throw new Error(`REPLAY_FAULT=${env.REPLAY_FAULT}: the ${server.provider} provider has no server process to kill`);
  if (!signalProcess(server.serverProcess, 'SIGKILL'))
    throw new Error(`REPLAY_FAULT=${env.REPLAY_FAULT}: the server process (pid ${server.serverProcess.pid}) is not running any more`);
}
