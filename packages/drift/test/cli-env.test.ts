/**
 * `schema-drift` as a project's own tools behave: DATABASE_URL is read when
 * --database-url is not given (as Prisma and drizzle-kit do), and output the
 * project's modules print while its config loads never lands in stdout, which
 * holds only the chosen format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { FIXTURES, databases, migrateShopDrizzle, runCliIn } from './helpers.js';

const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let dbs: Databases;
let url: string;

beforeAll(async () => {
  dbs = databases();
  url = (await dbs.create('drift_cli_env')).url;
  await migrateShopDrizzle(url);
});
afterAll(async () => {
  await dbs.dropAll();
});

/** A copy of the shop-drizzle fixture whose drift.config.ts prints to stdout as it loads (inside this package, so its imports resolve). */
function noisyProject(): string {
  const cache = path.join(PACKAGE, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'cli-env-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(FIXTURES, 'apps/shop-drizzle'), dir, { recursive: true });
  const config = path.join(dir, 'drift.config.ts');
  fs.writeFileSync(config, `process.stdout.write('connecting to the analytics service\\n');\n${fs.readFileSync(config, 'utf8')}`);
  return dir;
}

/** Runs the CLI in `cwd`, capturing its io and whatever reaches the process's stderr meanwhile. */
async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const out = { processStderr: '' };
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    out.processStderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { ...(await runCliIn(cwd, args, env)), processStderr: out.processStderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('schema-drift in a project', () => {
  it('reads DATABASE_URL when --database-url is not given, and says so on stderr with the password masked', async () => {
    const r = await run(['--format', 'json'], noisyProject(), { DATABASE_URL: url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`schema-drift: checking DATABASE_URL (${url.replace(/:[^:@/]+@/, ':***@')})\n`);
    expect(r.stderr).not.toContain(new URL(url).password);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, findings: [] });
  });

  it('keeps what the project prints while its config loads out of stdout (JSON and SARIF stay valid)', async () => {
    for (const format of ['json', 'sarif']) {
      const r = await run(['--database-url', url, '--format', format], noisyProject(), {});
      expect(r.code, r.stderr).toBe(0);
      expect(() => JSON.parse(r.stdout), r.stdout).not.toThrow();
      expect(r.processStderr).toContain('connecting to the analytics service');
    }
  });

  it('with neither, one line says how to give the database', async () => {
    const r = await run([], noisyProject(), {});
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('schema-drift: no database: give --database-url <postgres://…> or set DATABASE_URL (see schema-drift --help)\n');
  });
});
