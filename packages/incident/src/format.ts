import type { Evidence } from './journal.js';
import { briefValue, teachingLines } from './log-capture.js';

/** Milliseconds as `312 ms` or `1.4 s`. */
export function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/**
 * One evidence item as a short line of what was observed: an HTTP exchange with its status and
 * a short body (`GET /api/auth/get-session → 500 {"code":"FAILED_TO_GET_SESSION",…}`), an SQL
 * statement's first line and result, an error's class, codes and telling line, a command's exit
 * code (and, when it failed, its first error lines), a value shortened with {@link briefValue}.
 * The whole evidence stays in the journal.
 */
export function observed(e: Evidence): string {
  switch (e.type) {
    case 'http':
      return `${e.method} ${new URL(e.url, 'http://x').pathname} → ${e.status}${e.location ? ` (Location ${e.location})` : ''}${briefBody(e.status, e.bodyExcerpt)}`;
    case 'sql':
      return `SQL ${firstLine(e.sql)} → ${sqlResult(e.rowCount, e.rows)}`;
    case 'error':
      return `${e.errorClass}${e.sqlstate ? ` SQLSTATE ${e.sqlstate}` : ''}${e.code && e.code !== e.sqlstate ? ` ${e.code}` : ''}: ${headline(e.message)}`;
    case 'command':
      return `$ ${e.command} → exit ${e.exitCode} (${ms(e.durationMs)})${e.exitCode === 0 ? '' : failedWith(e.outputExcerpt)}`;
    case 'value': {
      const v = briefValue(e.value);
      return `${e.label}: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    }
  }
}

/** The most of an error response's body shown, in characters. */
const MAX_BODY = 160;
/** The longest body of a successful response shown (`{}`, `{"ok":true}`); longer ones are data the journal keeps. */
const MAX_OK_BODY = 60;

/**
 * A response body as the end of an evidence line: JSON shortened with {@link briefValue}, other
 * text by its first line; an error response's (status ≥ 400) up to 160 characters, a successful
 * one's only when it is at most 60 (`{}`); nothing for an empty body or an HTML page.
 */
function briefBody(status: number, body: string): string {
  const text = body.trim();
  if (!text || /^<(!doctype|html)\b/i.test(text)) return '';
  let shown = text.split('\n')[0]!;
  try {
    shown = JSON.stringify(briefValue(JSON.parse(text)));
  } catch {
    // not JSON: its first line
  }
  if (status < 400) return shown.length <= MAX_OK_BODY ? ` ${shown}` : '';
  return ` ${shown.length > MAX_BODY ? `${shown.slice(0, MAX_BODY - 1)}…` : shown}`;
}

/** A failed command's first two error lines (as {@link teachingLines} keeps them, warnings aside), after a colon. */
function failedWith(output: string): string {
  const lines = teachingLines(output.split('\n').map((text) => ({ source: '', text, atMs: 0 })))
    .shown.map((l) => l.text)
    .filter((t) => !/^\W*warn/i.test(t))
    .slice(0, 2);
  return lines.length ? `: ${lines.join(' ⏎ ')}` : '';
}

/** A single small row is shown by value (`applied=12`); otherwise the count. */
function sqlResult(rowCount: number, rows: unknown[]): string {
  const only = rows.length === 1 ? (rows[0] as Record<string, unknown>) : undefined;
  if (only && Object.keys(only).length <= 3) {
    const shown = Object.entries(only)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
    if (shown.length <= 80) return shown;
  }
  return `${rowCount} row${rowCount === 1 ? '' : 's'}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/\s+/g, ' ').trim();
}

/**
 * An error message's telling line: the first non-empty one, or the last when the
 * first only introduces what follows (Prisma's "Invalid `prisma.user.findUnique()` invocation:").
 */
export function headline(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return (lines.length > 1 && lines[0]!.endsWith(':') ? lines.at(-1) : lines[0]) ?? '';
}

/** `s` on one line (whitespace runs folded), cut to `n` characters with an ellipsis. */
export function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
