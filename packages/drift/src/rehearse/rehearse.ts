/**
 * `schema-drift rehearse`: rehearses a deploy before it ships. BASE is the revision production runs,
 * HEAD the one about to ship. On a throwaway PostgreSQL it builds BEFORE (BASE's migrations on an
 * empty database, or a copy of production's schema without rows) and AFTER (HEAD's pending
 * migrations applied to a copy of BEFORE), then asks the drift check three questions:
 * - HEAD's expectations vs AFTER: is the release complete? (postmortem 002: the release migration
 *   never altered `users`)
 * - BASE's expectations vs AFTER: does the running build survive the migration until it is
 *   replaced? (postmortem 003: the documented fix drops `session.token`, which the running build reads)
 * - HEAD's expectations vs BEFORE: may the code ship before the migration? (postmortem 000: the code
 *   that reads `users.session_version` shipped, migration 0012 did not run)
 * and gives a verdict for each deploy order: "migrate, then deploy" and "deploy, then migrate".
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDrift } from '../check.js';
import { discoverProject } from '../discover.js';
import { migrationEffects } from '../effects.js';
import type { DriftFinding, DriftReport } from '../model.js';
import { prismaSchemaOf, ReadOnlySession } from '../read-only-session.js';
import type { ReplayOp } from '../replay.js';
import type { ScratchDatabase } from '../scratch-server.js';
import { copyProductionSchema } from './copy-schema.js';
import { probeRowFailures, type RowFailure } from './row-probes.js';
import { applyPendingMigrations, type MigrationFailure, type MigrationRun } from './migrate.js';
import {
  exportRevision,
  gitProject,
  installRevision,
  libraryMismatches,
  RehearsalInputError,
  rehearsalTempDir,
  resolveRef,
  workTree,
  type LibraryMismatch,
  type Revision,
} from './revisions.js';

/** A deploy order: the migration runs before the new build starts, or after. */
export type DeployOrder = 'migrate-first' | 'deploy-first';

/** Where the rehearsal makes its databases: a `ScratchServer` (scratch-server.ts) (embedded, or `--server-url`), or a test's shared server. */
export interface ScratchServerLike {
  /** One line naming the server (provider, version, address; no password), once it is in use. */
  describe(): Promise<string> | string;
  /**
   * Creates an empty database (or a copy of `template`, a database it created).
   *
   * @throws when the server cannot be reached or started: the rehearsal then exits 2 with that line
   */
  create(label: string, template?: string): Promise<ScratchDatabase>;
}

/** Options of {@link rehearse}. */
export interface RehearseOptions {
  /** The project folder inside a git work tree. */
  cwd: string;
  /** The ref production runs. */
  base: string;
  /** The ref about to ship (default: the work tree, uncommitted changes included). */
  head?: string;
  /** The pipeline's order (default `migrate-first`). */
  order?: DeployOrder;
  /** Production, only read: BEFORE becomes a copy of its schema (no rows). Never taken from `DATABASE_URL`. */
  databaseUrl?: string;
  /** Where to make BEFORE and AFTER. */
  server: ScratchServerLike;
  /** Which findings count (as the drift check: `any` or `breaks`). */
  failOn?: 'any' | 'breaks';
  /** Install BASE's own dependencies in its export when its lockfile pins other library versions. */
  installBase?: boolean;
  prismaSchema?: string;
  drizzleConfig?: string;
  config?: string;
  betterAuth?: string;
  /** Connect and statement timeout for production reads, ms (default 10 000). */
  timeoutMs?: number;
}

/** The questions a rehearsal asks the drift check. */
export type ComparisonId = 'head-after' | 'base-after' | 'head-before' | 'base-before';

/** What a finding means for the deploy: which order it breaks, or the release as a whole. */
export type FindingImpact = 'release' | DeployOrder | 'already';

/** A finding of one comparison, placed in the deploy. */
export interface RehearsalFinding extends DriftFinding {
  comparison: ComparisonId;
  /**
   * `release`: HEAD's code against the migrated schema (both orders end there); `migrate-first`:
   * the running BASE build against the migrated schema; `deploy-first`: HEAD's code before the
   * migration ran; `already`: also true before the deploy (BASE against BEFORE), not the deploy's doing.
   */
  impact: FindingImpact;
  /** Whether it counts for the exit code (`--fail-on`), as the drift check counts it. */
  counted: boolean;
  /** The SQLSTATE the code's query gets: 42703, 42P01, 23502, 22P02, 42P10. */
  sqlstate?: string;
  /** The pending migration statement that causes it (drops, renames, adds), when one does. */
  migrationAt?: { migration: string; file: string; line: number };
}

/** One comparison: its question, the two sides, and what the drift check said. */
export interface RehearsalComparison {
  id: ComparisonId;
  question: string;
  expectations: 'BASE' | 'HEAD';
  database: 'BEFORE' | 'AFTER';
  exitCode: 0 | 1 | 2;
  error?: string;
  /** What the drift check found and compared, one line. */
  found?: string;
  findings: RehearsalFinding[];
}

/** The verdict for one deploy order. */
export interface OrderVerdict {
  order: DeployOrder;
  /** In words: `migrate, then deploy` / `deploy, then migrate`. */
  label: string;
  safe: boolean;
  /** What breaks, one line each. */
  breaks: string[];
}

/** The result of {@link rehearse}. */
export interface RehearsalReport {
  tool: 'schema-drift rehearse';
  project: string;
  base: { ref: string; commit?: string };
  head: { ref: string; commit?: string };
  order: DeployOrder;
  failOn: 'any' | 'breaks';
  /** 0 the release is complete and the chosen order breaks nothing; 1 it does not, or a migration failed; 2 could not rehearse. */
  exitCode: 0 | 1 | 2;
  /** Set when exitCode is 2: one line. */
  error?: string;
  /** The scratch server's one line, once one was used. */
  server?: string;
  /** How BEFORE was built, in words. */
  before?: string;
  /** BEFORE's own migration run (BASE's migrations on an empty database); absent for a production copy. */
  beforeRun?: MigrationRun;
  /** HEAD's pending migrations applied to the copy of BEFORE. */
  afterRun?: MigrationRun;
  /** Statements of the pending migrations that fail, or may fail, on production's rows. */
  rowFailures: RowFailure[];
  comparisons: RehearsalComparison[];
  complete?: boolean;
  verdicts: OrderVerdict[];
  summary: string;
  notes: string[];
  libraryMismatches: LibraryMismatch[];
  durationMs: number;
  readOnly: true;
}

const QUESTIONS: Record<ComparisonId, string> = {
  'head-after': 'Is the release complete? (HEAD’s expectations vs AFTER)',
  'base-after': 'Does the running build survive the migration until it is replaced? (BASE’s expectations vs AFTER)',
  'head-before': 'May the code ship before the migration? (HEAD’s expectations vs BEFORE)',
  'base-before': 'What is already true before the deploy? (BASE’s expectations vs BEFORE)',
};

const ORDER_LABEL: Record<DeployOrder, string> = { 'migrate-first': 'migrate, then deploy', 'deploy-first': 'deploy, then migrate' };

/** The libraries whose code reads a revision's expectations (Prisma's schema is read by this tool's own engine). */
const LOADED_LIBRARIES = ['drizzle-orm', 'better-auth'];

/**
 * Rehearses the deploy of HEAD over BASE. Never writes to `databaseUrl` (one READ ONLY transaction,
 * as the drift check), never changes the work tree; every database it makes is the server's to drop.
 * Bad input comes back as `exitCode: 2` with one line in `error`.
 *
 * @returns the report: verdicts per deploy order, the three comparisons, migration failures, row failures
 */
export async function rehearse(o: RehearseOptions): Promise<RehearsalReport> {
  const started = performance.now();
  const order = o.order ?? 'migrate-first';
  const failOn = o.failOn ?? 'any';
  const report: RehearsalReport = {
    tool: 'schema-drift rehearse',
    project: path.basename(path.resolve(o.cwd)),
    base: { ref: o.base },
    head: { ref: o.head ?? 'work tree' },
    order,
    failOn,
    exitCode: 2,
    rowFailures: [],
    comparisons: [],
    verdicts: [],
    summary: '',
    notes: [],
    libraryMismatches: [],
    durationMs: 0,
    readOnly: true,
  };
  const couldNot = (error: string): RehearsalReport => ({
    ...report,
    exitCode: 2,
    error,
    summary: `could not rehearse: ${error}`,
    durationMs: performance.now() - started,
  });
  const tmp = rehearsalTempDir();
  const removeTmp = () => fs.rmSync(tmp, { recursive: true, force: true });
  process.once('exit', removeTmp);
  try {
    let base: Revision;
    let head: Revision;
    try {
      const project = await gitProject(o.cwd);
      const baseCommit = await resolveRef(project, o.base);
      report.base.commit = baseCommit;
      head = workTree(project);
      if (o.head) {
        const headCommit = await resolveRef(project, o.head);
        report.head.commit = headCommit;
        head = await exportRevision(project, 'HEAD', o.head, headCommit, tmp);
      }
      base = await exportRevision(project, 'BASE', o.base, baseCommit, tmp);
      if (!fs.existsSync(base.projectDir)) return couldNot(`${project.subdir || 'the project folder'} does not exist in ${o.base}`);
    } catch (err) {
      if (err instanceof RehearsalInputError) return couldNot(err.message);
      throw err;
    }
    const flags = { prismaSchema: o.prismaSchema, drizzleConfig: o.drizzleConfig, config: o.config, betterAuth: o.betterAuth };

    // BASE's expectations must come from BASE's library versions.
    report.libraryMismatches = libraryMismatches(base, head.projectDir, LOADED_LIBRARIES);
    let baseBlocked: string | undefined;
    if (report.libraryMismatches.length) {
      const list = report.libraryMismatches.map((m) => `${m.name} ${m.pinned} (installed: ${m.installed})`).join(', ');
      if (o.installBase) {
        try {
          const how = await installRevision(base);
          report.notes.push(`${o.base} pins ${list} in its lockfile: its dependencies were installed in its export (${how}).`);
        } catch (err) {
          return couldNot((err as Error).message);
        }
      } else {
        baseBlocked = `${o.base}'s lockfile pins ${list}: BASE's expectations would be read with HEAD's library; rerun with --install-base`;
      }
    }

    let headConfig: Awaited<ReturnType<typeof discoverProject>>;
    let baseConfig: Awaited<ReturnType<typeof discoverProject>>;
    try {
      headConfig = await discoverProject({ cwd: head.projectDir, ...flags, databaseUrl: o.databaseUrl });
      baseConfig = await discoverProject({ cwd: base.projectDir, ...flags, databaseUrl: o.databaseUrl });
    } catch (err) {
      return couldNot((err as Error).message.split('\n')[0]!);
    }

    // BEFORE
    let before: ScratchDatabase;
    try {
      before = await o.server.create('before');
      report.server = await o.server.describe();
    } catch (err) {
      return couldNot(`the scratch PostgreSQL: ${(err as Error).message.split('\n')[0]}`);
    }
    const scratchUrl = (db: ScratchDatabase) => withSchemaOf(db.url, o.databaseUrl);
    let tablesWithRows = new Set<string>();
    let production: ReadOnlySession | undefined;
    try {
      if (o.databaseUrl) {
        try {
          production = await ReadOnlySession.open(o.databaseUrl, o.timeoutMs);
        } catch (err) {
          return couldNot(`could not read production (--database-url): ${(err as Error).message.split('\n')[0]}`);
        }
        const schemas = (
          await production.query<{ s: string }>(`SELECT nspname AS s FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1`)
        ).map((r) => r.s);
        const ledgers =
          headConfig.migrations?.kind === 'prisma'
            ? [{ schema: prismaSchemaOf(o.databaseUrl), table: '_prisma_migrations' }]
            : headConfig.migrations?.kind === 'drizzle'
              ? [{ schema: headConfig.migrations.ledgerSchema ?? 'drizzle', table: headConfig.migrations.ledgerTable ?? '__drizzle_migrations' }]
              : [];
        const copy = await copyProductionSchema(production, scratchUrl(before), { schemas, ledgers });
        tablesWithRows = copy.tablesWithRows;
        report.notes.push(...copy.notes);
        const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
        report.before = `a copy of production's schema without rows (${n(copy.tables, 'table', 'tables')}; ${n(copy.ledgerRows, 'ledger row', 'ledger rows')}; ${n(tablesWithRows.size, 'table has', 'tables have')} rows)`;
      } else {
        const run = await applyPendingMigrations(scratchUrl(before), baseConfig, base.root);
        report.beforeRun = run;
        report.before = `BASE's ${run.applied.length} migration${run.applied.length === 1 ? '' : 's'} applied to an empty database (${run.how})`;
        if (run.failure) {
          report.notes.push(`BASE's own migrations fail on an empty database: ${describeFailure(run.failure)}.`);
        }
      }

      // AFTER
      const after = await o.server.create('after', before.name);
      const afterRun = await applyPendingMigrations(scratchUrl(after), headConfig, head.root);
      report.afterRun = afterRun;
      if (production) {
        report.rowFailures = await probeRowFailures(
          production,
          afterRun.statements.map((s) => ({ sql: s.sql, file: s.file, line: s.line })),
          prismaSchemaOf(o.databaseUrl ?? ''),
          tablesWithRows,
        );
      }

      // The comparisons, through the drift check.
      const compare = async (id: ComparisonId, rev: Revision, db: ScratchDatabase): Promise<RehearsalComparison> => {
        const expectations = rev.role;
        const database = id.endsWith('after') ? 'AFTER' : 'BEFORE';
        if (expectations === 'BASE' && baseBlocked)
          return { id, question: QUESTIONS[id], expectations, database, exitCode: 2, error: baseBlocked, findings: [] };
        const r: DriftReport = await checkDrift({ cwd: rev.projectDir, databaseUrl: scratchUrl(db), failOn, ...flags });
        const keep = (f: DriftFinding) => id === 'head-after' || f.category === 'schema';
        return {
          id,
          question: QUESTIONS[id],
          expectations,
          database,
          exitCode: r.exitCode,
          ...(r.error ? { error: r.error } : {}),
          ...(r.found ? { found: r.found } : {}),
          findings: r.findings.filter(keep).map((f) => ({ ...f, comparison: id, impact: 'release', counted: failOn === 'any' || f.severity === 'breaks' })),
        };
      };
      const headAfter = await compare('head-after', head, after);
      const baseAfter = await compare('base-after', base, after);
      const headBefore = await compare('head-before', head, before);
      const baseBefore = await compare('base-before', base, before);
      report.comparisons = [headAfter, baseAfter, headBefore, baseBefore];
      const couldNotCompare = report.comparisons.find((c) => c.exitCode === 2);

      // Place each finding in the deploy, with its SQLSTATE and the migration statement behind it.
      const key = (f: DriftFinding) => `${f.kind}|${f.schema}.${f.table}|${f.column ?? ''}`;
      const inBaseBefore = new Set(baseBefore.findings.map(key));
      const inHeadAfter = new Set(headAfter.findings.map(key));
      const steps = await pendingSteps(afterRun, headConfig.migrations?.kind === 'prisma' ? prismaSchemaOf(o.databaseUrl ?? '') : 'public', head.root);
      for (const f of headAfter.findings) place(f, 'release', steps, 'adds');
      for (const f of baseAfter.findings) place(f, inBaseBefore.has(key(f)) ? 'already' : 'migrate-first', steps, 'removes');
      for (const f of headBefore.findings) place(f, inHeadAfter.has(key(f)) ? 'release' : 'deploy-first', steps, 'adds');
      for (const f of baseBefore.findings) place(f, 'already', steps, 'adds');

      const failures = [...(afterRun.failure ? [`migration ${describeFailure(afterRun.failure)}`] : [])];
      for (const r of report.rowFailures.filter((x) => x.verdict === 'fails'))
        failures.push(`${r.file}:${r.line} fails on production's rows (SQLSTATE ${r.sqlstate}): ${r.reason}`);
      const counted = (c: RehearsalComparison, impact: FindingImpact) => c.findings.filter((f) => f.counted && f.impact === impact).map(findingLine);
      const release = counted(headAfter, 'release');
      report.complete = !couldNotCompare && release.length === 0 && failures.length === 0;
      report.verdicts = (['migrate-first', 'deploy-first'] as const).map((ord) => {
        const window = ord === 'migrate-first' ? counted(baseAfter, 'migrate-first') : counted(headBefore, 'deploy-first');
        const breaks = [...failures, ...window, ...release];
        return { order: ord, label: ORDER_LABEL[ord], safe: breaks.length === 0 && !couldNotCompare, breaks };
      });
      for (const r of report.rowFailures.filter((x) => x.verdict === 'may fail'))
        report.notes.push(`${r.file}:${r.line} may fail on production's rows (SQLSTATE ${r.sqlstate}): ${r.reason}`);
      if (couldNotCompare) {
        const out = couldNot(`${couldNotCompare.expectations} vs ${couldNotCompare.database}: ${couldNotCompare.error}`);
        return { ...out, ...pick(report), exitCode: 2, error: out.error, summary: out.summary };
      }
      const chosen = report.verdicts.find((v) => v.order === order)!;
      report.exitCode = report.complete && chosen.safe ? 0 : 1;
      report.summary = summaryLine(report);
      report.durationMs = performance.now() - started;
      return report;
    } finally {
      await production?.close();
    }
  } finally {
    removeTmp();
    process.removeListener('exit', removeTmp);
  }
}

function pick(r: RehearsalReport): Partial<RehearsalReport> {
  return { before: r.before, beforeRun: r.beforeRun, afterRun: r.afterRun, comparisons: r.comparisons, rowFailures: r.rowFailures, notes: r.notes };
}

/** `0014_x (prisma/migrations/0014_x/migration.sql:3): relation "a" already exists (SQLSTATE 42P07)` */
export function describeFailure(f: MigrationFailure): string {
  return `${f.migration} (${f.file}${f.line ? `:${f.line}` : ''}) fails: ${f.message}${f.sqlstate && !f.message.includes(f.sqlstate) ? ` (SQLSTATE ${f.sqlstate})` : ''}`;
}

/** The one line a finding gets in a verdict. */
function findingLine(f: RehearsalFinding): string {
  const where = `${f.schema}.${f.table}${f.column ? `.${f.column}` : ''}`;
  const state = f.sqlstate ? ` → SQLSTATE ${f.sqlstate}` : '';
  const by = f.migrationAt ? ` (${f.migrationAt.file}:${f.migrationAt.line})` : '';
  return `${f.kind} ${where}${state}${by}`;
}

/** The SQLSTATE the app's query gets for a finding of this kind (PostgreSQL's error codes appendix). */
export function sqlstateOf(f: Pick<DriftFinding, 'kind' | 'severity'>): string | undefined {
  switch (f.kind) {
    case 'missing-table':
      return '42P01';
    case 'missing-column':
      return '42703';
    case 'extra-required-column':
      return '23502';
    case 'nullability':
      return f.severity === 'breaks' ? '23502' : undefined;
    case 'missing-enum-value':
      return '22P02';
    case 'type-mismatch':
      return f.severity === 'breaks' ? '22P02' : undefined;
    case 'missing-unique':
    case 'primary-key-mismatch':
      return f.severity === 'breaks' ? '42P10' : undefined;
    default:
      return undefined;
  }
}

interface Step {
  migration: string;
  file: string;
  line: number;
  ops: ReplayOp[];
}

/** The pending migrations' statements with what each does (libpg-query), for locating findings. */
async function pendingSteps(run: MigrationRun, defaultSchema: string, root: string): Promise<Step[]> {
  const out: Step[] = [];
  const files = [...new Map(run.statements.map((s) => [s.file, s.migration])).entries()];
  for (const [file, migration] of files) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    const parsed = await migrationEffects(text.replaceAll('--> statement-breakpoint', ''), defaultSchema);
    for (const s of parsed.steps) out.push({ migration, file, line: s.at.line, ops: s.ops });
  }
  return out;
}

/**
 * Sets a finding's impact, SQLSTATE and migration statement: for a column or table the code
 * expects but the database lacks, the pending statement that `removes` it (drop, rename away) or
 * that `adds` it (the statement that fixes it, when the migration has not run yet).
 */
function place(f: RehearsalFinding, impact: FindingImpact, steps: Step[], direction: 'adds' | 'removes'): void {
  f.impact = impact;
  const state = sqlstateOf(f);
  if (state) f.sqlstate = state;
  const hit = steps.find((s) =>
    s.ops.some((op) => {
      const sameTable = (schema: string, table: string) => schema === f.schema && table === f.table;
      if (direction === 'removes') {
        if (op.op === 'drop-table' || op.op === 'rename-table') return sameTable(op.schema, op.name);
        if (op.op === 'drop-column') return sameTable(op.schema, op.table) && op.column === f.column;
        if (op.op === 'rename-column') return sameTable(op.schema, op.table) && op.column === f.column;
        if (op.op === 'add-column') return f.kind === 'extra-required-column' && sameTable(op.schema, op.table) && op.column === f.column;
        return false;
      }
      if (op.op === 'create-table') return sameTable(op.schema, op.name);
      if (op.op === 'rename-table') return op.schema === f.schema && op.to === f.table;
      if (op.op === 'add-column') return sameTable(op.schema, op.table) && op.column === f.column;
      if (op.op === 'rename-column') return sameTable(op.schema, op.table) && op.to === f.column;
      if (op.op === 'drop-column') return f.kind === 'extra-required-column' && sameTable(op.schema, op.table) && op.column === f.column;
      return false;
    }),
  );
  if (hit) f.migrationAt = { migration: hit.migration, file: hit.file, line: hit.line };
}

/** One line: complete or not, and each order's verdict. */
function summaryLine(r: RehearsalReport): string {
  const parts = r.verdicts.map((v) => `${v.label}: ${v.safe ? 'safe' : `breaks (${v.breaks.length})`}`);
  const chosen = r.verdicts.find((v) => v.order === r.order)!;
  return `${r.complete ? 'the release is complete' : 'the release is NOT complete'}; ${parts.join('; ')}; the pipeline's order (${chosen.label}) ${chosen.safe && r.complete ? 'is safe' : 'breaks'}`;
}

/** A scratch database URL with production's Prisma `?schema=` carried over (so the ledger lands where Prisma looks). */
function withSchemaOf(url: string, production: string | undefined): string {
  if (!production) return url;
  const schema = prismaSchemaOf(production);
  if (schema === 'public') return url;
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}
