/**
 * The pure parts of `pnpm bench` (bench.ts): its options, the statistics,
 * the table, and reading what the measured commands left behind (a replay
 * run's journal.json, vitest's Duration lines in `pnpm test`'s output, the
 * CPU counters of /proc/self/stat). No I/O here, so test/bench.test.ts can
 * check all of it without running anything.
 */
import type { Journal, RunHeader } from '@incident-replay/incident';

/** What `pnpm bench` can measure: the replay, the test suites, database provisioning. */
export const PARTS = ['replay', 'test', 'provisioning', 'rehearse'] as const;

/** One of {@link PARTS}. */
export type Part = (typeof PARTS)[number];

/** `pnpm bench`'s options once parsed and checked. */
export interface BenchOptions {
  /** Counted runs of each measured command, ≥ 1 (`--runs`, default 3). */
  runs: number;
  /** Runs before those, not counted, ≥ 0 (`--warmup`, default 1). */
  warmup: number;
  /** What to measure, in {@link PARTS} order (`--only`, default all). */
  only: Part[];
  /** Rounds per provisioning run: databases made per measurement, ≥ 1 (`--rounds`, default 20). */
  rounds: number;
  /** Where to also write the figures as JSON (`--json FILE`), when given. */
  json?: string;
  /** `--help`: print the usage and exit 0. */
  help: boolean;
}

/** The usage text `--help` prints. */
export const USAGE = `usage: pnpm bench [--runs N] [--warmup N] [--only replay,test,provisioning,rehearse] [--rounds N] [--json FILE]
  --runs N      counted runs of each measured command (default 3)
  --warmup N    runs before those, not counted (default 1)
  --only LIST   what to measure, comma-separated: replay (pnpm replay, per incident and its setup),
                test (pnpm test through turbo, per package from vitest's Duration), provisioning
                (server start and per-database times of packages/pg-harness/bench/provisioning.ts),
                rehearse (schema-drift rehearse of a 30-migration Prisma project, built CLI, embedded server);
                default all four
  --rounds N    databases made per provisioning measurement and run (default 20)
  --json FILE   also write the figures as JSON to FILE
Prints the machine, then a Markdown table (min / median / max over the runs) on stdout; progress on stderr.
exit code: 0 measured, 1 a measured command failed (its report or log is named), 2 bad usage`;

/** A usage mistake: its message is one line naming what was wrong and how to fix it. */
export class UsageError extends Error {}

const HINT = 'see pnpm bench --help';

function count(flag: string, raw: string, min: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new UsageError(`${flag} must be ${min === 0 ? 'a whole number ≥ 0' : 'a whole number ≥ 1'}, got "${raw}" (e.g. ${flag} ${min === 0 ? 1 : 3})`);
  }
  return Number(raw);
}

/**
 * Parses `pnpm bench`'s arguments (`--flag value` or `--flag=value`).
 *
 * @param argv the arguments after the script
 * @returns the options, defaults filled in
 * @throws UsageError (one line: what was wrong and how to fix it) for an
 *   unknown option or a positional argument, a missing value, a count that is
 *   not a whole number in range, or an `--only` list that is empty or names
 *   something not in {@link PARTS}
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = { runs: 3, warmup: 1, only: [...PARTS], rounds: 20, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      opts.help = true;
      continue;
    }
    const m = /^(--[a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument "${arg}": pnpm bench takes options only (${HINT})`);
    const flag = m[1]!;
    if (!['--runs', '--warmup', '--only', '--rounds', '--json'].includes(flag)) {
      throw new UsageError(`unknown option ${flag}: the options are --runs, --warmup, --only, --rounds, --json, --help`);
    }
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value (${HINT})`);
      i++;
    }
    if (flag === '--runs') opts.runs = count(flag, value, 1);
    else if (flag === '--warmup') opts.warmup = count(flag, value, 0);
    else if (flag === '--rounds') opts.rounds = count(flag, value, 1);
    else if (flag === '--json') {
      if (!value) throw new UsageError(`--json needs a file name (e.g. --json bench.json)`);
      opts.json = value;
    } else {
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const wrong = names.filter((n) => !(PARTS as readonly string[]).includes(n));
      if (names.length === 0 || wrong.length) {
        throw new UsageError(`--only takes a comma-separated list of ${PARTS.join(', ')}; ${wrong.length ? `not "${wrong.join('", "')}"` : 'got nothing'}`);
      }
      opts.only = PARTS.filter((p) => names.includes(p));
    }
  }
  return opts;
}

/** The smallest, middle and largest of some samples (the median of an even count is the mean of the two middle ones). */
export interface Summary {
  min: number;
  median: number;
  max: number;
}

/**
 * Min, median and max of a list of numbers, in their unit.
 *
 * @throws RangeError when `samples` is empty or holds a non-finite number
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  if (samples.some((x) => !Number.isFinite(x))) throw new RangeError(`summarize: not a finite number in ${samples.join(', ')}`);
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0]!, median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, max: s.at(-1)! };
}

/** One row of the table. */
export interface Row {
  /** What was measured, e.g. `pnpm replay (whole process)` or `  000-session-version setup`. */
  what: string;
  /** The runs column: how many samples and where from, e.g. `3` or `2 × 20`. */
  runs: string;
  /** How the figures are shown: `s` (seconds, one decimal) or `ms` (milliseconds, one decimal). */
  unit: 's' | 'ms';
  /** The samples, always in milliseconds, whatever `unit` shows. */
  samplesMs: number[];
  /** The measured process tree's user + system CPU per run, seconds; absent when not measured (shown as —). */
  cpuS?: number[];
}

/**
 * A duration for the table: `12.3 s` or `45.6 ms`.
 *
 * @param ms milliseconds
 * @param unit the unit to show it in
 */
export function formatDuration(ms: number, unit: 's' | 'ms'): string {
  return unit === 's' ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

/**
 * The Markdown table `pnpm bench` prints:
 * `| what | runs | min | median | max | CPU (median) |`, one line per row.
 *
 * @throws RangeError when a row has no samples
 */
export function formatTable(rows: readonly Row[]): string {
  const lines = ['| what | runs | min | median | max | CPU (median) |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const s = summarize(r.samplesMs);
    const cpu = r.cpuS?.length ? `${summarize(r.cpuS).median.toFixed(1)} s` : '—';
    const what = r.what.replace(/\|/g, '\\|');
    lines.push(`| ${what} | ${r.runs} | ${formatDuration(s.min, r.unit)} | ${formatDuration(s.median, r.unit)} | ${formatDuration(s.max, r.unit)} | ${cpu} |`);
  }
  return lines.join('\n');
}

/** The machine the figures came from. */
export interface Machine {
  /** `os.cpus().length`. */
  cores: number;
  /** The first CPU's model string. */
  cpuModel: string;
  /** `os.totalmem()`, bytes. */
  memoryBytes: number;
  /** `process.version`, e.g. `v20.20.0`. */
  node: string;
  /** `${os.platform()} ${os.arch()}`. */
  platform: string;
  /** `os.loadavg()` (1, 5, 15 minutes) when the bench started. */
  loadStart: number[];
  /** `os.loadavg()` when it ended. */
  loadEnd: number[];
}

/** The header line: cores, CPU model, memory, Node, platform, load average at start and end. */
export function formatMachine(m: Machine): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return `machine: ${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM, Node ${m.node}, ${m.platform}; load average ${load(m.loadStart)} at start, ${load(m.loadEnd)} at end`;
}

/** What the bench reads of one incident in a replay run's journal.json. */
export interface IncidentTiming {
  /** The incident id, with ` [host]` when it ran on another host than in-process. */
  label: string;
  /** The incident's whole replay (setup included), ms. */
  durationMs: number;
  /** Its setup (databases, migrations, app import), ms. */
  setupMs: number;
}

/**
 * Reads a replay run's `journal.json` (the run header plus `incidents`, see
 * `writeRunReport` in @incident-replay/incident) for the bench.
 *
 * @param text the file's contents
 * @returns each incident's duration and setup time, in the journal's order
 * @throws Error naming what is wrong: not JSON, no incidents, a run outcome
 *   other than `held` (figures from a failed run are never reported), or an
 *   incident without numeric `durationMs` / `setupMs`
 */
export function parseRunJournal(text: string): IncidentTiming[] {
  let j: Partial<RunHeader> & { incidents?: Partial<Journal>[] };
  try {
    j = JSON.parse(text);
  } catch (err) {
    throw new Error(`journal.json is not JSON: ${(err as Error).message}`);
  }
  if (j.outcome !== 'held') throw new Error(`the run's outcome is ${JSON.stringify(j.outcome)}, not "held"${j.failure ? `: ${j.failure}` : ''}`);
  if (!Array.isArray(j.incidents) || j.incidents.length === 0) throw new Error('journal.json lists no incidents');
  return j.incidents.map((inc, i) => {
    const id = inc.incident?.id;
    if (typeof id !== 'string' || typeof inc.durationMs !== 'number' || typeof inc.setupMs !== 'number') {
      throw new Error(`journal.json incident #${i + 1} (${id ?? 'no id'}) has no numeric durationMs and setupMs`);
    }
    return { label: inc.host && inc.host !== 'in-process' ? `${id} [${inc.host}]` : id, durationMs: inc.durationMs, setupMs: inc.setupMs };
  });
}

/** The escape sequences terminals use for colour, which turbo and vitest put in their output. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of ANSI colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Each package's vitest `Duration` from `pnpm test`'s output, where turbo
 * prefixes every line with `<package>:test: ` and vitest ends each package's
 * run with `Duration  12.34s (transform …)` (or `812ms`).
 *
 * @param output the whole output of one `pnpm test` (colours allowed)
 * @returns package name → milliseconds, in the order they finished
 */
export function parseVitestDurations(output: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of output.replace(ANSI, '').split(/\r?\n/)) {
    const m = /^(\S+):test:\s+Duration\s+(\d+(?:\.\d+)?)(ms|s)\b/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]) * (m[3] === 's' ? 1000 : 1));
  }
  return out;
}

/** Linux's USER_HZ, the unit of the CPU times in /proc: 100 ticks a second on every architecture Node runs on. */
export const TICKS_PER_SECOND = 100;

/**
 * The CPU time of this process's waited-for children, from `/proc/self/stat`:
 * `cutime + cstime` (fields 16 and 17), which Linux accumulates for every
 * child reaped by this process, each including its own reaped descendants
 * (RUSAGE_CHILDREN). The difference before and after running one command is
 * the CPU of that command's whole process tree, as long as each process in it
 * waited for its children (processes left running or run elsewhere, like a
 * Postgres in a Docker container, are not counted).
 *
 * @param stat the contents of /proc/self/stat
 * @returns seconds of user + system CPU
 * @throws Error when the text does not have the fields of /proc/<pid>/stat
 */
export function childrenCpuSeconds(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const rest = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  const cutime = Number(rest[13]);
  const cstime = Number(rest[14]);
  if (stat.lastIndexOf(')') < 0 || !Number.isFinite(cutime) || !Number.isFinite(cstime) || rest.length < 15) {
    throw new Error('not the contents of /proc/<pid>/stat (no cutime/cstime fields)');
  }
  return (cutime + cstime) / TICKS_PER_SECOND;
}
