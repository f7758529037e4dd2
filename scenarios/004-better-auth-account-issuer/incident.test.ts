import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident.js';

// Every step of the story as vitest tests: once with the apps' handlers called in-process, once
// with each app's Node server as a child process.
const readme = new URL('./README.md', import.meta.url);
describeIncident(incident, { host: 'in-process', readme });
describeIncident(incident, { host: 'built', readme });
