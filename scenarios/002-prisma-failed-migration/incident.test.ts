import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

// The same steps on both hosts: the login backend served in-process, and as its own Node process.
const readme = new URL('./README.md', import.meta.url);
describeIncident(incident, { host: 'in-process', readme });
describeIncident(incident, { host: 'built', readme });
