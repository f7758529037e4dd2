/**
 * Recovery: sign-in answers 200 and stores the kit; the drift check, the count guard and the order
 * guard are all clean on the fix commit.
 */
import path from 'node:path';
import { step } from '@incident-replay/incident';
import { countGuard, readJournal, whenIncreasingGuard } from '../drizzle-kit';
import { ALICE, drift, ledger, signIn, type World } from '../world';

export const signInWorks = step<World>('recovery', 'Sign-in answers 200; on the fix commit the drift check is clean and both guards pass', async (t, w) => {
  const res = await signIn(t, w);
  t.check('POST /api/sign-in status', res.status, 200);
  t.check('the kit is stored', await t.sql('users.kit', w.url, 'SELECT kit FROM users WHERE email = $1', [ALICE.email]), [{ kit: ALICE.kit }]);
  const fixed = readJournal(path.join(w.fix.cwd, 'db/migrations'));
  t.check("tokscale#933's guard on the fix commit's journal", whenIncreasingGuard(fixed), []);
  t.check("ledgr#80's guard", countGuard(await ledger(t, w.url), fixed).passes, true);
  const { report } = await drift(t, w.url, 'drift check (the fix commit)', w.fix.repo.dir);
  t.check('drift check exit code (0 = no drift)', report.exitCode, 0);
  t.check('no findings', report.findings, []);
});
