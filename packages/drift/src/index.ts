/**
 * @incident-replay/drift — a read-only schema drift check: what an app's ORM
 * (Drizzle, Prisma, Better Auth) expects, against a live PostgreSQL database
 * and its migration ledger. See README.md.
 */
export { checkDrift, type CheckDriftOptions } from './check.js';
export { formatReport, reportJson } from './format.js';
export { loadDriftConfig, loadDriftConfigFile, listDriftApps, findRepoRoot, DriftConfigError, type DriftConfig } from './config.js';
export { discoverProject, type DiscoverOptions } from './discover.js';
export {
  FORMATS,
  isFormat,
  formatSarif,
  sarifLog,
  fingerprint,
  formatGithub,
  formatJunit,
  formatMarkdown,
  RULES,
  locationOf,
  type FormatName,
  type FormatOptions,
  type Rule,
  type FindingLocation,
} from './formats/index.js';
export { runCli, USAGE } from './cli.js';
export type { DriftReport, DriftFinding, FindingKind, FindingCategory, Severity, ExpectationSource, ExpectedTable, ExpectedColumn } from './model.js';
export { compareSchema } from './compare-schema.js';
export { repairStatements } from './repair.js';
export { canonicalType, normalizeDefault } from './pg-types.js';
export { registerSource, expectationSources, type ExpectationSourceDef, type LoadContext, type ValidateHelpers } from './sources/registry.js';
export {
  rehearse,
  sqlstateOf,
  describeFailure,
  type RehearseOptions,
  type RehearsalReport,
  type RehearsalComparison,
  type RehearsalFinding,
  type ScratchServerLike,
  type DeployOrder,
  type OrderVerdict,
  type ComparisonId,
  type FindingImpact,
} from './rehearse/rehearse.js';
export { REHEARSAL_FORMATS, formatRehearsalText, rehearsalSarif, type RehearsalFormat } from './rehearse/formats.js';
export type { MigrationRun, MigrationFailure, PendingStatement } from './rehearse/migrate.js';
export type { RowFailure } from './rehearse/row-probes.js';
export type { SchemaCopy } from './rehearse/copy-schema.js';
export { openScratchServer, ScratchServerError, type ScratchServer, type ScratchServerOptions, type ScratchDatabase } from './scratch-server.js';
