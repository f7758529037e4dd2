import type { RunningServer } from '@incident-replay/pg-harness';
import { parseFault } from '@incident-replay/incident';

/**
 * The part of `REPLAY_FAULT` (see `parseFault` in @incident-replay/incident)
 * only the replay command can act on, because only it owns the server:
 * `stop-server@after:<incident>` stops the server gracefully (the provider's
 * own `stop()`) once that incident finished. `kill-server@…` is fired by the
 * incident runner itself.
 *
 * @throws Error (one line) when `REPLAY_FAULT` is not a fault
 */
export function afterIncidentFault(spec: string | undefined): (incidentId: string, server: RunningServer) => Promise<void> {
  const fault = parseFault(spec);
  if (fault?.kind !== 'stop-server-after') return async () => undefined;
  return async (id, server) => (id.startsWith(fault.incident) ? server.stop() : undefined);
}
