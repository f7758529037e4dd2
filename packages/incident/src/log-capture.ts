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

/*
 * What of a captured log teaches. The rules follow what the incidents' logs hold: Node's error
 * dumps (message, stack frames, `{ code, meta }`), Prisma's (a code frame of its bundled
 * runtime, the query arguments, then the message), Rust backtraces from Prisma's schema engine,
 * Better Auth's and Auth.js's logger lines, and Postgres errors as node-postgres prints them.
 */

/** ANSI colour and style escapes (`ESC[31m`), which loggers write to a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
const ANSI = /\u001b\[[0-9;]*m/g;
/** A JavaScript stack frame: `    at fn (file:line:col)`. */
const JS_FRAME = /^\s*at\s/;
/** A frame of code that is not this project's source: a dependency, Node itself, a generated client, a bundle evaluated in a sandbox. */
const DEPENDENCY_FRAME = /node_modules\/|\(node:|\bnode:internal|\/generated\/|evalmachine\.|<anonymous>\)?$/;
/** A frame of this project's own source (apps/, scenarios/, packages/). */
const PROJECT_FRAME = /(^|[\s(/])(apps|scenarios|packages)\//;
/** A Rust backtrace (Prisma's schema engine): `   0: sql_schema_connector::…`, its `with name=value` and `at src/x.rs:113` lines. */
const RUST_BACKTRACE = /^\s*\d+: [\w:<>]+::|^\s*with \w+=|^\s*at [\w./-]+\.rs:\d+/;
/** A line of a code frame: a source line number, optionally Prisma's `→` marker, then the source. */
const CODE_FRAME = /^\s*(→\s*)?\d+\s{1,3}\S/;
/** Tokens of JavaScript source; a line with several of them is bundle source, not a message. */
const SOURCE_TOKENS = /\bfunction\s*[\w$]*\s*\(|=>|\b(?:var|let|const)\s+[\w$]+\s*=|\breturn\b|\)\{|\};|\$\{/g;
/** A line this long that is not JSON is a dump (minified source, a serialised buffer), not a message. */
const DUMP_LENGTH = 2000;

/** Error codes: Prisma's (P2022), SQLSTATEs (42703, 42P07 — named as such, or in a `code` field), and error names in upper snake case (FAILED_TO_GET_SESSION). */
const ERROR_CODE =
  /\bP\d{4}\b|\bSQLSTATE\b|\b(?:code|sqlstate|errno)\b['"]?\s*[:=]\s*['"]?[0-9A-Z]{5}\b|(?<![-\d:.])\b\d{2}[A-Z]\d{2}\b(?![:\d])|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+){1,}\b/;
/** An error class or kind: `JWTSessionError`, `PrismaClientKnownRequestError`, `DriverAdapterError: ColumnNotFound`, or the words error/warning/failed. */
const ERROR_WORD = /\b[A-Z]\w*(?:Error|Exception)\b|\b(?:error|errors|warn|warning|fail|failed|failure|fatal|panic)\b/i;
/** An HTTP exchange and its status: `GET /x 500`, `status: 401`, `HTTP/1.1 500`, `→ 307`. */
const HTTP_STATUS =
  /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\/\S*.*\b[1-5]\d\d\b|\bstatus(?:Code)?\b['"]?\s*[:=]\s*[1-5]\d\d\b|\bHTTP\/\d(?:\.\d)?\s+[1-5]\d\d\b|→\s*[1-5]\d\d\b/;
/** A logger's tag at the start of a line: `[Better Auth]:`, `[auth][error]`, `[POST /api/auth/login]`, `prisma:error`. */
const LOGGER_TAG = /^\W*(?:\d{4}-\d\d-\d\dT[\d:.]+Z\s+)?(?:[A-Z]+\s+)?\[[^\]]+\]|^\s*prisma:\w+/;
/** What a library or app says when something is wrong, in words. */
const MESSAGE_WORDS =
  /\b(?:does not exist|not found|already exists|unknown argument|invalid|denied|refused|timed? ?out|cannot|could not|unable to|missing|mismatch|not allowed|unauthori[sz]ed|forbidden|rejected|violates)\b/i;
/** Fields of a node-postgres DatabaseError dump that add nothing a learner needs (its `code:` line stays). */
const NOISE_FIELD = /^\s*(length|severity|detail|hint|position|internal\w*|where|schema|table|column|dataType|constraint|file|line|routine|clientVersion):/;

/** Why a line of a log is left out of a report, or `undefined` when it may be shown. */
export type LeftOutReason = 'bundle source' | 'dependency frame' | 'backtrace' | 'repeat' | 'no message' | 'over the limit';

/** What {@link teachingLines} keeps of one captured log. */
export interface TeachingLines {
  /** The lines to show, in order, without terminal escapes; a line the log repeated says `(×n)` at its end. */
  shown: LogLine[];
  /** How many of the log's lines are not shown (`log.length - shown.length`). */
  leftOut: number;
  /** How many lines were left out for each reason. */
  reasons: Partial<Record<LeftOutReason, number>>;
}

/**
 * The lines of a captured log that teach: those carrying an error code (Prisma `P2022`, a
 * SQLSTATE such as `42703`, an error name such as `FAILED_TO_GET_SESSION`), an error class
 * (`JWTSessionError`), an HTTP status, a logger's tag (`[Better Auth]`, `[auth][error]`) or a
 * library's message in words (`Unknown argument`, `does not exist`), plus the first 3 frames of
 * this project's own code in each stack. Left out: bundle source (lines of a code frame, lines
 * dense with JavaScript tokens, non-JSON lines over 2000 characters), stack frames of
 * dependencies (`node_modules/`, `node:internal`, generated clients), Rust backtraces, and
 * repeats of a line already shown (timestamps ignored; counted on the first). A JSON line is
 * shortened with {@link briefValue}. When no line teaches, the first 3 lines that are not
 * source, frames or backtrace are shown. Pure: the
 * same log gives the same lines.
 *
 * @param log one step's captured lines, in order
 * @param max the most lines to show (default 12); lines past it count as `over the limit`
 * @returns the lines to show and what was left out, by reason
 */
export function teachingLines(log: readonly LogLine[], max = 12): TeachingLines {
  const reasons: Partial<Record<LeftOutReason, number>> = {};
  const leave = (why: LeftOutReason) => {
    reasons[why] = (reasons[why] ?? 0) + 1;
  };
  const picked: { line: LogLine; key: string; times: number }[] = [];
  const quiet: LogLine[] = [];
  const byKey = new Map<string, { times: number }>();
  let projectFrames = 0;
  for (const l of log) {
    const text = l.text.replace(ANSI, '').trimEnd();
    const why = leftOutReason(text);
    if (why) {
      leave(why);
      continue;
    }
    if (JS_FRAME.test(text)) {
      if (projectFrames >= 3) {
        leave('dependency frame');
        continue;
      }
      projectFrames++;
    } else {
      projectFrames = 0;
      if (!teaches(text)) {
        if (quiet.length < 3) quiet.push({ ...l, text: clipLine(text) });
        leave('no message');
        continue;
      }
    }
    const shown = briefLine(text);
    const key = shown.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '').trim();
    const seen = byKey.get(key);
    if (seen) {
      if (!JS_FRAME.test(text)) seen.times++; // a frame shared by two stacks is not news
      leave('repeat');
      continue;
    }
    if (picked.length >= max) {
      leave('over the limit');
      continue;
    }
    const entry = { line: { ...l, text: shown }, key, times: 1 };
    byKey.set(key, entry);
    picked.push(entry);
  }
  if (!picked.length) {
    const first = quiet.slice(0, max);
    const rest = (reasons['no message'] ?? 0) - first.length;
    if (rest > 0) reasons['no message'] = rest;
    else delete reasons['no message'];
    return { shown: first, leftOut: log.length - first.length, reasons };
  }
  const shown = picked.map((p) => (p.times > 1 ? { ...p.line, text: `${p.line.text} (×${p.times})` } : p.line));
  return { shown, leftOut: log.length - shown.length, reasons };
}

/** Why `text` (escapes removed) is never shown, or undefined. */
function leftOutReason(text: string): LeftOutReason | undefined {
  if (RUST_BACKTRACE.test(text)) return 'backtrace';
  if (JS_FRAME.test(text)) return DEPENDENCY_FRAME.test(text) || !PROJECT_FRAME.test(text) ? 'dependency frame' : undefined;
  if (isBundleSource(text)) return 'bundle source';
  return undefined;
}

/** Whether a line is source code rather than a message: a code frame's line, several JavaScript tokens, or a non-JSON dump. */
function isBundleSource(text: string): boolean {
  const tokens = text.match(SOURCE_TOKENS)?.length ?? 0;
  if (tokens >= 3) return true;
  if (CODE_FRAME.test(text) && tokens >= 1) return true;
  return text.length > DUMP_LENGTH && parseJson(text.trim()) === undefined;
}

/** Whether a line carries an error code, an error word, an HTTP status, a logger's tag or a library's message. */
function teaches(text: string): boolean {
  if (NOISE_FIELD.test(text)) return false;
  return ERROR_CODE.test(text) || ERROR_WORD.test(text) || HTTP_STATUS.test(text) || LOGGER_TAG.test(text) || MESSAGE_WORDS.test(text);
}

/** The longest line shown, in characters; longer ones are clipped with their length. */
const MAX_LINE = 240;

function clipLine(s: string): string {
  return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}… (${s.length} chars)` : s;
}

/** A line as shown: a JSON value (after any prefix such as a logger's tag) shortened with {@link briefValue}, then clipped. */
function briefLine(text: string): string {
  const start = text.search(/[{[]/);
  const value = start < 0 ? undefined : parseJson(text.slice(start).trim());
  return clipLine(value === undefined ? text : `${text.slice(0, start)}${JSON.stringify(briefValue(value))}`);
}

function parseJson(s: string): unknown {
  if (!/^[{[]/.test(s)) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** A value no reader learns from: a UUID, a hex digest (≥ 32 digits), or a random token (≥ 20 letters and digits, both cases and digits mixed, no spaces). */
const OPAQUE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}|(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,})$/;

/** An ISO timestamp (`2026-12-04T22:29:43.354Z`); its time of day (`22:29:43`) is what a reader compares. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/;

/**
 * A JSON value shortened to the fields that teach, for a report line (the whole value stays in
 * the per-incident JSON file): object fields whose value is an opaque identifier (UUID, hex
 * digest, random token) are dropped; a multi-line string keeps only its {@link teachingLines}
 * (so a Rust backtrace in a ledger row's `logs` goes), joined with ` ⏎ `; an ISO timestamp
 * becomes its time of day (`22:29:43`); a string is cut to 120 characters; an array shows its
 * first 6 items and then `"… n more"`; nesting deeper than 4 levels becomes `"…"`. Numbers,
 * booleans and null stay.
 *
 * @param value any JSON value (what a step recorded with `t.value`, a ledger row, a drift result)
 * @returns a smaller JSON value of the same shape
 */
export function briefValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const text = value.includes('\n')
      ? teachingLines(value.split('\n').map((text) => ({ source: '', text, atMs: 0 })))
          .shown.map((l) => l.text)
          .join(' ⏎ ')
      : value;
    if (ISO_TIME.test(text)) return text.replace(ISO_TIME, '$1');
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 4) return '…';
  if (Array.isArray(value)) {
    const head = value.slice(0, 6).map((v) => briefValue(v, depth + 1));
    return value.length > 6 ? [...head, `… ${value.length - 6} more`] : head;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!(typeof v === 'string' && OPAQUE.test(v))) out[k] = briefValue(v, depth + 1);
  return out;
}
