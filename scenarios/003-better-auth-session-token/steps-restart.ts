/**
 * The documented fix, steps 2–4: `prisma generate`, restart, everyone signs
 * in again — on the copy the migration ran on. On 1.x the server breaks
 * (how depends on the version); on 0.8.8 signing in again just works.
 */
import { step, type Step, type StepContext } from '@incident-replay/incident';
import { SESSION_COOKIE } from './signed-cookie.js';
import { ALICE, SOURCE, attempt, count, outcome, send, preFixCookie, sessionsWithIdOf, tag, variant, type Answer, type Ctx, type World } from './world.js';
import type { BetterAuthVersion } from './versions.js';

/** A cookie value as the jar holds it (percent-encoded), decoded. */
const decodedCookie = (raw: string | undefined) => (raw === undefined ? undefined : decodeURIComponent(raw));

const CREDENTIALS = { email: ALICE.email, password: ALICE.password };

/** 1.x: the server still running the client generated before the migration. */
export const oldClientFails = (v: BetterAuthVersion): Step<Ctx> =>
  step('symptom', `${tag(v)} documented fix, before the restart: the running Prisma client asks for the dropped column`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const app = await world.start(t, { db: world.copy!.db, prismaClient: 'schema' });
    const signIn = await attempt(t, app, await app.browser(), 'sign-in before the restart', '/api/auth/sign-in/email', CREDENTIALS);
    t.check('sign-in before the restart (old Prisma client, column gone)', signIn.res?.status, 500);
    t.checkLogged('Prisma reports the missing column', /P2022|column `?(session\.)?token/);
  });

/**
 * Steps 2–4 on 1.x: the client generated from the edited schema, the server restarted, a new
 * sign-in from a browser with cookies cleared, and get-session with a cookie from before.
 */
async function restartAndSignIn(t: StepContext, world: World): Promise<{ signIn: Answer; getSession: Answer }> {
  const app = await world.start(t, { db: world.copy!.db, prismaClient: 'documented-fix' });
  const fresh = await app.browser();
  const signIn = await attempt(t, app, fresh, 'sign-in after the restart', '/api/auth/sign-in/email', CREDENTIALS);
  const getSession = await attempt(t, app, await app.browser(preFixCookie(world)), 'get-session with an earlier cookie', '/api/auth/get-session');
  world.afterRestart = { signIn, getSession, newCookie: decodedCookie(await fresh.cookie(SESSION_COOKIE)) };
  return { signIn, getSession };
}

/** 1.4.0: Better Auth writes and queries session.token; Prisma rejects it and Better Auth answers 500. */
export const restartAnswers500 = (v: BetterAuthVersion): Step<Ctx> =>
  step('symptom', `${tag(v)} documented fix, steps 2–4 (prisma generate, restart, sign in again): sign-in and get-session answer 500`, async (t, ctx) => {
    const { signIn, getSession } = await restartAndSignIn(t, ctx[v.version]!);
    t.check('sign-in status', signIn.res?.status, 500);
    t.checkLogged('Prisma rejects the token Better Auth writes', 'Unknown argument `token`');
    t.check(
      'get-session status and code',
      [getSession.res?.status, (getSession.res?.json as { code?: string } | undefined)?.code],
      [500, 'FAILED_TO_GET_SESSION'],
    );
  });

/** 1.7.25: the schema check (1.7.3+) compares the generated client with Better Auth's tables first. */
export const restartRejectsSchemaMismatch = (v: BetterAuthVersion): Step<Ctx> =>
  step(
    'symptom',
    `${tag(v)} documented fix, steps 2–4 (prisma generate, restart, sign in again): every request fails with SchemaMismatchError`,
    async (t, ctx) => {
      const answers = await restartAndSignIn(t, ctx[v.version]!);
      for (const [what, a] of [
        ['sign-in', answers.signIn],
        ['get-session', answers.getSession],
      ] as const) {
        t.check(`${what}: the handler rejects with SchemaMismatchError`, [a.err?.errorClass, a.err?.code], ['SchemaMismatchError', 'SCHEMA_MISMATCH']);
        t.check(`${what}: what it found missing`, a.err?.findings, [{ kind: 'missing-column', table: 'session', column: 'token' }]);
      }
      t.note(
        'Better Auth 1.7.3+ compares the generated Prisma client with the tables it writes before serving; advanced.database.validateSchema: false turns that off (and the queries then fail as on 1.4).',
      );
    },
  );

/** 1.x: after the documented fix, no session can exist and no protected route opens. */
export const nobodyCanSignIn = (v: BetterAuthVersion): Step<Ctx> =>
  step('symptom', `${tag(v)} after the documented fix nobody can sign in: no session row, the protected route stays shut`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const { signIn, getSession, newCookie } = world.afterRestart!;
    const db = world.copy!.db;
    const sessionRows = await count(t, db.url, 'session');
    t.check('no session could be created', sessionRows, 0);
    const rowsWhereIdIsCookieToken = await sessionsWithIdOf(t, db.url, newCookie);
    const app = await world.start(t, { db, prismaClient: 'documented-fix' });
    const profile = await attempt(t, app, await app.browser(newCookie), 'protected route after signing in again', '/api/profile');
    t.claim({
      id: '003.fix-stores-token-in-id',
      source: SOURCE,
      variant: variant(v),
      claim: 'After the fix Better Auth stores the session token in Session.id',
      observed: { signIn: outcome(signIn), newCookie: newCookie !== undefined, sessionRows, rowsWhereIdIsCookieToken },
      holds: (o) => o.rowsWhereIdIsCookieToken === 1,
      evidence: (o) =>
        `Better Auth ${v.version} still writes and queries session.token: sign-in ${o.signIn}, ${o.newCookie ? 'a' : 'no'} session cookie, ${o.sessionRows} session rows, ${o.rowsWhereIdIsCookieToken} with id = a cookie token`,
      expectedToHold: false,
    });
    t.claim({
      id: '003.fix-sign-in-works',
      source: SOURCE,
      variant: variant(v),
      claim: 'After the fix, signing in again gives a working session and protected routes answer ("Session: Found")',
      observed: {
        signIn: outcome(signIn),
        signInError: signIn.err?.message.split('\n')[0],
        getSessionEarlierCookie: outcome(getSession),
        protectedRoute: outcome(profile),
        sessionFoundLines: t.logsMatching('Session: Found').length,
      },
      holds: (o) => o.signIn === 200 && o.protectedRoute === 200 && o.sessionFoundLines > 0,
      evidence: (o) =>
        `sign-in ${o.signIn}${o.signInError ? ` (${o.signInError})` : ''}; get-session with an earlier cookie ${o.getSessionEarlierCookie}; protected route ${o.protectedRoute}; "Session: Found" logged ${o.sessionFoundLines} time(s): nobody can sign in`,
      expectedToHold: false,
    });
  });

/** 0.8.8: the fix changed nothing, so signing in again works and the new session's id is the cookie token. */
export const signInWorksAfterFix = (v: BetterAuthVersion): Step<Ctx> =>
  step('symptom', `${tag(v)} documented fix, steps 2–4: signing in again works, the new session's id is the cookie token`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const db = world.copy!.db;
    const b = await (await world.start(t, { db })).browser();
    const signIn = await send(t, b, 'sign-in again', '/api/auth/sign-in/email', CREDENTIALS);
    t.check('sign-in status', signIn.status, 200);
    const rowsWhereIdIsCookieToken = await sessionsWithIdOf(t, db.url, await b.cookie(SESSION_COOKIE));
    t.check("the new session's id is the cookie token", rowsWhereIdIsCookieToken, 1);
    const profile = await send(t, b, 'protected route, pre-fix guard', '/api/profile');
    t.check('protected route status', profile.status, 200);
    const found = t.checkLogged('the guard finds the session', 'Session: Found');
    t.claim({
      id: '003.fix-stores-token-in-id',
      source: SOURCE,
      variant: variant(v),
      claim: 'After the fix Better Auth stores the session token in Session.id',
      observed: { signIn: signIn.status, rowsWhereIdIsCookieToken },
      holds: (o) => o.rowsWhereIdIsCookieToken === 1,
      evidence: (o) => `Better Auth ${v.version}: sign-in ${o.signIn}, ${o.rowsWhereIdIsCookieToken} session row with id = the new cookie token`,
      expectedToHold: true,
    });
    t.claim({
      id: '003.fix-sign-in-works',
      source: SOURCE,
      variant: variant(v),
      claim: 'After the fix, signing in again gives a working session and protected routes answer ("Session: Found")',
      observed: { signIn: signIn.status, protectedRoute: profile.status, sessionFoundLines: found.length },
      holds: (o) => o.signIn === 200 && o.protectedRoute === 200 && o.sessionFoundLines > 0,
      evidence: (o) => `sign-in ${o.signIn}, protected route ${o.protectedRoute}, "Session: Found" logged ${o.sessionFoundLines} time(s)`,
      expectedToHold: true,
    });
  });
