import fs from 'node:fs';
import path from 'node:path';
import type { ClaimRecord, LogLine } from './journal.js';

/**
 * Text helpers shared by the run's reports (report.md, report.html): what of
 * a captured log teaches, paths a reader of the repository can follow, and
 * claims grouped per variant.
 */

/** Captured lines that say what went wrong: error lines, SQLSTATEs, Prisma codes, the libraries' own log prefixes. */
const TEACHING =
  /error|warn|fail|SQLSTATE|\b\d{2}[0-9A-Z]\d{2}\b|\bP\d{4}\b|does not exist|not found|session:|\[next-auth\]|\[auth|prisma:|denied|refused|timed? ?out|\b[45]\d\d\b/i;
/** A stack frame line (`    at fn (file:line:col)`). */
const FRAME = /^\s*at\s/;
/** A frame in this project's own code (not a dependency's). */
const PROJECT_FRAME = /(^|[\s(/])(apps|scenarios|packages)\//;
/** The fields node-postgres prints for a DatabaseError that add nothing a learner needs (the `code:` line stays). */
const NOISE_FIELD = /^\s*(length|severity|detail|hint|position|internal\w*|where|schema|table|column|dataType|constraint|file|line|routine):/;
/** The longest log line shown; longer ones (minified runtime dumps) are clipped. */
const MAX_LINE = 240;

/**
 * The lines of a step's captured log worth showing a learner: the error
 * lines and codes, and the first frames of the project's own code (at most
 * 3 per stack); never dependency frames. Every line is clipped to 240
 * characters. When nothing matches, the first lines are shown.
 *
 * @param logs the step's captured lines, in order
 * @param max the most lines to show (default 12)
 * @returns the lines to show (clipped, paths repository-relative) and how many were left out
 */
export function teachingLog(logs: readonly LogLine[], max = 12): { shown: LogLine[]; cut: number } {
  const picked: LogLine[] = [];
  let framesInStack = 0;
  for (const l of logs) {
    if (picked.length >= max) break;
    if (FRAME.test(l.text)) {
      if (PROJECT_FRAME.test(l.text) && !l.text.includes('node_modules') && framesInStack < 3) {
        picked.push(l);
        framesInStack++;
      }
      continue;
    }
    framesInStack = 0;
    if (TEACHING.test(l.text) && !NOISE_FIELD.test(l.text)) picked.push(l);
  }
  const shown = (picked.length ? picked : logs.slice(0, Math.min(3, max))).map((l) => ({ ...l, text: clipLine(repoRelative(l.text)) }));
  return { shown, cut: logs.length - shown.length };
}

function clipLine(s: string): string {
  return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}… (${s.length} chars)` : s;
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
