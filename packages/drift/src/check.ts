import path from 'node:path';
import { compareConstraints } from './compare-constraints.js';
import { compareSchema } from './compare-schema.js';
import { findRepoRoot, loadDriftConfig, type LoadedConfig } from './config.js';
import { discoverProject, type DiscoverOptions } from './discover.js';
import { ledgerEffects } from './effects.js';
import { checkDrizzleLedger, checkPrismaLedger, type LedgerResult } from './ledgers.js';
import type { DriftFinding, DriftReport, ExpectedTable } from './model.js';
import { addLocations } from './positions.js';
import { prismaSchemaOf, ReadOnlySession } from './read-only-session.js';
import { refineRepairs } from './repair.js';
import { expectationSources, loadExpectations } from './sources/registry.js';

/**
 * Options of {@link checkDrift}: either `app` (an app of this repository) or `cwd` (any project,
 * found with {@link discoverProject}; `prismaSchema`, `drizzleConfig`, `config`, `betterAuth` point elsewhere).
 */
export interface CheckDriftOptions extends Partial<DiscoverOptions> {
  /** Folder name under `apps/` that has a `drift.config.ts`, e.g. `prisma-login`. Wins over `cwd`. */
  app?: string;
  /** The database to check, `postgres://user:password@host:port/db[?schema=…]`. Only read. */
  databaseUrl: string;
  /** Repository root (default: found from this package's location). */
  repoRoot?: string;
  /** Connect and statement timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /**
   * Which findings make `exitCode` 1: `any` (default) or only those of severity `breaks`
   * (a database that differs from the ORM's declaration but keeps the app working passes).
   */
  failOn?: 'any' | 'breaks';
}

/**
 * Compares what an app's ORM expects with a live PostgreSQL database and its
 * migration ledger, strictly read-only (one `READ ONLY` transaction, rolled
 * back). Never throws for a database or configuration problem: those come back
 * as `exitCode: 2` with a one-line `error` (unknown app, invalid
 * drift.config.ts, unreachable server, wrong password, missing database,
 * permission denied). Findings are ordered: schema first, then ledger.
 *
 * @returns the report: `exitCode` 0 no drift (or, with `failOn: 'breaks'`, none that breaks), 1 drift found, 2 could not check
 */
export async function checkDrift(options: CheckDriftOptions): Promise<DriftReport> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const base = {
    app: options.app ?? path.basename(path.resolve(options.cwd ?? '.')),
    database: redact(options.databaseUrl),
    checkedAt,
    readOnly: true as const,
  };
  const couldNot = (error: string, sources: string[] = []): DriftReport => ({
    ...base,
    exitCode: 2,
    failOn: options.failOn ?? 'any',
    error,
    findings: [],
    checked: { tables: 0, columns: 0, migrations: 0 },
    sources,
    notes: [],
    durationMs: performance.now() - started,
  });

  let config: LoadedConfig;
  let expected: ExpectedTable[];
  let sources: string[];
  try {
    config = options.app
      ? await loadDriftConfig(options.app, path.resolve(options.repoRoot ?? findRepoRoot()))
      : await discoverProject({ ...options, cwd: options.cwd ?? process.cwd() });
    base.app = config.app;
    ({ expected, sources } = await loadExpectations(config, prismaSchemaOf(options.databaseUrl)));
  } catch (err) {
    return couldNot(oneLine(err));
  }

  let session: ReadOnlySession;
  try {
    session = await ReadOnlySession.open(options.databaseUrl, options.timeoutMs);
  } catch (err) {
    return couldNot(connectionError(err, options.databaseUrl), sources);
  }
  try {
    const schemas = [...new Set(expected.map((t) => t.schema))];
    const actual = await session.tables(schemas.length ? schemas : ['public']);
    const catalog = await session.catalog(schemas.length ? schemas : ['public']);
    // Enum labels first: a column's repair (its DEFAULT, ADD COLUMN … DEFAULT) may use a label the
    // type still lacks (SQLSTATE 22P02); keys, indexes and foreign keys after the columns they cover.
    const constraints = compareConstraints(expected, actual, catalog);
    const isEnum = (f: DriftFinding) => f.kind === 'missing-enum-value' || f.kind === 'extra-enum-value';
    const findings = dedupe([...constraints.filter(isEnum), ...compareSchema(expected, actual, catalog), ...constraints.filter((f) => !isEnum(f))]);
    await refineRepairs(findings, session);
    let ledger: LedgerResult | undefined;
    const rel = (p: string) => path.relative(config.repoRoot, path.join(config.appDir, p)).split(path.sep).join('/');
    if (config.migrations?.kind === 'prisma') {
      ledger = await checkPrismaLedger(
        session,
        prismaSchemaOf(options.databaseUrl),
        path.join(config.appDir, config.migrations.folder),
        rel(config.migrations.folder),
      );
    }
    const m = config.migrations?.kind === 'drizzle' ? config.migrations : undefined;
    const drizzleLedger = (neverRan?: Map<string, string>) =>
      checkDrizzleLedger(
        session,
        { schema: m!.ledgerSchema ?? 'drizzle', table: m!.ledgerTable ?? '__drizzle_migrations' },
        path.join(config.appDir, m!.folder),
        rel(m!.folder),
        neverRan,
      );
    if (m) ledger = await drizzleLedger();
    const effectsOf = (l: LedgerResult) =>
      ledgerEffects(session, l, l.ledger.kind === 'prisma' ? prismaSchemaOf(options.databaseUrl) : 'public', actual, catalog);
    let effects = ledger ? await effectsOf(ledger) : { findings: [], notes: [], neverRan: new Map<string, string>() };
    // A Drizzle row that carries an entry's `when` with a foreign hash, where nothing the entry's SQL
    // does is in place, does not stand for a run of it: the migrator skipped it (migration-skipped).
    if (m && ledger && effects.neverRan.size) {
      ledger = await drizzleLedger(effects.neverRan);
      effects = await effectsOf(ledger);
    }
    if (ledger) findings.push(...ledger.findings);
    findings.push(...effects.findings);
    await addLocations(findings, config.repoRoot);
    const ledgerName =
      config.migrations?.kind === 'prisma'
        ? `${prismaSchemaOf(options.databaseUrl)}._prisma_migrations`
        : config.migrations?.kind === 'drizzle'
          ? `${config.migrations.ledgerSchema ?? 'drizzle'}.${config.migrations.ledgerTable ?? '__drizzle_migrations'}`
          : undefined;
    const notes: string[] = [...(ledger?.notes ?? []), ...effects.notes];
    const breaking = findings.filter((f) => f.severity === 'breaks' && !f.kind.startsWith('ledger') && !f.kind.startsWith('migration'));
    if (ledger?.allApplied && ledger.migrations > 0 && breaking.length) {
      const tool =
        config.migrations?.kind === 'prisma'
          ? '`prisma migrate status` reports "Database schema is up to date!"'
          : "drizzle's migrator has nothing left to run";
      notes.push(
        `The migration ledger records all ${ledger.migrations} migrations as applied, yet the schema is not what the app expects: ${tool}, and only a comparison with the schema shows the drift.`,
      );
    }
    return {
      ...base,
      exitCode: findings.some((f) => options.failOn !== 'breaks' || f.severity === 'breaks') ? 1 : 0,
      failOn: options.failOn ?? 'any',
      findings,
      checked: { tables: expected.length, columns: expected.reduce((n, t) => n + t.columns.length, 0), migrations: ledger?.migrations ?? 0 },
      sources,
      found: describeFound(config, expected, ledger?.migrations ?? 0, ledgerName),
      compared: { tables: expected.map((t) => `${t.schema}.${t.name}`).filter((t, i, all) => all.indexOf(t) === i), ledger: ledgerName },
      notes,
      durationMs: performance.now() - started,
    };
  } catch (err) {
    return couldNot(`reading the database failed: ${oneLine(err)}`, sources);
  } finally {
    await session.close();
  }
}

/**
 * The one line that says what was found and compared: each expectation set with its file, count and
 * how it was found, and the migrations folder with its ledger.
 */
function describeFound(c: LoadedConfig, expected: ExpectedTable[], migrations: number, ledger: string | undefined): string {
  const rel = (p: string) => path.relative(c.repoRoot, path.join(c.appDir, p)).split(path.sep).join('/');
  const how = (v: string | undefined) => (v ? `, via ${v}` : '');
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const parts: string[] = [];
  for (const def of expectationSources()) {
    const part = def.describe(c, expected.filter((t) => t.origin === def.origin).length, how(c.via?.[def.key as keyof NonNullable<LoadedConfig['via']>]), rel);
    if (part) parts.push(part);
  }
  parts.push(c.migrations ? `${n(migrations, 'migration')} in ${rel(c.migrations.folder)} (ledger ${ledger})` : 'migrations: none');
  return parts.join('; ');
}

/**
 * Keeps one finding per (kind, table, column): two expectation sets may see the same gap. The
 * first one wins, unless a later one is more severe (a unique Better Auth only looks up but
 * Prisma's upsert relies on): then the later one takes the first one's place.
 */
function dedupe(findings: DriftFinding[]): DriftFinding[] {
  const kept = new Map<string, number>();
  const out: DriftFinding[] = [];
  for (const f of findings) {
    const key = `${f.kind}|${f.schema}.${f.table}|${f.column ?? ''}`;
    const at = kept.get(key);
    if (at === undefined) {
      kept.set(key, out.push(f) - 1);
    } else if (f.severity === 'breaks' && out[at]!.severity === 'differs') {
      out[at] = f;
    }
  }
  return out;
}

/** One line for a connection failure, naming the server and what to check. */
function connectionError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  let where = '<unparseable url>';
  let user = '';
  let db = '';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || '5432'}`;
    user = decodeURIComponent(u.username);
    db = decodeURIComponent(u.pathname.slice(1));
  } catch {
    return `the database URL is not a postgres:// URL (it does not parse; its text is not shown, it may hold a password)`;
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return `could not connect to ${where}: connection refused (is PostgreSQL running there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not connect to ${where}: host not found`;
    case 'ETIMEDOUT':
      return `could not connect to ${where}: timed out`;
    case '28P01':
      return `could not connect to ${where}: password authentication failed for user "${user}" (SQLSTATE 28P01)`;
    case '28000':
      return `could not connect to ${where}: role "${user}" may not connect (SQLSTATE 28000)`;
    case '3D000':
      return `could not connect to ${where}: database "${db}" does not exist (SQLSTATE 3D000)`;
    case '42501':
      return `could not connect to ${where}: permission denied (SQLSTATE 42501): ${oneLine(err)}`;
  }
  return `could not connect to ${where}: ${oneLine(err)}`;
}

function oneLine(err: unknown): string {
  const m = err instanceof Error ? err.message || err.name : String(err);
  const code = (err as { code?: unknown })?.code;
  const first = m.split('\n')[0]!.trim();
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !first.includes(code) ? `${first} (SQLSTATE ${code})` : first;
}

// Hides the password of a URL. pg-harness has the same (redactUrl); this package keeps its own copy
// on purpose: it is packed and installed alone (schema-drift), so it may depend on nothing of the
// workspace.
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
