import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

describeIncident(incident, { readme: new URL('./README.md', import.meta.url) });
