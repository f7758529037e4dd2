/**
 * Symptom: sign-in answers 500; PostgreSQL says users.kit is missing (SQLSTATE 42703).
 */
import { step } from '@incident-replay/incident';
import { SOURCE, signIn, signInFailure, type World } from '../world';

export const signIn500 = step<World>('symptom', 'Sign-in answers 500: its UPDATE of users.kit fails (SQLSTATE 42703)', async (t, w) => {
  const res = await signIn(t, w);
  t.check('POST /api/sign-in status', res.status, 500);
  const failure = signInFailure(t);
  t.check("the app's log: PostgreSQL's error and SQLSTATE", failure, { message: 'column "kit" of relation "users" does not exist', sqlstate: '42703' });
  t.note('drizzle-orm#5316: about 2 hours until users hit it (context, not replayed).');
  t.claim({
    id: '005.sign-in-500',
    source: SOURCE,
    claim: 'Users hit a 500: column "kit" of relation "users" does not exist',
    observed: { status: res.status, message: failure?.message, sqlstate: failure?.sqlstate },
    holds: (o) => o.status === 500 && o.message === 'column "kit" of relation "users" does not exist',
    evidence: (o) => `POST /api/sign-in answered ${o.status}; the app logged "${o.message}" (SQLSTATE ${o.sqlstate})`,
    expectedToHold: true,
  });
});
