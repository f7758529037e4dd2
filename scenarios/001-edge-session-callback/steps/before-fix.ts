/**
 * Before the fix, with the Neon endpoint up: the DB-reading session callback works in the Edge runtime, and the schema has no drift.
 */
import { step } from '@incident-replay/incident';
import { recordDriftCheck } from '../../shared/drift-evidence';
import { edgeSession, shortCookies, signIn, visitAdmin } from '../probes';
import { ADA, DOCUMENTED_QUERY, SESSION_COOKIE, SOURCE, type World } from '../world';

export const callbackQueriesThroughNeon = step<World>(
  'broken-state',
  'Before the fix: the session callback reloads the user through neon-http, and that works inside the Edge runtime',
  async (t, w) => {
    await w.app.deploy('database');
    const [ada] = await t.sql<{ id: string; role: string }>('Ada in the users table', w.url, 'SELECT id, role FROM users WHERE email = $1', [ADA.email]);
    w.adaId = ada!.id;
    const res = await signIn(t, w.browser);
    t.check('sign-in redirects (302)', res.status, 302);
    w.adaToken = (await w.browser.cookie(SESSION_COOKIE)) ?? '';
    t.checkThat('a session-token cookie was set', w.adaToken.length > 0, shortCookies(res.headers.getSetCookie()));

    w.neon.resetQueries();
    const admin = await visitAdmin(t, w.browser, 'GET /admin (Neon endpoint up)');
    const neonOutcomes = w.neon.queries.map((q) => q.outcome);
    t.check('the middleware lets the admin through', admin.verdict, 'page');
    t.check('one query reached the Neon endpoint for that one request', neonOutcomes, ['ok']);
    t.check('it is the session callback’s findFirst, with the "users" "users" alias', w.neon.queries[0]!.query, DOCUMENTED_QUERY);
    t.value('statement and params received by the Neon endpoint', w.neon.queries[0]);
    t.claim({
      id: '001.callback-queries-every-request',
      source: SOURCE,
      claim: 'The session callback queried the database on every request',
      observed: { neonQueriesForOneRequest: neonOutcomes.length },
      holds: (o) => o.neonQueriesForOneRequest === 1,
      evidence: (o) =>
        `${o.neonQueriesForOneRequest} query at the Neon endpoint for one GET /admin (the middleware reads the session on every matched request)`,
      expectedToHold: true,
    });
    const session = await edgeSession(t, w.browser, 'GET /api/me (session built by the Edge middleware)');
    t.check('the Edge session carries id and role from the database', { id: session?.user?.id, role: session?.user?.role }, { id: w.adaId, role: 'admin' });
    w.edgeQueryWhileUp = { neonOutcomes, role: session?.user?.role };
  },
);

export const noSchemaDrift = step<World>(
  'check',
  'No schema drift: the database matches src/lib/db/schema.ts — this incident is not a schema problem',
  async (t, w) => {
    const { report } = await recordDriftCheck(t, 'drift check', { app: 'authjs-edge', databaseUrl: w.url });
    t.check('drift check exit code (0 = no drift)', report.exitCode, 0);
    t.check('no findings', report.findings, []);
  },
);
