import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident.js';

// Every step of the story, for Better Auth 1.4.0, 1.7.25 and 0.8.8, as vitest tests.
describeIncident(incident, { readme: new URL('./README.md', import.meta.url) });
