/**
 * Incident 001 — an Auth.js v5 session callback that queries the database
 * from the Edge middleware. Postmortem: 001_94afe4549f0b720e.txt.
 * The story is in README.md. The app (apps/authjs-edge) runs in-process: its
 * Edge code in an EdgeVM sandbox, its Node code here (see in-process-app.ts);
 * real-server.test.ts runs the same app under `next build` + `next start`.
 */
import type { Browser, StepContext } from '@incident-replay/incident';
import { defineIncident, step } from '@incident-replay/incident';
import type { NeonHttpProxy } from '@incident-replay/neon-http-proxy';
import { checkDrift } from '@incident-replay/drift';
import type { InProcessApp } from './in-process-app';
import { ADA, appEnv, buildUsersDatabase, clearsSessionCookie, deploy, SESSION_COOKIE, signIn, startNeon, type SessionCallbackName } from './world';

const SOURCE = '001_94afe4549f0b720e.txt';

/** The postmortem's log line, character for character (its first line; the error message goes on with "\nparams: …"). */
export const DOCUMENTED_LOG_LINE =
  'Database connection error in session callback: "Failed query: select "id", "name", "email", "password", "role", "created_at", "updated_at" from "users" "users" where "users"."id" = $1 limit $2';

interface World {
  url: string;
  neon: NeonHttpProxy;
  env: Record<string, string>;
  adaId: string;
  /** Ada's session-token cookie from her sign-in (a valid Auth.js JWT). */
  adaToken: string;
  /** The deployed app and Ada's browser on it. */
  app: InProcessApp;
  browser: Browser;
  /** Deploys the app with a session callback; Ada's browser keeps her cookie. */
  deploy(callback: SessionCallbackName): Promise<void>;
}

interface SessionBody {
  session: { user?: { id?: string; role?: string; name?: string; email?: string }; accessToken?: string } | null;
}

/** GET /admin through the Edge middleware; returns where it sent the browser (`page` = continue to the admin page). */
async function visitAdmin(t: StepContext, w: World, label: string): Promise<{ verdict: 'page' | string; setCookies: string[] }> {
  const res = await t.http(label, await w.browser.request('/admin'), { method: 'GET', url: '/admin' });
  const verdict = res.headers.get('x-middleware-next') === '1' ? 'page' : `${res.status} → ${new URL(res.headers.get('location') ?? '', w.browser.baseUrl).pathname}`;
  return { verdict, setCookies: res.headers.getSetCookie() };
}

/** GET /api/me: the session as the Edge runtime builds it. */
async function edgeSession(t: StepContext, w: World, label: string): Promise<SessionBody['session']> {
  const res = await t.http(label, await w.browser.request('/api/me'), { method: 'GET', url: '/api/me' });
  t.check(`${label}: status`, res.status, 200);
  return (res.json as SessionBody).session;
}

export default defineIncident<World>({
  id: '001-edge-session-callback',
  title: 'Auth.js session callback querying the database from the Edge runtime',
  postmortem: SOURCE,
  summary:
    'A DB-reading session callback runs in the Edge middleware on every request. neon-http works there; when the Neon endpoint cannot be reached the documented line is logged and admins lose their role (or are signed out). The token-only callback fixes it at the cost of stale roles.',

  async setup(env) {
    const tpl = await env.databases.createTemplate('authjs_edge', buildUsersDatabase);
    const db = await tpl.clone('authjs_edge');
    const neon = await startNeon(db.name);
    env.onTeardown(() => neon.stop());
    const vars = appEnv(db.url, neon.fetchEndpoint);
    env.setAppEnv(vars); // the Node side (Auth.js route handlers) reads process.env
    const w = { url: db.url, neon, env: vars, adaId: '', adaToken: '' } as World;
    w.deploy = async (callback) => {
      const cookie = w.browser ? await w.browser.cookie(SESSION_COOKIE) : undefined;
      Object.assign(w, await deploy(vars, callback));
      if (cookie) await w.browser.setCookie(SESSION_COOKIE, cookie);
    };
    return w;
  },

  steps: [
    step('broken-state', 'Before the fix: the session callback reloads the user through neon-http, and that works inside the Edge runtime', async (t, w) => {
      await w.deploy('database');
      const [ada] = await t.sql<{ id: string; role: string }>('Ada in the users table', w.url, 'SELECT id, role FROM users WHERE email = $1', [ADA.email]);
      w.adaId = ada!.id;
      const res = await t.http('sign in (credentials)', await signIn(w.browser, ADA.email, ADA.password), { method: 'POST', url: '/api/auth/callback/credentials' });
      t.check('sign-in redirects (302)', res.status, 302);
      w.adaToken = (await w.browser.cookie(SESSION_COOKIE)) ?? '';
      t.checkThat('a session-token cookie was set', w.adaToken.length > 0, res.headers.getSetCookie().map((c) => c.slice(0, 40)));

      w.neon.resetQueries();
      const admin = await visitAdmin(t, w, 'GET /admin (Neon endpoint up)');
      t.check('the middleware lets the admin through', admin.verdict, 'page');
      t.check('one query reached the Neon endpoint for that one request', w.neon.queries.map((q) => q.outcome), ['ok']);
      t.check('it is the session callback’s findFirst, with the "users" "users" alias', w.neon.queries[0]!.query, DOCUMENTED_LOG_LINE.slice(DOCUMENTED_LOG_LINE.indexOf('select')));
      t.value('statement and params received by the Neon endpoint', w.neon.queries[0]);
      t.claim({
        id: '001.callback-queries-every-request',
        source: SOURCE,
        claim: 'The session callback queried the database on every request',
        observed: { neonQueriesForOneRequest: w.neon.queries.length },
        holds: (o) => o.neonQueriesForOneRequest === 1,
        evidence: (o) => `${o.neonQueriesForOneRequest} query at the Neon endpoint for one GET /admin (the middleware reads the session on every matched request)`,
        expectedToHold: true,
      });
      const session = await edgeSession(t, w, 'GET /api/me (session built by the Edge middleware)');
      t.check('the Edge session carries id and role from the database', { id: session?.user?.id, role: session?.user?.role }, { id: w.adaId, role: 'admin' });
    }),

    step('check', 'No schema drift: the database matches src/lib/db/schema.ts — this incident is not a schema problem', async (t, w) => {
      const report = await checkDrift({ app: 'authjs-edge', databaseUrl: w.url });
      t.value('drift report', { exitCode: report.exitCode, findings: report.findings, checked: report.checked, sources: report.sources, error: report.error });
      t.check('drift check exit code (0 = no drift)', report.exitCode, 0);
      t.check('no findings', report.findings, []);
    }),

    step('symptom', 'The Neon endpoint cannot be reached from the Edge runtime: the documented line is logged and the admin is turned away', async (t, w) => {
      // The session callback's query alone in the Edge sandbox while the endpoint still answers, for the root-cause claim below.
      const whileUp = await w.app.findUserInEdge(w.adaId);
      t.value('the session callback’s query alone in the Edge sandbox, endpoint up', whileUp);
      await w.neon.setMode('unreachable');
      w.neon.resetQueries();
      const admin = await visitAdmin(t, w, 'GET /admin (Neon endpoint unreachable)');
      const line = t.checkLogged('the documented log line, prefix included', 'Database connection error in session callback:')[0]!;
      t.check('the logged line is the postmortem’s, character for character', line.text, DOCUMENTED_LOG_LINE);
      t.checkLogged('the message goes on with the query params (Ada’s id, limit 1)', `params: ${w.adaId},1"`);
      t.check('the admin is redirected to /forbidden (307), not let in', admin.verdict, '307 → /forbidden');
      t.checkThat('the session cookie is kept (she is not signed out)', !clearsSessionCookie(admin.setCookies), admin.setCookies.map((c) => c.slice(0, 40)));
      const session = await edgeSession(t, w, 'GET /api/me (Neon endpoint unreachable)');
      t.check('the session has a user but no id, no role, no accessToken', { user: session?.user, accessToken: session?.accessToken }, { user: { name: ADA.name, email: ADA.email }, accessToken: undefined });
      t.check('nothing reached the Neon endpoint', w.neon.queries.length, 0);

      // The same query, run alone in the same Edge sandbox, shows what the log line leaves out: the cause.
      const outcome = await w.app.findUserInEdge(w.adaId);
      t.value('the session callback’s query alone in the Edge sandbox', outcome);
      t.checkThat('it fails with DrizzleQueryError', !outcome.ok && /DrizzleQueryError$/.test(outcome.errorClass), outcome);
      const cause = outcome.ok ? null : outcome.cause;
      t.check('caused by neon-http failing to reach its endpoint', cause && { errorClass: cause.errorClass, message: cause.message }, { errorClass: 'NeonDbError', message: 'Error connecting to database: TypeError: fetch failed' });

      t.claim({
        id: '001.neon-http-fails-in-edge',
        source: SOURCE,
        claim: 'The session callback fails because the neon-http client does not work in the Edge runtime',
        observed: { endpointUp: whileUp, endpointUnreachable: outcome },
        holds: (o) => !o.endpointUp.ok,
        evidence: (o) =>
          `the same neon-http query in the same Edge sandbox ${o.endpointUp.ok ? `returned role "${o.endpointUp.role}" while the endpoint answered` : `failed while the endpoint answered: ${o.endpointUp.cause?.errorClass}: ${o.endpointUp.cause?.message}`}; with the endpoint unreachable: ${o.endpointUnreachable.ok ? 'it still worked' : `${o.endpointUnreachable.cause?.errorClass}: ${o.endpointUnreachable.cause?.message}`}`,
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
      t.note('The postmortem does not say what the users saw. Here: the callback swallows the error, so the session loses id, role and accessToken and the role check turns the admin away (307 to /forbidden) on every request while the endpoint is down.');
    }),

    step('symptom', 'Variant: a session callback that rethrows signs the user out (Auth.js v5 JWTSessionError)', async (t, w) => {
      await w.deploy('database-rethrow');
      const admin = await visitAdmin(t, w, 'GET /admin (rethrowing callback, endpoint unreachable)');
      t.checkLogged('the app logs the documented line before rethrowing', DOCUMENTED_LOG_LINE);
      t.checkLogged('Auth.js logs JWTSessionError', /\[auth\]\[error\].* JWTSessionError/);
      t.check('the middleware sees no session and redirects to /login', admin.verdict, '307 → /login');
      t.checkThat('the response deletes the session cookie', clearsSessionCookie(admin.setCookies), admin.setCookies.map((c) => c.slice(0, 60)));
      t.check('the browser no longer holds a session', await w.browser.cookie(SESSION_COOKIE), undefined);
      await w.browser.setCookie(SESSION_COOKIE, w.adaToken); // put her back for the next steps
    }),

    step('symptom', 'Variant: a TCP client (node-postgres) in the same place does not even load in the Edge runtime', async (t, w) => {
      const err = await deploy(w.env, 'database', 'node-postgres').then(
        () => undefined,
        (e: unknown) => e,
      );
      t.checkThat('loading the middleware bundle fails', err !== undefined, err === undefined ? 'loaded' : 'threw');
      const rec = t.error('loading the Edge bundle with drizzle-orm/node-postgres', err);
      t.checkMatch('pg needs a Node.js built-in the Edge runtime does not have', rec.message, /Dynamic require of "(events|node:[a-z/_]+|[a-z_]+)" is not supported/);
      t.note('A different failure from the postmortem’s: no log line, no query; the module never loads. Under `next build` + `next start` the same swap builds, but the middleware module fails to load ("Native module not found: node:util/types") and every route it matches answers 500 (real-server.test.ts).');
    }),

    step('fix', 'The token-only session callback: the admin gets in with the endpoint still down, and no query is sent', async (t, w) => {
      await w.deploy('token');
      const admin = await visitAdmin(t, w, 'GET /admin (token-only callback, endpoint unreachable)');
      t.check('the admin is let through', admin.verdict, 'page');
      const session = await edgeSession(t, w, 'GET /api/me (token-only, endpoint unreachable)');
      t.check('the session carries id, role and accessToken from the JWT', { id: session?.user?.id, role: session?.user?.role, hasAccessToken: /^at_/.test(session?.accessToken ?? '') }, { id: w.adaId, role: 'admin', hasAccessToken: true });
      t.check('no "Database connection error" line', t.logsMatching('Database connection error').length, 0);
      t.claim({
        id: '001.jwt-carries-role',
        source: SOURCE,
        claim: 'The JWT already carries the role and the other data the session needs',
        observed: { id: session?.user?.id, role: session?.user?.role, adaId: w.adaId },
        holds: (o) => o.role === 'admin' && o.id === o.adaId,
        evidence: (o) => `token-only session with the endpoint down: id ${o.id}, role ${o.role}`,
        expectedToHold: true,
      });

      await w.neon.setMode('up');
      w.neon.resetQueries();
      const whenUp: string[] = [];
      for (let i = 1; i <= 3; i++) {
        whenUp.push((await visitAdmin(t, w, `GET /admin #${i} (endpoint up)`)).verdict);
        t.check(`GET /admin #${i} (endpoint up) is let through`, whenUp.at(-1), 'page');
      }
      t.check('zero queries reached the Neon endpoint for three requests', w.neon.queries.length, 0);
      t.claim({
        id: '001.token-only-removes-queries',
        source: SOURCE,
        claim: 'Building the session from the JWT alone removes the database errors and the per-request query',
        observed: { endpointDown: admin.verdict, errorLines: t.logsMatching('Database connection error').length, endpointUp: whenUp, neonQueries: w.neon.queries.length },
        holds: (o) => o.endpointDown === 'page' && o.errorLines === 0 && o.neonQueries === 0,
        evidence: (o) => `endpoint unreachable: /admin → ${o.endpointDown}, ${o.errorLines} "Database connection error" lines; endpoint up: ${o.neonQueries} queries for ${o.endpointUp.length} requests (${o.endpointUp.join(', ')})`,
        expectedToHold: true,
      });
    }),

    step('recovery', 'The trade-off: a role change in the database reaches token-only sessions only after a new sign-in', async (t, w) => {
      await t.sql('demote Ada to user', w.url, `UPDATE users SET role = 'user', updated_at = now() WHERE id = $1 RETURNING role`, [w.adaId]);
      const stale = await visitAdmin(t, w, 'GET /admin (token-only, after demotion)');
      t.check('token-only: the demoted user still gets into the admin area', stale.verdict, 'page');
      t.check('token-only: the session still says admin', (await edgeSession(t, w, 'GET /api/me (token-only, after demotion)'))?.user?.role, 'admin');

      await w.deploy('database');
      const fresh = await visitAdmin(t, w, 'GET /admin (DB-backed callback, endpoint up, after demotion)');
      t.check('DB-backed: the new role applies at once — refused', fresh.verdict, '307 → /forbidden');
      t.check('DB-backed: the session says user', (await edgeSession(t, w, 'GET /api/me (DB-backed, after demotion)'))?.user?.role, 'user');

      await w.deploy('token');
      await w.browser.clear();
      t.check('signing in again (302)', (await signIn(w.browser, ADA.email, ADA.password)).status, 302);
      const after = await visitAdmin(t, w, 'GET /admin (token-only, after signing in again)');
      t.check('token-only after a new sign-in: refused', after.verdict, '307 → /forbidden');
      t.check('token-only after a new sign-in: the session says user', (await edgeSession(t, w, 'GET /api/me (token-only, after signing in again)'))?.user?.role, 'user');
      t.claim({
        id: '001.role-change-needs-new-sign-in',
        source: SOURCE,
        claim: 'With the token-only callback a role change takes effect only after the user signs out and in again',
        observed: { tokenOnlyOldToken: stale.verdict, dbBacked: fresh.verdict, tokenOnlyAfterSignIn: after.verdict },
        holds: (o) => o.tokenOnlyOldToken === 'page' && o.tokenOnlyAfterSignIn !== 'page',
        evidence: (o) => `demoted in the database: token-only with the old token → ${o.tokenOnlyOldToken}; after a new sign-in → ${o.tokenOnlyAfterSignIn} (the DB-backed callback: ${o.dbBacked} at once)`,
        expectedToHold: true,
      });
      t.note('The postmortem lists stale roles as a trade-off; the replay shows its security side: a demoted admin keeps admin access until the JWT is reissued (by default up to the 30-day session maxAge).');
    }),
  ],
});
