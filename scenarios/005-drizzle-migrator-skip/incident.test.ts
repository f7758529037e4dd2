import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

// The same steps on both hosts: the app's handler in-process, then its built Node server.
describeIncident(incident, { host: 'in-process', readme: new URL('./README.md', import.meta.url) });
describeIncident(incident, { host: 'built', readme: new URL('./README.md', import.meta.url) });
