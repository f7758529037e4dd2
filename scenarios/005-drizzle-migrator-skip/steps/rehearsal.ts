/**
 * The release rehearsed before it shipped (`schema-drift rehearse`): BASE is the app before 0002
 * (0000, 0001 with its future `when`), HEAD the app as shipped.
 */
import { step } from '@incident-replay/incident';
import { APP_DIR } from '@incident-replay/app-drizzle-kit-login';
import { recordRehearsal, rehearsalRepo } from '../../shared/rehearsal-evidence';
import { JOURNAL, SKIPPED, beforeKit, shipped, whenLine, type World } from '../world';

export const rehearsalCatchesIt = step<World>(
  'check',
  'A rehearsal of the release would have said: incomplete, 0002 migration-skipped, users.kit missing',
  async (t) => {
    const head = shipped();
    const repo = rehearsalRepo(APP_DIR, { base: beforeKit(head), head });
    t.env.onTeardown(repo.repo.remove);
    const { report, findings } = await recordRehearsal(t, 'rehearsal: BASE 0000–0001, HEAD with 0002 and users.kit', repo);
    const release = report.comparisons.find((c) => c.id === 'head-after')?.findings ?? [];
    const skipped = release.find((f) => f.kind === 'migration-skipped' && f.migration === SKIPPED);
    const kit = release.find((f) => f.kind === 'missing-column' && f.table === 'users' && f.column === 'kit');
    t.check('exit code (1 = the release is not safe)', report.exitCode, 1);
    t.check('0002 is not pending: the migrator will not run it', report.afterRun?.pending, []);
    t.check('the release is not complete', report.complete, false);
    t.check(
      `migration-skipped ${SKIPPED}, at the line of its when in ${JOURNAL}`,
      skipped?.location && `${skipped.location.file}:${skipped.location.line}`,
      `${JOURNAL}:${whenLine(head[JOURNAL] ?? '', SKIPPED)}`,
    );
    t.checkThat('HEAD vs AFTER: users.kit missing', kit !== undefined, findings);
    t.claim({
      id: '005.rehearsal-would-have-caught-it',
      source: 'schema-drift rehearse (packages/drift)',
      claim: 'A rehearsal of the release would have caught it (the replay’s question)',
      observed: {
        exitCode: report.exitCode,
        complete: report.complete,
        skipped: skipped ? `${skipped.migration} at ${skipped.location?.file}:${skipped.location?.line}` : undefined,
        kit: kit ? `${kit.table}.${kit.column}` : undefined,
      },
      holds: (o) => o.exitCode === 1 && o.complete === false && o.skipped !== undefined && o.kit !== undefined,
      evidence: (o) =>
        `exit ${o.exitCode}, release ${o.complete ? 'complete' : 'incomplete'}: migration-skipped ${o.skipped ?? 'not found'}; missing ${o.kit ?? 'nothing'}`,
      expectedToHold: true,
    });
  },
);
