/**
 * @incident-replay/incident — an incident as a readable sequence of steps
 * that record evidence into a journal.
 */
export { defineIncident, step, type Incident, type IncidentEnv, type Step } from './model.js';
export { IncidentRun, replayIncident, failedJournal } from './run.js';
export { StepContext, type ObservedResponse } from './step-context.js';
export type { Journal, StepRecord, StepKind, Outcome, CheckRecord, ClaimRecord, Evidence, LogLine } from './journal.js';
export { allClaims } from './journal.js';
export { LogCapture, writeOut } from './log-capture.js';
export { CheckFailed, sqlstateOf, errorClassOf } from './errors.js';
export { Browser } from './cookies.js';
export { startServerProcess, type ServerProcess } from './server-process.js';
