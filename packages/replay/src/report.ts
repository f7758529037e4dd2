/**
 * The replay command's results folder: the journal and report writer of
 * @incident-replay/incident (shared with `pnpm test`), re-exported here for the CLI.
 */
export { writeRunReport, markdown, incidentMarkdown, runOutcome, type RunHeader, type RunOutcome } from '@incident-replay/incident';
