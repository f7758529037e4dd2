/**
 * `pnpm replay drift …` end to end: the replay CLI (packages/replay/src/cli.ts)
 * run as a child process, as a person or CI would, checking exit codes and output.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { findRepoRoot } from '../src/index.js';
import { databases, sql } from './helpers.js';

const ROOT = findRepoRoot();
// tsx's loader, resolved from this package: `node --import <it> cli.ts` runs the CLI in one process,
// where the tsx command starts a second node process to run it in (and relays its exit code).
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs `pnpm replay <args>` (packages/replay/src/cli.ts through tsx) from the repository root; never rejects. */
function replay(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, path.join(ROOT, 'packages/replay/src/cli.ts'), ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout });
      },
    );
  });
}

let dbs: Databases;
let url: string;

beforeAll(async () => {
  dbs = databases();
  url = (await dbs.create('drift_cli')).url;
  await sql(url, fs.readFileSync(path.join(ROOT, 'apps/authjs-edge/drizzle/0000_create_users.sql'), 'utf8'));
});
afterAll(async () => {
  await dbs.dropAll();
});

describe('pnpm replay drift', () => {
  it('exit 0 and "no drift" on a clean database', async () => {
    const r = await replay(['drift', '--app', 'authjs-edge', '--database-url', url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^drift check: authjs-edge against postgres:\/\/postgres:\*\*\*@/);
    expect(r.stdout).toContain('no drift: the database is what the app expects.');
  });

  it('exit 1 with the finding, and --json gives the same report as data', async () => {
    await sql(url, 'ALTER TABLE users DROP COLUMN role');
    // Both only read the database: run at the same time.
    const [text, json] = await Promise.all([
      replay(['drift', '--app', 'authjs-edge', '--database-url', url]),
      replay(['drift', '--app', 'authjs-edge', '--database-url', url, '--json']),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('1. [breaks] missing-column: users.role');
    expect(text.stdout).toContain(`repair:   ALTER TABLE "users" ADD COLUMN "role" text DEFAULT 'user' NOT NULL;`);
    expect(text.stdout).toContain('impact:   ADD COLUMN: ACCESS EXCLUSIVE lock, brief — no table rewrite');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { exitCode: number; findings: { kind: string; table: string; column: string }[] };
    expect(report.exitCode).toBe(1);
    expect(report.findings.map((f) => [f.kind, f.table, f.column])).toEqual([['missing-column', 'users', 'role']]);
  });

  it('exit 2 with one line for an unknown app, an unreachable database and bad usage', async () => {
    // Four independent invocations: run at the same time, then checked in order.
    const [unknown, down, badFlag, usage] = await Promise.all([
      replay(['drift', '--app', 'nope', '--database-url', url]),
      replay(['drift', '--app', 'authjs-edge', '--database-url', 'postgres://x:y@127.0.0.1:1/db']),
      replay(['drift', '--app', 'authjs-edge', '--database-url', url, '--fail-on', 'sometimes']),
      replay(['drift', '--app', 'authjs-edge']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(
      /^drift: could not check nope: unknown app "nope": there is no apps\/nope\/drift.config.ts \(apps with one: .*authjs-edge.*\)\n$/,
    );
    expect(down.code).toBe(2);
    expect(down.stdout).toBe('drift: could not check authjs-edge: could not connect to 127.0.0.1:1: connection refused (is PostgreSQL running there?)\n');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stdout.split('\n')[0]).toBe('drift: --fail-on must be "any" or "breaks", not "sometimes"');
    expect(usage.code).toBe(2);
    expect(usage.stdout.split('\n')[0]).toBe('drift: --database-url is required');
  });
});
