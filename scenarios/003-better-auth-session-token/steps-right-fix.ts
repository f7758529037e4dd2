/**
 * The right fix, and the security facts of the signed cookie: keep the token
 * column and let the guard ask Better Auth; then what a wrong, missing or
 * well-known secret does.
 */
import { step, type Step } from '@incident-replay/incident';
import { probeDefaultSecret } from './default-secret.js';
import { sign, signedValue } from './signed-cookie.js';
import { ALICE, APP_FALLBACK_SECRET, BOB, SOURCE, count, preFixCookie, send, tag, variant, type Ctx } from './world.js';
import type { BetterAuthVersion } from './versions.js';

/** The guard asks Better Auth: the cookie from before the fix works, and nobody loses a session. */
export const guardAsksBetterAuth = (v: BetterAuthVersion): Step<Ctx> =>
  step('recovery', `${tag(v)} the right fix: keep the token column, let the guard ask Better Auth`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const sessionsBefore = await count(t, world.prod.url, 'session');
    const app = await world.start(t, { guard: 'better-auth' });
    const b = await app.browser(preFixCookie(world));
    const profile = await send(t, b, 'protected route, fixed guard, cookie from before the fix', '/api/profile');
    t.check('protected route status', profile.status, 200);
    const user = (profile.json as { user?: { sessionId: string; email: string } }).user;
    t.check('the session from before the fix is recognised', [user?.email, user?.sessionId], [ALICE.email, world.preFix!.sessionId]);
    t.checkLogged('the guard finds the session', 'Session: Found');

    const bob = await app.browser();
    t.check('a new user signs up', (await send(t, bob, 'sign-up (new user)', '/api/auth/sign-up/email', BOB)).status, 200);
    t.check('and reaches the protected route', (await send(t, bob, 'protected route (new user)', '/api/profile')).status, 200);
    const sessionsAfter = await count(t, world.prod.url, 'session');
    t.check('no session was lost (one added by the new sign-up)', sessionsAfter, sessionsBefore + 1);
    t.claim({
      id: '003.invalidating-sessions-necessary',
      source: SOURCE,
      variant: variant(v),
      claim: 'Invalidating every existing session is expected and necessary',
      observed: { preFixCookie: profile.status, sameSession: user?.sessionId === world.preFix!.sessionId, sessionsBefore, sessionsAfter },
      holds: (o) => o.preFixCookie !== 200 || !o.sameSession || o.sessionsAfter < o.sessionsBefore,
      evidence: (o) =>
        `with the guard asking Better Auth, the cookie from before the fix answers ${o.preFixCookie}${o.sameSession ? ' with its own session' : ''}; sessions ${o.sessionsBefore} → ${o.sessionsAfter} (one new sign-up)`,
      expectedToHold: false,
    });
  });

/** A cookie that does not verify is no session at all (200 null, not an error). */
export const badSignaturesRejected = (v: BetterAuthVersion): Step<Ctx> =>
  step('check', `${tag(v)} the signed cookie: a tampered, unsigned or foreign-signed cookie is no session`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const { token, signature } = world.preFix!;
    const app = await world.start(t, { guard: 'better-auth' });
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const cookies: [string, string][] = [
      ['tampered signature', `${token}.${flipped}`],
      ['unsigned token', token],
      ['signed with another secret', signedValue(token, 'not-the-production-secret')],
    ];
    for (const [label, value] of cookies) {
      const res = await send(t, await app.browser(value), `get-session, ${label}`, '/api/auth/get-session');
      t.check(`${label}: get-session answers 200 with null`, [res.status, res.json ?? null], [200, null]);
    }
  });

/** The app started without BETTER_AUTH_SECRET signs with its own fallback string: anyone can forge a cookie. */
export const fallbackSecretForgery = (v: BetterAuthVersion): Step<Ctx> =>
  step('check', `${tag(v)} without BETTER_AUTH_SECRET the app signs with "fallback-secret-key": a forged cookie opens the protected route`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const { token } = world.preFix!;
    const unset = await world.start(t, { guard: 'better-auth', secret: null });
    t.value(
      'forged cookie: token learned from the session table, signed with "fallback-secret-key"',
      `${token.slice(0, 6)}….${sign(token, APP_FALLBACK_SECRET).slice(0, 6)}…`,
    );
    const attacker = await unset.browser(signedValue(token, APP_FALLBACK_SECRET));
    const res = await send(t, attacker, 'get-session, forged with the app fallback secret', '/api/auth/get-session');
    const forgedAs = (res.json as { user?: { email: string } } | null)?.user?.email;
    t.check('the forged cookie is accepted', [res.status, forgedAs], [200, ALICE.email]);
    const profile = await send(t, attacker, 'protected route, forged cookie', '/api/profile');
    t.check('and opens the protected route', profile.status, 200);
    t.claim({
      id: '003.fallback-secret-insecure',
      source: SOURCE,
      variant: variant(v),
      claim: 'Running on "fallback-secret-key" is insecure for production',
      observed: { forgedGetSession: res.status, forgedAs, forgedProtectedRoute: profile.status },
      holds: (o) => o.forgedGetSession === 200 && o.forgedAs !== undefined && o.forgedProtectedRoute === 200,
      evidence: (o) =>
        `anyone who knows the string and one session token signs a cookie Better Auth ${v.version} accepts: get-session ${o.forgedGetSession} as ${o.forgedAs ?? 'nobody'}, protected route ${o.forgedProtectedRoute}`,
      expectedToHold: true,
    });
  });

/** Better Auth alone (not the app) in production with no secret at all: its own default, or a refusal. */
export const defaultSecretInProduction = (v: BetterAuthVersion): Step<Ctx> =>
  step('check', `${tag(v)} Better Auth in production without any secret`, async (t) => {
    const probe = await probeDefaultSecret(v.appDir);
    t.log('better-auth (NODE_ENV=production, no secret)', probe.output);
    const observed = { runsOn: probe.secret, throws: probe.threw?.split(':')[0] };
    t.check('the secret it runs on, or the error it refuses to start with', observed, {
      runsOn: v.productionWithoutSecret.runsOn,
      throws: v.productionWithoutSecret.throws,
    });
    t.checkLogged('either way it says why', 'You are using the default secret');
    t.claim({
      id: '003.default-secret-is-fallback-key',
      source: SOURCE,
      variant: variant(v),
      claim: 'Without BETTER_AUTH_SECRET, Better Auth uses "fallback-secret-key"',
      observed,
      holds: (o) => o.runsOn === APP_FALLBACK_SECRET,
      evidence: (o) =>
        o.runsOn
          ? `Better Auth ${v.version}'s default is "${o.runsOn}"; "fallback-secret-key" comes from the app's own BETTER_AUTH_SECRET || 'fallback-secret-key'`
          : `Better Auth ${v.version} in production throws (${o.throws}); "fallback-secret-key" comes from the app's own code`,
      expectedToHold: false,
    });
  });
