import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

// One test per step, in order, against the run's Postgres (see vitest.config.ts).
describeIncident(incident, { readme: new URL('./README.md', import.meta.url) });
