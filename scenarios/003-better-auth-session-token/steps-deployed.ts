/**
 * The broken state: the app as deployed, before anyone touched it. Sign-in
 * works, the cookie is a signed token, and the session row holds the token
 * where the version looks it up.
 */
import { step, type Step } from '@incident-replay/incident';
import { SESSION_COOKIE, parseSigned, verifies } from './signed-cookie.js';
import { ALICE, SOURCE, drift, send, sessionColumns, tag, variant, type Ctx } from './world.js';
import type { BetterAuthVersion } from './versions.js';

/** Sign-up, sign-in and get-session on production; keeps Alice's cookie and session for later steps. */
export const signsIn = (v: BetterAuthVersion): Step<Ctx> =>
  step('broken-state', `${tag(v)} the app as deployed: sign-up, sign-in and get-session answer 200`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const b = await (await world.start(t)).browser();
    const signUp = await send(t, b, 'sign-up', '/api/auth/sign-up/email', ALICE);
    t.check('sign-up status', signUp.status, 200);
    await b.clear();
    const signIn = await send(t, b, 'sign-in', '/api/auth/sign-in/email', { email: ALICE.email, password: ALICE.password });
    t.check('sign-in status', signIn.status, 200);
    const raw = await b.cookie(SESSION_COOKIE);
    t.checkThat(`sign-in sets ${SESSION_COOKIE}`, raw !== undefined, raw ? `${raw.slice(0, 8)}…` : 'no cookie');
    const { token, signature } = parseSigned(raw!);
    t.value('cookie token (first part)', token);
    t.value('cookie signature (second part)', signature);

    const session = await send(t, b, 'get-session', '/api/auth/get-session');
    t.check('get-session status', session.status, 200);
    const body = session.json as { session: Record<string, unknown> & { id: string }; user: { email: string } } | null;
    t.check('get-session returns the signed-in user', body?.user.email, ALICE.email);
    world.preFix = { token, signature, sessionId: body!.session.id };
    world.deployed = { signUp: signUp.status, signIn: signIn.status, getSession: session.status, user: body?.user.email, session: body!.session };
  });

/** The cookie's signature, recomputed with node:crypto (independently of Better Auth). */
export const cookieIsHmacSigned = (v: BetterAuthVersion): Step<Ctx> =>
  step('broken-state', `${tag(v)} the cookie is token.signature, the signature an HMAC-SHA256 of the token under BETTER_AUTH_SECRET`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const { token, signature } = world.preFix!;
    t.checkMatch('signature is padded base64 of 32 bytes (44 characters)', signature, /^[A-Za-z0-9+/]{43}=$/);
    const hmacHolds = verifies(token, signature, world.secret);
    t.check('signature = base64(HMAC-SHA256(BETTER_AUTH_SECRET, token)), recomputed with node:crypto', hmacHolds, true);
    t.claim({
      id: '003.cookie-hmac-signed',
      source: SOURCE,
      variant: variant(v),
      claim: 'The session cookie is "{token}.{signature}", the signature an HMAC made with BETTER_AUTH_SECRET',
      observed: { token: token.slice(0, 6), signature: signature.slice(0, 6), signatureLength: signature.length, hmacRecomputedEqual: hmacHolds },
      holds: (o) => o.hmacRecomputedEqual,
      evidence: (o) =>
        `cookie ${o.token}….${o.signature}…: base64 HMAC-SHA256(secret, token) recomputed ${o.hmacRecomputedEqual ? 'and equal' : 'and different'} (${o.signatureLength} chars)`,
      expectedToHold: true,
    });
  });

/** Which session column holds the cookie token: the one the version looks sessions up by. */
export const tokenLivesInLookupColumn = (v: BetterAuthVersion): Step<Ctx> =>
  step('broken-state', `${tag(v)} the session row keeps the cookie token in session.${v.lookupColumn}`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const { token, sessionId } = world.preFix!;
    const columns = Object.keys(await sessionColumns(t, world.prod.url));
    t.check("the session table's columns", columns, v.sessionColumns);
    const rows: Record<string, number> = {};
    for (const column of ['id', 'token'].filter((c) => columns.includes(c))) {
      rows[column] = (
        await t.sql(`session where ${column} = <cookie token>`, world.prod.url, `SELECT id FROM "session" WHERE "${column}" = $1`, [token])
      ).length;
    }
    const expected = Object.fromEntries(Object.keys(rows).map((c) => [c, c === v.lookupColumn ? 1 : 0]));
    t.check(`rows where <column> = cookie token: one, in session.${v.lookupColumn}`, rows, expected);
    const fieldsWithToken = Object.keys(world.deployed!.session).filter((k) => world.deployed!.session[k] === token);
    t.check('get-session: the session field equal to the cookie token', fieldsWithToken, [v.lookupColumn]);
    t.claim({
      id: '003.lookup-by-session-id',
      source: SOURCE,
      variant: variant(v),
      claim: 'Better Auth looks the session up with the cookie token as Session.id',
      observed: {
        getSession: world.deployed!.getSession,
        rowsWhereTokenIsCookieToken: rows.token ?? 'no token column',
        rowsWhereIdIsCookieToken: rows.id,
        sessionIdIsCookieToken: sessionId === token,
      },
      holds: (o) => o.rowsWhereIdIsCookieToken === 1 && o.sessionIdIsCookieToken,
      evidence: (o) =>
        `get-session ${o.getSession}; rows where id = cookie token: ${o.rowsWhereIdIsCookieToken}; rows where token = cookie token: ${o.rowsWhereTokenIsCookieToken}; the session id ${o.sessionIdIsCookieToken ? 'is' : 'is not'} the cookie token`,
      expectedToHold: v.lookupColumn === 'id',
    });
  });

/** A pre-deploy drift check on production as it stood: Better Auth's own tables and schema.prisma vs the database. */
export const noDriftBeforeFix = (v: BetterAuthVersion): Step<Ctx> =>
  step('broken-state', `${tag(v)} a drift check on production before the fix: the schema is what Better Auth and Prisma expect`, async (t, ctx) => {
    const check = await drift(t, v, ctx[v.version]!.prod, 'production before the fix');
    t.check('drift: no schema finding (the schema is what Better Auth and Prisma expect)', check.schema, []);
    const notWrittenYet = v.fixMigration === null ? [] : [`migration-not-applied ${v.fixMigration}`];
    t.check('drift: the ledger lacks only the fix migration, which was not written yet at this point', check.ledger, notWrittenYet);
  });

/** On 1.x: the schema the postmortem calls wrong is the one Better Auth itself writes to and reads. */
export const wrongSchemaIsBetterAuths = (v: BetterAuthVersion): Step<Ctx> =>
  step('broken-state', `${tag(v)} the postmortem's "wrong" schema (id @default(uuid()) + token @unique) is Better Auth ${v.version}'s own`, async (t, ctx) => {
    const world = ctx[v.version]!;
    const unique = await t.sql<{ indexdef: string }>(
      'unique indexes on session',
      world.prod.url,
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'session' AND indexdef LIKE 'CREATE UNIQUE INDEX%'`,
    );
    t.checkThat(
      'session.token has a unique index',
      unique.some((r) => r.indexdef.includes('(token)')),
      unique.map((r) => r.indexdef),
    );
    const d = world.deployed!;
    t.claim({
      id: '003.uuid-plus-token-wrong-schema',
      source: SOURCE,
      variant: variant(v),
      claim: 'A Session model with id @default(uuid()) plus token @unique is the wrong schema for Better Auth',
      observed: { signUp: d.signUp, signIn: d.signIn, getSession: d.getSession, user: d.user },
      holds: (o) => o.signUp !== 200 || o.signIn !== 200 || o.getSession !== 200 || o.user !== ALICE.email,
      evidence: (o) =>
        `on exactly that schema Better Auth ${v.version} answers sign-up ${o.signUp}, sign-in ${o.signIn} and get-session ${o.getSession} with ${o.user ?? 'no user'}`,
      expectedToHold: false,
    });
  });
