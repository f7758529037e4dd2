import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Journal } from '@incident-replay/incident';
import { REPO_ROOT } from '../src/discover.js';
import { failedTasks, soakSummary, testedPackages, testSoakSummary, type TestRun } from '../src/soak.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const soak = path.join(REPO_ROOT, 'packages/replay/src/soak.ts');

/** A run whose one incident has the given step outcomes. */
const replayRun = (outcomes: Journal['steps'][number]['outcome'][], exitCode = 0) => ({
  exitCode,
  wallMs: 1000,
  journal: {
    incidents: [{ incident: { id: '001' }, durationMs: 900, steps: outcomes.map((outcome, i) => ({ index: i + 1, name: `s${i + 1}`, outcome })) }],
  } as never,
});

describe('soakSummary', () => {
  it('names a step that failed in some run as flaky, and one skipped in every run as skipped by design', () => {
    const lines = soakSummary([replayRun(['held', 'skipped', 'held']), replayRun(['held', 'skipped', 'did-not-hold'], 1)]);
    expect(lines[0]).toBe('1/2 runs held; run time median 1.0 s, max 1.0 s');
    expect(lines).toContain('steps that did not hold in some run:');
    expect(lines.some((l) => l.includes('001 step 3 "s3": held ×1, did-not-hold ×1'))).toBe(true);
    expect(lines.some((l) => l.includes('step 2') && !l.startsWith('skipped in every run'))).toBe(false);
    expect(lines).toContain('skipped in every run (they need another host): 001 step 2 "s2"');
  });

  it('says "flaky steps: none" when every step held or was always skipped', () => {
    expect(soakSummary([replayRun(['held', 'skipped']), replayRun(['held', 'skipped'])])).toContain('flaky steps: none');
  });
});

/** A JUnit report as vitest writes it, with the given test cases (inner XML of each `<testcase>`, empty for a pass). */
const junit = (cases: [file: string, name: string, body: string][]) =>
  `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="${cases.length}">
    <testsuite name="suite" tests="${cases.length}">
${cases.map(([file, name, body]) => `        <testcase classname="${file}" name="${name}" time="0.01">${body}</testcase>`).join('\n')}
    </testsuite>
</testsuites>
`;
const pass = junit([
  ['test/a.test.ts', 'group &gt; passes', '\n        '],
  ['test/a.test.ts', 'group &gt; skipped', '<skipped/>'],
]);
/** A report where `group > fails` failed with `message` (the first line is what the summary shows). */
const failing = (message: string) =>
  junit([
    ['test/a.test.ts', 'group &gt; passes', ''],
    [
      'test/a.test.ts',
      'group &gt; fails &lt;sometimes&gt;',
      `<failure message="${message}" type="AssertionError">\nAssertionError: ${message}\n ❯ test/a.test.ts:4:5\n</failure>`,
    ],
  ]);
/** The lines turbo 2 prints for a task whose command failed (captured from turbo 2.11.11, colour codes included as under FORCE_COLOR). */
const turboFailed = (pkg: string, dir: string, code: number, task = 'test') =>
  `\u001b[31m${pkg}#${task}:\u001b[0m  WARNING  command finished with error, but continuing...\n${pkg}#${task}:  ERROR  command (/repo/${dir}) /usr/bin/pnpm run ${task} exited (${code})\n`;
const turboClosing = (failed: string[], code: number) =>
  `\n Tasks:    5 successful, ${5 + failed.length} total\nCached:    0 cached, ${5 + failed.length} total\n  Time:    3m1.2s \nFailed:    ${failed.join(', ')}\n\n ERROR  run failed: command  exited (${code})\n`;

const TESTED = ['@incident-replay/pg-harness', '@incident-replay/replay', '@incident-replay/scenarios'];
const green = (wallMs: number): TestRun => ({
  exitCode: 0,
  wallMs,
  output: ' Tasks:    7 successful, 7 total\n',
  reports: Object.fromEntries(TESTED.map((p) => [p, pass])),
});

describe('failedTasks (turbo output)', () => {
  it('reads each failed task with its exit code, colour codes or not, and a task only listed under Failed:', () => {
    const output = `${turboFailed('@incident-replay/replay', 'packages/replay', 1)}${turboFailed('@incident-replay/pg-harness', 'packages/pg-harness', 137)}${turboClosing(
      ['@incident-replay/replay#test', '@incident-replay/pg-harness#test', '@incident-replay/drift#build'],
      137,
    )}`;
    expect(failedTasks(output)).toEqual([
      { pkg: '@incident-replay/replay', task: 'test', exitCode: 1 },
      { pkg: '@incident-replay/pg-harness', task: 'test', exitCode: 137 },
      { pkg: '@incident-replay/drift', task: 'build', exitCode: null },
    ]);
    expect(failedTasks(' Tasks:    7 successful, 7 total\n')).toEqual([]);
  });
});

describe('testSoakSummary', () => {
  it('all green: the count, the times, and no package', () => {
    const lines = testSoakSummary([green(180_000), green(200_000), green(240_000)], TESTED);
    expect(lines[0]).toBe('3/3 test runs green; run time median 200.0 s, max 240.0 s');
    expect(lines).toContain('packages that failed in some run: none');
    expect(lines.join('\n')).not.toMatch(/failed in \d|no report|no package named/);
  });

  it('names each failing test with its runs and first failure lines, a task that failed with no failing test, and a package that did not run', () => {
    const runs: TestRun[] = [
      green(100_000),
      {
        exitCode: 1,
        wallMs: 300_000,
        // replay: a failing test; pg-harness: killed (exit 137) before it wrote a report; scenarios: never started.
        output: `${turboFailed('@incident-replay/replay', 'packages/replay', 1)}${turboFailed('@incident-replay/pg-harness', 'packages/pg-harness', 137)}${turboClosing(['@incident-replay/replay#test', '@incident-replay/pg-harness#test'], 137)}`,
        reports: { '@incident-replay/replay': failing('expected 1 to be 2') },
      },
      {
        exitCode: 1,
        wallMs: 200_000,
        output: `${turboFailed('@incident-replay/replay', 'packages/replay', 1)}${turboClosing(['@incident-replay/replay#test'], 1)}`,
        reports: {
          '@incident-replay/pg-harness': pass,
          '@incident-replay/replay': failing('Test timed out in 5000ms.&#10;If this is a long-running test…'),
          '@incident-replay/scenarios': pass,
        },
      },
    ];
    const lines = testSoakSummary(runs, TESTED);
    expect(lines[0]).toBe('1/3 test runs green; run time median 200.0 s, max 300.0 s');
    expect(lines.slice(1)).toEqual([
      '',
      'packages that failed in some run:',
      '  @incident-replay/replay: failed in 2/3 runs',
      '    @incident-replay/replay test/a.test.ts > group > fails <sometimes>: failed in 2/3 runs',
      '      expected 1 to be 2 (×1)',
      '      Test timed out in 5000ms. (×1)',
      '  @incident-replay/pg-harness: failed in 1/3 runs',
      '    @incident-replay/pg-harness: task failed in 1/3 runs (exit code 137, no failing test in its report; it wrote no report): run 2',
      '  @incident-replay/scenarios: no report and no failed task in 1/3 runs (its tests did not run: a task they depend on failed, or the run stopped first)',
    ]);
  });

  it('a failed build task is named with its package; a failed run that names no package is listed with turbo closing error', () => {
    const lines = testSoakSummary(
      [
        {
          exitCode: 1,
          wallMs: 1000,
          output: `${turboFailed('@incident-replay/drift', 'packages/drift', 2, 'build')}${turboClosing(['@incident-replay/drift#build'], 2)}`,
          reports: Object.fromEntries(TESTED.map((p) => [p, pass])),
        },
        { exitCode: 1, wallMs: 1000, output: ' ERROR  run failed: could not resolve workspaces\n', reports: {} },
      ],
      TESTED,
    );
    expect(lines).toContain('    @incident-replay/drift#build: failed in 1/2 runs (exit code 2)');
    expect(lines).toContain('runs that failed with no package named:');
    expect(lines).toContain('  run 2: exit 1, no failed task or failing test named; ERROR  run failed: could not resolve workspaces');
  });
});

describe('testedPackages', () => {
  it("lists this workspace's packages that have a test script, with their folders", () => {
    const pkgs = testedPackages(REPO_ROOT);
    expect(pkgs).toContainEqual({ name: '@incident-replay/replay', dir: path.join(REPO_ROOT, 'packages/replay') });
    expect(pkgs).toContainEqual({ name: '@incident-replay/scenarios', dir: path.join(REPO_ROOT, 'scenarios') });
    expect(pkgs.map((p) => p.name)).not.toContain('@incident-replay/better-auth-app'); // no test script
  });
});

describe('pnpm soak --test: bad usage', () => {
  it.each([
    [['--test', '0'], 'pnpm soak --test: N must be at least 1, not 0: e.g. pnpm soak --test 5'],
    [['--test', '3', '002'], 'pnpm soak --test takes only a run count, not "002": use pnpm soak --test [N]'],
    [['--test', 'five'], 'pnpm soak --test takes only a run count, not "five": use pnpm soak --test [N]'],
  ])('%j exits 2 with one line naming what was wrong, before running anything', async (args, line) => {
    const err = (await run(process.execPath, [tsx, soak, ...args], { cwd: REPO_ROOT }).catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(err.code).toBe(2);
    expect(err.stdout.trim().split('\n')).toHaveLength(1);
    expect(err.stdout).toContain(line);
  });
});
