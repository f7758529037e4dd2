/**
 * Symptoms on the pre-fix build: sign-in and forgot-password answer 500; a session issued earlier comes back empty.
 */
import { clearsCookie, step } from '@incident-replay/incident';
import { SESSION_COOKIE, SOURCE, forgotPassword, sessionWith, signIn, type World } from '../world';

export const signIn500 = step<World>('symptom', 'Pre-fix build: sign-in answers 500 because the JWT callback hits SQLSTATE 42703', async (t, w) => {
  await w.app.deploy('pre-fix');
  const res = await signIn(t, w.app.browser());
  t.check('POST /api/auth/callback/credentials status', res.status, 500);
  t.checkThat('no session cookie was set', !res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)), res.headers.getSetCookie());
  t.checkLogged('the error names the missing column', /column "session_version" does not exist/);
  t.claim({
    id: '000.sign-in-500',
    source: SOURCE,
    claim: '/api/auth/callback/credentials returns 500',
    observed: { status: res.status },
    holds: (o) => o.status === 500,
    evidence: (o) => `status ${o.status}`,
    expectedToHold: true,
  });
});

export const forgotPassword500 = step<World>('symptom', 'Pre-fix build: forgot-password answers 500 (it selects every column)', async (t, w) => {
  const res = await forgotPassword(t, w.app.browser());
  t.check('POST /api/auth/forgot-password status', res.status, 500);
  t.checkLogged('the error names the missing column', /column "session_version" does not exist/);
  t.claim({
    id: '000.forgot-password-500',
    source: SOURCE,
    claim: '/api/auth/forgot-password returns 500',
    observed: { status: res.status },
    holds: (o) => o.status === 500,
    evidence: (o) => `status ${o.status}`,
    expectedToHold: true,
  });
});

export const earlierSessionEmpty = step<World>('symptom', 'Pre-fix build: a session issued earlier comes back empty (200 {}), not 500', async (t, w) => {
  const browser = w.app.browser();
  await browser.setCookie(SESSION_COOKIE, w.earlierJwt);
  const res = await sessionWith(t, browser, 'session with the earlier JWT');
  t.check('GET /api/auth/session status', res.status, 200);
  t.check('the session is empty', res.json, {});
  t.checkThat('the session cookie is cleared', clearsCookie(res.headers, SESSION_COOKIE), res.headers.getSetCookie());
  const logged = t.checkLogged('NextAuth logs JWT_SESSION_ERROR', /JWT_SESSION_ERROR/);
  t.checkLogged(
    '…with the Drizzle "Failed query" line of the session_version read',
    /Failed query: select "session_version" from "users" where "users"\."id" = \$1 limit \$2/,
  );
  t.check('…but not the reason: the cause is not logged', t.logsMatching(/does not exist|42703/).length, 0);
  const direct = await t.sql('the same query, run directly', w.url, 'SELECT session_version FROM users LIMIT 1').catch((e: unknown) => e);
  t.check('run directly, the query fails with SQLSTATE 42703', t.error('direct query', direct).sqlstate, '42703');
  t.note(
    "NextAuth v4's logger prints the DrizzleQueryError's message and stack but not its cause, so the log shows which query failed and never why; the SQLSTATE only appears when the query is run by hand.",
  );
  t.claim({
    id: '000.all-jwt-callbacks-500',
    source: SOURCE,
    claim: 'All NextAuth JWT callbacks fail with 500',
    observed: { status: res.status, body: res.body, logged: logged[0]?.text.slice(0, 60) },
    holds: (o) => o.status === 500,
    evidence: (o) =>
      `GET /api/auth/session ran the JWT callback, which threw; NextAuth v4 caught it, logged "${o.logged}…", answered ${o.status} ${o.body} and cleared the cookie: the user is silently signed out`,
    expectedToHold: false,
  });
});
