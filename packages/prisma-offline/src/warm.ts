/**
 * The host side of warm-cli.cjs: one warm Prisma CLI process per CLI bundle, started on first
 * use, given one command at a time (callers queue), replaced when it exits, crashes, or a command
 * outruns its timeout (the process is killed with its process group). An idle warm process never
 * keeps this process alive, and it dies with it (pg-harness tracks it as a child process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killChildProcesses, setChildProcessTask, trackChildProcess } from '@incident-replay/pg-harness';

const WARM_CLI = fileURLToPath(new URL('./warm-cli.cjs', import.meta.url));

/** What warm-cli.cjs answers for one command. */
export interface WarmResult {
  /** `null` when the command outran its timeout, or the warm process died during it (then `stderr` says how). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  output: string;
  /** CPU the command used in the warm process (user + system), ms; `null` when it did not finish. */
  cpuMs: number | null;
}

/** One command for a warm process. */
export interface WarmRequest {
  /** The CLI bundle (`…/prisma/build/index.js`). */
  entry: string;
  args: string[];
  /** The whole environment of the command (not added to the warm process's own). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
  /** The command in words while it runs, for a step's time limit to name (default: the bundle's arguments and `[warm]`). */
  label?: string;
}

class WarmProcess {
  private readonly child: ChildProcess;
  private nextId = 0;
  private pending: { id: number; resolve: (r: WarmResult) => void; timer: NodeJS.Timeout } | undefined;
  alive = true;

  constructor(nodeArgs: string[]) {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // a parent's loaders (tsx, vitest) have no business in the CLI
    this.child = spawn(process.execPath, [...nodeArgs, WARM_CLI], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true, env });
    trackChildProcess(this.child, 'prisma CLI (warm process)');
    let stderr = '';
    this.child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    this.child.stdout!.resume();
    this.child.on('message', (m: WarmResult & { id: number; last: boolean }) => {
      if (m.last) this.alive = false; // it exits next: the following command gets a new process
      if (!this.pending || m.id !== this.pending.id) return;
      const { resolve, timer } = this.pending;
      this.pending = undefined;
      clearTimeout(timer);
      this.idle();
      resolve({ exitCode: m.exitCode, stdout: m.stdout, stderr: m.stderr, output: m.output, cpuMs: m.cpuMs });
    });
    this.child.once('exit', (code, sig) => {
      this.alive = false;
      if (!this.pending) return;
      const { resolve, timer } = this.pending;
      this.pending = undefined;
      clearTimeout(timer);
      const why = `the warm Prisma CLI process ${sig ? `was killed by ${sig}` : `exited with code ${code}`} during the command${stderr ? `:\n${stderr}` : ''}`;
      resolve({ exitCode: null, stdout: '', stderr: why, output: why, cpuMs: null });
    });
    this.idle();
  }

  /** Runs one command; resolves with its result (never rejects). */
  run(req: WarmRequest): Promise<WarmResult> {
    const id = ++this.nextId;
    this.busy(req.label ?? `${req.args.join(' ')} [warm]`);
    return new Promise((resolve) => {
      const timer = setTimeout(() => void killChildProcesses([this.child.pid!], 0), req.timeoutMs);
      this.pending = { id, resolve, timer };
      this.child.send({ id, entry: req.entry, args: req.args, env: req.env, cwd: req.cwd });
    });
  }

  private idle(): void {
    setChildProcessTask(this.child, undefined);
    this.child.unref();
    (this.child as unknown as { channel?: { unref(): void } }).channel?.unref();
    for (const s of [this.child.stdout, this.child.stderr]) (s as unknown as { unref?(): void })?.unref?.();
  }

  /** Keeps this process alive while the command runs, and marks the child busy with it (a step's time limit names and kills it). */
  private busy(label: string): void {
    setChildProcessTask(this.child, label);
    this.child.ref();
    (this.child as unknown as { channel?: { ref(): void } }).channel?.ref();
    for (const s of [this.child.stdout, this.child.stderr]) (s as unknown as { ref?(): void })?.ref?.();
  }
}

const warm = new Map<string, { process?: WarmProcess; queue: Promise<unknown> }>();

/**
 * Runs a Prisma CLI command in the warm process of its bundle, after the commands queued before
 * it. Node arguments (the preloads) apply when a warm process starts.
 *
 * @param nodeArgs Node arguments of a new warm process, e.g. `['--require', 'unref-timers.cjs']`
 * @returns the command's exit code and output, and its CPU time
 */
export function runWarm(nodeArgs: string[], req: WarmRequest): Promise<WarmResult> {
  const slot = warm.get(req.entry) ?? { queue: Promise.resolve() };
  warm.set(req.entry, slot);
  const result = slot.queue.then(() => {
    if (!slot.process?.alive) slot.process = new WarmProcess(nodeArgs);
    return slot.process.run(req);
  });
  slot.queue = result.catch(() => undefined);
  return result;
}
