/**
 * The documented fix and the right one, rehearsed in their pull requests before the deploy (1.x,
 * where the documented fix applies). BASE is the app as deployed: its schema.prisma and first
 * migration. HEAD is the documented fix (prisma/documented-fix/schema.prisma and the fix
 * migration), or the keep-the-token fix, which changes code only (the guard) and so leaves the
 * schema and migrations as BASE has them. The drift check reads Better Auth's tables through the
 * app's own drift.config.ts (getAuthTables on src/auth.ts's options).
 */
import { step, type Step, type Tree } from '@incident-replay/incident';
import { appFiles, recordRehearsal, rehearsalRepo } from '../shared/rehearsal-evidence.js';
import { SOURCE, tag, variant, type Ctx } from './world.js';
import type { BetterAuthVersion } from './versions.js';

const SCHEMA = 'prisma/schema.prisma';

/** BASE: what the app was deployed with — its drift config, auth options, schema and first migration. */
function deployedFiles(v: BetterAuthVersion): Tree {
  return appFiles(v.appDir, [
    'package.json',
    'tsconfig.json',
    'drift.config.ts',
    'src/auth.ts',
    SCHEMA,
    'prisma/migrations/migration_lock.toml',
    `prisma/migrations/${v.initMigration}`,
  ]);
}

/** HEAD of the documented fix: the schema the postmortem leaves (documented-fix/schema.prisma) and its migration. */
function documentedFixFiles(v: BetterAuthVersion, base: Tree): Tree {
  const fixed = appFiles(v.appDir, ['prisma/documented-fix/schema.prisma', `prisma/migrations/${v.fixMigration}`]);
  const { 'prisma/documented-fix/schema.prisma': schema, ...migration } = fixed;
  return { ...base, ...migration, [SCHEMA]: schema! };
}

export const rehearsalStopsDocumentedFix = (v: BetterAuthVersion): Step<Ctx> =>
  step(
    'check',
    `${tag(v)} a rehearsal in the pull request would have said: "migrate, then deploy" breaks — the running build reads session.token, which the migration drops — and the release is not complete; the keep-the-token fix rehearses clean`,
    async (t) => {
      const base = deployedFiles(v);
      const head = documentedFixFiles(v, base);
      const documented = rehearsalRepo(v.appDir, { base, head });
      const keepToken = rehearsalRepo(v.appDir, { base, head: base });
      t.env.onTeardown(documented.repo.remove);
      t.env.onTeardown(keepToken.repo.remove);
      const fix = await recordRehearsal(t, 'rehearsal: the documented fix', documented);
      const keep = await recordRehearsal(t, 'rehearsal: keep session.token (the fix is code only)', keepToken);

      const tokenIn = (id: 'base-after' | 'head-after') =>
        fix.report.comparisons.find((c) => c.id === id)?.findings.find((f) => f.kind === 'missing-column' && f.table === 'session' && f.column === 'token');
      const dropped = tokenIn('base-after');
      const stillRead = tokenIn('head-after');
      const migrationFile = Object.entries(head).find(([rel]) => rel.startsWith(`prisma/migrations/${v.fixMigration}/`));
      const statement = migrationFile?.[1]?.split('\n')[(dropped?.migrationAt?.line ?? 0) - 1] ?? '';
      t.checkThat(
        '"migrate, then deploy" breaks: the running build (BASE) reads session.token, gone after the migration (42703)',
        dropped?.impact === 'migrate-first' && dropped.sqlstate === '42703',
        fix.findings,
      );
      t.checkThat(
        "…located at the fix migration's DROP COLUMN statement",
        dropped?.migrationAt?.migration === v.fixMigration && /DROP COLUMN "token"/.test(statement),
        { migrationAt: dropped?.migrationAt, statement },
      );
      // HEAD's schema.prisma has no token field, so the expectation is Better Auth's own (getAuthTables on src/auth.ts), pointed at the model it lands in.
      const headDeclaresToken = /^\s*token\s/m.test(head[SCHEMA] ?? '');
      t.checkThat(
        "the release is not complete: HEAD's Better Auth still reads session.token, which HEAD's schema.prisma no longer declares",
        fix.report.complete === false && stillRead?.impact === 'release' && !headDeclaresToken && stillRead.source.field === undefined,
        { complete: fix.report.complete, impact: stillRead?.impact, source: stillRead?.source, headDeclaresToken },
      );
      t.check('the documented fix: exit 1', fix.report.exitCode, 1);
      t.check(
        'the keep-the-token fix: complete, both orders safe, exit 0',
        [keep.report.complete, ...keep.report.verdicts.map((x) => x.safe), keep.report.exitCode],
        [true, true, true, 0],
      );
      t.claim({
        id: '003.rehearsal-would-have-caught-it',
        source: SOURCE,
        variant: variant(v),
        claim:
          'A rehearsal of the pull request before the deploy would have stopped the documented fix and passed the right one (the replay’s question, not the postmortem’s)',
        observed: {
          exitCode: fix.report.exitCode,
          migrateFirst: dropped
            ? `${dropped.table}.${dropped.column} ${dropped.sqlstate} at ${dropped.migrationAt?.migration}:${dropped.migrationAt?.line}`
            : undefined,
          complete: fix.report.complete,
          keepExitCode: keep.report.exitCode,
        },
        holds: (o) => o.exitCode === 1 && o.migrateFirst !== undefined && o.complete === false && o.keepExitCode === 0,
        evidence: (o) =>
          `the documented fix: "migrate, then deploy" breaks on ${o.migrateFirst ?? 'nothing'}, the release ${o.complete ? 'is complete' : 'is not complete'} (exit ${o.exitCode}); keeping session.token: exit ${o.keepExitCode}`,
        expectedToHold: true,
      });
    },
  );
