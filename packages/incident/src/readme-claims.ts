/**
 * The claims table of a scenario README, read back and compared with the
 * claims a replay judged (the journal's {@link ClaimRecord}s), so that prose
 * can never state a verdict the replay did not observe.
 *
 * A claims table is any GitHub-flavoured Markdown table with at least one body
 * row whose first cell is a claim id in backticks (`` `002.status-checks-schema` ``).
 * Its verdict columns are the one headed `Verdict` (a claim judged once), or
 * the columns whose every cell is a verdict (a version matrix: the header is
 * the claim's variant, e.g. `Better Auth 1.4.0`). A verdict cell reads `holds`,
 * `does not hold`, or `—` / `not judged` (the claim is not judged for that
 * variant), optionally in bold and followed by a remark in parentheses.
 */
import type { ClaimRecord } from './journal.js';

/** A README verdict: the claim holds, does not hold, or is not judged (`—`). */
export type ReadmeVerdict = 'holds' | 'does not hold' | 'not judged';

/** One row of a README claims table. */
export interface ReadmeClaimRow {
  /** The claim id of the first cell. */
  id: string;
  /** 1-based line number in the README. */
  line: number;
  /**
   * Verdict per verdict column: the key is the variant (the column header) for
   * a version matrix, `undefined` for a single `Verdict` column.
   */
  verdicts: Map<string | undefined, ReadmeVerdict>;
}

/** What {@link parseReadmeClaims} found. */
export interface ReadmeClaims {
  rows: ReadmeClaimRow[];
  /** Variant columns of the claims tables, in order (empty when the tables have a single `Verdict` column). */
  variants: string[];
  /** Rows of a claims table that carry no claim id, as `line N: <first cell>`. */
  rowsWithoutId: string[];
}

const ID_CELL = /^`(\d{3}\.[a-z0-9]+(?:-[a-z0-9]+)*)`$/;
const VERDICT_CELL = /^(\*\*)?(holds|does not hold|—|not judged)(\*\*)?(\s*\(.*\))?$/i;

/**
 * Splits a GFM table line into trimmed cells. A pipe escaped as `\|` stays in
 * its cell (GFM splits on every other pipe, inside code spans too).
 */
function cells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

function verdictOf(cell: string): ReadmeVerdict | undefined {
  const m = VERDICT_CELL.exec(cell.trim());
  if (!m) return undefined;
  const word = m[2]!.toLowerCase();
  return word === 'holds' ? 'holds' : word === 'does not hold' ? 'does not hold' : 'not judged';
}

/**
 * Reads the claims tables of a README.
 *
 * @param readme the README's Markdown text
 * @returns its claim rows (with line numbers and verdicts per column), the variant columns, and the table rows that lack an id
 */
export function parseReadmeClaims(readme: string): ReadmeClaims {
  const lines = readme.split(/\r?\n/);
  const out: ReadmeClaims = { rows: [], variants: [], rowsWithoutId: [] };
  for (let i = 0; i < lines.length; i++) {
    // A table: a header line, a delimiter line (|---|:--:|), body lines.
    if (!lines[i]!.trim().startsWith('|') || !/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[i + 1] ?? '')) continue;
    const header = cells(lines[i]!);
    const body: { line: number; cells: string[] }[] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) body.push({ line: j + 1, cells: cells(lines[j]!) });
    i = j - 1;
    const withId = body.filter((r) => ID_CELL.test(r.cells[0] ?? ''));
    if (withId.length === 0) continue; // not a claims table

    const single = header.findIndex((h) => /^verdict$/i.test(h.replace(/\*/g, '')));
    const verdictColumns: { index: number; variant: string | undefined }[] =
      single >= 0
        ? [{ index: single, variant: undefined }]
        : header.flatMap((h, index) =>
            index > 0 && withId.every((r) => verdictOf(r.cells[index] ?? '') !== undefined) ? [{ index, variant: h.replace(/\*/g, '').trim() }] : [],
          );
    for (const c of verdictColumns) if (c.variant !== undefined && !out.variants.includes(c.variant)) out.variants.push(c.variant);

    for (const r of body) {
      const id = ID_CELL.exec(r.cells[0] ?? '')?.[1];
      if (!id) {
        out.rowsWithoutId.push(`line ${r.line}: ${r.cells[0] ?? ''}`);
        continue;
      }
      const verdicts = new Map<string | undefined, ReadmeVerdict>();
      for (const c of verdictColumns) {
        const v = verdictOf(r.cells[c.index] ?? '');
        if (v) verdicts.set(c.variant, v);
      }
      out.rows.push({ id, line: r.line, verdicts });
    }
  }
  return out;
}

const said = (holds: boolean): ReadmeVerdict => (holds ? 'holds' : 'does not hold');
const label = (id: string, variant: string | undefined) => `\`${id}\`${variant ? ` (${variant})` : ''}`;

/**
 * Compares a README's claims tables with the claims a run judged.
 *
 * @param readme the README's Markdown text
 * @param claims the journal's claims (every step's `claims`, in order)
 * @returns one message per mismatch, empty when they agree: a journal claim
 *   with no README row, a README row whose id no claim has, a row without an
 *   id, an id with two rows, a variant column missing, a verdict that differs
 *   (per variant), a verdict stated for a variant the run did not judge, or a
 *   judged claim whose README cell says it is not judged
 */
export function checkReadmeClaims(readme: string, claims: readonly ClaimRecord[]): string[] {
  const parsed = parseReadmeClaims(readme);
  const problems: string[] = [];
  for (const r of parsed.rowsWithoutId) problems.push(`claims table row without a claim id in its first cell (${r})`);

  const rows = new Map<string, ReadmeClaimRow>();
  for (const row of parsed.rows) {
    if (rows.has(row.id)) problems.push(`\`${row.id}\` has two README rows (lines ${rows.get(row.id)!.line} and ${row.line})`);
    else rows.set(row.id, row);
  }

  // The journal's verdicts: id → variant → holds (the last judgement wins if a claim was judged twice).
  const judged = new Map<string, Map<string | undefined, boolean>>();
  for (const c of claims) {
    if (!judged.has(c.id)) judged.set(c.id, new Map());
    judged.get(c.id)!.set(c.variant, c.holds);
  }

  const missingVariants = new Set<string>();
  for (const [id, byVariant] of judged) {
    const row = rows.get(id);
    if (!row) {
      problems.push(`claim \`${id}\` is in the journal but has no row in the README claims table`);
      continue;
    }
    for (const [variant, holds] of byVariant) {
      if (variant !== undefined && !parsed.variants.includes(variant)) {
        missingVariants.add(variant);
        continue;
      }
      const readmeVerdict = row.verdicts.get(variant);
      if (readmeVerdict === undefined)
        problems.push(`${label(id, variant)}: README line ${row.line} has no ${variant ? `"${variant}"` : 'Verdict'} cell; the journal says it ${said(holds)}`);
      else if (readmeVerdict === 'not judged')
        problems.push(`${label(id, variant)}: README line ${row.line} says not judged, the journal says it ${said(holds)}`);
      else if (readmeVerdict !== said(holds))
        problems.push(`${label(id, variant)}: README line ${row.line} says it ${readmeVerdict}, the journal says it ${said(holds)}`);
    }
  }
  for (const variant of missingVariants) problems.push(`the README claims table has no "${variant}" column (the journal judges claims for that variant)`);

  for (const row of parsed.rows) {
    const byVariant = judged.get(row.id);
    if (!byVariant) {
      problems.push(`README line ${row.line}: \`${row.id}\` names no claim of the journal`);
      continue;
    }
    for (const [variant, verdict] of row.verdicts) {
      if (verdict !== 'not judged' && !byVariant.has(variant))
        problems.push(
          `${label(row.id, variant)}: README line ${row.line} says it ${verdict}, but this run did not judge it${variant ? ' for that variant' : ''}`,
        );
    }
  }
  return problems;
}
