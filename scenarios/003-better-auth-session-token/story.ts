/**
 * The story of incident 003 for one Better Auth version: broken state →
 * symptom → documented fix → right fix → the security facts. What differs
 * between versions is data (versions.ts); where the story itself differs,
 * the version's data picks the chapter, and each step says what it proves.
 */
import type { Step } from '@incident-replay/incident';
import { cookieIsHmacSigned, noDriftBeforeFix, signsIn, tokenLivesInLookupColumn, wrongSchemaIsBetterAuths } from './steps-deployed.js';
import { guardCannotFindSession, guardFindsSession } from './steps-symptom.js';
import { driftCatchesMissingToken, migrationDropsToken, migrationEmptiesSessions, nothingToApply } from './steps-migration.js';
import { nobodyCanSignIn, oldClientFails, restartAnswers500, restartRejectsSchemaMismatch, signInWorksAfterFix } from './steps-restart.js';
import { rehearsalStopsDocumentedFix } from './steps-rehearsal.js';
import { badSignaturesRejected, defaultSecretInProduction, fallbackSecretForgery, guardAsksBetterAuth } from './steps-right-fix.js';
import type { Ctx } from './world.js';
import type { BetterAuthVersion } from './versions.js';

type Chapter = ((v: BetterAuthVersion) => Step<Ctx>)[];

/**
 * By where the version keeps the cookie token: in `token` (1.x) the postmortem's schema is
 * Better Auth's own and the app's guard, querying `id`, produces the symptom; in `id` (0.x) it works.
 */
const SYMPTOM: Record<BetterAuthVersion['lookupColumn'], Chapter> = {
  token: [wrongSchemaIsBetterAuths, guardCannotFindSession],
  id: [guardFindsSession],
};

/** By what the documented fix (migration, `prisma generate`, restart) does to the version. */
const DOCUMENTED_FIX: Record<BetterAuthVersion['documentedFix'], Chapter> = {
  'server-error': [
    migrationEmptiesSessions,
    migrationDropsToken,
    driftCatchesMissingToken,
    rehearsalStopsDocumentedFix,
    oldClientFails,
    restartAnswers500,
    nobodyCanSignIn,
  ],
  'schema-mismatch': [
    migrationEmptiesSessions,
    migrationDropsToken,
    driftCatchesMissingToken,
    rehearsalStopsDocumentedFix,
    oldClientFails,
    restartRejectsSchemaMismatch,
    nobodyCanSignIn,
  ],
  'already-in-place': [nothingToApply, signInWorksAfterFix],
};

/** The steps for one version, in order; step names carry the version. */
export function sessionTokenStory(v: BetterAuthVersion): Step<Ctx>[] {
  const chapters: Chapter[] = [
    [signsIn, cookieIsHmacSigned, tokenLivesInLookupColumn, noDriftBeforeFix],
    SYMPTOM[v.lookupColumn],
    DOCUMENTED_FIX[v.documentedFix],
    [guardAsksBetterAuth, badSignaturesRejected, fallbackSecretForgery, defaultSecretInProduction],
  ];
  return chapters.flat().map((make) => make(v));
}
