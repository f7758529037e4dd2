/**
 * `pnpm replay drift rehearse --app <app>`: `schema-drift rehearse` in an app of this repository,
 * as a process with the tool's own embedded PostgreSQL. The base is this repository's HEAD commit
 * and the head its work tree; apps/prisma-login ships 002's migration as it failed, so the
 * rehearsal must find the release incomplete: the five unlimitedPose* columns its schema.prisma
 * declares and no migration adds.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/discover.js';

const CLI = path.join(REPO_ROOT, 'packages/replay/src/cli.ts');

function replay(args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('pnpm replay drift rehearse', () => {
  it('rehearses apps/prisma-login: the release is not complete (the five unlimitedPose* columns, 42703)', () => {
    const r = replay(['drift', 'rehearse', '--app', 'prisma-login', '--base', 'HEAD', '--format', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as {
      complete: boolean;
      server: string;
      comparisons: { id: string; findings: { kind: string; table: string; column?: string; sqlstate?: string; impact: string }[] }[];
    };
    expect(report.complete).toBe(false);
    expect(report.server).toMatch(/^postgres: embedded provider/);
    const release = report.comparisons.find((c) => c.id === 'head-after')!.findings.filter((f) => f.kind === 'missing-column');
    expect(release.map((f) => `${f.table}.${f.column} ${f.sqlstate} ${f.impact}`)).toEqual(
      ['Active', 'DailyQuota', 'QuotaUsed', 'QuotaResetAt', 'ExpiresAt'].map((c) => `users.unlimitedPose${c} 42703 release`),
    );
  });

  it('an unknown app: one line, exit 2', () => {
    const r = replay(['drift', 'rehearse', '--app', 'no-such-app', '--base', 'HEAD']);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^drift rehearse: --app must name one of .*prisma-login.*, not "no-such-app"\n$/);
  });
});
