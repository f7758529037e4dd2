import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident.js';

// Every step of the story, for Better Auth 1.4.0, 1.7.25 and 0.8.8, as vitest tests: once with the
// apps' handlers called in-process, once with each app's Node server as a child process.
const readme = new URL('./README.md', import.meta.url);
describeIncident(incident, { host: 'in-process', readme });
describeIncident(incident, { host: 'built', readme });
