/**
 * Where a replay's time goes: per step (and per incident setup / teardown), the wall time, the
 * CPU time of this process and of the child processes that exited in it, each tracked child
 * process (its command line and wall time), the time spent in SQL queries and in HTTP requests.
 * Off unless {@link enableProfiling} was called (`pnpm replay --profile`): it patches
 * `pg.Client.prototype.query` and listens on undici's diagnostics channels, which costs a little.
 *
 * Sources: SQL is timed on node-postgres's `Client#query` (every pg user in this repository —
 * Prisma's adapter-pg, Drizzle's node-postgres driver, the harness — goes through it); HTTP on
 * undici's documented diagnostics channels (`undici:request:create` → `…:trailers` / `…:error`),
 * which Node's global `fetch` publishes; child processes on pg-harness's `onChildProcessExit`;
 * CPU on `process.cpuUsage()` and, for exited children, the `cutime`/`cstime` fields of
 * `/proc/self/stat` (proc(5); Linux only, absent elsewhere).
 */
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { onChildProcessExit, procStat as procStatFields, type ChildProcessRecord } from '@incident-replay/pg-harness';

/**
 * One child process in a profile: its label (command line), wall time in ms, exit code; for a
 * Prisma CLI command run in the warm process (prisma-offline), `warm` and its own CPU in ms.
 */
export interface ProfiledChild {
  label: string;
  ms: number;
  exitCode: number | null;
  warm?: boolean;
  cpuMs?: number | null;
}

/**
 * What one profiled span (a step, a setup, a teardown) cost. Times in ms.
 * `sqlMs` / `httpMs` are the time at least one query / request was in flight (overlaps counted once).
 */
export interface SpanProfile {
  wallMs: number;
  /** CPU of this process (user + system). */
  cpuMs: number;
  /**
   * CPU of the child processes that exited during the span (user + system), plus that of the
   * Prisma CLI commands the warm process ran for it; `null` off Linux.
   */
  childCpuMs: number | null;
  /** Tracked child processes that exited during the span, and warm Prisma CLI commands. */
  children: ProfiledChild[];
  sqlMs: number;
  sqlCount: number;
  httpMs: number;
  httpCount: number;
}

type Interval = [number, number];

/** Collects intervals while profiling is on; a span reads those inside it. */
class Recorder {
  readonly sql: Interval[] = [];
  readonly http: Interval[] = [];
  readonly children: ChildProcessRecord[] = [];
  readonly warm: { label: string; endedAt: number; ms: number; cpuMs: number | null; exitCode: number | null }[] = [];
}

/** The channel prisma-offline publishes each Prisma CLI run on (`PRISMA_CLI_CHANNEL` there). */
const PRISMA_CLI_CHANNEL = 'incident-replay:prisma-cli';

let recorder: Recorder | undefined;

/**
 * Turns profiling on for this process (idempotent): node-postgres queries, undici requests and
 * tracked child processes are recorded from now on. There is no "off": a profiled run is a run
 * of its own.
 */
export function enableProfiling(): void {
  if (recorder) return;
  const rec = new Recorder();
  recorder = rec;
  patchPgQuery(rec);
  const started = new WeakMap<object, number>();
  diagnostics.subscribe('undici:request:create', (m) => started.set((m as { request: object }).request, performance.now()));
  const end = (m: unknown) => {
    const req = (m as { request: object }).request;
    const t0 = started.get(req);
    if (t0 === undefined) return;
    started.delete(req);
    rec.http.push([t0, performance.now()]);
  };
  diagnostics.subscribe('undici:request:trailers', end);
  diagnostics.subscribe('undici:request:error', end);
  onChildProcessExit((c) => rec.children.push(c));
  diagnostics.subscribe(PRISMA_CLI_CHANNEL, (m) => {
    const run = m as { command: string; durationMs: number; cpuMs: number | null; warm: boolean; exitCode?: number | null };
    if (run.warm) rec.warm.push({ label: run.command, endedAt: Date.now(), ms: run.durationMs, cpuMs: run.cpuMs, exitCode: run.exitCode ?? null });
  });
}

/** True after {@link enableProfiling}. */
export function profilingEnabled(): boolean {
  return recorder !== undefined;
}

/** A span being measured; {@link ProfileSpan.end} returns what it cost. */
export interface ProfileSpan {
  end(): SpanProfile;
}

/**
 * Starts measuring a span (a step, a setup, a teardown).
 *
 * @returns the span, or `undefined` when profiling is off
 */
export function beginSpan(): ProfileSpan | undefined {
  const rec = recorder;
  if (!rec) return undefined;
  const t0 = performance.now();
  const epoch0 = Date.now();
  const cpu0 = process.cpuUsage();
  const child0 = childrenCpuMs();
  const sql0 = rec.sql.length;
  const http0 = rec.http.length;
  const children0 = rec.children.length;
  const warm0 = rec.warm.length;
  return {
    end() {
      const t1 = performance.now();
      const cpu = process.cpuUsage(cpu0);
      const child1 = childrenCpuMs();
      // Intervals that started in the span, clipped to it (one still open at the end counts to the end).
      const sql = rec.sql.slice(sql0).map(([a, b]): Interval => [Math.max(a, t0), Math.min(b, t1)]);
      const http = rec.http.slice(http0).map(([a, b]): Interval => [Math.max(a, t0), Math.min(b, t1)]);
      const children = rec.children
        .slice(children0)
        .filter((c) => c.endedAt >= epoch0)
        .map((c): ProfiledChild => ({ label: c.label, ms: c.endedAt - c.startedAt, exitCode: c.exitCode }));
      const warm = rec.warm
        .slice(warm0)
        .map((w): ProfiledChild => ({ label: w.label, ms: Math.round(w.ms), exitCode: w.exitCode, warm: true, cpuMs: w.cpuMs }));
      const warmCpu = warm.reduce((a, w) => a + (w.cpuMs ?? 0), 0);
      return {
        wallMs: Math.round(t1 - t0),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        childCpuMs: child0 === null || child1 === null ? null : Math.round(child1 - child0 + warmCpu),
        children: [...children, ...warm],
        sqlMs: Math.round(unionMs(sql)),
        sqlCount: sql.length,
        httpMs: Math.round(unionMs(http)),
        httpCount: http.length,
      };
    },
  };
}

/** The time covered by at least one interval, in ms (overlaps counted once). */
export function unionMs(intervals: readonly Interval[]): number {
  const sorted = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [a, b] of sorted) {
    if (a >= end) {
      total += b - a;
      end = b;
    } else if (b > end) {
      total += b - end;
      end = b;
    }
  }
  return total;
}

const TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 on Linux (proc(5), sysconf(_SC_CLK_TCK))

/**
 * CPU time (user + system) of this process's exited and waited-for children, in ms, from
 * `/proc/<pid>/stat` fields 16 and 17 (`cutime`, `cstime`). `null` where /proc is absent.
 *
 * @param pid the process (default this one)
 */
export function childrenCpuMs(pid: number | 'self' = 'self'): number | null {
  const f = procStat(pid);
  return f ? ((f[13]! + f[14]!) * 1000) / TICKS_PER_SECOND : null;
}

/**
 * CPU time (user + system, own and of waited-for children) of a process and of its live child
 * processes, in ms, from /proc: for a Postgres server, the postmaster and its backends. `null`
 * where /proc is absent or the process is gone.
 *
 * @param pid the root process (e.g. the postmaster's pid)
 */
export function processTreeCpuMs(pid: number): number | null {
  const root = procStat(pid);
  if (!root) return null;
  let ticks = root[11]! + root[12]! + root[13]! + root[14]!;
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = procStat(Number(entry));
    if (f && f[1] === pid) ticks += f[11]! + f[12]!;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The fields of /proc/<pid>/stat after the command name as numbers (pg-harness's `procStat`: index `n - 3` is field `n` of proc(5); index 0, the state letter, is NaN). */
function procStat(pid: number | 'self'): number[] | null {
  return procStatFields(pid)?.map(Number) ?? null;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The machine, for a profile's header: cores, CPU model, load average. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

/** Wraps node-postgres's `Client#query` so every query's in-flight interval is recorded. */
function patchPgQuery(rec: Recorder): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function profiledQuery(this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const done = () => void rec.sql.push([t0, performance.now()]);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (...a: unknown[]) => unknown;
      args[last] = (...a: unknown[]) => {
        done();
        return cb(...a);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    else if (result && typeof (result as { once?: unknown }).once === 'function') {
      const q = result as { once(e: string, f: () => void): void };
      q.once('end', done);
      q.once('error', done);
    }
    return result;
  };
}
