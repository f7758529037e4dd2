import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

// The same steps on both hosts: route handlers in-process, then `next build` + `next start`.
describeIncident(incident, { host: 'in-process', readme: new URL('./README.md', import.meta.url) });
describeIncident(incident, { host: 'built', readme: new URL('./README.md', import.meta.url) });
