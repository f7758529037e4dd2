import { spawn, type ChildProcess } from 'node:child_process';
import { killChildProcesses, registerCleanup, trackChildProcess } from '@incident-replay/pg-harness';
import { LogCapture } from './log-capture.js';

/** A server started as a child process (e.g. `next start`), with its output kept. */
export interface ServerProcess {
  /** `http://localhost:<port>` */
  url: string;
  /** Every line it printed so far, stdout and stderr interleaved. */
  output: string[];
  /** Lines printed after index `from` (to read what one request caused). */
  outputSince(from: number): string[];
  /** The server's pid (it leads its own process group), e.g. for a test that kills it. */
  pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and its process group. Idempotent. */
  stop(): Promise<void>;
  /**
   * Resolves once it has printed nothing for `quietMs` (default 50), or after `maxMs` (default
   * 1000). A server writes a request's log lines before it answers, but the runner may read its
   * pipe a moment after the response: awaited after a request, those lines are then in `output`
   * (and, with `logSource`, in the step's log).
   */
  quiet(quietMs?: number, maxMs?: number): Promise<void>;
}

/**
 * Starts a server process and waits until `GET readyPath` answers with any
 * HTTP status. The process gets `env` on top of the current environment;
 * the caller's own environment is not changed. The process is stopped on
 * SIGINT/SIGTERM with the rest of the run.
 *
 * @param opts.command executable, e.g. `node`
 * @param opts.args arguments, e.g. `[nextBin, 'start', '-p', '3123']`
 * @param opts.port the port it will listen on
 * @param opts.timeoutMs how long to wait for it to answer (default 60 000)
 * @param opts.logSource when set, every line is also added to the log of the step running at the
 *   time ({@link LogCapture.active}) under this source, so `t.checkLogged` sees the server's output
 * @throws Error with the last output lines when it exits early or does not answer in time
 */
export async function startServerProcess(opts: {
  command: string;
  args: string[];
  cwd: string;
  port: number;
  env?: Record<string, string | undefined>;
  readyPath?: string;
  timeoutMs?: number;
  logSource?: string;
}): Promise<ServerProcess> {
  const output: string[] = [];
  const child: ChildProcess = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() also ends its children
  });
  const keep = (l: string) => {
    if (!l.trim()) return;
    output.push(l);
    if (opts.logSource) LogCapture.active?.push(opts.logSource, l);
  };
  // A chunk can end mid-line: hold the partial line until its newline (or the stream's end).
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8'); // decodes characters split across chunks
    stream.on('data', (c: string) => {
      const lines = (partial + c).split(/\r?\n/);
      partial = lines.pop()!;
      for (const l of lines) keep(l);
    });
    stream.on('end', () => keep(partial));
  }
  const label = `${opts.command} ${opts.args.join(' ')}`;
  // Tracked, so a signal, the end of the run or an exit nobody cleaned up for kills it (and its group).
  const untrack = trackChildProcess(child, label);
  const stop = registerCleanup(label, async () => {
    if (child.pid !== undefined) await killChildProcesses([child.pid], 5000);
    untrack();
  });
  const url = `http://localhost:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (true) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${opts.command} exited with code ${child.exitCode} before answering:\n${output.slice(-15).join('\n')}`);
    }
    try {
      await fetch(new URL(opts.readyPath ?? '/', url), { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${opts.command} did not answer on ${url} within ${opts.timeoutMs ?? 60_000} ms:\n${output.slice(-15).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { url, output, outputSince: (from) => output.slice(from), pid: child.pid!, stop, quiet: (quietMs, maxMs) => quiet(output, quietMs, maxMs) };
}

/** Resolves when `lines` has not grown for `quietMs`, or after `maxMs`. */
async function quiet(lines: readonly string[], quietMs = 50, maxMs = 1000): Promise<void> {
  const end = Date.now() + maxMs;
  let seen = -1;
  while (lines.length !== seen && Date.now() < end) {
    seen = lines.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}
