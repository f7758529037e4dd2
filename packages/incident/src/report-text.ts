import fs from 'node:fs';
import path from 'node:path';
import type { ClaimRecord } from './journal.js';
import type { LeftOutReason, TeachingLines } from './log-capture.js';

/**
 * Text helpers shared by the run's reports (report.md, report.html): how much
 * of a captured log is left out, paths a reader of the repository can follow, and
 * claims grouped per variant.
 */

/** The words a report uses for each reason a log line is left out: one line, several lines. */
const REASON_WORDS: Record<LeftOutReason, [string, string]> = {
  'bundle source': ['bundle source', 'bundle source'],
  'dependency frame': ['dependency frame', 'dependency frames'],
  backtrace: ['backtrace', 'backtrace'],
  repeat: ['repeat', 'repeats'],
  'no message': ['without a code or message', 'without a code or message'],
  'over the limit': ['past the limit', 'past the limit'],
};

/**
 * The sentence that says how much of a captured log a report leaves out, and why:
 * `37 of 45 lines left out (18 dependency frames, 9 without a code or message, 8 bundle source, 2 repeats)`.
 *
 * @param taught what {@link teachingLines} kept of the log
 * @param total the log's line count
 */
export function leftOutNote(taught: TeachingLines, total: number): string {
  const why = (Object.entries(taught.reasons) as [LeftOutReason, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${n} ${REASON_WORDS[r][n === 1 ? 0 : 1]}`);
  return `${taught.leftOut} of ${total} lines left out${why.length ? ` (${why.join(', ')})` : ''}`;
}

/**
 * The repository root: the nearest folder at or above `from` that holds a pnpm-workspace.yaml.
 *
 * @returns its absolute path, or `undefined` when there is none up to the filesystem root
 */
export function findWorkspaceRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

let root: string | null | undefined;

/** The repository root above the working directory (looked up once), or `null`. */
function repoRoot(): string | null {
  root ??= findWorkspaceRoot(process.cwd()) ?? null;
  return root;
}

/**
 * Makes paths in `text` readable on any machine: the repository root
 * becomes relative (`apps/x/…` instead of `/home/me/repo/apps/x/…`), and
 * pnpm's store folders shrink to the package (`node_modules/drizzle-orm/…`).
 */
export function repoRelative(text: string): string {
  const r = repoRoot();
  let out = r ? text.split(`file://${r}/`).join('').split(`${r}/`).join('') : text;
  out = out.replace(/node_modules\/\.pnpm\/[^/\s]+\/node_modules\//g, 'node_modules/');
  return out;
}

/** One claim id with its verdicts: one entry per variant (a single entry keyed `''` when it has none). */
export interface ClaimRow {
  id: string;
  claim: string;
  source: string;
  byVariant: Map<string, ClaimRecord>;
}

/**
 * Groups claims by id, in first-seen order, with one verdict per variant,
 * and lists the variants in first-seen order (empty when no claim has one).
 */
export function claimRows(claims: readonly ClaimRecord[]): { rows: ClaimRow[]; variants: string[] } {
  const rows = new Map<string, ClaimRow>();
  const variants: string[] = [];
  for (const c of claims) {
    const v = c.variant ?? '';
    if (v && !variants.includes(v)) variants.push(v);
    const row = rows.get(c.id) ?? { id: c.id, claim: c.claim, source: c.source, byVariant: new Map() };
    row.byVariant.set(v, c);
    rows.set(c.id, row);
  }
  return { rows: [...rows.values()], variants };
}
