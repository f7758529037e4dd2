/**
 * Incident 004 — Better Auth 1.6 → 1.7: `account.issuer`. Sources: the public issues cited in
 * README.md (paperclip #12334 first). The app is written once (packages/better-auth-drizzle-app)
 * and wired to Better Auth 1.6.28, 1.7.0 and 1.7.3 (apps/better-auth-drizzle-*); #11274's Prisma
 * shape is apps/better-auth-prisma-1.7.3. The deploys follow each other on one production
 * database, on either host.
 */
import { defineIncident } from '@incident-replay/incident';
import { driftCatchesIssuer, driftCatchesRequiredIssuer, rehearsalOfTheBump } from './checks.js';
import { issuerNullable, migrationWithBackfill, prismaOn173, signIn401, signUpFailsOn173, signUpFieldMissing, usersOn1628 } from './steps.js';
import { PAPERCLIP, createWorld } from './world.js';

export default defineIncident({
  id: '004-better-auth-account-issuer',
  title: 'Better Auth 1.6 → 1.7: every email sign-in 401 after a dependency bump, then every sign-up failing after 1.7.3',
  postmortem: PAPERCLIP,
  summary:
    '1.7.0 needs account.issuer = local:credential: without a migration every sign-in is 401. 1.7.3 never writes issuer: a NOT NULL issuer fails every request (SchemaMismatchError) on Drizzle, every sign-up on Prisma. Nullable issuer recovers.',
  stack: 'Better Auth 1.6.28 / 1.7.0 / 1.7.3 + Drizzle 0.45 (node-postgres), one app per version; 1.7.3 + Prisma 6.19',
  apps: ['better-auth-drizzle-1.6.28', 'better-auth-drizzle-1.7.0', 'better-auth-drizzle-1.7.3', 'better-auth-prisma-1.7.3'],
  hosts: ['in-process', 'built'],
  map: {
    seen: { text: 'Every email sign-in answers 401 `INVALID_EMAIL_OR_PASSWORD`, right password or wrong', claim: '004.sign-in-401-whatever-the-password' },
    cause: {
      text: '1.7.0 only accepts a credential account with `issuer = local:credential`; the old rows have no issuer',
      claim: '004.migration-restores-sign-in',
    },
    missed: { text: 'A 401 is a normal answer and the only log line is the warning "User not found"', claim: '004.log-user-not-found' },
    fix: { text: 'Add `account.issuer` with a backfill on 1.7.0; make it nullable before 1.7.3', step: 6 },
    documentedFix: { text: 'Make `account.issuer` nullable (or drop it) for 1.7.3', claim: '004.documented-fix' },
  },
  setup: createWorld,
  steps: [
    usersOn1628,
    signIn401,
    signUpFieldMissing,
    driftCatchesIssuer,
    rehearsalOfTheBump,
    migrationWithBackfill,
    signUpFailsOn173,
    prismaOn173,
    driftCatchesRequiredIssuer,
    issuerNullable,
  ],
});
