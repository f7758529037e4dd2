/**
 * The one place that signals a process by number. A pid is only a number: once its process has
 * exited, the kernel hands the number to the next process that starts (on Linux within minutes
 * when `pid_max` is 32768 and a test run starts thousands of processes), and `kill(0, …)` or
 * `kill(-1, …)` reach the caller's whole process group or every process it may signal. So every
 * numeric signal goes through {@link signalProcess}, which
 * - refuses 0, -1, negative numbers, NaN and anything that is not a whole number;
 * - signals a pid only when its process is still the one recorded: its start time, read with the
 *   pid ({@link processIdentity}) and compared again just before the signal;
 * - signals a process group only through its leader's identity (see {@link signalProcess}).
 *
 * `ChildProcess#kill` on a live handle stays as it is: Node signals the child it spawned and has not
 * reaped, which cannot be a stranger. A pid written to a file is written atomically
 * ({@link writeFileAtomic}), so a reader never sees the file before its content.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * A process as recorded at one moment: its pid and its start time. Plain JSON, so it can be
 * written to a file or passed to another process and checked there.
 */
export interface ProcessIdentity {
  /** The process id (a whole number > 0). */
  pid: number;
  /**
   * When the process started, as this machine can tell: on Linux `linux:<boot id>:<ticks>` (field 22
   * of `/proc/<pid>/stat`, clock ticks since boot, qualified by the boot id so a record from before a
   * reboot never matches); elsewhere `ps:<lstart>` (`ps -o lstart=`, to the second).
   */
  start: string;
}

/** True for a number a pid can be: a whole number above 0 (so never 0, -1, NaN or a fraction). */
export function isPid(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

let bootId: string | undefined;
function linuxBootId(): string | undefined {
  if (bootId !== undefined) return bootId || undefined;
  try {
    bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    bootId = '';
  }
  return bootId || undefined;
}

/**
 * Fields of `/proc/<pid>/stat` (proc(5)) after the command name, which may itself hold spaces and
 * parentheses, so the split starts after the last `)`: index `n - 3` is field `n` (index 0 is the
 * state letter, field 3; index 19 the start time in clock ticks, field 22).
 *
 * @returns the fields as text, or `undefined` when there is no such process or no /proc
 */
export function procStat(pid: number | 'self'): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
}

const hasProc = (() => {
  try {
    return fs.existsSync('/proc/self/stat');
  } catch {
    return false;
  }
})();

/**
 * Reads the identity of the process with this pid now.
 *
 * @returns its identity, or `undefined` when there is no such process, it is a zombie (exited, not
 *   yet reaped), the pid is not a pid ({@link isPid}), or this machine offers no way to read a start
 *   time (neither `/proc` nor `ps`)
 */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  if (!isPid(pid)) return undefined;
  if (hasProc) {
    const f = procStat(pid);
    const boot = linuxBootId();
    if (!f || f[0] === 'Z' || f[19] === undefined || !boot) return undefined;
    return { pid, start: `linux:${boot}:${f[19]}` };
  }
  try {
    const lstart = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return lstart ? { pid, start: `ps:${lstart}` } : undefined;
  } catch {
    return undefined;
  }
}

/** This process's identity (what an owner record of a cluster or database names). */
export function selfIdentity(): ProcessIdentity {
  const id = processIdentity(process.pid);
  // A machine with neither /proc nor ps: the record still names the pid, with a start that can never
  // be verified: nothing signals it (see signalProcess), and the reaper never counts it as gone.
  return id ?? { pid: process.pid, start: 'unknown' };
}

/**
 * Whether the recorded process is still running: a process with that pid exists now and its start
 * time equals the recorded one. False for a start of `unknown` (it cannot be verified, so nothing may
 * signal it); the reaper treats such an owner as never gone.
 */
export function isSameProcess(id: ProcessIdentity): boolean {
  if (!isPid(id.pid) || id.start === 'unknown') return false;
  const now = processIdentity(id.pid);
  return now !== undefined && now.start === id.start;
}

/** The signals the harness sends, and 0 ("is it alive", sends nothing). */
export type HarnessSignal = NodeJS.Signals | 0;

/**
 * Signals one process, or the process group it leads, after checking it is the recorded process.
 *
 * - `target` is an identity ({@link processIdentity}, recorded when the pid was learned). The
 *   process is signalled only when a process with that pid runs now with the same start time;
 *   otherwise nothing is sent and the result is `false` (the recorded process is gone, and the pid
 *   may be a stranger's).
 * - `{ group: true }` signals the process group whose id is the pid (`kill(-pid, …)`): allowed when
 *   the leader is the recorded process, or when no process holds the pid any more (the leader
 *   exited) while members of its group remain: Linux does not give a pid to a new process while a
 *   process group of that id has members, so those are the leader's own.
 * - Signal 0 sends nothing and answers whether the process (or group) is there.
 *
 * @returns whether the signal was delivered (or, for 0, whether the target is there)
 * @throws RangeError when `target.pid` is not a pid (0, -1, negative, NaN, a fraction): a caller bug,
 *   never a reason to signal anything
 */
export function signalProcess(target: ProcessIdentity, sig: HarnessSignal, options: { group?: boolean } = {}): boolean {
  if (!isPid(target.pid)) throw new RangeError(`refusing to signal pid ${String(target.pid)}: not a whole number above 0`);
  if (isSameProcess(target)) return signalRaw(options.group ? -target.pid : target.pid, sig);
  if (!options.group) return false;
  // The leader is gone (or never was this process): the group's id cannot have been reused while the
  // group has members, and it is not held by another process: then the members are the leader's.
  if (processIdentity(target.pid) !== undefined || target.start === 'unknown') return false;
  return signalRaw(-target.pid, sig);
}

/**
 * Whether the recorded process is alive (signal 0 after the identity check of {@link signalProcess}).
 *
 * @param options `{ group: true }`: whether any process of the group it led is alive
 */
export function isAlive(target: ProcessIdentity, options: { group?: boolean } = {}): boolean {
  return signalProcess(target, 0, options);
}

/** `kill(2)` without a check; only for targets the functions above have checked. */
function signalRaw(target: number, sig: HarnessSignal): boolean {
  try {
    process.kill(target, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a file so a reader sees either nothing or the whole content: to a temporary name in the
 * same folder, then `rename(2)`, which replaces the target atomically on POSIX file systems.
 *
 * @param file the target path
 * @param content what to write (utf8 for a string)
 * @param mode the file's permission bits (default 0o644)
 */
export function writeFileAtomic(file: string, content: string | Buffer, mode = 0o644): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { mode });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** The machine's name as owner records give it (`os.hostname()`). */
export function hostName(): string {
  return os.hostname();
}
