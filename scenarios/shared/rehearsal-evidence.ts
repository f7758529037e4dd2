/**
 * A rehearsal of a deploy (`rehearse` of @incident-replay/drift) as step evidence, shared by the
 * scenarios: the two revisions of an app — BASE, what production runs, and HEAD, the pull request —
 * committed into a throwaway git repository, rehearsed on the incident's own PostgreSQL server
 * (its databases, dropped with the rehearsal), and recorded in the step. It lives here, beside
 * drift-evidence.ts, for the same reason: it needs both the drift package and the incident model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeFailure, rehearse, type RehearsalFinding, type RehearsalReport, type ScratchServerLike } from '@incident-replay/drift';
import { gitRepo, type StepContext, type TestRepo, type Tree } from '@incident-replay/incident';

/**
 * An app's files as a tree (paths relative to the app folder): each path a file, or a folder taken
 * whole (`node_modules` never).
 *
 * @param appDir the app folder, e.g. apps/nextauth-drizzle
 * @param paths files and folders relative to it, e.g. `['drift.config.ts', 'db/migrations']`
 * @throws the file system's error for a path that does not exist
 */
export function appFiles(appDir: string, paths: readonly string[]): Tree {
  const tree: Tree = {};
  const add = (rel: string) => {
    const abs = path.join(appDir, rel);
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs)) if (e !== 'node_modules') add(path.posix.join(rel, e));
    } else tree[rel] = fs.readFileSync(abs, 'utf8');
  };
  for (const p of paths) add(p);
  return tree;
}

/** The two revisions of an app a rehearsal compares, as trees relative to the app folder. */
export interface AppRevisions {
  /** What production runs. */
  base: Tree;
  /** The pull request. */
  head: Tree;
}

/** A repository made by {@link rehearsalRepo}: BASE is its first commit, HEAD its second. */
export interface RehearsalRepo {
  repo: TestRepo;
  /** The app folder in the repository's work tree (`<repo>/apps/<app>`): where the rehearsal runs. */
  cwd: string;
  /** `apps/<app>`: the app folder relative to the repository's top level. */
  subdir: string;
  base: string;
  head: string;
}

/**
 * Commits an app's two revisions into a new git repository laid out as this one is: the app at
 * `apps/<app>/` with the root's `tsconfig.base.json` (the apps' tsconfig.json extends it), BASE
 * first, then HEAD (the files BASE has and HEAD lacks are deleted). The app folder's `node_modules`
 * is a link to the real app's installed packages, so its drift.config.ts, its ORM and its
 * migrator load as they do in the workspace.
 *
 * @param appDir the real app folder (its name becomes the folder under apps/)
 * @param revisions BASE and HEAD (see {@link appFiles})
 * @returns the repository; remove it with `repo.remove()` (e.g. from `t.env.onTeardown`)
 */
export function rehearsalRepo(appDir: string, revisions: AppRevisions): RehearsalRepo {
  const subdir = `apps/${path.basename(appDir)}`;
  const under = (tree: Tree): Tree => Object.fromEntries(Object.entries(tree).map(([rel, content]) => [`${subdir}/${rel}`, content]));
  const baseConfig = path.resolve(appDir, '../../tsconfig.base.json');
  const top: Tree = fs.existsSync(baseConfig) ? { 'tsconfig.base.json': fs.readFileSync(baseConfig, 'utf8') } : {};
  const removed: Tree = Object.fromEntries(
    Object.keys(revisions.base)
      .filter((rel) => !(rel in revisions.head))
      .map((rel) => [rel, null]),
  );
  const repo = gitRepo(
    [{ ...top, ...under(revisions.base) }, under({ ...removed, ...revisions.head })],
    {},
    {
      links: { [`${subdir}/node_modules`]: path.join(appDir, 'node_modules') },
      label: `rehearse-${path.basename(appDir)}`,
    },
  );
  return { repo, cwd: path.join(repo.dir, subdir), subdir, base: repo.commits[0]!, head: repo.commits[1]! };
}

/** A path of the rehearsal's repository as the app folder sees it (`apps/x/db/m.sql` → `db/m.sql`). */
function inApp(file: string, subdir: string): string {
  return file.startsWith(`${subdir}/`) ? file.slice(subdir.length + 1) : file;
}

/**
 * One line per finding, paths relative to the app folder: `<impact>: <severity> <kind>
 * <table>[.<column>| <migration>][ SQLSTATE <code>][ at <migration file>:<line>][, declared at <file>:<line>]`
 * (a ledger finding: `, in <migration file>[:<line>]`),
 * e.g. `deploy-first: breaks missing-column users.session_version SQLSTATE 42703 at
 * db/migrations/0012_add_session_versioning.sql:2, declared at lib/db/schema.ts:31`.
 */
export function rehearsalFindingLine(f: RehearsalFinding, subdir: string): string {
  const target = `${f.table}${f.column ? `.${f.column}` : f.migration ? ` ${f.migration}` : ''}`;
  const at = f.migrationAt ? ` at ${inApp(f.migrationAt.file, subdir)}:${f.migrationAt.line}` : '';
  // Where the expectation is written (a schema line); for a ledger finding, the migration file it names.
  const where = f.location ? `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}` : undefined;
  const declared = where ? (f.category === 'ledger' ? `, in ${where}` : `, declared at ${where}`) : '';
  return `${f.impact}: ${f.severity} ${f.kind} ${target}${f.sqlstate ? ` SQLSTATE ${f.sqlstate}` : ''}${at}${declared}`;
}

/** A rehearsal's report with its findings as lines, as {@link recordRehearsal} recorded them. */
export interface RehearsalEvidence {
  report: RehearsalReport;
  /** Every finding that is the deploy's doing (impact `release`, `migrate-first` or `deploy-first`), as {@link rehearsalFindingLine}s. */
  findings: string[];
  /** The failing migration statement, one line (`describeFailure`, paths relative to the app), or undefined. */
  failure?: string;
  /** Each deploy order's verdict: `safe` or `breaks (<n>)`. */
  verdicts: Record<string, string>;
}

/**
 * Rehearses HEAD over BASE of a {@link rehearsalRepo} on the incident's own server and records it
 * in the step: one value under `label` (exit code, each order's verdict, complete or not, the
 * migration failure, the findings one line each with SQLSTATE, migration file:line and the
 * declaration's file:line, the summary) and a check that it could rehearse (exit code 0 or 1).
 * Its BEFORE and AFTER databases are made with `t.env.databases` and dropped before it returns.
 *
 * @param options.order the pipeline's order (default `migrate-first`, as `rehearse`)
 * @param options.databaseUrl production, only read: BEFORE becomes a copy of its schema
 * @param options.exit2IsObserved the step judges exit code 2 itself (e.g. a BASE lockfile pinning
 *   another library version, which the rehearsal reports with the comparisons it could make)
 * @throws CheckFailed when it could not rehearse (exit code 2; its one-line error is the observed value), unless `exit2IsObserved`
 */
export async function recordRehearsal(
  t: StepContext,
  label: string,
  r: RehearsalRepo,
  options: { order?: 'migrate-first' | 'deploy-first'; databaseUrl?: string; exit2IsObserved?: boolean } = {},
): Promise<RehearsalEvidence> {
  const made: { drop(): Promise<void> }[] = [];
  const server: ScratchServerLike = {
    describe: () => `the incident's PostgreSQL server (${t.env.server.provider}, PostgreSQL ${t.env.server.version} at ${t.env.server.address})`,
    create: async (name, template) => {
      const db = await t.env.databases.create(`rehearse_${name}`, template);
      made.push(db);
      return db;
    },
  };
  let report: RehearsalReport;
  try {
    report = await rehearse({ cwd: r.cwd, base: r.base, head: r.head, server, order: options.order, databaseUrl: options.databaseUrl });
  } finally {
    for (const db of made.reverse()) await db.drop();
  }
  // A finding of HEAD vs AFTER is often found by HEAD vs BEFORE too: one line each.
  const findings = [
    ...new Set(
      report.comparisons
        .flatMap((c) => c.findings)
        .filter((f) => f.impact !== 'already')
        .map((f) => rehearsalFindingLine(f, r.subdir)),
    ),
  ];
  const failure = report.afterRun?.failure ? describeFailure({ ...report.afterRun.failure, file: inApp(report.afterRun.failure.file, r.subdir) }) : undefined;
  const verdicts = Object.fromEntries(report.verdicts.map((v) => [v.label, v.safe ? 'safe' : `breaks (${v.breaks.length})`]));
  t.value(label, {
    exitCode: report.exitCode,
    ...(report.error ? { error: report.error } : {}),
    verdicts,
    complete: report.complete,
    ...(failure ? { failure } : {}),
    ...(report.rowFailures.length
      ? { rowFailures: report.rowFailures.map((x) => `${inApp(x.file, r.subdir)}:${x.line} ${x.verdict} (SQLSTATE ${x.sqlstate}): ${x.reason}`) }
      : {}),
    findings,
    summary: report.summary,
  });
  if (!options.exit2IsObserved) t.checkThat(`it could rehearse (${label})`, report.exitCode !== 2, report.error ?? `exit ${report.exitCode}`);
  return { report, findings, failure, verdicts };
}
