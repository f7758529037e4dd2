/**
 * The pull request that shipped session versioning, rehearsed before the deploy: BASE is the app
 * without it (0000–0011), HEAD the app as it is (0012 and the `sessionVersion` column).
 */
import { step, type Tree } from '@incident-replay/incident';
import { appFiles, recordRehearsal, rehearsalRepo } from '../../shared/rehearsal-evidence';
import { APP_DIR } from '../migrations';
import { SOURCE, type World } from '../world';

/** The files of apps/nextauth-drizzle a rehearsal reads: its drift config, Drizzle schema and migrations. */
const FILES = ['package.json', 'tsconfig.json', 'drift.config.ts', 'lib/db/schema.ts', 'db/migrations'];
const SCHEMA = 'lib/db/schema.ts';
const MIGRATION = '0012_add_session_versioning';
const MIGRATION_FILE = `db/migrations/${MIGRATION}.sql`;
const JOURNAL = 'db/migrations/meta/_journal.json';

/** Replaces `pattern` in `text`, or throws naming what it did not find. */
function without(text: string, pattern: RegExp, what: string): string {
  const out = text.replace(pattern, '');
  if (out === text) throw new Error(`reconstructing BASE: ${what} not found; the app changed, update beforeSessionVersioning()`);
  return out;
}

/**
 * Reconstructs the revision before the pull request that added session versioning, from the app
 * as it is (HEAD): it removes what that pull request added — migration 0012 and its entry in the
 * Drizzle journal, and in lib/db/schema.ts the `sessionVersion` column with its comment, its
 * index `idx_users_session_version` and the two imports only they use.
 *
 * @param head the app's files (see {@link FILES})
 * @throws Error when one of those pieces is not there to remove
 */
export function beforeSessionVersioning(head: Tree): Tree {
  const schema = head[SCHEMA];
  const journal = head[JOURNAL];
  if (!schema || !journal || !head[MIGRATION_FILE]) throw new Error(`reconstructing BASE: ${SCHEMA}, ${JOURNAL} or ${MIGRATION_FILE} missing`);
  let base = without(schema, /\n[ \t]*\/\*\*(?:(?!\*\/)[\s\S])*?\*\/\n[ \t]*sessionVersion: integer\('session_version'\)[^\n]*/, 'the sessionVersion column');
  base = without(base, /\n[ \t]*\(t\) => \[index\('idx_users_session_version'\)[^\n]*/, 'the idx_users_session_version index');
  base = without(base, /\bindex, integer, /, 'the imports of index and integer');
  const entries = (JSON.parse(journal) as { entries: { tag: string }[] }).entries;
  const kept = entries.filter((e) => e.tag !== MIGRATION);
  if (kept.length !== entries.length - 1) throw new Error(`reconstructing BASE: ${MIGRATION} is not in ${JOURNAL}`);
  const { [MIGRATION_FILE]: _added, ...rest } = head;
  return { ...rest, [SCHEMA]: base, [JOURNAL]: `${JSON.stringify({ ...JSON.parse(journal), entries: kept }, null, 2)}\n` };
}

export const rehearsalCatchesIt = step<World>(
  'check',
  'A rehearsal in the pull request would have said: "deploy, then migrate" breaks on users.session_version (42703, at 0012); "migrate, then deploy" is safe',
  async (t) => {
    const head = appFiles(APP_DIR, FILES);
    const repo = rehearsalRepo(APP_DIR, { base: beforeSessionVersioning(head), head });
    t.env.onTeardown(repo.repo.remove);
    const { report, findings } = await recordRehearsal(t, 'rehearsal: BASE 0000–0011, HEAD with 0012 and sessionVersion', repo);
    const deployFirst = report.comparisons
      .find((c) => c.id === 'head-before')
      ?.findings.find((f) => f.impact === 'deploy-first' && f.kind === 'missing-column' && f.table === 'users' && f.column === 'session_version');
    const migrateFirst = report.verdicts.find((v) => v.order === 'migrate-first');
    t.check('the release is complete, and "migrate, then deploy" (0012 before the code) is safe: exit 0', report.exitCode, 0);
    t.check('…no finding under "migrate, then deploy"', migrateFirst?.breaks, []);
    t.checkThat(
      '"deploy, then migrate" breaks: HEAD\'s code reads users.session_version before 0012 adds it (42703)',
      deployFirst?.sqlstate === '42703',
      findings,
    );
    // Where the finding points, read back from the files the rehearsal was given.
    const statementAt = (head[MIGRATION_FILE] ?? '').split('\n').slice((deployFirst?.migrationAt?.line ?? 0) - 1);
    const declaredAt = (head[SCHEMA] ?? '').split('\n')[(deployFirst?.location?.line ?? 0) - 1] ?? '';
    t.checkThat(
      "…located at 0012's ADD COLUMN statement",
      deployFirst?.migrationAt?.file.endsWith(MIGRATION_FILE) === true &&
        /^ALTER TABLE users\s+ADD COLUMN IF NOT EXISTS session_version/.test(statementAt.join('\n')),
      { migrationAt: deployFirst?.migrationAt, statement: statementAt.slice(0, 2).join(' ') },
    );
    t.checkThat(`…and at the column's line of ${SCHEMA}`, deployFirst?.location?.file === SCHEMA && declaredAt.includes("integer('session_version')"), {
      location: deployFirst?.location,
      line: declaredAt.trim(),
    });
    t.claim({
      id: '000.rehearsal-would-have-caught-it',
      source: SOURCE,
      claim: 'A rehearsal of the pull request before the deploy would have caught it (the replay’s question, not the postmortem’s)',
      observed: {
        exitCode: report.exitCode,
        migrateFirst: migrateFirst?.safe ?? false,
        deployFirst: deployFirst
          ? `${deployFirst.table}.${deployFirst.column} ${deployFirst.sqlstate} at ${deployFirst.migrationAt?.migration}:${deployFirst.migrationAt?.line} and ${deployFirst.location?.file}:${deployFirst.location?.line}`
          : undefined,
      },
      holds: (o) => o.exitCode === 0 && o.migrateFirst && o.deployFirst !== undefined,
      evidence: (o) =>
        `"deploy, then migrate" breaks: ${o.deployFirst ?? 'nothing found'}; "migrate, then deploy" ${o.migrateFirst ? 'is safe' : 'breaks'} (exit ${o.exitCode})`,
      expectedToHold: true,
    });
  },
);
