/**
 * The claims table and the steps table of a scenario README, read back and
 * compared with what a replay did (the journal's {@link ClaimRecord}s and
 * steps), so that prose can never state a verdict the replay did not observe
 * nor number a step the incident does not have.
 *
 * A claims table is any GitHub-flavoured Markdown table with at least one body
 * row whose first cell is a claim id in backticks (`` `002.status-checks-schema` ``),
 * optionally after the row's anchor `<a id="claim-002.status-checks-schema"></a>`
 * (the target of links to the claim).
 * Its verdict columns are the one headed `Verdict` (a claim judged once), or
 * the columns whose every cell is a verdict (a version matrix: the header is
 * the claim's variant, e.g. `Better Auth 1.4.0`). A verdict cell reads `holds`,
 * `does not hold`, or `—` / `not judged` (the claim is not judged for that
 * variant), optionally in bold and followed by a remark in parentheses.
 *
 * A steps table is a table with a `Kind` column whose cells carry step anchors:
 * `<a id="step-3"></a>3` is the journal's step 3 (`StepRecord.index`), the
 * target of links to it. A row may carry several (one per variant column, when
 * an incident repeats its steps per variant); the row's kind is each one's kind.
 */
import type { ClaimRecord } from './journal.js';

/** A README verdict: the claim holds, does not hold, or is not judged (`—`). */
export type ReadmeVerdict = 'holds' | 'does not hold' | 'not judged';

/** One row of a README claims table. */
export interface ReadmeClaimRow {
  /** The claim id of the first cell. */
  id: string;
  /** The id of the row's `<a id="…">` anchor (`claim-<id>`), when it has one. */
  anchor?: string;
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

const ID_CELL = /^(?:<a id="([^"]*)"><\/a>\s*)?`(\d{3}\.[a-z0-9]+(?:-[a-z0-9]+)*)`$/;
const STEP_ANCHOR = /<a id="step-(\d+)"><\/a>\s*([^<]*)/g;

/** The anchor a README gives the row of claim `id` (see {@link ReadmeClaimRow.anchor}). */
export function claimAnchor(id: string): string {
  return `claim-${id}`;
}

/** The anchor a README gives step `index` (1-based, `StepRecord.index`) in its steps table. */
export function stepAnchor(index: number): string {
  return `step-${index}`;
}

/** A GFM table of a README: its header cells and its body rows with their 1-based line numbers. */
interface Table {
  header: string[];
  body: { line: number; cells: string[] }[];
}

/** The GFM tables of a Markdown text: a header line, a delimiter line (`|---|:--:|`), body lines. */
function tables(readme: string): Table[] {
  const lines = readme.split(/\r?\n/);
  const out: Table[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim().startsWith('|') || !/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[i + 1] ?? '')) continue;
    const table: Table = { header: cells(lines[i]!), body: [] };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) table.body.push({ line: j + 1, cells: cells(lines[j]!) });
    i = j - 1;
    out.push(table);
  }
  return out;
}
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
  const out: ReadmeClaims = { rows: [], variants: [], rowsWithoutId: [] };
  for (const { header, body } of tables(readme)) {
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
      const [, anchor, id] = ID_CELL.exec(r.cells[0] ?? '') ?? [];
      if (!id) {
        out.rowsWithoutId.push(`line ${r.line}: ${r.cells[0] ?? ''}`);
        continue;
      }
      const verdicts = new Map<string | undefined, ReadmeVerdict>();
      for (const c of verdictColumns) {
        const v = verdictOf(r.cells[c.index] ?? '');
        if (v) verdicts.set(c.variant, v);
      }
      out.rows.push({ id, line: r.line, verdicts, ...(anchor !== undefined ? { anchor } : {}) });
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
 *   (per variant), a verdict stated for a variant the run did not judge, a
 *   judged claim whose README cell says it is not judged, or a row anchor that
 *   is not `claim-<its id>`
 */
export function checkReadmeClaims(readme: string, claims: readonly ClaimRecord[]): string[] {
  const parsed = parseReadmeClaims(readme);
  const problems: string[] = [];
  for (const r of parsed.rowsWithoutId) problems.push(`claims table row without a claim id in its first cell (${r})`);

  const rows = new Map<string, ReadmeClaimRow>();
  for (const row of parsed.rows) {
    if (row.anchor !== undefined && row.anchor !== claimAnchor(row.id))
      problems.push(`README line ${row.line}: the anchor of \`${row.id}\` is "${row.anchor}", not "${claimAnchor(row.id)}"`);
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

/** One step anchor of a README steps table. */
export interface ReadmeStepRow {
  /** The step's number, `StepRecord.index` (1-based). */
  index: number;
  /** 1-based line number in the README. */
  line: number;
  /** The row's `Kind` cell, as written. */
  kind: string;
  /** The cell's text after the anchor, which should be the number itself. */
  label: string;
  /** The header of the anchor's column (`step`, or a variant such as `1.4.0`): steps are in order within a column. */
  column: string;
}

/**
 * Reads the step anchors of a README's steps tables (see the module comment).
 *
 * @param readme the README's Markdown text
 * @returns one entry per `<a id="step-N">` in a table with a `Kind` column, in document order
 */
export function parseReadmeSteps(readme: string): ReadmeStepRow[] {
  const out: ReadmeStepRow[] = [];
  for (const { header, body } of tables(readme)) {
    const kindColumn = header.findIndex((h) => /^kind$/i.test(h.replace(/\*/g, '').trim()));
    if (kindColumn < 0) continue;
    for (const r of body)
      r.cells.forEach((cell, c) => {
        for (const m of cell.matchAll(STEP_ANCHOR))
          out.push({ index: Number(m[1]), line: r.line, kind: r.cells[kindColumn] ?? '', label: m[2]!.trim(), column: header[c] ?? '' });
      });
  }
  return out;
}

/** A kind as written in a README (`broken state`, `**fix**`) in the journal's form (`broken-state`). */
function kindOf(cell: string): string {
  return cell.replace(/[*`]/g, '').trim().toLowerCase().replace(/\s+/g, '-');
}

/**
 * Compares a README's steps tables with the steps a run recorded: every step
 * has exactly one anchor, in order within its column, shown with its own number, in a row of its kind.
 *
 * @param readme the README's Markdown text
 * @param steps the journal's steps (`index` and `kind` of each, skipped ones included)
 * @returns one message per mismatch, empty when they agree: a step with no
 *   anchor or two, an anchor for a step the run does not have, an anchor out
 *   of order, a number shown that is not the anchor's, a kind that differs
 */
export function checkReadmeSteps(readme: string, steps: readonly { index: number; kind: string }[]): string[] {
  const rows = parseReadmeSteps(readme);
  const problems: string[] = [];
  const kinds = new Map(steps.map((s) => [s.index, s.kind]));
  const seen = new Map<number, number>();
  const previousIn = new Map<string, number>();
  for (const r of rows) {
    const where = `README line ${r.line}, step ${r.index}`;
    if (seen.has(r.index)) problems.push(`${where}: a second anchor for the step (the first is on line ${seen.get(r.index)})`);
    seen.set(r.index, r.line);
    if (!kinds.has(r.index)) {
      problems.push(`${where}: the run has no step ${r.index} (it has ${steps.length})`);
      continue;
    }
    const previous = previousIn.get(r.column) ?? 0;
    if (r.index < previous) problems.push(`${where}: comes after step ${previous} in column "${r.column}"; a column lists steps in the run's order`);
    previousIn.set(r.column, Math.max(previous, r.index));
    if (r.label !== String(r.index)) problems.push(`${where}: the anchor is shown as "${r.label}", not as its number`);
    if (kindOf(r.kind) !== kinds.get(r.index)) problems.push(`${where}: kind "${r.kind}", the run's step ${r.index} is ${kinds.get(r.index)}`);
  }
  for (const s of steps)
    if (!seen.has(s.index)) problems.push(`step ${s.index} (${s.kind}) has no row in the README steps table (<a id="${stepAnchor(s.index)}"></a>)`);
  return problems;
}
