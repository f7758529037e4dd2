import { isDeepStrictEqual, inspect } from 'node:util';
import pg from 'pg';
import type { Databases, ServerInfo } from '@incident-replay/pg-harness';
import type { HostName } from './model.js';
import type { CheckRecord, ClaimRecord, Evidence, LogLine } from './journal.js';
import type { LogCapture } from './log-capture.js';
import { CheckFailed, errorClassOf, sqlstateOf } from './errors.js';

const EXCERPT = 400;

/**
 * What a step may use of the incident's environment: the server, this run's
 * databases (create or clone more; the run drops them), the host the app runs
 * on, and teardown registration (runs when the incident ends, newest first).
 */
export interface StepEnv {
  server: ServerInfo;
  databases: Databases;
  host: HostName;
  onTeardown(fn: () => Promise<void> | void): void;
}

/**
 * A documented claim and how to judge it from an observation (see {@link StepContext.claim}).
 * `O` is the observation's type, inferred from `observed`.
 */
export interface ClaimSpec<O> {
  /** Stable id, `<incident number>.<kebab-slug>`, e.g. `002.status-checks-schema`; the scenario README's claims table cites it. */
  id: string;
  /** The document the claim comes from, e.g. `000_b34f50e6b2a4b170.txt`. */
  source: string;
  /** The claim, paraphrased in our own words. */
  claim: string;
  /** Set when the same claim is judged once per variant, e.g. `Better Auth 1.4`; the README has a column per variant. */
  variant?: string;
  /** What the step observed that decides the claim (values it measured, not constants). Recorded in the journal. */
  observed: O;
  /** The verdict, computed from the observation. */
  holds: (observed: O) => boolean;
  /** The evidence sentence, built from the observation. */
  evidence: (observed: O) => string;
  /** The verdict this project verified beforehand. */
  expectedToHold: boolean;
}

/** A response as the step records it: the fetch `Response` shape, body already read. */
export interface ObservedResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  body: string;
  /** `body` parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}

/**
 * What a step receives: checks that record into the journal and throw
 * {@link CheckFailed} when they do not hold (like `expect`), claim verdicts,
 * evidence recorders, and the log lines captured so far in this step.
 */
export class StepContext {
  readonly checks: CheckRecord[] = [];
  readonly claims: ClaimRecord[] = [];
  readonly evidence: Evidence[] = [];
  readonly notes: string[] = [];

  /**
   * @param capture the active log capture of this step
   * @param env the incident environment the step may use (databases, teardown, host)
   */
  constructor(
    private readonly capture: LogCapture,
    readonly env: StepEnv,
  ) {}

  /** Log lines captured so far in this step. */
  get logs(): readonly LogLine[] {
    return this.capture.lines;
  }

  /** Captured lines whose text matches `pattern` (substring or RegExp). */
  logsMatching(pattern: string | RegExp): LogLine[] {
    return this.capture.lines.filter((l) => (typeof pattern === 'string' ? l.text.includes(pattern) : pattern.test(l.text)));
  }

  /** Adds output of a child process or another source to this step's log. */
  log(source: string, text: string): void {
    this.capture.push(source, text);
  }

  /**
   * Expects `actual` to deep-equal `expected`.
   *
   * @throws CheckFailed when it does not
   */
  check<T>(description: string, actual: T, expected: T): void {
    this.record(description, expected, actual, isDeepStrictEqual(actual, expected));
  }

  /**
   * Expects `actual` to contain `pattern` (string) or match it (RegExp).
   *
   * @throws CheckFailed when it does not, or `actual` is not a string
   */
  checkMatch(description: string, actual: unknown, pattern: string | RegExp): void {
    const s = typeof actual === 'string' ? actual : undefined;
    const held = s !== undefined && (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    this.record(description, typeof pattern === 'string' ? `contains ${JSON.stringify(pattern)}` : `matches ${pattern}`, excerpt(actual), held);
  }

  /**
   * Expects a condition; `observed` is what the journal shows as the actual value.
   *
   * @throws CheckFailed when `condition` is false
   */
  checkThat(description: string, condition: boolean, observed: unknown): void {
    this.record(description, true, observed, condition);
  }

  /**
   * Expects at least one captured log line to match `pattern`, and returns the matches.
   *
   * @throws CheckFailed when none does
   */
  checkLogged(description: string, pattern: string | RegExp): LogLine[] {
    const found = this.logsMatching(pattern);
    this.record(
      description,
      typeof pattern === 'string' ? `a line containing ${JSON.stringify(pattern)}` : `a line matching ${pattern}`,
      found.length ? found.map((l) => l.text).slice(0, 3) : `no such line among ${this.logs.length}`,
      found.length > 0,
    );
    return found;
  }

  /**
   * Judges a documented claim from an observation. The verdict is
   * `spec.holds(spec.observed)` and the evidence sentence is
   * `spec.evidence(spec.observed)`: both are computed from what the step
   * observed, never written down (a test over the scenario code rejects
   * functions that ignore their argument and constant observations).
   * `expectedToHold` is the verdict this project verified; a verdict that
   * differs fails the step with both in the message (the world changed).
   *
   * @example
   * t.claim({
   *   id: '000.sign-in-500', source: SOURCE, claim: '/api/auth/callback/credentials returns 500',
   *   observed: { status: res.status },
   *   holds: (o) => o.status === 500,
   *   evidence: (o) => `status ${o.status}`,
   *   expectedToHold: true,
   * });
   * @throws CheckFailed when the verdict differs from `expectedToHold`
   * @throws Error when the spec is malformed (bad id, `holds`/`evidence` not functions of the observation)
   */
  claim<O>(spec: ClaimSpec<O>): ClaimRecord {
    if (!/^\d{3}\.[a-z0-9]+(?:-[a-z0-9]+)*$/.test(spec.id)) throw new Error(`claim id "${spec.id}" must look like 002.status-checks-schema`);
    if (typeof spec.holds !== 'function' || spec.holds.length < 1)
      throw new Error(`claim ${spec.id}: holds must be a function of the observation, (observed) => boolean`);
    if (typeof spec.evidence !== 'function' || spec.evidence.length < 1)
      throw new Error(`claim ${spec.id}: evidence must be a function of the observation, (observed) => string`);
    const verdict = spec.holds(spec.observed);
    if (typeof verdict !== 'boolean') throw new Error(`claim ${spec.id}: holds returned ${typeof verdict}, not a boolean`);
    const rec: ClaimRecord = {
      id: spec.id,
      ...(spec.variant ? { variant: spec.variant } : {}),
      source: spec.source,
      claim: spec.claim,
      observed: jsonSafe(spec.observed),
      holds: verdict,
      expectedToHold: spec.expectedToHold,
      evidence: String(spec.evidence(spec.observed)),
    };
    this.claims.push(rec);
    if (rec.holds !== rec.expectedToHold) {
      throw new CheckFailed(
        `claim ${rec.id}${rec.variant ? ` (${rec.variant})` : ''} from ${rec.source}: "${rec.claim}" was expected to ${rec.expectedToHold ? 'hold' : 'not hold'}, but it ${rec.holds ? 'held' : 'did not'} (${rec.evidence})`,
      );
    }
    return rec;
  }

  /** Adds a sentence to the journal (a caveat, a deviation from the postmortem). */
  note(text: string): void {
    this.notes.push(text);
  }

  /** Records a fetch Response (reads its body once) and returns it in observed form. */
  async http(label: string, res: Response, request: { method?: string; url?: string } = {}): Promise<ObservedResponse> {
    const body = await res.text();
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const observed: ObservedResponse = { method: request.method ?? 'GET', url: request.url ?? res.url, status: res.status, headers: res.headers, body, json };
    const setCookie = res.headers.getSetCookie?.() ?? [];
    this.evidence.push({
      type: 'http',
      label,
      method: observed.method,
      url: observed.url,
      status: res.status,
      ...(res.headers.get('location') ? { location: res.headers.get('location')! } : {}),
      ...(setCookie.length ? { setCookie: setCookie.map(redactCookie) } : {}),
      bodyExcerpt: excerpt(body),
    });
    return observed;
  }

  /**
   * Runs SQL on a database, records statement and rows, and returns the rows.
   *
   * @param url connection URL of a harness-created database
   * @throws the driver error when the statement fails (use {@link sqlError} to expect one)
   */
  async sql<R extends Record<string, unknown> = Record<string, unknown>>(label: string, url: string, sql: string, params: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const res = await client.query<R>(sql, params);
      const last = Array.isArray(res) ? res.at(-1) : res;
      const rows: R[] = last?.rows ?? [];
      // rowCount: rows returned by a SELECT, rows affected by INSERT/UPDATE/DELETE.
      this.evidence.push({ type: 'sql', label, sql: sql.trim(), rowCount: last?.rowCount ?? rows.length, rows: rows.slice(0, 20) });
      return rows;
    } finally {
      await client.end();
    }
  }

  /** Records an error as evidence: class, message, SQLSTATE and code found anywhere in its cause chain. */
  error(label: string, err: unknown): { errorClass: string; message: string; sqlstate?: string; code?: string } {
    const e = err as { message?: string; code?: unknown };
    const sqlstate = sqlstateOf(err);
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const rec = { errorClass: errorClassOf(err), message: String(e?.message ?? err), ...(sqlstate ? { sqlstate } : {}), ...(code ? { code } : {}) };
    this.evidence.push({ type: 'error', label, ...rec, message: excerpt(rec.message) });
    return rec;
  }

  /** Records any value worth keeping (a computed signature, a count). */
  value(label: string, value: unknown): void {
    this.evidence.push({ type: 'value', label, value });
  }

  /** Records a command that ran (e.g. the Prisma CLI) with its exit code and output. */
  command(label: string, rec: { command: string; exitCode: number | null; output: string; durationMs: number }): void {
    this.evidence.push({
      type: 'command',
      label,
      command: rec.command,
      exitCode: rec.exitCode,
      outputExcerpt: excerpt(rec.output, 1200),
      durationMs: Math.round(rec.durationMs),
    });
  }

  private record(description: string, expected: unknown, actual: unknown, held: boolean): void {
    this.checks.push({ description, expected, actual, held });
    if (!held) throw new CheckFailed(`${description}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function show(v: unknown): string {
  return inspect(v, { depth: 4, breakLength: Infinity, maxStringLength: 300 });
}

function excerpt(v: unknown, max = EXCERPT): string {
  const s = typeof v === 'string' ? v : show(v);
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

/** Keeps a Set-Cookie's name and attributes, shortens its value (tokens are long and secret-ish). */
function redactCookie(c: string): string {
  return c.replace(/^([^=]+)=([^;]*)/, (_m, n: string, v: string) => `${n}=${v.length > 16 ? `${v.slice(0, 8)}…(${v.length})` : v}`);
}

/** The observation as JSON the journal can hold: Maps/Sets as arrays, long strings and big values clipped. */
function jsonSafe(v: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(v, (_k, x: unknown) =>
      x instanceof Map
        ? Object.fromEntries(x)
        : x instanceof Set
          ? [...x]
          : typeof x === 'bigint'
            ? x.toString()
            : typeof x === 'string' && x.length > 600
              ? `${x.slice(0, 600)}… (${x.length} chars)`
              : x,
    );
  } catch {
    return show(v);
  }
  if (text === undefined) return null;
  return text.length > 4000 ? excerpt(show(v), 4000) : JSON.parse(text);
}
