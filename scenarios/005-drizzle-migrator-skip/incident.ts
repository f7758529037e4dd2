/**
 * Incident 005 — drizzle-kit migrate skips a migration by timestamp and says it succeeded.
 * Source: drizzle-orm#5316 (drizzle-orm 0.44.7, drizzle-kit 0.31.10), with the mechanism of
 * drizzle-orm#5769. The story is in README.md; the steps, in order, are in steps/; world.ts builds
 * the database, the app on the runner's host and the app's revisions.
 */
import { defineIncident } from '@incident-replay/incident';
import { firstDeploy, releaseSkips0002 } from './steps/deploys';
import { signIn500 } from './steps/symptom';
import { countGuardBlindSpot, driftCatchesIt, orderGuard } from './steps/checks';
import { rehearsalCatchesIt } from './steps/rehearsal';
import { journalFixAlone, restampAndCorrectLedger } from './steps/fix';
import { signInWorks } from './steps/recovery';
import { SOURCE, setup } from './world';

export default defineIncident({
  id: '005-drizzle-migrator-skip',
  title: 'drizzle-kit migrate skips a migration by timestamp and reports success',
  postmortem: SOURCE,
  summary:
    "A journal `when` edited into the future made drizzle-kit migrate skip the next migration with exit 0. Replays the 500 (42703), the count guard's blind spot, and the restamp + ledger fix.",
  stack: 'drizzle-orm 0.44.7 + drizzle-kit 0.31.10 (node-postgres)',
  apps: ['drizzle-kit-login'],
  hosts: ['in-process', 'built'],
  map: {
    seen: { text: 'Sign-in answers 500: `column "kit" of relation "users" does not exist` (SQLSTATE 42703)', step: 3 },
    cause: {
      text: "0001's `when` was edited into the future; the migrator runs only entries later than the ledger's newest `created_at`, so 0002 was skipped while `drizzle-kit migrate` printed success and exited 0",
      step: 2,
    },
    missed: {
      text: 'A deploy log that says `migrations applied successfully!`, and a count guard that passes once someone adds a ledger row by hand',
      claim: '005.count-guard-catches-skips',
    },
    fix: { text: "Restamp 0001's journal entry and set its ledger row's `created_at` to match; the next migrate runs 0002", step: 9 },
    documentedFix: { text: 'Correct the `when` and run the matching UPDATE of `created_at` (ledgr#75)', claim: '005.restamp-and-correct-ledger' },
  },
  setup,
  steps: [
    firstDeploy,
    releaseSkips0002,
    signIn500,
    driftCatchesIt,
    rehearsalCatchesIt,
    countGuardBlindSpot,
    orderGuard,
    journalFixAlone,
    restampAndCorrectLedger,
    signInWorks,
  ],
});
