/**
 * The text `pnpm replay --profile` prints after the timeline (and writes to profile.txt): per
 * incident and step, where the time went; then the run's phases, its critical path, and the
 * floor — what an ideal run of the same work would cost on this machine.
 *
 * A pure function of the journals (their step profiles, see `SpanProfile` in
 * @incident-replay/incident) and the figures the command measured itself.
 */
import os from 'node:os';
import { clip, type Journal, type SpanProfile } from '@incident-replay/incident';

/** One incident run as the command scheduled it (sequentially, or in the pool). */
export interface ProfiledJob {
  label: string;
  journal: Journal;
  /** When it started and ended, ms since the server was ready. */
  startMs: number;
  endMs: number;
  /** The pool slot it ran in (0 for a sequential run). */
  slot: number;
  /** The import of the incident (and, in the pool, the worker's start-up), ms; part of startMs…endMs. */
  loadMs?: number;
}

/** What the replay command measured about the run as a whole. All times in ms. */
export interface RunProfile {
  machine: string;
  cores: number;
  /** Incident runs at a time (1 = sequential, in the command's own process). */
  jobs: number;
  /** From process start to the command's first line of code: Node, tsx and the command's imports. */
  startupMs: number;
  /** Starting (or reaching) the Postgres server. */
  serverStartMs: number;
  /** Dropping what was left and stopping the server. */
  finalCleanupMs: number;
  /** The whole run, process start to exit. */
  totalMs: number;
  /** CPU of the whole run: this process, every child it waited for (workers, CLIs, the server it started). `null` off Linux. */
  cpuMs: number | null;
  /** CPU of the Postgres server's processes (postmaster and backends), when it is a process of this machine. */
  serverCpuMs: number | null;
  jobsRun: ProfiledJob[];
}

const s = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;

/** The child processes of a span in one cell: `2× prisma migrate deploy (1.9 s, 2.0 s)`. */
export function childCell(p: SpanProfile): string {
  const byLabel = new Map<string, number[]>();
  for (const c of p.children) {
    const key = `${commandKey(c.label)}${c.warm ? ' [warm]' : ''}`;
    byLabel.set(key, [...(byLabel.get(key) ?? []), c.ms]);
  }
  return [...byLabel].map(([label, times]) => `${times.length}× ${clip(label, 60)} (${times.map((t) => s(t)).join(', ')})`).join('; ');
}

function spanLine(name: string, p: SpanProfile | undefined): string {
  if (!p) return `  ${name.padEnd(58)} —`;
  const cols = [
    s(p.wallMs).padStart(7),
    s(p.cpuMs).padStart(7),
    s(p.childCpuMs).padStart(7),
    `${s(p.sqlMs)} (${p.sqlCount})`.padStart(13),
    `${s(p.httpMs)} (${p.httpCount})`.padStart(12),
  ];
  const children = p.children.length ? `  ${childCell(p)}` : '';
  return `  ${clip(name, 58).padEnd(58)}${cols.join(' ')}${children}`;
}

/** The profiled spans of a journal with their names: setup, each step (`step <n> <name>`), teardown. */
function namedSpans(j: Journal): [string, SpanProfile][] {
  const all: [string, SpanProfile | undefined][] = [
    ['setup', j.profile?.setup],
    ...j.steps.map((st): [string, SpanProfile | undefined] => [`step ${st.index} ${st.name}`, st.profile]),
    ['teardown', j.profile?.teardown],
  ];
  return all.filter((x): x is [string, SpanProfile] => x[1] !== undefined);
}

/** The profiled spans of a journal (setup, steps, teardown). */
function spans(j: Journal): SpanProfile[] {
  return namedSpans(j).map(([, p]) => p);
}

/**
 * A command line with its throwaway paths (under the temporary folder) replaced by `<tmp>`, so
 * runs of one command group together: `prisma migrate deploy --schema <tmp>/prisma/schema.prisma`.
 */
export function commandKey(label: string, tmp = os.tmpdir()): string {
  return label
    .split(/\s+/)
    .map((w) => (w.startsWith(`${tmp}/`) ? `<tmp>/${w.split('/').slice(-2).join('/')}` : w))
    .join(' ');
}

/**
 * Every child process of a run, grouped by {@link commandKey}: count, total and median wall, and
 * CPU — a span's child CPU shared among its children in proportion to their wall time (exact
 * for a span with one child; `null` off Linux). Times in ms, largest CPU (else wall) first.
 */
export function childrenByCommand(jobs: readonly ProfiledJob[]): { label: string; count: number; totalMs: number; medianMs: number; cpuMs: number | null }[] {
  const by = new Map<string, { times: number[]; cpu: number | null }>();
  for (const j of jobs)
    for (const p of spans(j.journal)) {
      // A warm command's CPU is known; what is left of the span's child CPU is shared by wall.
      const known = p.children.reduce((a, c) => a + (c.cpuMs ?? 0), 0);
      const unknown = p.children.filter((c) => c.cpuMs === undefined || c.cpuMs === null);
      const wall = unknown.reduce((a, c) => a + c.ms, 0);
      for (const c of p.children) {
        const key = `${commandKey(c.label)}${c.warm ? ' [warm]' : ''}`;
        const e = by.get(key) ?? { times: [], cpu: 0 };
        e.times.push(c.ms);
        const share = c.cpuMs ?? (p.childCpuMs === null ? null : wall > 0 ? ((p.childCpuMs - known) * c.ms) / wall : 0);
        e.cpu = e.cpu === null || share === null ? null : e.cpu + share;
        by.set(key, e);
      }
    }
  return [...by]
    .map(([label, { times, cpu }]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return { label, count: times.length, totalMs: times.reduce((a, b) => a + b, 0), medianMs: sorted[Math.floor(sorted.length / 2)]!, cpuMs: cpu };
    })
    .sort((a, b) => (b.cpuMs ?? b.totalMs) - (a.cpuMs ?? a.totalMs));
}

/** CPU of one incident run in ms: its process (setup, steps, teardown) and the child processes that exited in it. */
export function jobCpu(j: ProfiledJob): { cpuMs: number; childCpuMs: number | null } {
  const all = spans(j.journal);
  const child = all.map((p) => p.childCpuMs);
  return { cpuMs: all.reduce((a, p) => a + p.cpuMs, 0), childCpuMs: child.some((c) => c === null) ? null : child.reduce<number>((a, c) => a + (c ?? 0), 0) };
}

/** The `n` spans (setup, steps, teardown) of all runs that used the most CPU, own plus child processes', largest first; ms. */
export function largestSpans(jobs: readonly ProfiledJob[], n: number): { label: string; span: string; cpuMs: number; children: string }[] {
  const all = jobs.flatMap((j) =>
    namedSpans(j.journal).map(([span, p]) => ({ label: j.label, span, cpuMs: p.cpuMs + (p.childCpuMs ?? 0), children: childCell(p) })),
  );
  return all.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, n);
}

/**
 * The critical path of a run: startup, server start, the pool slot that finished last (its
 * incident runs in order, with the gaps between them), final cleanup. For a sequential run the
 * one slot is the whole run.
 */
export function criticalPath(run: RunProfile): { parts: [string, number][]; totalMs: number } {
  const last = [...run.jobsRun].sort((a, b) => b.endMs - a.endMs)[0];
  const lane = last ? run.jobsRun.filter((j) => j.slot === last.slot).sort((a, b) => a.startMs - b.startMs) : [];
  const parts: [string, number][] = [
    ['startup (node, tsx, imports)', run.startupMs],
    ['Postgres server start', run.serverStartMs],
  ];
  let at = 0;
  for (const j of lane) {
    if (j.startMs - at > 50) parts.push(['(between incident runs)', j.startMs - at]);
    if (j.loadMs !== undefined) parts.push([`${j.label}: start-up and import`, j.loadMs]);
    parts.push([j.label, j.endMs - j.startMs - (j.loadMs ?? 0)]);
    at = j.endMs;
  }
  parts.push(['final cleanup', run.finalCleanupMs]);
  return { parts, totalMs: parts.reduce((a, [, ms]) => a + ms, 0) };
}

/**
 * The floor: what the same work would cost with a perfect schedule on this machine — the larger
 * of the longest chain that cannot be split (startup + server start + the longest incident run,
 * whose steps build on each other + final cleanup) and the CPU the run used divided by the cores.
 */
export function floor(run: RunProfile): { chainMs: number; cpuBoundMs: number | null; floorMs: number; longest?: string } {
  const longest = [...run.jobsRun].sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs))[0];
  const chainMs = run.startupMs + run.serverStartMs + (longest ? longest.endMs - longest.startMs : 0) + run.finalCleanupMs;
  const cpuBoundMs = run.cpuMs === null ? null : run.cpuMs / run.cores;
  return { chainMs, cpuBoundMs, floorMs: Math.max(chainMs, cpuBoundMs ?? 0), longest: longest?.label };
}

/**
 * The profile as text.
 *
 * @returns lines ending in a newline; journals without step profiles (a run without
 *   `--profile`) show `—` in their cells
 */
export function profileReport(run: RunProfile): string {
  const out: string[] = [];
  out.push(
    `\nProfile — ${run.machine}; ${run.jobs === 1 ? 'incidents one after another in this process' : `up to ${run.jobs} incident runs at a time, each in a worker process`}`,
  );
  out.push('  wall: the step as the timeline shows it; cpu: this process; child cpu: child processes that exited in it;');
  out.push('  sql / http: time with at least one query / request in flight (count). Child processes: command (wall each).');
  for (const j of run.jobsRun) {
    const jr = j.journal;
    const cpu = jobCpu(j);
    out.push(
      `\n${j.label}  ${s(j.endMs - j.startMs)} wall${j.loadMs !== undefined ? ` (start-up and import ${s(j.loadMs)})` : ''}; cpu ${s(cpu.cpuMs)}, child processes' cpu ${s(cpu.childCpuMs)}`,
    );
    out.push(`  ${''.padEnd(58)}${['wall', 'cpu', 'child', 'sql (n)', 'http (n)'].map((h, i) => h.padStart([7, 7, 7, 13, 12][i]!)).join(' ')}`);
    out.push(spanLine('setup', jr.profile?.setup));
    for (const st of jr.steps) out.push(spanLine(`${String(st.index).padStart(2)} ${st.name}`, st.outcome === 'skipped' ? undefined : st.profile));
    out.push(spanLine('teardown (and dropping its databases)', jr.profile?.teardown));
  }
  out.push('\nChild processes by command (all runs; cpu shared within a step in proportion to wall):');
  for (const c of childrenByCommand(run.jobsRun))
    out.push(`  ${String(c.count).padStart(3)}× ${clip(c.label, 70).padEnd(70)} wall ${s(c.totalMs).padStart(7)} (median ${s(c.medianMs)}), cpu ${s(c.cpuMs)}`);
  out.push('\nRun:');
  out.push(`  startup ${s(run.startupMs)}, server start ${s(run.serverStartMs)}, final cleanup ${s(run.finalCleanupMs)}, total ${s(run.totalMs)}`);
  out.push(
    `  CPU ${s(run.cpuMs)} over ${run.cores} cores${run.cpuMs !== null ? ` (${((run.cpuMs / run.totalMs / run.cores) * 100).toFixed(0)}% of what the cores could give in that wall time)` : ''}; of it the Postgres server ${s(run.serverCpuMs)}`,
  );
  if (run.cpuMs !== null) {
    const perJob = run.jobsRun.map(jobCpu);
    const steps = perJob.reduce((a, c) => a + c.cpuMs, 0);
    const children = perJob.reduce((a, c) => a + (c.childCpuMs ?? 0), 0);
    const server = run.serverCpuMs ?? 0;
    out.push(
      `  CPU by kind: child processes ${s(children)}, the incidents' own code (setup, steps, teardown) ${s(steps)}, Postgres ${s(server)}, the rest (process start-up, imports, scheduling) ${s(Math.max(0, run.cpuMs - children - steps - server))}`,
    );
  }
  out.push('\nLargest spans by CPU (own + child processes):');
  for (const x of largestSpans(run.jobsRun, 10))
    out.push(`  ${s(x.cpuMs).padStart(7)}  ${clip(`${x.label}: ${x.span}`, 110)}${x.children ? `  [${x.children}]` : ''}`);
  const path = criticalPath(run);
  out.push(`\nCritical path (${s(path.totalMs)}):`);
  for (const [what, ms] of path.parts) out.push(`  ${s(ms).padStart(7)}  ${what}`);
  const f = floor(run);
  out.push(
    `\nFloor ${s(f.floorMs)}: the larger of the chain that cannot be split (${s(f.chainMs)}: startup, server start, ${f.longest ?? 'no incident'}, final cleanup) and the CPU bound (${s(f.cpuBoundMs)}: CPU ÷ ${run.cores} cores).`,
  );
  return `${out.join('\n')}\n`;
}
