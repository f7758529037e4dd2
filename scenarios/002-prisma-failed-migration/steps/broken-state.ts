/**
 * Broken state: production before the release, the release deploy that
 * FAILED, Prisma refusing to go on, and what the drift check sees.
 */
import { step } from '@incident-replay/incident';
import { APP_DIR, FAILED_MIGRATION, hashPassword } from '@incident-replay/app-prisma-login';
import { migrateDeployUpTo, migrationChecksum, prismaMigrationNames, readMigrationLedger } from '@incident-replay/prisma-offline';
import { runSqlFile } from '@incident-replay/pg-harness';
import { FAILED_MIGRATION_FILE } from '../migration-dirs';
import { driftCheck, prismaCli, tablesIn, unlimitedColumns, userCount } from '../probes';
import { FIVE_COLUMNS, NEW_TABLES, SOURCE, USERS, type World } from '../world';

export const beforeRelease = step<World>(
  'broken-state',
  'Production before the release: Prisma deploys the two earlier migrations, three users sign up',
  async (t, w) => {
    const names = prismaMigrationNames(APP_DIR);
    t.check('the app has three migrations, 20251014 last', names, ['20250901_init', '20250920_add_user_credits', FAILED_MIGRATION]);
    const deploy = await migrateDeployUpTo(APP_DIR, w.url, names[1]!);
    t.command('prisma migrate deploy (before the release)', deploy);
    t.check('deploy of the earlier migrations exits 0', deploy.exitCode, 0);
    for (const u of USERS) {
      await t.sql(`seed ${u.email}`, w.url, `INSERT INTO users (id, email, password, name, "updatedAt") VALUES ($1, $2, $3, $4, now())`, [
        u.id,
        u.email,
        await hashPassword(u.password),
        u.name,
      ]);
    }
    t.check('three users exist', await userCount(t, w.url, 'user count'), 3);
  },
);

export const releaseDeployFails = step<World>(
  'broken-state',
  'The release deploy fails on a table that already exists (42P07); Prisma records 20251014 as FAILED, its tables made, users unaltered',
  async (t, w) => {
    t.note(
      'The postmortem does not say why the deploy failed. A migration file runs as one query, so a failed run leaves none of its tables; the replay therefore runs the file by hand first (tables exist) and lets `prisma migrate deploy` then fail on its first CREATE TABLE (42P07) — one real way to reach the documented state.',
    );
    await runSqlFile(w.url, FAILED_MIGRATION_FILE);
    const deploy = await prismaCli(t, 'prisma migrate deploy (the release)', ['migrate', 'deploy'], w.url);
    t.check('the release deploy exits 1', deploy.exitCode, 1);
    t.checkMatch('it fails on a table that already exists', deploy.output, 'relation "avatar_projects" already exists');
    t.checkMatch('(js engine) the error is reported as an external connector error, not P3018', deploy.output, 'external connector error');

    const ledger = await readMigrationLedger(w.url);
    t.value('_prisma_migrations', ledger);
    const rows = ledger.map((r) => [r.migration_name, r.finished_at !== null, r.rolled_back_at !== null, r.applied_steps_count]);
    t.check('ledger rows (name, finished, rolled back, steps)', rows, [
      ['20250901_init', true, false, 1],
      ['20250920_add_user_credits', true, false, 1],
      [FAILED_MIGRATION, false, false, 0],
    ]);
    t.check('the failed row keeps the checksum of migration.sql (sha256 hex)', ledger[2]!.checksum, migrationChecksum(FAILED_MIGRATION_FILE));
    t.checkMatch('the failed row logs the database error', ledger[2]!.logs, 'relation "avatar_projects" already exists');

    const newTables = (await tablesIn(t, w.url, 'tables')).filter((n) => n !== 'users');
    t.check('the Avatar Creator / Pose Generator tables exist', newTables, NEW_TABLES);
    const userColumns = await unlimitedColumns(t, w.url, 'verification query before the fix');
    t.check('users has none of the five unlimitedPose* columns', userColumns, []);
    t.claim({
      id: '002.tables-created-no-user-columns',
      source: SOURCE,
      claim: 'Migration 20251014 created the new tables but no users columns',
      observed: { newTables, unlimitedColumns: userColumns },
      holds: (o) => NEW_TABLES.every((n) => o.newTables.includes(n)) && o.unlimitedColumns.length === 0,
      evidence: (o) =>
        `${NEW_TABLES.filter((n) => o.newTables.includes(n)).length} of the ${NEW_TABLES.length} new tables present, ${o.unlimitedColumns.length} unlimited% columns on users`,
      expectedToHold: true,
    });
  },
);

export const deployRefusedOnRestart = step<World>(
  'broken-state',
  'On restart Prisma refuses: migrate status exits 1 naming 20251014, migrate deploy stops with P3009',
  async (t, w) => {
    const [status, again] = await Promise.all([
      prismaCli(t, 'prisma migrate status', ['migrate', 'status'], w.url),
      prismaCli(t, 'prisma migrate deploy (restart)', ['migrate', 'deploy'], w.url),
    ]);
    t.check('migrate status exits 1', status.exitCode, 1);
    t.checkMatch('migrate status names the failed migration', status.output, `Following migration have failed:\n${FAILED_MIGRATION}`);
    t.check('migrate deploy on restart exits 1', again.exitCode, 1);
    t.checkMatch('migrate deploy refuses with P3009', again.output, 'P3009');
    t.checkMatch('… naming the failed migration', again.output, `The \`${FAILED_MIGRATION}\` migration started at`);
    t.claim({
      id: '002.failed-migration-blocks-deploy',
      source: SOURCE,
      claim: 'The migration is marked FAILED, so Prisma will not apply it even on restart',
      observed: { statusExit: status.exitCode, deployExit: again.exitCode, p3009: again.output.includes('P3009') },
      holds: (o) => o.statusExit === 1 && o.deployExit === 1 && o.p3009,
      evidence: (o) => `migrate status exit ${o.statusExit}; migrate deploy exit ${o.deployExit} ${o.p3009 ? 'with' : 'without'} P3009`,
      expectedToHold: true,
    });
  },
);

export const driftSeesBrokenState = step<World>(
  'broken-state',
  'The drift check finds the five missing columns and the FAILED ledger row, whose effects are already in place',
  async (t, w) => {
    const { report, schema, ledger } = await driftCheck(t, w.url, 'drift check (broken state)');
    t.check('drift check exit code (1 = drift)', report.exitCode, 1);
    t.check(
      'schema: the five columns missing from users',
      schema.map((f) => [f.kind, f.table, f.column]).sort(),
      FIVE_COLUMNS.map((c) => ['missing-column', 'users', c]),
    );
    t.check(
      'ledger: 20251014 FAILED',
      ledger.filter((f) => f.kind === 'ledger-failed').map((f) => f.migration),
      [FAILED_MIGRATION],
    );
    // Ledger versus effects: the failed migration's tables are already there, so running it again fails where the release deploy did.
    const present = ledger.find((f) => f.kind === 'ledger-effects-present' && f.migration === FAILED_MIGRATION);
    t.checkMatch(
      '…and its effects in place already: a re-run fails on the table the deploy failed on (42P07)',
      present?.message,
      'table "avatar_projects" already exists, SQLSTATE 42P07',
    );
  },
);
