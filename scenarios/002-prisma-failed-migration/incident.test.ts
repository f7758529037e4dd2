import { describeIncident } from '@incident-replay/incident/vitest';
import incident from './incident';

describeIncident(incident);
