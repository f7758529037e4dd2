/**
 * Incident 002 — the five unlimitedPose* columns a FAILED Prisma migration
 * never added. Postmortem: 002_89ba75fe544c3693.txt. The story is in
 * README.md; the steps, in order, are in steps/.
 */
import { defineIncident } from '@incident-replay/incident';
import { beforeRelease, deployRefusedOnRestart, driftSeesBrokenState, releaseDeployFails } from './steps/broken-state';
import { dashboardFails, loginAnswers500, loginQueryP2022, onlyFullModelQueriesFail } from './steps/symptom';
import { driftAfterHotfix, fastDefaults, fixScriptAddsColumns, fixScriptLowRisk } from './steps/hotfix';
import { driftAfterResolve, loginRecovers, resolveApplied } from './steps/resolve';
import { freshDeploys, postmortemAltersLeaveDrift, prismaAlterNoDrift, productionKeepsDrift, statusMissesMissingColumns } from './steps/prevention';
import { rehearsalCatchesIt } from './steps/rehearsal';
import { SOURCE, setup } from './world';

export default defineIncident({
  id: '002-prisma-failed-migration',
  title: 'Login 500 (P2022): unlimitedPose* columns missing after a FAILED Prisma migration',
  postmortem: SOURCE,
  summary:
    'Migration 20251014 created the Avatar Creator tables but never altered users; it is recorded as FAILED. Replays P3009 and the P2022 login 500, the hand-run ALTERs, migrate resolve --applied, recovery, and checks the prevention step for drift with Prisma itself.',
  stack: 'Hono + Prisma 6.19 (JS engine, adapter-pg)',
  apps: ['prisma-login'],
  hosts: ['in-process', 'built'],
  map: {
    seen: {
      text: '`POST /api/auth/login` answers 500; the server logs `P2022`: The column users.unlimitedPoseActive does not exist in the current database.',
      claim: '002.login-500',
    },
    cause: {
      text: 'Migration 20251014 created the new tables but never altered `users`; it is FAILED in `_prisma_migrations`, so `migrate deploy` refuses to go on (P3009)',
      claim: '002.failed-migration-blocks-deploy',
    },
    missed: {
      text: 'Only queries returning the full `User` model fail (P2022 over SQLSTATE 42703): `select` of existing columns and `count()` still work; on a fresh database `migrate status` says up to date with the five columns missing',
      claim: '002.every-users-query-fails',
    },
    fix: {
      text: 'The columns added by hand and `prisma migrate resolve --applied`; for new databases the ALTER Prisma generates (`NOT NULL`, `TIMESTAMP(3)`)',
      claim: '002.prisma-generated-sql-complete',
    },
    documentedFix: {
      text: "The postmortem's ALTERs, by hand and in the migration file: login recovers; that the columns then match `schema.prisma`",
      claim: '002.alters-match-schema',
    },
  },
  setup,
  steps: [
    beforeRelease,
    releaseDeployFails,
    deployRefusedOnRestart,
    driftSeesBrokenState,
    loginAnswers500,
    loginQueryP2022,
    dashboardFails,
    onlyFullModelQueriesFail,
    fixScriptAddsColumns,
    fixScriptLowRisk,
    fastDefaults,
    driftAfterHotfix,
    resolveApplied,
    driftAfterResolve,
    loginRecovers,
    freshDeploys,
    statusMissesMissingColumns,
    postmortemAltersLeaveDrift,
    prismaAlterNoDrift,
    productionKeepsDrift,
    rehearsalCatchesIt,
  ],
});
