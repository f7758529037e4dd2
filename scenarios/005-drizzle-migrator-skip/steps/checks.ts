/**
 * The checks that would have caught it, and the guards teams added: the drift check on the
 * database the real migrator left; ledgr#80's count guard and its blind spot (drizzle-orm#5769's
 * hand-written ledger row); tokscale#933's order guard, and why a fresh CI database cannot see it.
 */
import fs from 'node:fs';
import { step, type StepContext } from '@incident-replay/incident';
import type { DriftReport } from '@incident-replay/drift';
import { APP_DIR, MIGRATIONS_DIR } from '@incident-replay/app-drizzle-kit-login';
import { APPLIED_SUCCESSFULLY, countGuard, drizzleKitMigrate, whenIncreasingGuard } from '../drizzle-kit';
import { COUNT_GUARD, JOURNAL_IN_REPO, ORDER_GUARD, SKIPPED, SKIP_ISSUE, drift, hasKit, journal, ledger, whenLine, type World } from '../world';

/** Where the drift check puts 0002's migration-skipped and journal-not-increasing findings: `file:line`, each (or `none`). */
function skippedAt(report: DriftReport): { skipped: string; notIncreasing: string } {
  const at = (kind: string) => {
    const f = report.findings.find((x) => x.kind === kind && x.migration === SKIPPED);
    return f ? `${f.location?.file}:${f.location?.line}` : 'none';
  };
  return { skipped: at('migration-skipped'), notIncreasing: at('journal-not-increasing') };
}

/** Checks that the drift check points at the `when` of 0002 in the shipped journal, both findings. */
function checkPointsAtJournal(t: StepContext, report: DriftReport): string {
  const line = `${JOURNAL_IN_REPO}:${whenLine(fs.readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8'), SKIPPED)}`;
  const at = skippedAt(report);
  t.check(`migration-skipped and journal-not-increasing for ${SKIPPED}, at the line of its when`, at, { skipped: line, notIncreasing: line });
  return line;
}

export const driftCatchesIt = step<World>(
  'check',
  'The drift check would have caught it: 0002 migration-skipped at its journal line, users.kit missing',
  async (t, w) => {
    const { report } = await drift(t, w.url);
    t.check('drift check exit code (1 = drift)', report.exitCode, 1);
    checkPointsAtJournal(t, report);
    const column = report.findings.find((f) => f.kind === 'missing-column' && f.table === 'users' && f.column === 'kit');
    t.checkThat(
      'users.kit missing, expected by lib/db/schema.ts (SQLSTATE 42703)',
      column?.location?.file === 'apps/drizzle-kit-login/lib/db/schema.ts',
      column ?? report.findings,
    );
  },
);

export const countGuardBlindSpot = step<World>(
  'check',
  "ledgr#80's count guard passes after a hand-written ledger row; the drift check still finds 0002 skipped",
  async (t, w) => {
    const entries = journal();
    const plain = countGuard(await ledger(t, w.url), entries);
    t.check('on the skipped database: fewer ledger rows than journal entries, the guard fails the deploy', plain, { recorded: 2, entries: 3, passes: false });
    // A copy of the same state, "repaired" as runbooks do, then deployed again.
    const url = w.copies.handRepair;
    await t.sql(
      'a ledger row written by hand (drizzle-orm#5769)',
      url,
      `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('manual-repair', (extract(epoch FROM now()) * 1000)::bigint)`,
    );
    const run = await drizzleKitMigrate(APP_DIR, url);
    t.command('drizzle-kit migrate (HEAD) after the hand-written row', run);
    const repaired = countGuard(await ledger(t, url), entries);
    const kit = await hasKit(t, url);
    t.claim({
      id: '005.hand-written-row-skips',
      source: SKIP_ISSUE,
      claim: 'A ledger row added by hand with created_at = now makes migrate skip what is pending, reporting success',
      observed: { exitCode: run.exitCode, printed: run.output.includes(APPLIED_SUCCESSFULLY), kit },
      holds: (o) => o.exitCode === 0 && o.printed && !o.kit,
      evidence: (o) => `exit ${o.exitCode}, "${o.printed ? APPLIED_SUCCESSFULLY : 'no success line'}"; users.kit ${o.kit ? 'exists' : 'still missing'}`,
      expectedToHold: true,
    });
    t.claim({
      id: '005.count-guard-catches-skips',
      source: COUNT_GUARD,
      claim: 'Comparing ledger rows with journal entries after migrating makes a skip fail loudly',
      observed: { plain, repaired, kitAfterRepair: kit },
      holds: (o) => !o.plain.passes && (o.kitAfterRepair || !o.repaired.passes),
      evidence: (o) =>
        `skip alone: ${o.plain.recorded} rows of ${o.plain.entries}, ${o.plain.passes ? 'passes' : 'fails'}; after the hand-written row: ${o.repaired.recorded} of ${o.repaired.entries}, ${o.repaired.passes ? 'passes' : 'fails'} with users.kit ${o.kitAfterRepair ? 'present' : 'missing'}`,
      expectedToHold: false,
    });
    const { report } = await drift(t, url, 'drift check on the hand-repaired copy');
    t.check('drift check exit code (1 = drift), where the counts match', report.exitCode, 1);
    checkPointsAtJournal(t, report);
    t.checkThat(
      '…and names the hand-written row',
      report.findings.some((f) => f.kind === 'ledger-unknown-migration'),
      report.findings.map((f) => f.kind),
    );
  },
);

export const orderGuard = step<World>('check', "tokscale#933's order guard flags the journal; a fresh CI database applies all three", async (t) => {
  const violations = whenIncreasingGuard(journal());
  t.value("tokscale#933's guard on the shipped journal", violations);
  t.claim({
    id: '005.order-guard-flags-journal',
    source: ORDER_GUARD,
    claim: 'Requiring each when to be strictly later than the previous one catches the entry drizzle would skip',
    observed: { violations },
    holds: (o) => o.violations.some((v) => v.startsWith(`${SKIPPED} `)),
    evidence: (o) => (o.violations.length ? `flags: ${o.violations.join('; ')}` : 'flags nothing'),
    expectedToHold: true,
  });
  const fresh = await t.env.databases.create('005_fresh_ci');
  try {
    const run = await drizzleKitMigrate(APP_DIR, fresh.url);
    t.command('drizzle-kit migrate (HEAD) on an empty database, as CI runs it', run);
    const rows = await ledger(t, fresh.url);
    const kit = await hasKit(t, fresh.url);
    t.claim({
      id: '005.fresh-database-applies-all',
      source: ORDER_GUARD,
      claim: 'A fresh CI database applies every entry whatever their order: the migration job stays green',
      observed: { exitCode: run.exitCode, rows: rows.length, entries: journal().length, kit },
      holds: (o) => o.exitCode === 0 && o.rows === o.entries && o.kit,
      evidence: (o) => `exit ${o.exitCode}; ${o.rows} ledger rows for ${o.entries} entries, users.kit ${o.kit ? 'present' : 'missing'}`,
      expectedToHold: true,
    });
  } finally {
    await fresh.drop();
  }
});
