import { format } from 'node:util';
import type { LogLine } from './journal.js';

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Captures what the app under test logs while a step runs: `console.*` and
 * direct writes to `process.stdout` / `process.stderr`. One capture is active
 * at a time; lines from child processes are added with {@link LogCapture.push}.
 *
 * The replay command prints its own progress through {@link writeOut}, which
 * bypasses the capture.
 */
export class LogCapture {
  private static current: LogCapture | undefined;

  /**
   * The capture of the step running now, or undefined between steps. A child process that
   * outlives one step (an app server started in setup) adds its lines here, so they land in the
   * log of the step that caused them.
   */
  static get active(): LogCapture | undefined {
    return LogCapture.current;
  }

  readonly lines: LogLine[] = [];
  private readonly started = performance.now();
  private restore: (() => void) | undefined;

  /**
   * @param passThrough also write captured lines to the real streams (default: `REPLAY_VERBOSE=1`)
   */
  constructor(private readonly passThrough = process.env.REPLAY_VERBOSE === '1') {}

  /** Starts intercepting. Calling twice is an error. */
  start(): this {
    if (this.restore) throw new Error('LogCapture already started');
    const saved = LEVELS.map((l) => [l, console[l]] as const);
    for (const level of LEVELS) {
      console[level] = (...args: unknown[]) => {
        this.push(`console.${level}`, format(...args));
        if (this.passThrough) realWrite(level === 'log' || level === 'info' ? 'stdout' : 'stderr', `${format(...args)}\n`);
      };
    }
    const out = process.stdout.write;
    const err = process.stderr.write;
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.push('stdout', String(chunk));
      return this.passThrough ? (out as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest) : true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.push('stderr', String(chunk));
      return this.passThrough ? (err as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest) : true;
    }) as typeof process.stderr.write;
    this.restore = () => {
      for (const [l, fn] of saved) console[l] = fn;
      process.stdout.write = out;
      process.stderr.write = err;
      if (LogCapture.current === this) LogCapture.current = undefined;
    };
    LogCapture.current = this;
    return this;
  }

  /** Stops intercepting; the lines stay available. */
  stop(): LogLine[] {
    this.restore?.();
    this.restore = undefined;
    return this.lines;
  }

  /**
   * Adds text from a source (split into lines, empty lines dropped).
   *
   * @param source e.g. `next start` or `prisma migrate deploy`
   */
  push(source: string, text: string): void {
    const atMs = Math.round(performance.now() - this.started);
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '') this.lines.push({ source, text: line, atMs });
  }
}

const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

function realWrite(stream: 'stdout' | 'stderr', text: string): void {
  (stream === 'stdout' ? originalStdout : originalStderr)(text);
}

/** Writes to the real stdout even while a capture is active (for progress output). */
export function writeOut(text: string): void {
  realWrite('stdout', text);
}
