import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkSample, markdownFiles, type Journal } from '@incident-replay/incident';
import { REPO_ROOT, listIncidentIds, selectIncidents } from '../src/discover.js';
import { incidentMarkdown, markdown } from '../src/report.js';
import { stepLines, summaryLine } from '../src/timeline.js';
import { checkMarkdownLinks } from './markdown-docs.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const cli = path.join(REPO_ROOT, 'packages/replay/src/cli.ts');

const journal: Journal = {
  incident: { id: '000-x', title: 'A title', postmortem: '000_x.txt', summary: 'Summary.' },
  host: 'in-process',
  postgres: { provider: 'embedded', version: '17.10', description: 'postgres: embedded provider' },
  outcome: 'did-not-hold',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.500Z',
  durationMs: 1500,
  setupMs: 200,
  steps: [
    {
      index: 1,
      kind: 'symptom',
      name: 'sign-in fails',
      outcome: 'held',
      startedAt: '',
      durationMs: 312,
      checks: [{ description: 'status', expected: 500, actual: 500, held: true }],
      claims: [
        {
          id: '000.all-callbacks-500',
          source: '000_x.txt',
          claim: 'All callbacks give 500',
          observed: { status: 200 },
          holds: false,
          expectedToHold: false,
          evidence: 'session answered 200 {}',
        },
      ],
      evidence: [{ type: 'http', label: 'sign-in', method: 'POST', url: 'http://localhost:3000/api/auth/callback/credentials', status: 500, bodyExcerpt: '' }],
      notes: ['a caveat'],
      logs: [{ source: 'console.error', text: 'Failed query: select 1', atMs: 3 }],
    },
    {
      index: 2,
      kind: 'fix',
      name: 'apply | fix',
      outcome: 'did-not-hold',
      startedAt: '',
      durationMs: 1200,
      checks: [],
      claims: [],
      evidence: [],
      notes: [],
      logs: [],
      error: { message: 'rows: expected 1, got 0' },
      failure: { kind: 'did-not-hold', message: 'did not hold: 000-x step 2 "apply | fix": rows: expected 1, got 0' },
    },
  ],
};

describe('selecting incidents', () => {
  it('matches an id, a prefix or a word, and names the known ids when nothing matches', () => {
    const ids = ['000-session-version', '002-prisma-failed-migration'];
    expect(selectIncidents([], ids)).toEqual(ids);
    expect(selectIncidents(['002'], ids)).toEqual(['002-prisma-failed-migration']);
    expect(selectIncidents(['session'], ids)).toEqual(['000-session-version']);
    expect(() => selectIncidents(['nope'], ids)).toThrow('no incident matches "nope". Known incidents: 000-session-version, 002-prisma-failed-migration');
  });

  it('discovers every scenarios/<id>/incident.ts', () => {
    const ids = listIncidentIds();
    expect(ids).toContain('000-session-version');
    for (const id of ids) expect(fs.existsSync(path.join(REPO_ROOT, 'scenarios', id, 'incident.ts'))).toBe(true);
  });
});

describe('timeline and report', () => {
  it('prints each step with what was observed, claims and the verdict', () => {
    const lines = stepLines(journal.steps[0]!).join('\n');
    expect(lines).toContain('✓  1 symptom      sign-in fails  312 ms');
    expect(lines).toContain('· POST /api/auth/callback/credentials → 500');
    expect(lines).toContain('◇ does not hold: "All callbacks give 500" (000_x.txt)');
    expect(stepLines(journal.steps[1]!).join('\n')).toContain('did not hold: 000-x step 2 "apply | fix": rows: expected 1, got 0');
    const prismaError = {
      ...journal.steps[0]!,
      evidence: [
        {
          type: 'error' as const,
          label: 'findUnique',
          errorClass: 'PrismaClientKnownRequestError',
          code: 'P2022',
          sqlstate: '42703',
          message: '\nInvalid `prisma.user.findUnique()` invocation:\n\n\nThe column `users.x` does not exist in the current database.',
        },
      ],
    };
    expect(stepLines(prismaError).join('\n')).toContain(
      '· PrismaClientKnownRequestError SQLSTATE 42703 P2022: The column `users.x` does not exist in the current database.',
    );
    expect(summaryLine(journal)).toBe('  DID NOT HOLD — 1/2 steps held in 1.5 s (setup 200 ms)');
  });

  it('writes a Markdown report with the claims table and escaped cells', () => {
    const md = markdown([journal], { postgres: 'postgres: embedded provider', startedAt: 'now' });
    expect(md).toContain('| 000-x | in-process | did-not-hold | 1/2 | 1.5 s |');
    expect(md).toContain(
      '| <a id="claim-000.all-callbacks-500"></a>`000.all-callbacks-500` | All callbacks give 500 | 000_x.txt | **does not hold** | session answered 200 {} |',
    );
    expect(md).toContain('> did not hold: 000-x step 2 "apply \\| fix": rows: expected 1, got 0');
    expect(md).toContain('| [2](000-x.md#000-step-2) | fix | apply \\| fix | did-not-hold, 1.2 s |');
    // The step's details are on the incident's own page.
    const page = incidentMarkdown([journal]);
    expect(page).toContain('**did not hold: 000-x step 2 "apply \\| fix": rows: expected 1, got 0**');
    expect(page).toContain('### 2. fix: apply \\| fix — did-not-hold (1.2 s)');
    expect(page).toContain('[console.error] Failed query: select 1');
  });
});

describe('the replay command', () => {
  it('exits 2 and lists the incidents for an unknown one, without starting Postgres', async () => {
    const err = (await run(process.execPath, [tsx, cli, 'no-such-incident'], { cwd: REPO_ROOT }).catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(err.code).toBe(2);
    expect(err.stdout).toMatch(/no incident matches "no-such-incident"\. Known incidents: 000-session-version/);
    expect(err.stdout).not.toContain('postgres:');
  });

  it('exits 2 with the reason when a forced provider cannot start', async () => {
    const err = (await run(process.execPath, [tsx, cli, '000'], { cwd: REPO_ROOT, env: { ...process.env, PG_PROVIDER: 'url', TEST_DATABASE_URL: '' } }).catch(
      (e: unknown) => e,
    )) as { code: number; stdout: string };
    expect(err.code).toBe(2);
    expect(err.stdout).toContain('PG_PROVIDER=url but TEST_DATABASE_URL is not set');
  });

  it('replays incident 000, prints its timeline and profile, exits 0 and writes journal, report and profile', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-out-'));
    onTestFinished(() => fs.rmSync(out, { recursive: true, force: true }));
    const { stdout } = await run(process.execPath, [tsx, cli, '000', '--profile', '--out', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, PG_PROVIDER: 'embedded' },
    });
    expect(stdout).toMatch(/^postgres: embedded provider, PostgreSQL \d+/m);
    expect(stdout).toContain('▶ 000-session-version');
    expect(stdout).toMatch(/HELD — 13\/13 steps held/);
    expect(stdout).toMatch(/1\/1 incidents held in .* — held \(exit 0\)/);
    const j = JSON.parse(fs.readFileSync(path.join(out, '000-session-version.in-process.json'), 'utf8')) as Journal;
    expect(j.outcome).toBe('held');
    expect(j.steps.flatMap((s) => s.claims).find((c) => /500/.test(c.claim) && !c.holds)).toBeTruthy();
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('## 000-session-version');
    expect(checkMarkdownLinks(path.join(out, 'report.md')), "report.md's links and anchors").toEqual([]);
    expect(checkMarkdownLinks(path.join(out, '000-session-version.md')), "the incident page's links and anchors").toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'journal.json'), 'utf8'))).toMatchObject({ outcome: 'held', exitCode: 0, runner: 'pnpm replay' });
    // --profile prints where the time went after the timeline and writes the same text to profile.txt;
    // docs/performance.md shows it.
    const profile = fs.readFileSync(path.join(out, 'profile.txt'), 'utf8');
    expect(stdout).toContain(profile.trim());
    checkSample(REPO_ROOT, markdownFiles(REPO_ROOT), 'replay-profile', profile);
  });
});
