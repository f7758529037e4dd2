/**
 * The symptom: the app's own guard (before the fix) takes the cookie's token
 * and queries `Session.id`. Where the version keeps the token in its own
 * column (1.x) that finds nothing; where the id is the token (0.x) it works.
 */
import { step, type ObservedResponse, type Step, type StepContext } from '@incident-replay/incident';
import { ALICE, SOURCE, preFixCookie, send, tag, variant, type Ctx, type World } from './world.js';
import type { BetterAuthVersion } from './versions.js';

/** Alice's pre-fix cookie against the pre-fix guard's protected route and Better Auth's get-session. */
async function askGuardAndBetterAuth(t: StepContext, world: World): Promise<{ profile: ObservedResponse; getSession: ObservedResponse; user?: string }> {
  const b = await (await world.start(t, { guard: 'session-id' })).browser(preFixCookie(world));
  const profile = await send(t, b, 'protected route, pre-fix guard', '/api/profile');
  const getSession = await send(t, b, 'get-session, same cookie', '/api/auth/get-session');
  const user = (getSession.json as { user?: { email: string } } | null)?.user?.email;
  t.check('get-session with the same cookie', [getSession.status, user], [200, ALICE.email]);
  return { profile, getSession, user };
}

/** 1.x: the postmortem's 401 and log line, both from the app's guard, while Better Auth finds the session. */
export const guardCannotFindSession = (v: BetterAuthVersion): Step<Ctx> =>
  step('symptom', `${tag(v)} the app's own guard looks the session up by id = cookie token: 401 "Session: Not found"`, async (t, ctx) => {
    const { profile, getSession, user } = await askGuardAndBetterAuth(t, ctx[v.version]!);
    t.check('protected route status', profile.status, 401);
    const lines = t.checkLogged("the postmortem's log line", 'Session: Not found');
    t.checkThat(
      '"Session: Not found" comes from the app\'s guard, not from Better Auth',
      lines.every((l) => l.text.includes('[SessionGuard]')),
      lines.map((l) => l.text),
    );
    t.claim({
      id: '003.better-auth-could-not-find-session',
      source: SOURCE,
      variant: variant(v),
      claim: 'Better Auth searched for Session.id = cookie token and could not find it (the bug)',
      observed: { getSession: getSession.status, user, protectedRoute: profile.status, notFoundLines: lines.map((l) => l.text) },
      holds: (o) => o.getSession !== 200 || o.user === undefined,
      evidence: (o) =>
        `with the same cookie get-session answers ${o.getSession} for ${o.user ?? 'no user'}; the protected route's ${o.protectedRoute} and ${o.notFoundLines.length} "Session: Not found" line(s) came from ${o.notFoundLines.every((l) => l.includes('[SessionGuard]')) ? "the app's own guard querying Session.id" : 'somewhere other than the guard'}`,
      expectedToHold: false,
    });
  });

/** 0.x: the session id is the token, so the pre-fix guard works and there is no symptom. */
export const guardFindsSession = (v: BetterAuthVersion): Step<Ctx> =>
  step('symptom', `${tag(v)} the app's own guard looks the session up by id = cookie token: found, the id is the token`, async (t, ctx) => {
    const { profile } = await askGuardAndBetterAuth(t, ctx[v.version]!);
    t.check('protected route status', profile.status, 200);
    t.checkLogged('the guard finds the session', 'Session: Found');
    t.note(`On Better Auth ${v.version} the session id is the token, so the pre-fix guard works: the postmortem's symptom cannot happen here.`);
  });
