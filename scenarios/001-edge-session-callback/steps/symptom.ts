/**
 * Symptoms with the Neon endpoint unreachable: the documented line, the admin turned away (or, with a rethrowing callback, signed out), and the cause the line leaves out.
 */
import { clearsCookie, step } from '@incident-replay/incident';
import { edgeSession, shortCookies, visitAdmin } from '../probes';
import { ADA, DOCUMENTED_LOG_LINE, FORBIDDEN, SESSION_COOKIE, SOURCE, inProcess, type World } from '../world';

export const endpointUnreachable = step<World>(
  'symptom',
  'The Neon endpoint cannot be reached from the Edge runtime: the documented line is logged and the admin is turned away',
  async (t, w) => {
    await w.neon.setMode('unreachable');
    w.neon.resetQueries();
    const admin = await visitAdmin(t, w.browser, 'GET /admin (Neon endpoint unreachable)');
    const line = t.checkLogged('the documented log line, prefix included', 'Database connection error in session callback:')[0]!;
    t.check('the logged line is the postmortem’s, character for character', line.text, DOCUMENTED_LOG_LINE);
    t.checkLogged('the message goes on with the query params (Ada’s id, limit 1)', `params: ${w.adaId},1"`);
    t.check('the admin is redirected to /forbidden (307), not let in', admin.verdict, FORBIDDEN);
    t.checkThat('the session cookie is kept (she is not signed out)', !clearsCookie(admin.setCookies, SESSION_COOKIE), shortCookies(admin.setCookies));
    const { user, accessToken } = (await edgeSession(t, w.browser, 'GET /api/me (Neon endpoint unreachable)')) ?? {};
    t.check('the session lost id, role and accessToken', { user, accessToken }, { user: { name: ADA.name, email: ADA.email }, accessToken: undefined });
    t.check('nothing reached the Neon endpoint', w.neon.queries.length, 0);
    t.claim({
      id: '001.neon-http-fails-in-edge',
      source: SOURCE,
      claim: 'The session callback fails because the neon-http client does not work in the Edge runtime',
      observed: { endpointUp: w.edgeQueryWhileUp, endpointUnreachable: { neonQueries: w.neon.queries.length, admin: admin.verdict } },
      holds: (o) => !o.endpointUp.neonOutcomes.includes('ok'),
      evidence: (o) =>
        `in the Edge middleware the callback's neon-http query came back ${o.endpointUp.neonOutcomes.join(', ') || 'never'} with role "${o.endpointUp.role}" while the endpoint answered; with it unreachable ${o.endpointUnreachable.neonQueries} queries arrived and /admin went ${o.endpointUnreachable.admin}`,
      expectedToHold: false,
    });
    t.claim({
      id: '001.documented-log-line',
      source: SOURCE,
      claim: 'The failure shows up as the logged "Failed query: … from "users" "users" …" line from the session callback',
      observed: { line: line.text },
      holds: (o) => o.line === DOCUMENTED_LOG_LINE,
      evidence: (o) => `captured: ${o.line.slice(0, 80)}…`,
      expectedToHold: true,
    });
    t.note(
      'The postmortem does not say what the users saw. Here: the callback swallows the error, so the session loses id, role and accessToken and the role check turns the admin away (307 to /forbidden) on every request while the endpoint is down.',
    );
  },
);

export const queryAloneInEdge = step<World>(
  'symptom',
  'What the log line leaves out: the same query, run alone in the Edge sandbox, fails with NeonDbError (fetch failed), and returns the role once the endpoint answers',
  async (t, w) => {
    const app = inProcess(w.app);
    const outcome = await app.findUserInEdge(w.adaId);
    t.value('the session callback’s query alone in the Edge sandbox', outcome);
    t.checkThat('it fails with DrizzleQueryError', !outcome.ok && /DrizzleQueryError$/.test(outcome.errorClass), outcome);
    const cause = outcome.ok ? null : outcome.cause;
    t.check('caused by neon-http failing to reach its endpoint', cause && { errorClass: cause.errorClass, message: cause.message }, {
      errorClass: 'NeonDbError',
      message: 'Error connecting to database: TypeError: fetch failed',
    });
    await w.neon.setMode('up');
    const whileUp = await app.findUserInEdge(w.adaId);
    t.value('the session callback’s query alone in the Edge sandbox, endpoint up', whileUp);
    t.check(
      'with the endpoint up, the same query in the same sandbox returns Ada’s role',
      { ok: whileUp.ok, role: whileUp.ok ? whileUp.role : null },
      { ok: true, role: 'admin' },
    );
    await w.neon.setMode('unreachable'); // as the next steps expect
  },
  { needs: 'in-process' },
);

export const rethrowSignsOut = step<World>(
  'symptom',
  'Variant: a session callback that rethrows signs the user out (Auth.js v5 JWTSessionError)',
  async (t, w) => {
    await w.app.deploy('database-rethrow');
    const admin = await visitAdmin(t, w.browser, 'GET /admin (rethrowing callback, endpoint unreachable)');
    t.checkLogged('the app logs the documented line before rethrowing', DOCUMENTED_LOG_LINE);
    t.checkLogged('Auth.js logs JWTSessionError', /\[auth\]\[error\].* JWTSessionError/);
    t.check('the middleware sees no session and redirects to /login', admin.verdict, '307 → /login');
    t.checkThat('the response deletes the session cookie', clearsCookie(admin.setCookies, SESSION_COOKIE), shortCookies(admin.setCookies));
    t.check('the browser no longer holds a session', await w.browser.cookie(SESSION_COOKIE), undefined);
    await w.browser.setCookie(SESSION_COOKIE, w.adaToken); // put her back for the next steps
  },
);
