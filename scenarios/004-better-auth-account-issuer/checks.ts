/**
 * What would have caught incident 004 before users did: the read-only drift check on the upgraded
 * code (1.7.0: account.issuer missing; 1.7.3: the NOT NULL issuer it never writes), and a rehearsal
 * of the 1.6.28 → 1.7.0 dependency bump (`schema-drift rehearse`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Step, Tree } from '@incident-replay/incident';
import { appFiles, recordRehearsal, rehearsalRepo } from '../shared/rehearsal-evidence.js';
import { BA_11274, PAPERCLIP, V1_6_28, V1_7_0, V1_7_3, driftOf, type AppVersion, type World } from './world.js';

export const driftCatchesIssuer: Step<World> = {
  kind: 'check',
  name: 'drift check of the 1.7.0 app: account.issuer missing',
  run: async (t, w) => {
    const before = await driftOf(t, V1_6_28, w.prod.url);
    const after = await driftOf(t, V1_7_0, w.prod.url);
    t.check('1.6.28 on production: clean', before.exitCode, 0);
    t.claim({
      id: '004.drift-catches-missing-issuer',
      source: PAPERCLIP,
      claim: 'A drift check of the 1.7.0 app would have found account.issuer missing',
      observed: { exitCode: after.exitCode, findings: after.findings },
      holds: (o) => o.exitCode === 1 && o.findings.includes('missing-column account.issuer'),
      evidence: (o) => `drift check of the 1.7.0 app: exit ${o.exitCode}; ${o.findings.join(', ') || 'no findings'}`,
      expectedToHold: true,
    });
  },
};

export const driftCatchesRequiredIssuer: Step<World> = {
  kind: 'check',
  name: 'drift check of the 1.7.3 app: extra-required-column account.issuer',
  run: async (t, w) => {
    const check = await driftOf(t, V1_7_3, w.prod.url);
    t.claim({
      id: '004.drift-catches-required-issuer',
      source: BA_11274,
      claim: 'A drift check of the 1.7.3 app would have flagged the NOT NULL issuer',
      observed: { exitCode: check.exitCode, findings: check.findings },
      holds: (o) => o.exitCode === 1 && o.findings.includes('extra-required-column account.issuer'),
      evidence: (o) => `drift check of the 1.7.3 app: exit ${o.exitCode}; ${o.findings.join(', ') || 'no findings'}`,
      expectedToHold: true,
    });
  },
};

const LOCKFILE = fileURLToPath(new URL('../../pnpm-lock.yaml', import.meta.url));

/**
 * The app's lockfile as its own repository would have it: pnpm-lock.yaml's importer of `v`'s
 * app folder, as the project (`.`). Its `better-auth` pin is what `rehearse` compares with the
 * installed version.
 *
 * @throws Error when pnpm-lock.yaml has no importer for the app
 */
function lockfileOf(v: AppVersion): string {
  const text = fs.readFileSync(LOCKFILE, 'utf8');
  const start = text.indexOf(`\n  apps/${v.app}:\n`);
  if (start < 0) throw new Error(`pnpm-lock.yaml has no importer apps/${v.app}: run pnpm install`);
  const rest = text.slice(start + 1);
  const end = rest.slice(3).search(/^ {2}\S/m);
  const block = end < 0 ? rest : rest.slice(0, end + 3);
  return `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n${block.split('\n').slice(1).join('\n').trimEnd()}\n`;
}

/** The app at a deploy: its package.json, auth wiring, drift config and lockfile. */
function revision(v: AppVersion): Tree {
  return { ...appFiles(v.appDir, ['package.json', 'tsconfig.json', 'drift.config.ts', 'src']), 'pnpm-lock.yaml': lockfileOf(v) };
}

export const rehearsalOfTheBump: Step<World> = {
  kind: 'check',
  name: 'rehearsal of the 1.6.28 → 1.7.0 bump: account.issuer missing from the release',
  run: async (t, w) => {
    await w.stopAll();
    const r = rehearsalRepo(V1_7_0.appDir, { base: revision(V1_6_28), head: revision(V1_7_0) });
    t.env.onTeardown(r.repo.remove);
    const ev = await recordRehearsal(t, 'rehearsal: the dependency bump', r, { databaseUrl: w.prod.url, exit2IsObserved: true });
    const headAfter = ev.report.comparisons.find((c) => c.id === 'head-after');
    const issuer = headAfter?.findings.find((f) => f.table === 'account' && f.column === 'issuer');
    t.note(`HEAD: ${path.basename(V1_7_0.appDir)}; BASE: ${path.basename(V1_6_28.appDir)}'s tree; installed packages are HEAD's.`);
    t.claim({
      id: '004.rehearsal-would-have-caught-it',
      source: PAPERCLIP,
      claim: 'A rehearsal of the bump would have stopped it',
      observed: {
        exitCode: ev.report.exitCode,
        release: issuer ? `${issuer.kind} ${issuer.table}.${issuer.column} (${issuer.impact})` : undefined,
        mismatch: ev.report.libraryMismatches.map((m) => `${m.name} ${m.pinned} (installed ${m.installed})`),
      },
      holds: (o) => o.exitCode !== 0 && o.release !== undefined,
      evidence: (o) => `rehearse exit ${o.exitCode}; HEAD vs AFTER: ${o.release ?? 'nothing'}; lockfile: ${o.mismatch.join(', ') || 'no mismatch'}`,
      expectedToHold: true,
    });
  },
};
