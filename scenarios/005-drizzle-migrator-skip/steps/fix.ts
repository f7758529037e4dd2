/**
 * The fix: 0001's journal entry restamped (the fix commit), then the ledger row that recorded its
 * future `when` corrected to match. The journal alone is not enough on a database that already
 * recorded the bad value (ledgr#75); both together, and drizzle-kit migrate runs 0002.
 */
import { step } from '@incident-replay/incident';
import { APPLIED_SUCCESSFULLY, drizzleKitMigrate } from '../drizzle-kit';
import { EDITED, LEDGR_ISSUE, RESTAMPED_WHEN, SKIPPED, hasKit, journal, ledger, whenOf, type World } from '../world';

export const journalFixAlone = step<World>('fix', 'The journal fix alone (0001 restamped), on a copy: drizzle-kit migrate still skips 0002', async (t, w) => {
  const url = w.copies.journalFixOnly;
  const run = await drizzleKitMigrate(w.fix.cwd, url);
  t.command('drizzle-kit migrate (the fix commit), ledger untouched', run);
  const rows = await ledger(t, url);
  const kit = await hasKit(t, url);
  t.claim({
    id: '005.journal-fix-alone-does-not-heal',
    source: LEDGR_ISSUE,
    claim: 'The journal fix alone does not heal a database that recorded the bad value',
    observed: {
      exitCode: run.exitCode,
      printed: run.output.includes(APPLIED_SUCCESSFULLY),
      newest: Math.max(...rows.map((r) => Number(r.created_at))),
      skippedWhen: whenOf(journal(), SKIPPED),
      kit,
    },
    holds: (o) => !o.kit,
    evidence: (o) =>
      `exit ${o.exitCode}${o.printed ? `, "${APPLIED_SUCCESSFULLY}"` : ''}; newest created_at ${o.newest} vs ${SKIPPED}'s when ${o.skippedWhen}: users.kit ${o.kit ? 'added' : 'still missing'}`,
    expectedToHold: true,
  });
});

export const restampAndCorrectLedger = step<World>(
  'fix',
  "The fix: 0001's ledger row set to its restamped when; drizzle-kit migrate runs 0002",
  async (t, w) => {
    const oldWhen = whenOf(journal(), EDITED);
    const corrected = await t.sql(
      'correct the ledger row of 0001',
      w.url,
      'UPDATE drizzle.__drizzle_migrations SET created_at = $1 WHERE created_at = $2 RETURNING created_at::text',
      [RESTAMPED_WHEN, oldWhen],
    );
    t.check('one row corrected', corrected.length, 1);
    const run = await drizzleKitMigrate(w.fix.cwd, w.url);
    t.command('drizzle-kit migrate (the fix commit)', run);
    const rows = await ledger(t, w.url);
    const kit = await hasKit(t, w.url);
    t.check('exit code', run.exitCode, 0);
    t.claim({
      id: '005.restamp-and-correct-ledger',
      source: LEDGR_ISSUE,
      claim: 'Correcting the when and running the matching UPDATE of created_at lets migrate apply the skipped migration',
      observed: { exitCode: run.exitCode, rows: rows.map((r) => r.created_at), skippedWhen: String(whenOf(journal(), SKIPPED)), kit },
      holds: (o) => o.exitCode === 0 && o.kit && o.rows.includes(o.skippedWhen),
      evidence: (o) => `exit ${o.exitCode}; ledger created_at ${o.rows.join(', ')}; users.kit ${o.kit ? 'added' : 'missing'}`,
      expectedToHold: true,
    });
  },
);
