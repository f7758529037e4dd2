/**
 * Symptom: every login answers 500 with Prisma's P2022, the dashboard too;
 * only queries that return the whole User model fail.
 */
import { step } from '@incident-replay/incident';
import { prisma, signToken } from '@incident-replay/app-prisma-login';
import { getDashboard, outcome, postLogin } from '../probes';
import { ALICE, P2022_MESSAGE, SOURCE, type World } from '../world';

export const loginAnswers500 = step<World>(
  'symptom',
  'POST /api/auth/login answers 500 and the server logs Prisma P2022 for users.unlimitedPoseActive',
  async (t, w) => {
    const res = await postLogin(t, w, 'login (alice)', ALICE);
    t.check('POST /api/auth/login status', res.status, 500);
    t.check('response body', res.json, { error: 'Internal Server Error' });
    t.checkLogged('the server logged the Prisma error code', '[POST /api/auth/login] P2022');
    t.checkLogged('… and the message naming the column', P2022_MESSAGE);
    t.claim({
      id: '002.login-500',
      source: SOURCE,
      claim: 'The login endpoint answers 500 Internal Server Error with a Prisma error',
      observed: { status: res.status, prismaErrorLogged: t.logsMatching('[POST /api/auth/login] P2022').map((l) => l.text) },
      holds: (o) => o.status === 500 && o.prismaErrorLogged.length > 0,
      evidence: (o) => `status ${o.status}; log: ${o.prismaErrorLogged[0] ?? 'no Prisma error'}`,
      expectedToHold: true,
    });
  },
);

export const loginQueryP2022 = step<World>(
  'symptom',
  "The login's query fails with P2022 naming users.unlimitedPoseActive (SQLSTATE 42703 underneath)",
  async (t) => {
    // The query the login runs, with the app's Prisma Client in the replay's process, caught to read the error object.
    const err = await prisma()
      .user.findUnique({ where: { email: ALICE.email } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const rec = t.error('prisma.user.findUnique({ where: { email } })', err);
    t.check('Prisma error class', rec.errorClass, 'PrismaClientKnownRequestError');
    t.check('Prisma error code', rec.code, 'P2022');
    t.checkMatch('Prisma error message names the call', rec.message, 'Invalid `prisma.user.findUnique()` invocation:');
    t.check('… and ends with the P2022 text (verbatim, adapter-pg 7.10.1)', rec.message.trim().split('\n').at(-1), P2022_MESSAGE);
    t.check('SQLSTATE under it', rec.sqlstate, '42703');
    t.claim({
      id: '002.login-p2022-message',
      source: SOURCE,
      claim: 'Login fails with "The column users.unlimitedPoseActive does not exist in the current database"',
      observed: { code: rec.code, message: rec.message },
      holds: (o) => o.message.endsWith(P2022_MESSAGE),
      evidence: (o) => `${o.code}: ${o.message} (Prisma puts backticks around the column name)`,
      expectedToHold: true,
    });
  },
);

export const dashboardFails = step<World>('symptom', 'GET /api/dashboard with a token issued before the deploy answers 500 too', async (t, w) => {
  const token = await signToken({ sub: ALICE.id, email: ALICE.email });
  const dash = await getDashboard(t, w, 'dashboard with a token issued before the deploy', token);
  t.check('GET /api/dashboard status', dash.status, 500);
  t.checkLogged('the server logged P2022 for the dashboard', '[GET /api/dashboard] P2022');
  t.claim({
    id: '002.dashboard-fails',
    source: SOURCE,
    claim: 'Dashboard loads fail (no user data)',
    observed: { status: dash.status },
    holds: (o) => o.status === 500,
    evidence: (o) => `GET /api/dashboard ${o.status}`,
    expectedToHold: true,
  });
});

export const onlyFullModelQueriesFail = step<World>(
  'symptom',
  'Only queries returning the whole User model fail: a select of existing columns and count() still work',
  async (t) => {
    // Prisma lists every scalar column of the model unless the query selects fewer.
    const full = await prisma()
      .user.findUnique({ where: { email: ALICE.email } })
      .catch((e: unknown) => e);
    const picked = await prisma()
      .user.findUnique({ where: { email: ALICE.email }, select: { id: true, email: true } })
      .catch((e: unknown) => e);
    const count = await prisma()
      .user.count()
      .catch((e: unknown) => e);
    t.check('the full model fails', outcome(full), 'fails (P2022)');
    t.check('a query selecting only existing columns still works', picked, { id: ALICE.id, email: ALICE.email });
    t.check('count() still works', count, 3);
    t.claim({
      id: '002.every-users-query-fails',
      source: SOURCE,
      claim: 'Every query that selects from the users table fails',
      observed: { fullModel: outcome(full), selectIdEmail: outcome(picked), count: outcome(count) },
      holds: (o) => [o.fullModel, o.selectIdEmail, o.count].every((x) => x.startsWith('fails')),
      evidence: (o) =>
        `findUnique of the full model ${o.fullModel}; findUnique with select {id, email} ${o.selectIdEmail}; count() ${o.count}: only queries returning the full User model (every scalar column) fail`,
      expectedToHold: false,
    });
  },
);
