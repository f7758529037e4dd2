/**
 * Broken state: the first deploy records 0001 with its hand-edited `when`; the release that brings
 * 0002 runs the real `drizzle-kit migrate`, which says it succeeded and ran nothing.
 */
import { step } from '@incident-replay/incident';
import { APP_DIR, hashPassword } from '@incident-replay/app-drizzle-kit-login';
import { APPLIED_SUCCESSFULLY, drizzleKitMigrate, drizzleKitVersions } from '../drizzle-kit';
import { ALICE, EDITED, SKIPPED, SKIP_ISSUE, SOURCE, hasKit, journal, ledger, whenOf, type World } from '../world';

export const firstDeploy = step<World>(
  'broken-state',
  'First deploy (BASE): drizzle-kit migrate applies 0000 and 0001, whose `when` was edited into the future',
  async (t, w) => {
    t.check('drizzle-kit and the drizzle-orm migrator it loads: the versions of drizzle-orm#5316', drizzleKitVersions(w.base.cwd), {
      drizzleKit: '0.31.10',
      drizzleOrm: '0.44.7',
    });
    const run = await drizzleKitMigrate(w.base.cwd, w.url);
    t.command('drizzle-kit migrate (BASE: 0000, 0001)', run);
    t.check('exit code', run.exitCode, 0);
    const j = journal();
    t.check(
      "the ledger records 0000 and 0001, each with its journal's when as created_at",
      (await ledger(t, w.url)).map((r) => r.created_at),
      [String(whenOf(j, '0000_create_users')), String(whenOf(j, EDITED))],
    );
    await t.sql('seed user', w.url, 'INSERT INTO users (email, password_hash) VALUES ($1, $2)', [ALICE.email, hashPassword(ALICE.password)]);
  },
);

export const releaseSkips0002 = step<World>(
  'broken-state',
  'The release (HEAD): drizzle-kit migrate reports success, exit 0; 0002 never runs',
  async (t, w) => {
    const before = await ledger(t, w.url, 'ledger before');
    const run = await drizzleKitMigrate(APP_DIR, w.url);
    t.command('drizzle-kit migrate (HEAD: 0000–0002)', run);
    const after = await ledger(t, w.url, 'ledger after');
    const kit = await hasKit(t, w.url);
    t.check('exit code', run.exitCode, 0);
    t.checkMatch('it says it succeeded', run.output, APPLIED_SUCCESSFULLY);
    t.check('no ledger row was added', after, before);
    t.check('users.kit does not exist', kit, false);
    const j = journal();
    t.claim({
      id: '005.migrate-reports-success',
      source: SKIP_ISSUE,
      claim: 'The skip is silent: drizzle-kit migrate prints that migrations applied successfully and exits 0',
      observed: { exitCode: run.exitCode, printed: run.output.includes(APPLIED_SUCCESSFULLY), rowsBefore: before.length, rowsAfter: after.length, kit },
      holds: (o) => o.exitCode === 0 && o.printed && o.rowsAfter === o.rowsBefore && !o.kit,
      evidence: (o) =>
        `exit ${o.exitCode}, ${o.printed ? 'printed' : 'did not print'} "${APPLIED_SUCCESSFULLY}"; ledger ${o.rowsBefore} → ${o.rowsAfter} rows, users.kit ${o.kit ? 'exists' : 'missing'}`,
      expectedToHold: true,
    });
    const newest = Math.max(...after.map((r) => Number(r.created_at)));
    t.claim({
      id: '005.newest-row-is-an-earlier-entry',
      source: SOURCE,
      claim: "The new migration got no ledger row; the newest created_at is an earlier entry's when",
      observed: {
        newest,
        newestIs: j.find((e) => e.when === newest)?.tag,
        skippedWhen: whenOf(j, SKIPPED),
        skippedRecorded: after.some((r) => Number(r.created_at) === whenOf(j, SKIPPED)),
      },
      holds: (o) => o.newestIs !== undefined && o.newestIs !== SKIPPED && !o.skippedRecorded && o.skippedWhen <= o.newest,
      evidence: (o) =>
        `newest created_at ${o.newest} is ${o.newestIs ?? 'no entry'}'s when; ${SKIPPED}'s when ${o.skippedWhen} is not later, and it is ${o.skippedRecorded ? '' : 'not '}in the ledger`,
      expectedToHold: true,
    });
    // Copies of this state for the guards and the journal-only fix, made now: before the app first
    // connects (a database being accessed cannot be a template).
    w.copies.handRepair = (await t.env.databases.create('005_hand_repair', w.name)).url;
    w.copies.journalFixOnly = (await t.env.databases.create('005_journal_fix_only', w.name)).url;
  },
);
