import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

// One test per step, in order, against the run's Postgres (see vitest.config.ts), on each host.
describeIncident(incident, { host: 'in-process', readme: new URL('./README.md', import.meta.url) });
// vitest's limit per step follows the step's own (the node-postgres variant step may build it: `timeoutMs` 600 s).
describeIncident(incident, { host: 'built', readme: new URL('./README.md', import.meta.url) });
