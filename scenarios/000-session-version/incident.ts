/**
 * Incident 000 — the `users.session_version` column that production never got.
 * Postmortem: 000_b34f50e6b2a4b170.txt. The story is in README.md; the steps,
 * in order, are in steps/; world.ts builds the app on the runner's host.
 */
import { defineIncident } from '@incident-replay/incident';
import { driftCatchesIt, migratedThrough0011 } from './steps/broken-state';
import { rehearsalCatchesIt } from './steps/rehearsal';
import { earlierSessionEmpty, forgotPassword500, signIn500 } from './steps/symptom';
import { codeFixWithoutColumn, driftClean, ledgerLacks0012, migratorReapplies0012, run0012Directly } from './steps/fix';
import { bothBuildsWork, bumpSignsOut } from './steps/recovery';
import { SOURCE, setup } from './world';

export default defineIncident({
  id: '000-session-version',
  title: 'Missing session_version column breaks NextAuth sign-in',
  postmortem: SOURCE,
  summary:
    'Code reading users.session_version shipped before migration 0012 ran. Replays the 500s, shows the session endpoint answers 200 {} instead, then both documented fixes.',
  stack: 'Next.js 16 + NextAuth 4.24 + Drizzle 0.45 (node-postgres)',
  apps: ['nextauth-drizzle'],
  hosts: ['in-process', 'built'],
  map: {
    seen: { text: 'Sign-in and forgot-password answer 500; the log names the missing column (`column "session_version" does not exist`)', step: 4 },
    cause: { text: 'Migration 0012 never ran: `users.session_version` is missing (SQLSTATE 42703) and absent from `__drizzle_migrations`', step: 2 },
    missed: {
      text: "A session issued earlier comes back 200 `{}` with the cookie cleared: NextAuth v4 swallows the JWT callback's error and signs the user out, and its log line never shows 42703",
      claim: '000.all-jwt-callbacks-500',
    },
    fix: { text: "Run 0012 (its `IF NOT EXISTS` makes a re-run harmless), then let Drizzle's migrator record it in the ledger", step: 10 },
    documentedFix: { text: 'Run 0012 directly with `psql -f`', claim: '000.run-0012-directly' },
  },
  setup,
  steps: [
    migratedThrough0011,
    driftCatchesIt,
    rehearsalCatchesIt,
    signIn500,
    forgotPassword500,
    earlierSessionEmpty,
    codeFixWithoutColumn,
    run0012Directly,
    ledgerLacks0012,
    migratorReapplies0012,
    driftClean,
    bothBuildsWork,
    bumpSignsOut,
  ],
});
