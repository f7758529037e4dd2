/**
 * The token-only session callback: the fix, and the price it makes concrete.
 */
import { step } from '@incident-replay/incident';
import { edgeSession, signIn, visitAdmin } from '../probes';
import { FORBIDDEN, SOURCE, type World } from '../world';

export const tokenOnlyEndpointDown = step<World>('fix', 'The token-only session callback: the admin gets in with the endpoint still down', async (t, w) => {
  await w.app.deploy('token');
  const admin = await visitAdmin(t, w.browser, 'GET /admin (token-only callback, endpoint unreachable)');
  t.check('the admin is let through', admin.verdict, 'page');
  const session = await edgeSession(t, w.browser, 'GET /api/me (token-only, endpoint unreachable)');
  t.check(
    'the session carries id, role and accessToken from the JWT',
    { id: session?.user?.id, role: session?.user?.role, hasAccessToken: /^at_/.test(session?.accessToken ?? '') },
    { id: w.adaId, role: 'admin', hasAccessToken: true },
  );
  const errorLines = t.logsMatching('Database connection error').length;
  t.check('no "Database connection error" line', errorLines, 0);
  w.tokenOnlyEndpointDown = { admin: admin.verdict, errorLines };
  t.claim({
    id: '001.jwt-carries-role',
    source: SOURCE,
    claim: 'The JWT already carries the role and the other data the session needs',
    observed: { id: session?.user?.id, role: session?.user?.role, adaId: w.adaId },
    holds: (o) => o.role === 'admin' && o.id === o.adaId,
    evidence: (o) => `token-only session with the endpoint down: id ${o.id}, role ${o.role}`,
    expectedToHold: true,
  });
});

export const tokenOnlyNoQueries = step<World>('fix', 'The token-only session callback with the endpoint up: no query is sent', async (t, w) => {
  await w.neon.setMode('up');
  w.neon.resetQueries();
  const whenUp: string[] = [];
  for (let i = 1; i <= 3; i++) {
    whenUp.push((await visitAdmin(t, w.browser, `GET /admin #${i} (endpoint up)`)).verdict);
    t.check(`GET /admin #${i} (endpoint up) is let through`, whenUp.at(-1), 'page');
  }
  t.check('zero queries reached the Neon endpoint for three requests', w.neon.queries.length, 0);
  const down = w.tokenOnlyEndpointDown;
  t.claim({
    id: '001.token-only-removes-queries',
    source: SOURCE,
    claim: 'Building the session from the JWT alone removes the database errors and the per-request query',
    observed: {
      endpointDown: down.admin,
      errorLines: down.errorLines + t.logsMatching('Database connection error').length,
      endpointUp: whenUp,
      neonQueries: w.neon.queries.length,
    },
    holds: (o) => o.endpointDown === 'page' && o.errorLines === 0 && o.neonQueries === 0,
    evidence: (o) =>
      `endpoint unreachable: /admin → ${o.endpointDown}, ${o.errorLines} "Database connection error" lines; endpoint up: ${o.neonQueries} queries for ${o.endpointUp.length} requests (${o.endpointUp.join(', ')})`,
    expectedToHold: true,
  });
});

export const roleChangeNeedsSignIn = step<World>(
  'recovery',
  'The trade-off: a role change in the database reaches token-only sessions only after a new sign-in',
  async (t, w) => {
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
    t.check(
      'token-only after a new sign-in: the session says user',
      (await edgeSession(t, w.browser, 'GET /api/me (token-only, after signing in again)'))?.user?.role,
      'user',
    );
    t.claim({
      id: '001.role-change-needs-new-sign-in',
      source: SOURCE,
      claim: 'With the token-only callback a role change takes effect only after the user signs out and in again',
      observed: { tokenOnlyOldToken: stale.verdict, dbBacked: fresh.verdict, tokenOnlyAfterSignIn: after.verdict },
      holds: (o) => o.tokenOnlyOldToken === 'page' && o.tokenOnlyAfterSignIn !== 'page',
      evidence: (o) =>
        `demoted in the database: token-only with the old token → ${o.tokenOnlyOldToken}; after a new sign-in → ${o.tokenOnlyAfterSignIn} (the DB-backed callback: ${o.dbBacked} at once)`,
      expectedToHold: true,
    });
    t.note(
      'The postmortem lists stale roles as a trade-off; the replay shows its security side: a demoted admin keeps admin access until the JWT is reissued (by default up to the 30-day session maxAge).',
    );
  },
);
