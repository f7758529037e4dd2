/**
 * `pnpm soak [N] [incident…]` — runs the whole replay N times in a row
 * (default 20), each as its own `pnpm replay` process, and prints how many
 * runs held, each incident's median and max time, and every step that did
 * not hold in some run (a flaky step), with the machine's cores and load.
 * Exit code 0 when every run held, 1 otherwise, 2 for bad usage.
 *
 * `pnpm soak --test [N]` — runs the repository's `pnpm test` (turbo, every
 * package's vitest suite) N times in a row (default 20), each with CI=true so
 * every package writes its JUnit report (junit.xml in its folder). Every
 * junit.xml is deleted before each run, so a package that did not run is not
 * counted from an older report. It prints how many runs were green, their
 * median and max time, the machine's cores and load, and per package the runs
 * it failed: each failing test (`<package> <file> > <test>: failed in k/M
 * runs` and the first line of its failure), or, when the package's task
 * failed with no failing test in its report (killed, out of memory), the exit
 * codes turbo printed for it. Each run's output is kept in
 * replay-results/soak-test-<time>/run-<n>.log. Exit code 0 when every run was
 * green, 1 otherwise, 2 for bad usage.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import type { Journal, RunHeader } from '@incident-replay/incident';
import { writeOut } from '@incident-replay/incident';
import { ms } from './timeline.js';
import { REPO_ROOT } from './discover.js';
import { runAsCommand } from './command.js';
import { findJUnitReports, parseJUnit } from '../../../.ci/junit.mjs';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

/** One replay run's result as the soak keeps it. */
interface SoakRun {
  exitCode: number | null;
  wallMs: number;
  journal?: RunHeader & { incidents: Journal[] };
}

/** Median of a non-empty list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The soak's closing table: pass count, per-incident median/max, and flaky
 * steps (`<incident> step <n> "<name>": <outcomes across runs>`).
 */
export function soakSummary(runs: SoakRun[]): string[] {
  const held = runs.filter((r) => r.exitCode === 0).length;
  const lines = [
    `${held}/${runs.length} runs held; run time median ${ms(median(runs.map((r) => r.wallMs)))}, max ${ms(Math.max(...runs.map((r) => r.wallMs)))}`,
  ];
  const perIncident = new Map<string, number[]>();
  const stepOutcomes = new Map<string, string[]>();
  for (const r of runs) {
    for (const j of r.journal?.incidents ?? []) {
      perIncident.set(j.incident.id, [...(perIncident.get(j.incident.id) ?? []), j.durationMs]);
      for (const s of j.steps) {
        const key = `${j.incident.id} step ${s.index} "${s.name}"`;
        stepOutcomes.set(key, [...(stepOutcomes.get(key) ?? []), s.outcome]);
      }
    }
  }
  lines.push('', '| incident | runs | median | max |', '|---|---|---|---|');
  for (const [id, xs] of perIncident) lines.push(`| ${id} | ${xs.length} | ${ms(median(xs))} | ${ms(Math.max(...xs))} |`);
  // A step skipped in every run is skipped by design (it needs another host), not flaky.
  const alwaysSkipped = [...stepOutcomes].filter(([, os]) => os.every((o) => o === 'skipped'));
  const flaky = [...stepOutcomes].filter(([, os]) => os.some((o) => o !== 'held') && !os.every((o) => o === 'skipped'));
  lines.push('', flaky.length ? 'steps that did not hold in some run:' : 'flaky steps: none');
  for (const [key, os] of flaky) {
    const counts: Record<string, number> = {};
    for (const o of os) counts[o] = (counts[o] ?? 0) + 1;
    lines.push(
      `  ${key}: ${Object.entries(counts)
        .map(([o, n]) => `${o} ×${n}`)
        .join(', ')}`,
    );
  }
  if (alwaysSkipped.length) lines.push(`skipped in every run (they need another host): ${alwaysSkipped.map(([key]) => key).join('; ')}`);
  const failed = runs.map((r, i) => [i + 1, r] as const).filter(([, r]) => r.exitCode !== 0);
  for (const [i, r] of failed) lines.push(`  run ${i}: exit ${r.exitCode}${r.journal?.failure ? ` — ${r.journal.failure}` : ''}`);
  return lines;
}

/** The machine's 1, 5 and 15 minute load averages, e.g. `1.52 0.98 0.40`. */
function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** One `pnpm test` run as `pnpm soak --test` keeps it. */
export interface TestRun {
  /** `pnpm test`'s exit code; null when it ended by a signal. */
  exitCode: number | null;
  /** The run's wall time, in milliseconds. */
  wallMs: number;
  /** What the run printed (turbo's output, stdout and stderr interleaved); colour codes are allowed. */
  output: string;
  /** The JUnit report each package wrote in this run: package name → the report's XML. A package that wrote none is absent. */
  reports: Record<string, string>;
}

/** A turbo task that failed, as turbo's output names it. */
export interface FailedTask {
  /** The package, e.g. `@incident-replay/replay`. */
  pkg: string;
  /** The task, e.g. `test` or `build`. */
  task: string;
  /** The exit code turbo printed for the task's command; null when turbo only listed the task under `Failed:`. */
  exitCode: number | null;
}

/**
 * The failed tasks of one turbo run, from its output: the lines
 * `<package>#<task>:  ERROR  command (<folder>) <command> exited (<code>)`, and
 * the closing `Failed:    <package>#<task>, …` for a task with no such line.
 *
 * @param output turbo's output; colour codes are stripped first
 * @returns one entry per failed task, in the order turbo named them
 */
export function failedTasks(output: string): FailedTask[] {
  const text = stripVTControlCharacters(output);
  const tasks = new Map<string, FailedTask>();
  for (const m of text.matchAll(/^(\S+?)#([\w:.-]+): +ERROR +command \(.*\) .* exited \((-?\d+)\)\s*$/gm)) {
    tasks.set(`${m[1]}#${m[2]}`, { pkg: m[1]!, task: m[2]!, exitCode: Number(m[3]) });
  }
  for (const m of text.matchAll(/^ *Failed: +(.+)$/gm)) {
    for (const id of m[1]!.split(',').map((t) => t.trim())) {
      const at = id.lastIndexOf('#');
      if (at > 0 && !tasks.has(id)) tasks.set(id, { pkg: id.slice(0, at), task: id.slice(at + 1), exitCode: null });
    }
  }
  return [...tasks.values()];
}

/** `k/M runs`. */
const inRuns = (k: number, m: number) => `${k}/${m} run${m === 1 ? '' : 's'}`;

/** The distinct values of a list, in order of first appearance. */
const distinct = <T>(xs: T[]) => [...new Set(xs)];

/**
 * The closing summary of `pnpm soak --test`: the green count and the median
 * and max run time, then each package that failed in some run with its
 * failing tests (`<package> <file> > <test>: failed in k/M runs`, then the
 * first line of each different failure message), or, for runs where its
 * task failed with no failing test in its report, `<package>: task failed in
 * k/M runs (exit code …, no failing test in its report)`; a failed task
 * other than `test` (`build`) with its exit codes. A tested package that
 * neither wrote a report nor failed in a run (its tests did not run: a task
 * they depend on failed) is listed with the count of such runs; a run that
 * failed with none of these is listed with turbo's closing error line.
 *
 * @param runs the runs, in order
 * @param tested the packages that have tests (a missing report is noticed for these only)
 * @returns the lines to print, without newlines
 */
export function testSoakSummary(runs: TestRun[], tested: string[]): string[] {
  const m = runs.length;
  const green = runs.filter((r) => r.exitCode === 0).length;
  const lines = [`${green}/${m} test runs green; run time median ${ms(median(runs.map((r) => r.wallMs)))}, max ${ms(Math.max(...runs.map((r) => r.wallMs)))}`];
  interface PackageRecord {
    /** Run indexes in which the package failed in any way. */
    failedRuns: Set<number>;
    /** `<file> > <test>` → the first line of its failure, per run it failed in. */
    tests: Map<string, { runs: Set<number>; firstLines: string[] }>;
    /** Exit codes of the test task in runs where it failed without a failing test; `reported` says whether it wrote a report. */
    silent: { run: number; exitCode: number | null; reported: boolean }[];
    /** Other failed tasks (`build`…): task → exit codes, one per run. */
    otherTasks: Map<string, (number | null)[]>;
    /** Runs in which a tested package neither reported nor failed. */
    notRun: number;
  }
  const packages = new Map<string, PackageRecord>();
  const record = (pkg: string) => {
    const r: PackageRecord = packages.get(pkg) ?? { failedRuns: new Set(), tests: new Map(), silent: [], otherTasks: new Map(), notRun: 0 };
    packages.set(pkg, r);
    return r;
  };
  const unexplained: string[] = [];
  runs.forEach((run, i) => {
    const tasks = failedTasks(run.output);
    let explained = false;
    for (const pkg of distinct([...tested, ...Object.keys(run.reports), ...tasks.map((t) => t.pkg)])) {
      const failing = run.reports[pkg] === undefined ? [] : parseJUnit(run.reports[pkg]).filter((c) => c.status === 'failed');
      const testTask = tasks.find((t) => t.pkg === pkg && t.task === 'test');
      const others = tasks.filter((t) => t.pkg === pkg && t.task !== 'test');
      if (!failing.length && !testTask && !others.length) {
        if (run.reports[pkg] === undefined && tested.includes(pkg)) record(pkg).notRun++;
        continue;
      }
      explained = true;
      const r = record(pkg);
      r.failedRuns.add(i);
      for (const c of failing) {
        const key = `${c.classname} > ${c.name}`;
        const t = r.tests.get(key) ?? { runs: new Set<number>(), firstLines: [] };
        t.runs.add(i);
        t.firstLines.push(c.failure[0] ?? '(no failure message)');
        r.tests.set(key, t);
      }
      if (testTask && !failing.length) r.silent.push({ run: i, exitCode: testTask.exitCode, reported: run.reports[pkg] !== undefined });
      for (const t of others) r.otherTasks.set(t.task, [...(r.otherTasks.get(t.task) ?? []), t.exitCode]);
    }
    if (run.exitCode !== 0 && !explained) {
      const closing = stripVTControlCharacters(run.output)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const line = closing.findLast((l) => /\bERROR\b/.test(l)) ?? closing.at(-1) ?? '(it printed nothing)';
      unexplained.push(`  run ${i + 1}: exit ${run.exitCode}, no failed task or failing test named; ${line}`);
    }
  });
  const failed = [...packages].filter(([, r]) => r.failedRuns.size).sort(([a, x], [b, y]) => y.failedRuns.size - x.failedRuns.size || a.localeCompare(b));
  lines.push('', failed.length ? 'packages that failed in some run:' : 'packages that failed in some run: none');
  const codes = (xs: (number | null)[]) => {
    const d = distinct(xs.map((x) => (x === null ? 'unknown' : String(x))));
    return `exit code${d.length > 1 ? 's' : ''} ${d.join(', ')}`;
  };
  for (const [pkg, r] of failed) {
    lines.push(`  ${pkg}: failed in ${inRuns(r.failedRuns.size, m)}`);
    const tests = [...r.tests].sort(([a, x], [b, y]) => y.runs.size - x.runs.size || a.localeCompare(b));
    for (const [key, t] of tests) {
      lines.push(`    ${pkg} ${key}: failed in ${inRuns(t.runs.size, m)}`);
      const firsts = distinct(t.firstLines);
      for (const f of firsts) lines.push(`      ${f}${firsts.length > 1 ? ` (×${t.firstLines.filter((x) => x === f).length})` : ''}`);
    }
    if (r.silent.length) {
      const none = r.silent.every((s) => !s.reported) ? '; it wrote no report' : '';
      const which = r.silent.map((s) => s.run + 1).join(', ');
      lines.push(
        `    ${pkg}: task failed in ${inRuns(r.silent.length, m)} (${codes(r.silent.map((s) => s.exitCode))}, no failing test in its report${none}): run ${which}`,
      );
    }
    for (const [task, exits] of r.otherTasks) lines.push(`    ${pkg}#${task}: failed in ${inRuns(exits.length, m)} (${codes(exits)})`);
  }
  for (const [pkg, r] of [...packages].filter(([, r]) => r.notRun).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${pkg}: no report and no failed task in ${inRuns(r.notRun, m)} (its tests did not run: a task they depend on failed, or the run stopped first)`,
    );
  }
  if (unexplained.length) lines.push('runs that failed with no package named:', ...unexplained);
  return lines;
}

/**
 * The workspace's packages that have a `test` script: the folders the
 * `packages:` globs of pnpm-workspace.yaml name (`dir` or `dir/*`; an
 * exclusion, `!…`, is ignored).
 *
 * @param root the repository root
 * @returns name and absolute folder of each, sorted by name
 */
export function testedPackages(root = REPO_ROOT): { name: string; dir: string }[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of fs.readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) inPackages = /^packages:\s*$/.test(line);
    const glob = inPackages ? line.match(/^\s+-\s*["']?([^"'\s#!][^"'\s#]*)/)?.[1] : undefined;
    if (glob) globs.push(glob);
  }
  const dirs = globs.flatMap((g) =>
    g.endsWith('/*')
      ? fs.existsSync(path.join(root, g.slice(0, -2)))
        ? fs
            .readdirSync(path.join(root, g.slice(0, -2)), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => path.join(root, g.slice(0, -2), d.name))
        : []
      : [path.join(root, g)],
  );
  return dirs
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; scripts?: Record<string, string> } }))
    .filter(({ pkg }) => pkg.name && pkg.scripts?.test)
    .map(({ dir, pkg }) => ({ name: pkg.name!, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * One run of the repository's `pnpm test` with CI=true, after deleting every
 * junit.xml; its output goes to `logFile` as well.
 *
 * @param packages the tested packages (where to read each report)
 * @param logFile where the run's output is written
 */
async function runTestsOnce(packages: { name: string; dir: string }[], logFile: string): Promise<TestRun> {
  for (const f of findJUnitReports(REPO_ROOT)) fs.rmSync(f, { force: true });
  // Under `pnpm soak`, npm_execpath is the pnpm that runs us: the same one runs the tests.
  const pnpm = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['pnpm'];
  const log = fs.createWriteStream(logFile);
  const chunks: Buffer[] = [];
  const t0 = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(pnpm[0]!, [...pnpm.slice(1), 'test'], { cwd: REPO_ROOT, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (b: Buffer) => {
        chunks.push(b);
        log.write(b);
      });
    }
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - t0;
  await new Promise<void>((resolve) => log.end(resolve));
  const reports: Record<string, string> = {};
  for (const p of packages) {
    const file = path.join(p.dir, 'junit.xml');
    if (fs.existsSync(file)) reports[p.name] = fs.readFileSync(file, 'utf8');
  }
  return { exitCode, wallMs, output: Buffer.concat(chunks).toString('utf8'), reports };
}

/** `pnpm soak --test [N]`: see the module comment. `args` are the arguments without `--test`. */
async function soakTests(args: string[]): Promise<number> {
  const [count, ...rest] = args;
  if (rest.length || (count !== undefined && !/^\d+$/.test(count))) {
    writeOut(
      `pnpm soak --test takes only a run count, not "${(count !== undefined && /^\d+$/.test(count) ? rest : args).join(' ')}": use pnpm soak --test [N] (every package's tests N times), or pnpm soak [N] [incident…] to soak the replay\n`,
    );
    return 2;
  }
  const n = count === undefined ? 20 : Number(count);
  if (n < 1) {
    writeOut(`pnpm soak --test: N must be at least 1, not ${count}: e.g. pnpm soak --test 5\n`);
    return 2;
  }
  const packages = testedPackages();
  const outRoot = path.join(REPO_ROOT, 'replay-results', `soak-test-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(outRoot, { recursive: true });
  writeOut(
    `soak: ${n} runs of pnpm test (CI=true; ${packages.length} packages with tests) on ${os.cpus().length} cores (load average at start ${loadAverage()}); output of each run in ${path.relative(process.cwd(), outRoot)}\n`,
  );
  const runs: TestRun[] = [];
  for (let i = 1; i <= n; i++) {
    const run = await runTestsOnce(packages, path.join(outRoot, `run-${String(i).padStart(2, '0')}.log`));
    runs.push(run);
    const failed = failedTasks(run.output).map((t) => `${t.pkg}#${t.task} (exit ${t.exitCode ?? 'unknown'})`);
    writeOut(`  run ${String(i).padStart(2)}/${n}: exit ${run.exitCode} in ${ms(run.wallMs)}${failed.length ? ` — failed: ${failed.join(', ')}` : ''}\n`);
  }
  const summary = testSoakSummary(
    runs,
    packages.map((p) => p.name),
  );
  writeOut(`\n${summary.join('\n')}\nload average at end ${loadAverage()}\n`);
  return runs.every((r) => r.exitCode === 0) ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--test')) return soakTests(argv.filter((a) => a !== '--test'));
  const n = argv[0] && /^\d+$/.test(argv[0]) ? Number(argv.shift()) : 20;
  if (n < 1) {
    writeOut('usage: pnpm soak [N] [incident…]   (N ≥ 1, default 20)\n');
    return 2;
  }
  const outRoot = path.join(REPO_ROOT, 'replay-results', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  writeOut(
    `soak: ${n} runs of pnpm replay${argv.length ? ` ${argv.join(' ')}` : ''} on ${os.cpus().length} cores (load average at start ${loadAverage()}); results in ${path.relative(process.cwd(), outRoot)}\n`,
  );
  const runs: SoakRun[] = [];
  for (let i = 1; i <= n; i++) {
    const out = path.join(outRoot, `run-${String(i).padStart(2, '0')}`);
    const t0 = performance.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...argv, '--out', out], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('exit', (code) => resolve(code));
    });
    const file = path.join(out, 'journal.json');
    const journal = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SoakRun['journal']) : undefined;
    runs.push({ exitCode, wallMs: performance.now() - t0, journal });
    writeOut(`  run ${String(i).padStart(2)}/${n}: exit ${exitCode} in ${ms(performance.now() - t0)}${journal?.failure ? ` — ${journal.failure}` : ''}\n`);
  }
  writeOut(`\n${soakSummary(runs).join('\n')}\nload average at end ${loadAverage()}\n`);
  return runs.every((r) => r.exitCode === 0) ? 0 : 1;
}

runAsCommand(import.meta.url, main);
