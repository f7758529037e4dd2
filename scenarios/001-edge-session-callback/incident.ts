/**
 * Incident 001 — an Auth.js v5 session callback that queries the database
 * from the Edge middleware. Postmortem: 001_94afe4549f0b720e.txt.
 * The story is in README.md. Every step runs on both hosts unless it says
 * `needs`: in-process (Edge code in an EdgeVM sandbox, Node code here, see
 * in-process-app.ts) and built (`next build` + `next start`, the middleware in
 * Next's own Edge sandbox); see world.ts.
 */
import { BuiltNextApp, clearsCookie, defineIncident, step, type Browser } from '@incident-replay/incident';
import type { NeonHttpProxy } from '@incident-replay/neon-http-proxy';
import { checkDrift } from '@incident-replay/drift';
import { APP_DIR, loadInProcessApp } from './in-process-app';
import { ADA, appEnv, buildUsersDatabase, edgeSession, InProcessEdgeApp, SESSION_COOKIE, signIn, startApp, startNeon, visitAdmin, type EdgeApp } from './world';

const SOURCE = '001_94afe4549f0b720e.txt';

/** The postmortem's log line, character for character (its first line; the error message goes on with "\nparams: …"). */
export const DOCUMENTED_LOG_LINE =
  'Database connection error in session callback: "Failed query: select "id", "name", "email", "password", "role", "created_at", "updated_at" from "users" "users" where "users"."id" = $1 limit $2';

/** Where the middleware sends a signed-in user whose session has no role `admin`. */
const FORBIDDEN = '307 → /forbidden';

interface World {
  url: string;
  neon: NeonHttpProxy;
  env: Record<string, string>;
  adaId: string;
  /** Ada's session-token cookie from her sign-in (a valid Auth.js JWT). */
  adaToken: string;
  /** The app on the runner's host; `deploy` picks the session callback. */
  app: EdgeApp;
  /** Ada's browser on the app; it keeps her cookies across deploys. */
  browser: Browser;
  /** What the Edge middleware's own query did for one GET /admin with the endpoint up. */
  edgeQueryWhileUp: { neonOutcomes: string[]; role: string | undefined };
}

/** The in-process app, for a step that `needs: 'in-process'`. */
function inProcess(app: EdgeApp): InProcessEdgeApp {
  if (!(app instanceof InProcessEdgeApp)) throw new Error(`this step needs the in-process host, not ${app.host}`);
  return app;
}

export default defineIncident<World>({
  id: '001-edge-session-callback',
  title: 'Auth.js session callback querying the database from the Edge runtime',
  postmortem: SOURCE,
  summary:
    'A DB-reading session callback runs in the Edge middleware on every request. neon-http works there; when the Neon endpoint cannot be reached the documented line is logged and admins lose their role (or are signed out). The token-only callback fixes it at the cost of stale roles.',
  hosts: ['in-process', 'built'],

  async setup(env) {
    const tpl = await env.databases.createTemplate('authjs_edge', buildUsersDatabase);
    const db = await tpl.clone('authjs_edge');
    const neon = await startNeon(db.name);
    env.onTeardown(() => neon.stop());
    const vars = appEnv(db.url, neon.fetchEndpoint);
    const app = await startApp(env, vars);
    return { url: db.url, neon, env: vars, adaId: '', adaToken: '', app, browser: app.browser(), edgeQueryWhileUp: { neonOutcomes: [], role: undefined } };
  },

  steps: [
    step('broken-state', 'Before the fix: the session callback reloads the user through neon-http, and that works inside the Edge runtime', async (t, w) => {
      await w.app.deploy('database');
      const [ada] = await t.sql<{ id: string; role: string }>('Ada in the users table', w.url, 'SELECT id, role FROM users WHERE email = $1', [ADA.email]);
      w.adaId = ada!.id;
      const res = await signIn(t, w.browser);
      t.check('sign-in redirects (302)', res.status, 302);
      w.adaToken = (await w.browser.cookie(SESSION_COOKIE)) ?? '';
      t.checkThat('a session-token cookie was set', w.adaToken.length > 0, res.headers.getSetCookie().map((c) => c.slice(0, 40)));

      w.neon.resetQueries();
      const admin = await visitAdmin(t, w.browser, 'GET /admin (Neon endpoint up)');
      const neonOutcomes = w.neon.queries.map((q) => q.outcome);
      t.check('the middleware lets the admin through', admin.verdict, 'page');
      t.check('one query reached the Neon endpoint for that one request', neonOutcomes, ['ok']);
      t.check('it is the session callback’s findFirst, with the "users" "users" alias', w.neon.queries[0]!.query, DOCUMENTED_LOG_LINE.slice(DOCUMENTED_LOG_LINE.indexOf('select')));
      t.value('statement and params received by the Neon endpoint', w.neon.queries[0]);
      t.claim({
        id: '001.callback-queries-every-request',
        source: SOURCE,
        claim: 'The session callback queried the database on every request',
        observed: { neonQueriesForOneRequest: neonOutcomes.length },
        holds: (o) => o.neonQueriesForOneRequest === 1,
        evidence: (o) => `${o.neonQueriesForOneRequest} query at the Neon endpoint for one GET /admin (the middleware reads the session on every matched request)`,
        expectedToHold: true,
      });
      const session = await edgeSession(t, w.browser, 'GET /api/me (session built by the Edge middleware)');
      t.check('the Edge session carries id and role from the database', { id: session?.user?.id, role: session?.user?.role }, { id: w.adaId, role: 'admin' });
      w.edgeQueryWhileUp = { neonOutcomes, role: session?.user?.role };
    }),

    step('check', 'No schema drift: the database matches src/lib/db/schema.ts — this incident is not a schema problem', async (t, w) => {
      const report = await checkDrift({ app: 'authjs-edge', databaseUrl: w.url });
      t.value('drift report', { exitCode: report.exitCode, findings: report.findings, checked: report.checked, sources: report.sources, error: report.error });
      t.check('drift check exit code (0 = no drift)', report.exitCode, 0);
      t.check('no findings', report.findings, []);
    }),

    step('symptom', 'The Neon endpoint cannot be reached from the Edge runtime: the documented line is logged and the admin is turned away', async (t, w) => {
      await w.neon.setMode('unreachable');
      w.neon.resetQueries();
      const admin = await visitAdmin(t, w.browser, 'GET /admin (Neon endpoint unreachable)');
      const line = t.checkLogged('the documented log line, prefix included', 'Database connection error in session callback:')[0]!;
      t.check('the logged line is the postmortem’s, character for character', line.text, DOCUMENTED_LOG_LINE);
      t.checkLogged('the message goes on with the query params (Ada’s id, limit 1)', `params: ${w.adaId},1"`);
      t.check('the admin is redirected to /forbidden (307), not let in', admin.verdict, FORBIDDEN);
      t.checkThat('the session cookie is kept (she is not signed out)', !clearsCookie(admin.setCookies, SESSION_COOKIE), admin.setCookies.map((c) => c.slice(0, 40)));
      const session = await edgeSession(t, w.browser, 'GET /api/me (Neon endpoint unreachable)');
      t.check('the session has a user but no id, no role, no accessToken', { user: session?.user, accessToken: session?.accessToken }, { user: { name: ADA.name, email: ADA.email }, accessToken: undefined });
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
      t.note('The postmortem does not say what the users saw. Here: the callback swallows the error, so the session loses id, role and accessToken and the role check turns the admin away (307 to /forbidden) on every request while the endpoint is down.');
    }),

    step('symptom', 'What the log line leaves out: the same query, run alone in the Edge sandbox, fails with NeonDbError (fetch failed), and returns the role once the endpoint answers', async (t, w) => {
      const app = inProcess(w.app);
      const outcome = await app.findUserInEdge(w.adaId);
      t.value('the session callback’s query alone in the Edge sandbox', outcome);
      t.checkThat('it fails with DrizzleQueryError', !outcome.ok && /DrizzleQueryError$/.test(outcome.errorClass), outcome);
      const cause = outcome.ok ? null : outcome.cause;
      t.check('caused by neon-http failing to reach its endpoint', cause && { errorClass: cause.errorClass, message: cause.message }, { errorClass: 'NeonDbError', message: 'Error connecting to database: TypeError: fetch failed' });
      await w.neon.setMode('up');
      const whileUp = await app.findUserInEdge(w.adaId);
      t.value('the session callback’s query alone in the Edge sandbox, endpoint up', whileUp);
      t.check('with the endpoint up, the same query in the same sandbox returns Ada’s role', { ok: whileUp.ok, role: whileUp.ok ? whileUp.role : null }, { ok: true, role: 'admin' });
      await w.neon.setMode('unreachable'); // as the next steps expect
    }, { needs: 'in-process' }),

    step('symptom', 'Variant: a session callback that rethrows signs the user out (Auth.js v5 JWTSessionError)', async (t, w) => {
      await w.app.deploy('database-rethrow');
      const admin = await visitAdmin(t, w.browser, 'GET /admin (rethrowing callback, endpoint unreachable)');
      t.checkLogged('the app logs the documented line before rethrowing', DOCUMENTED_LOG_LINE);
      t.checkLogged('Auth.js logs JWTSessionError', /\[auth\]\[error\].* JWTSessionError/);
      t.check('the middleware sees no session and redirects to /login', admin.verdict, '307 → /login');
      t.checkThat('the response deletes the session cookie', clearsCookie(admin.setCookies, SESSION_COOKIE), admin.setCookies.map((c) => c.slice(0, 60)));
      t.check('the browser no longer holds a session', await w.browser.cookie(SESSION_COOKIE), undefined);
      await w.browser.setCookie(SESSION_COOKIE, w.adaToken); // put her back for the next steps
    }),

    step('symptom', 'Variant: a TCP client (node-postgres) in the same place does not even load in the Edge runtime', async (t, w) => {
      const err = await loadInProcessApp({ env: { ...w.env, SESSION_CALLBACK: 'database' }, edgeDbClient: 'node-postgres' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      t.checkThat('loading the middleware bundle fails', err !== undefined, err === undefined ? 'loaded' : 'threw');
      const rec = t.error('loading the Edge bundle with drizzle-orm/node-postgres', err);
      t.checkMatch('pg needs a Node.js built-in the Edge runtime does not have', rec.message, /Dynamic require of "(events|node:[a-z/_]+|[a-z_]+)" is not supported/);
      t.note('A different failure from the postmortem’s: no log line, no query; the module never loads. On the built host the same swap builds, and fails when the middleware loads (next step).');
    }, { needs: 'in-process' }),

    step('symptom', 'Variant: the node-postgres build succeeds, but Next cannot load its Edge middleware: every route it matches answers 500', async (t, w) => {
      // The same app with `@/lib/db` swapped for node-postgres (AUTHJS_EDGE_DB_CLIENT, see next.config.ts), built beside the shipped one.
      const variant = await BuiltNextApp.start<'database'>({ appDir: APP_DIR, distDir: '.next-node-postgres', buildEnv: { AUTHJS_EDGE_DB_CLIENT: 'node-postgres' }, readyPath: '/login', env: (callback) => ({ ...w.env, SESSION_CALLBACK: callback }) });
      try {
        await variant.deploy('database');
        const browser = variant.browser();
        await browser.setCookie(SESSION_COOKIE, w.adaToken);
        for (const [path, status] of [['/admin', 500], ['/api/me', 500], ['/login', 200]] as const) {
          const res = await t.http(`GET ${path} (node-postgres build)`, await browser.request(path), { method: 'GET', url: path });
          t.check(`GET ${path} answers ${status}${status === 200 ? ' (the middleware does not match it)' : ''}`, res.status, status);
        }
        t.checkLogged('the middleware module fails to load', /Failed to load external module node:util\/types: TypeError: Native module not found: node:util\/types/);
      } finally {
        await variant.stop();
      }
    }, { needs: 'built', timeoutMs: 600_000 }),

    step('fix', 'The token-only session callback: the admin gets in with the endpoint still down, and no query is sent', async (t, w) => {
      await w.app.deploy('token');
      const admin = await visitAdmin(t, w.browser, 'GET /admin (token-only callback, endpoint unreachable)');
      t.check('the admin is let through', admin.verdict, 'page');
      const session = await edgeSession(t, w.browser, 'GET /api/me (token-only, endpoint unreachable)');
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
        whenUp.push((await visitAdmin(t, w.browser, `GET /admin #${i} (endpoint up)`)).verdict);
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
      const stale = await visitAdmin(t, w.browser, 'GET /admin (token-only, after demotion)');
      t.check('token-only: the demoted user still gets into the admin area', stale.verdict, 'page');
      t.check('token-only: the session still says admin', (await edgeSession(t, w.browser, 'GET /api/me (token-only, after demotion)'))?.user?.role, 'admin');

      await w.app.deploy('database');
      const fresh = await visitAdmin(t, w.browser, 'GET /admin (DB-backed callback, endpoint up, after demotion)');
      t.check('DB-backed: the new role applies at once — refused', fresh.verdict, FORBIDDEN);
      t.check('DB-backed: the session says user', (await edgeSession(t, w.browser, 'GET /api/me (DB-backed, after demotion)'))?.user?.role, 'user');

      await w.app.deploy('token');
      await w.browser.clear();
      t.check('signing in again (302)', (await signIn(t, w.browser, 'sign in again')).status, 302);
      const after = await visitAdmin(t, w.browser, 'GET /admin (token-only, after signing in again)');
      t.check('token-only after a new sign-in: refused', after.verdict, FORBIDDEN);
      t.check('token-only after a new sign-in: the session says user', (await edgeSession(t, w.browser, 'GET /api/me (token-only, after signing in again)'))?.user?.role, 'user');
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
