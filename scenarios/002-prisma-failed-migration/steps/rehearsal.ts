/**
 * Prevention, in the pull request: the release rehearsed before it shipped. BASE is production
 * before the release (migrations through 20250920, and the schema.prisma Prisma introspects from a
 * database deployed that far); HEAD is the app as shipped, or with the ALTER Prisma generates. Last,
 * BEFORE is a copy of production's schema (no rows) as it stood when the release deploy failed.
 */
import { step, type Tree } from '@incident-replay/incident';
import { APP_DIR, FAILED_MIGRATION } from '@incident-replay/app-prisma-login';
import { runSqlFile } from '@incident-replay/pg-harness';
import { introspectDatamodel, migrateDeployUpTo, prismaMigrationNames } from '@incident-replay/prisma-offline';
import { appFiles, recordRehearsal, rehearsalRepo } from '../../shared/rehearsal-evidence';
import { FAILED_MIGRATION_FILE, failedMigrationSql } from '../migration-dirs';
import { FIVE_COLUMNS, SOURCE, type World } from '../world';

/** The files of apps/prisma-login a rehearsal reads: its drift config, schema and migrations. */
const FILES = ['package.json', 'tsconfig.json', 'drift.config.ts', 'prisma/schema.prisma', 'prisma/migrations'];
const SCHEMA = 'prisma/schema.prisma';

export const rehearsalCatchesIt = step<World>(
  'check',
  "Prevention: a rehearsal in the pull request would have said the release is not complete (users lacks the five columns, 42703); with Prisma's generated ALTER it rehearses clean",
  async (t) => {
    const names = prismaMigrationNames(APP_DIR);
    const before = names[names.indexOf(FAILED_MIGRATION) - 1]!;
    // BASE's schema.prisma, as Prisma itself reads it from a database deployed through the migration before the release.
    const production = await t.env.databases.create('rehearse_production');
    const deploy = await migrateDeployUpTo(APP_DIR, production.url, before);
    t.command(`prisma migrate deploy (through ${before})`, deploy);
    t.check(`deploy through ${before} exits 0`, deploy.exitCode, 0);
    const { datamodel, pull } = await introspectDatamodel(APP_DIR, production.url);
    t.command("prisma db pull --print (BASE's schema.prisma)", pull);
    const head = appFiles(APP_DIR, FILES);
    const migration = `prisma/migrations/${FAILED_MIGRATION}/migration.sql`;
    const base: Tree = Object.fromEntries(
      Object.entries(head)
        .filter(([rel]) => !rel.startsWith(`prisma/migrations/${FAILED_MIGRATION}/`))
        .map(([rel, content]) => [rel, rel === SCHEMA ? datamodel : content]),
    );
    t.checkThat(
      "BASE's schema.prisma has none of the five fields",
      FIVE_COLUMNS.every((c) => !datamodel.includes(c)),
      datamodel.length,
    );

    const shipped = rehearsalRepo(APP_DIR, { base, head });
    const fixed = rehearsalRepo(APP_DIR, { base, head: { ...head, [migration]: failedMigrationSql('prisma-generated-alters.sql') } });
    t.env.onTeardown(shipped.repo.remove);
    t.env.onTeardown(fixed.repo.remove);
    const asShipped = await recordRehearsal(t, 'rehearsal: HEAD as shipped', shipped);
    const withAlter = await recordRehearsal(t, "rehearsal: HEAD with Prisma's generated ALTER", fixed);

    const missing = asShipped.report.comparisons
      .find((c) => c.id === 'head-after')
      ?.findings.filter((f) => f.impact === 'release' && f.kind === 'missing-column' && f.table === 'users' && f.sqlstate === '42703')
      .map((f) => f.column!);
    t.check('as shipped: the release is not complete', asShipped.report.complete, false);
    t.check("…HEAD vs AFTER: the five users columns HEAD's schema.prisma declares are missing (42703)", missing?.sort(), [...FIVE_COLUMNS].sort());
    t.check('…so both deploy orders break: exit 1', [asShipped.report.exitCode, ...asShipped.report.verdicts.map((v) => v.safe)], [1, false, false]);
    t.check(
      "with Prisma's generated ALTER: complete, and migrate, then deploy is safe (exit 0)",
      [withAlter.report.complete, withAlter.report.exitCode],
      [true, 0],
    );

    // Production as it stood when the release deploy failed (step 2): its new tables already made by hand.
    await runSqlFile(production.url, FAILED_MIGRATION_FILE);
    const onCopy = await recordRehearsal(t, "rehearsal: HEAD as shipped, BEFORE a copy of production's schema", shipped, { databaseUrl: production.url });
    const failure = onCopy.report.afterRun?.failure;
    const failingLine = head[migration]?.split('\n')[(failure?.line ?? 0) - 1] ?? '';
    t.check('on a copy of production whose new tables exist: 20251014 fails with 42P07', [failure?.migration, failure?.sqlstate], [FAILED_MIGRATION, '42P07']);
    t.checkThat(
      "…with its file and line, at the CREATE TABLE of a table that already exists, and PostgreSQL's words",
      failure?.file.endsWith(migration) === true && /^CREATE TABLE "avatar_projects"/.test(failingLine) && /already exists/.test(failure?.message ?? ''),
      { file: failure?.file, line: failure?.line, statement: failingLine, message: failure?.message },
    );
    t.claim({
      id: '002.rehearsal-would-have-caught-it',
      source: SOURCE,
      claim:
        'Testing the migration before production ("Test on staging first", "Verify all columns are created") would have caught it — here as a rehearsal of the pull request',
      observed: {
        exitCode: asShipped.report.exitCode,
        complete: asShipped.report.complete,
        missing: missing ?? [],
        fixedExitCode: withAlter.report.exitCode,
        fixedComplete: withAlter.report.complete,
      },
      holds: (o) =>
        o.exitCode === 1 && o.complete === false && FIVE_COLUMNS.every((c) => o.missing.includes(c)) && o.fixedExitCode === 0 && o.fixedComplete === true,
      evidence: (o) =>
        `as shipped the release is ${o.complete ? 'complete' : 'not complete'} (exit ${o.exitCode}): users lacks ${o.missing.length} of the five columns after the migration (${o.missing.join(', ')}); with Prisma's generated ALTER it is ${o.fixedComplete ? 'complete' : 'not complete'} (exit ${o.fixedExitCode})`,
      expectedToHold: true,
    });
  },
);
