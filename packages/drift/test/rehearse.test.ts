/**
 * `rehearse` on two-commit git repositories of a Prisma and a Drizzle project (test/rehearse-projects.ts),
 * on the run's shared server: each verdict comes from the real migrations applied to real databases
 * and the drift check's comparisons; the expected outcome of each change is what PostgreSQL and the
 * ORM make of it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openScratchServer } from '../src/scratch-server.js';
import { rehearse, type RehearsalReport, type ScratchServerLike } from '../src/rehearse/rehearse.js';
import { REHEARSAL_FORMATS } from '../src/rehearse/formats.js';
import { migrationName, writeRehearsalProject } from '../bench/rehearse-project.js';
import { checkSample, markdownFiles } from '@incident-replay/incident';
import { parseOwnerRecord } from '@incident-replay/pg-harness';
import { databases, FIXTURES, PRISMA_LEDGER_DDL, REPO_ROOT, runCliIn, sql } from './helpers.js';
import { baseTree, headTree, type Change, type Orm } from './rehearse-projects.js';
import { gitRepo, type TestRepo } from '@incident-replay/incident';
import { pinnedVersion } from '../src/rehearse/revisions.js';
import { validateSarif } from './sarif-schema.js';

const dbs = databases();
const server: ScratchServerLike = { describe: () => 'the test run’s server', create: (label, template) => dbs.create(`rh_${label}`, template) };
const NODE_MODULES = path.resolve(FIXTURES, '../../node_modules');
const repos: TestRepo[] = [];
afterAll(async () => {
  await dbs.dropAll();
  for (const r of repos) r.remove();
});

/** A repository whose first commit is BASE and whose second is BASE plus the change. */
function project(orm: Orm, change: Change): TestRepo {
  const repo = gitRepo([baseTree(orm), headTree(orm, change)], {}, { nodeModules: NODE_MODULES });
  repos.push(repo);
  return repo;
}

const ids = (r: RehearsalReport, comparison: string) =>
  r.comparisons
    .find((c) => c.id === comparison)!
    .findings.filter((f) => f.impact !== 'already')
    .map((f) => `${f.kind} ${f.table}.${f.column ?? ''} ${f.sqlstate ?? ''}`);

describe.each(['prisma', 'drizzle'] as const)('rehearse: %s', (orm) => {
  const table = orm === 'prisma' ? 'User' : 'users';

  it('a dropped column the base reads: migrate-first breaks (42703, at the DROP), deploy-first is safe', async () => {
    const repo = project(orm, 'drop-column');
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(1);
    expect(ids(r, 'base-after')).toEqual([`missing-column ${table}.name 42703`]);
    const f = r.comparisons[1]!.findings[0]!;
    expect(f.migrationAt?.file).toMatch(orm === 'prisma' ? /drop_name\/migration\.sql$/ : /0001_change\.sql$/);
    expect(r.verdicts.map((v) => v.safe)).toEqual([false, true]);
    expect(r.complete).toBe(true);
    if (orm === 'drizzle') checkSample(REPO_ROOT, markdownFiles(REPO_ROOT), 'rehearse-drizzle-drop-column', REHEARSAL_FORMATS.text(r));
    const deployFirst = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server, order: 'deploy-first' });
    expect(deployFirst.exitCode, REHEARSAL_FORMATS.text(deployFirst)).toBe(0);
  });

  it('an added nullable column: migrate-first is safe; deploy-first would read a column not there yet', async () => {
    const repo = project(orm, 'add-nullable');
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(0);
    expect(ids(r, 'head-before')).toEqual([`missing-column ${table}.bio 42703`]);
    expect(r.comparisons[2]!.findings[0]!.migrationAt?.line).toBe(1);
    expect(r.verdicts.map((v) => v.safe)).toEqual([true, false]);
  });

  it('a schema field with no migration: the release is not complete', async () => {
    const repo = project(orm, 'no-migration');
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(1);
    expect(r.complete).toBe(false);
    expect(ids(r, 'head-after')).toEqual([`missing-column ${table}.bio 42703`]);
    expect(r.afterRun?.pending).toEqual([]);
  });

  it('a NOT NULL column without default: the running build’s inserts fail (23502) under migrate-first', async () => {
    const repo = project(orm, 'not-null-no-default');
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(1);
    expect(ids(r, 'base-after')).toEqual([`extra-required-column ${table}.age 23502`]);
  });

  it('a migration that creates what exists: it fails with its SQLSTATE, file and line', async () => {
    const repo = project(orm, 'create-existing');
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(1);
    expect(r.afterRun?.failure).toMatchObject({ sqlstate: '42P07', line: orm === 'prisma' ? 2 : 1 });
    expect(r.afterRun?.failure?.message).toMatch(/already exists/);
    expect(r.complete).toBe(false);
    expect(r.verdicts.every((v) => !v.safe)).toBe(true);
  });

  it('the work tree as HEAD, and every format', async () => {
    const repo = gitRepo([baseTree(orm)], headTree(orm, 'drop-column'), { nodeModules: NODE_MODULES });
    repos.push(repo);
    const r = await rehearse({ cwd: repo.dir, base: 'main', server });
    expect(r.head.ref).toBe('work tree');
    expect(r.exitCode).toBe(1);
    const sarif = JSON.parse(REHEARSAL_FORMATS.sarif(r));
    expect(validateSarif(sarif)).toEqual([]);
    const result = sarif.runs[0].results[0];
    expect(result.locations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri)).toEqual([
      orm === 'prisma' ? 'prisma/schema.prisma' : 'src/schema.ts',
      orm === 'prisma' ? 'prisma/migrations/20250201000000_drop_name/migration.sql' : 'drizzle/0001_change.sql',
    ]);
    expect(REHEARSAL_FORMATS.github(r)).toMatch(/^::error file=.*,line=1,title=missing-column/m);
    expect(REHEARSAL_FORMATS.junit(r)).toMatch(/<failure message="breaks missing-column/);
    expect(REHEARSAL_FORMATS.markdown(r)).toMatch(/\| migrate, then deploy \(pipeline\) \| \*\*breaks\*\*/);
    expect(JSON.parse(REHEARSAL_FORMATS.json(r)).exitCode).toBe(1);
  });
});

describe('rehearse: could not rehearse', () => {
  it('an unknown ref, a folder outside git: exit 2 with one line', async () => {
    const repo = project('prisma', 'add-nullable');
    const r = await rehearse({ cwd: repo.dir, base: 'no-such-branch', server });
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(/^unknown git ref "no-such-branch" in .*fetch-depth: 0/);
    const outside = await rehearse({ cwd: '/', base: 'main', server });
    expect(outside.exitCode).toBe(2);
    expect(outside.error).toMatch(/is not in a git repository/);
  });
});

describe('rehearse: the benchmark’s 30-migration project', () => {
  it('rehearses clean under migrate-first: 28 migrations BEFORE, 2 pending; only deploy-first would break', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-bench-')), 'project');
    repos.push({ dir, commits: [], remove: () => fs.rmSync(path.dirname(dir), { recursive: true, force: true }) });
    const base = writeRehearsalProject(dir);
    const r = await rehearse({ cwd: dir, base, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(0);
    expect(r.beforeRun?.applied).toHaveLength(28);
    expect(r.afterRun?.applied).toEqual([migrationName(29), migrationName(30)]);
    expect(ids(r, 'head-after')).toEqual([]);
    expect(ids(r, 'base-after')).toEqual([]);
    expect(ids(r, 'head-before')).toEqual(['missing-column t28.ref_29 42703', 'missing-table t29. 42P01', 'missing-table t30. 42P01']);
  });
});

describe('rehearse: BASE pins another library than the one installed', () => {
  const lock = (version: string) =>
    `${JSON.stringify({ name: 'rehearse-drizzle', lockfileVersion: 3, requires: true, packages: { '': { name: 'rehearse-drizzle' }, 'node_modules/drizzle-orm': { version } } }, null, 2)}\n`;

  it('stops with one line naming the library, both versions and --install-base', async () => {
    const repo = gitRepo(
      [{ ...baseTree('drizzle'), 'package-lock.json': lock('0.44.0') }, headTree('drizzle', 'add-nullable')],
      {},
      { nodeModules: NODE_MODULES },
    );
    repos.push(repo);
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode).toBe(2);
    expect(r.libraryMismatches).toEqual([{ name: 'drizzle-orm', pinned: '0.44.0', installed: '0.45.4', lockfile: 'package-lock.json' }]);
    expect(r.error).toMatch(
      /^BASE vs AFTER: .*'s lockfile pins drizzle-orm 0\.44\.0 \(installed: 0\.45\.4\): BASE's expectations would be read with HEAD's library; rerun with --install-base$/,
    );
  });

  it('reads the pinned version from npm, pnpm and yarn lockfiles', () => {
    expect(pinnedVersion('npm', lock('0.44.0'), 'drizzle-orm', '.')).toBe('0.44.0');
    const pnpmLock = `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      drizzle-orm:\n        specifier: ^0.44.0\n        version: 0.44.2(pg@8.16.0)\n\n  apps/web:\n    dependencies:\n      '@prisma/client':\n        specifier: 6.1.0\n        version: 6.1.0(prisma@6.1.0)\n      drizzle-orm:\n        specifier: 0.45.4\n        version: 0.45.4\n\npackages:\n`;
    expect(pinnedVersion('pnpm', pnpmLock, 'drizzle-orm', '.')).toBe('0.44.2');
    expect(pinnedVersion('pnpm', pnpmLock, 'drizzle-orm', 'apps/web')).toBe('0.45.4');
    expect(pinnedVersion('pnpm', pnpmLock, '@prisma/client', 'apps/web')).toBe('6.1.0');
    expect(pinnedVersion('pnpm', pnpmLock, 'better-auth', '.')).toBeUndefined();
    const yarnLock = `# yarn lockfile v1\n\n"drizzle-orm@^0.44.0":\n  version "0.44.5"\n  resolved "https://registry.yarnpkg.com/drizzle-orm/-/drizzle-orm-0.44.5.tgz"\n`;
    expect(pinnedVersion('yarn', yarnLock, 'drizzle-orm', '.')).toBe('0.44.5');
  });
});

describe('schema-drift rehearse (the command)', () => {
  it('on a given server (--server-url): JSON on stdout, the summary on stderr, only its own databases', async () => {
    const repo = project('prisma', 'drop-column');
    const { adminUrl: admin, runId } = inject('postgres');
    // Databases this process made under another run id than this test run's: the rehearsal's own,
    // had it left any (other files' rehearsals run in other processes, whose pid their owner record names).
    const mine = async () =>
      (
        await sql<{ datname: string; comment: string | null }>(
          admin,
          `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE 'ir\\_%' AND datname NOT LIKE $1`,
          [`ir\\_${runId}%`],
        )
      )
        .filter((d) => parseOwnerRecord(d.comment)?.owner.pid === process.pid)
        .map((d) => d.datname);
    // The detector sees what a scratch server of this process makes on that server.
    const probe = await openScratchServer({ serverUrl: admin });
    const made = await probe.create('probe');
    expect(await mine()).toEqual([made.name]);
    await probe.stop();
    expect(await mine()).toEqual([]);
    // A developer's DATABASE_URL is not production: the rehearsal never reads it.
    const run = await runCliIn(repo.dir, ['rehearse', '--base', repo.commits[0]!, '--head', repo.commits[1]!, '--server-url', admin, '--format', 'json'], {
      DATABASE_URL: 'postgres://dev:dev-secret@127.0.0.1:1/dev',
    });
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).before).toMatch(/^BASE's 1 migration applied to an empty database/);
    expect(run.stdout + run.stderr).not.toContain('dev-secret');
    expect(JSON.parse(run.stdout).verdicts.map((v: { safe: boolean }) => v.safe)).toEqual([false, true]);
    expect(run.stderr).toMatch(/^schema-drift rehearse: the release is complete; migrate, then deploy: breaks \(1\)/m);
    expect(await mine()).toEqual([]);
  });

  it('bad input: one line on stderr, exit 2', async () => {
    const repo = project('prisma', 'add-nullable');
    const cases: [string[], RegExp][] = [
      [[], /^schema-drift rehearse: --base <git ref> is required/],
      [['--base', 'main', '--order', 'sideways'], /^schema-drift rehearse: --order must be migrate-first or deploy-first, not "sideways"/],
      [['--base', 'main', '--format', 'xml'], /^schema-drift rehearse: --format must be one of text, json, sarif, github, junit, markdown/],
      [
        ['--base', 'main', '--server-url', 'postgres://u:secret@127.0.0.1:1/x'],
        /^schema-drift rehearse: could not rehearse: the scratch PostgreSQL: .*127\.0\.0\.1:1/,
      ],
    ];
    for (const [args, line] of cases) {
      const run = await runCliIn(repo.dir, ['rehearse', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(line);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toContain('secret');
    }
    const help = await runCliIn(repo.dir, ['rehearse', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: schema-drift rehearse --base <git ref>/);
  });
});

describe('rehearse: production given (--database-url)', () => {
  it("BEFORE is production's schema without rows; a NOT NULL column without default fails on its rows (23502), in every format", async () => {
    const repo = project('prisma', 'not-null-no-default');
    const prod = await dbs.create('rh_production');
    const init = baseTree('prisma')['prisma/migrations/20250101000000_init/migration.sql']!;
    await sql(prod.url, `${PRISMA_LEDGER_DDL}; ${init}`);
    await sql(
      prod.url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (gen_random_uuid()::text, $1, '20250101000000_init', now(), 1)`,
      [crypto.createHash('sha256').update(init).digest('hex')],
    );
    await sql(prod.url, `INSERT INTO "User" (email) VALUES ('alice@example.com')`);
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server, databaseUrl: prod.url });
    const text = REHEARSAL_FORMATS.text(r);
    expect(r.exitCode, text).toBe(1);
    expect(r.before).toBe("a copy of production's schema without rows (2 tables; 1 ledger row; 2 tables have rows)");
    expect(text).toContain(
      "  ✗ prisma/migrations/20250201000000_add_age/migration.sql:1 fails on production's rows (SQLSTATE 23502): public.User has rows and the column is NOT NULL without a DEFAULT",
    );
    expect(
      r.verdicts.every((v) => v.breaks.some((b) => b.includes('fails on production'))),
      text,
    ).toBe(true);
    expect(REHEARSAL_FORMATS.github(r)).toMatch(
      /^::error file=prisma\/migrations\/20250201000000_add_age\/migration\.sql,line=1,title=fails on production's rows \(SQLSTATE 23502\)::/m,
    );
  });
});

describe('rehearse: a Drizzle migration stamped before the last applied one', () => {
  it("is not pending (drizzle-orm's migrator never runs it): the release is not complete, migration-skipped at its journal line", async () => {
    const head = headTree('drizzle', 'add-nullable');
    // 0001's `when` one second before 0000's: what a hand-edited or merged journal can hold.
    const journal = JSON.parse(head['drizzle/meta/_journal.json']!) as { entries: { when: number }[] };
    journal.entries[1]!.when = journal.entries[0]!.when - 1000;
    const repo = gitRepo(
      [baseTree('drizzle'), { ...head, 'drizzle/meta/_journal.json': `${JSON.stringify(journal, null, 2)}\n` }],
      {},
      { nodeModules: NODE_MODULES },
    );
    repos.push(repo);
    const r = await rehearse({ cwd: repo.dir, base: repo.commits[0]!, head: repo.commits[1]!, server });
    expect(r.exitCode, REHEARSAL_FORMATS.text(r)).toBe(1);
    expect(r.afterRun?.pending).toEqual([]);
    expect(r.complete).toBe(false);
    const release = r.comparisons.find((c) => c.id === 'head-after')!.findings;
    expect(release.map((f) => `${f.kind} ${f.column ?? f.migration ?? ''}`)).toEqual(
      expect.arrayContaining(['missing-column bio', 'migration-skipped 0001_change']),
    );
    expect(release.find((f) => f.kind === 'migration-skipped')?.location).toMatchObject({ file: 'drizzle/meta/_journal.json', line: expect.any(Number) });
  });
});
