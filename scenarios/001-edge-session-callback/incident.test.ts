import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

// One test per step, in order, against the run's Postgres (see vitest.config.ts), on each host.
describeIncident(incident, { host: 'in-process', readme: new URL('./README.md', import.meta.url) });
// The node-postgres variant step may build that variant (`timeoutMs` 600 s); vitest's limit must not cut it first.
describeIncident(incident, { host: 'built', readme: new URL('./README.md', import.meta.url), stepTimeoutMs: 660_000 });
