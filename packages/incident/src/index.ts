/**
 * @incident-replay/incident — an incident as a readable sequence of steps
 * that record evidence into a journal.
 */
export { defineIncident, step, DEFAULT_STEP_TIMEOUT_MS, SETUP_TIMEOUT_MS, HOSTS, type HostName, type Incident, type IncidentEnv, type Step } from './model.js';
export { IncidentRun, replayIncident, failedJournal, incidentOutcome, SetupFailed, type ReplayHooks } from './run.js';
export { StepContext, type ObservedResponse, type ClaimSpec, type StepEnv } from './step-context.js';
export type {
  IncidentMap,
  MapCell,
  Journal,
  StepRecord,
  StepKind,
  Outcome,
  FailureKind,
  StepFailure,
  CheckRecord,
  ClaimRecord,
  Evidence,
  LogLine,
} from './journal.js';
export { allClaims } from './journal.js';
export { LogCapture, writeOut, teachingLines, briefValue, type TeachingLines, type LeftOutReason } from './log-capture.js';
export { CheckFailed, sqlstateOf, errorClassOf } from './errors.js';
export { Browser, signInWithCredentials, clearsCookie, setsCookie, type SetCookieSource } from './cookies.js';
export { IN_PROCESS_URL, BuiltNextApp, ensureNextBuild, type AppUnderTest, type BuiltNextAppOptions } from './next-app.js';
export { startServerProcess, type ServerProcess } from './server-process.js';
export { clip, headline, ms, observed } from './format.js';
export { parseReadmeClaims, type ReadmeVerdict, type ReadmeClaims, type ReadmeClaimRow } from './readme-claims.js';
export {
  writeRunReport,
  markdown,
  incidentMarkdown,
  incidentReportFileName,
  runOutcome,
  journalFileName,
  reportStepAnchor,
  reportClaimAnchor,
  type RunHeader,
  type RunOutcome,
} from './report.js';
export { parseFault, fireStepFault, type Fault } from './faults.js';
export { htmlReport } from './report-html.js';
export { MAP_COLUMNS, claimVerdict, mapMarkdown, readmeMap, type MapRow } from './map.js';
export {
  enableProfiling,
  profilingEnabled,
  beginSpan,
  unionMs,
  childrenCpuMs,
  processTreeCpuMs,
  machineLine,
  type SpanProfile,
  type ProfiledChild,
  type ProfileSpan,
} from './profile.js';
export { leftOutNote, repoRelative, claimRows, findWorkspaceRoot, type ClaimRow } from './report-text.js';
export { checkSample, docSamples, fencedBlocks, markdownFiles, maskVolatile, sampleMismatch, type DocSample, type FencedBlock } from './doc-samples.js';
export { gitRepo, type Tree, type TestRepo, type GitRepoOptions } from './git-repo.js';
