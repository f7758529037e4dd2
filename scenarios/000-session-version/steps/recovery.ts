/**
 * Recovery: both builds sign in, and session_version invalidates sessions again.
 */
import { clearsCookie, setsCookie, step } from '@incident-replay/incident';
import { ALICE, SESSION_COOKIE, WARNING_LINE, forgotPassword, sessionEmail, sessionWith, signIn, type World } from '../world';

export const bothBuildsWork = step<World>('recovery', 'Sign-in and forgot-password work on both builds and no warning is logged', async (t, w) => {
  for (const code of ['pre-fix', 'fixed'] as const) {
    await w.app.deploy(code);
    const browser = w.app.browser();
    const res = await signIn(t, browser, `sign-in (${code})`);
    t.check(`${code} build: sign-in status`, res.status, 302);
    t.checkThat(`${code} build: a session cookie is set`, setsCookie(res.headers, SESSION_COOKIE), res.headers.getSetCookie());
    const session = await sessionWith(t, browser, `session (${code})`);
    t.check(`${code} build: the session returns the user`, sessionEmail(session), ALICE.email);
    t.check(`${code} build: forgot-password status`, (await forgotPassword(t, browser)).status, 200);
  }
  t.check('no missing-column warning', t.logsMatching(WARNING_LINE).length, 0);
});

export const bumpSignsOut = step<World>('recovery', 'Bumping session_version signs the user out everywhere; a fresh sign-in works', async (t, w) => {
  await w.app.deploy('fixed');
  const browser = w.app.browser();
  t.check('sign-in status', (await signIn(t, browser)).status, 302);
  t.check('session before the bump has the user', sessionEmail(await sessionWith(t, browser, 'session before bump')), ALICE.email);
  await t.sql('invalidate all sessions of the user', w.url, 'UPDATE users SET session_version = session_version + 1 WHERE id = $1', [w.aliceId]);
  const after = await sessionWith(t, browser, 'session after bump');
  t.check('the earlier JWT now gives an empty session', [after.status, after.json], [200, {}]);
  t.checkThat('the session cookie is cleared', clearsCookie(after.headers, SESSION_COOKIE), after.headers.getSetCookie());
  t.checkLogged('NextAuth logs why', /session of user .* was invalidated \(token version 1, current 2\)/);
  const again = w.app.browser();
  t.check('a fresh sign-in works', (await signIn(t, again, 'fresh sign-in')).status, 302);
  t.check('…and carries the new version', sessionEmail(await sessionWith(t, again, 'session after fresh sign-in')), ALICE.email);
});
