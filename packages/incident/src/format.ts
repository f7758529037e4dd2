import type { Evidence } from './journal.js';

/** Milliseconds as `312 ms` or `1.4 s`. */
export function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/** One evidence item as a short line of what was observed. */
export function observed(e: Evidence): string {
  switch (e.type) {
    case 'http':
      return `${e.method} ${new URL(e.url, 'http://x').pathname} → ${e.status}${e.location ? ` (Location ${e.location})` : ''}`;
    case 'sql':
      return `SQL ${firstLine(e.sql)} → ${sqlResult(e.rowCount, e.rows)}`;
    case 'error':
      return `${e.errorClass}${e.sqlstate ? ` SQLSTATE ${e.sqlstate}` : ''}${e.code && e.code !== e.sqlstate ? ` ${e.code}` : ''}: ${headline(e.message)}`;
    case 'command':
      return `$ ${e.command} → exit ${e.exitCode} (${ms(e.durationMs)})`;
    case 'value':
      return `${e.label}: ${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}`;
  }
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
