/**
 * Incident 002 — the five unlimitedPose* columns a FAILED Prisma migration
 * never added. Postmortem: 002_89ba75fe544c3693.txt. The story is in
 * README.md; the steps, in order, are in steps/.
 */
import { defineIncident } from '@incident-replay/incident';
import { beforeRelease, deployRefusedOnRestart, driftSeesBrokenState, releaseDeployFails } from './steps/broken-state';
import { dashboardFails, loginAnswers500, loginQueryP2022, onlyFullModelQueriesFail } from './steps/symptom';
import { driftAfterHotfix, fixScriptAddsColumns, fixScriptLowRisk } from './steps/hotfix';
import { driftAfterResolve, loginRecovers, resolveApplied } from './steps/resolve';
import { freshDeploys, postmortemAltersLeaveDrift, prismaAlterNoDrift, productionKeepsDrift, statusMissesMissingColumns } from './steps/prevention';
import { SOURCE, setup } from './world';

export default defineIncident({
  id: '002-prisma-failed-migration',
  title: 'Login 500 (P2022): unlimitedPose* columns missing after a FAILED Prisma migration',
  postmortem: SOURCE,
  summary:
    'Migration 20251014 created the Avatar Creator tables but never altered users; it is recorded as FAILED. Replays P3009 and the P2022 login 500, the hand-run ALTERs, migrate resolve --applied, recovery, and checks the prevention step for drift with Prisma itself.',
  hosts: ['in-process', 'built'],
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
    driftAfterHotfix,
    resolveApplied,
    driftAfterResolve,
    loginRecovers,
    freshDeploys,
    statusMissesMissingColumns,
    postmortemAltersLeaveDrift,
    prismaAlterNoDrift,
    productionKeepsDrift,
  ],
});
