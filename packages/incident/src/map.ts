/**
 * The map: one row per incident — what users saw, the real cause, what a dashboard counting 500s
 * would miss, the fix that works, the postmortem's own fix and its verdict (and its diagnosis's). The data is each
 * incident's `map` (copied into its journal); the root README, report.md and report.html render it
 * with the functions here, each with its own links.
 */
import type { ClaimRecord, IncidentMap, Journal, MapCell } from './journal.js';
import { parseReadmeClaims, parseReadmeSteps, stepAnchor } from './readme-claims.js';

/**
 * The map's columns: the field of {@link IncidentMap} and its header. The diagnosis has no column
 * of its own: it shares the postmortem's-fix column (see {@link mapMarkdown}).
 */
export const MAP_COLUMNS: readonly { key: Exclude<keyof IncidentMap, 'diagnosis'>; header: string }[] = [
  { key: 'seen', header: 'What you see' },
  { key: 'cause', header: 'The real cause' },
  { key: 'missed', header: 'What a dashboard counting 500s misses' },
  { key: 'fix', header: 'The fix that works' },
  { key: 'documentedFix', header: "The postmortem's fix" },
];

/** What a map row needs of an incident: its id and title and the map itself. */
export interface MapRow {
  id: string;
  title: string;
  map: IncidentMap;
}

/**
 * The verdict of a claim over journals, observed: `holds`, `does not hold`, or per variant when
 * they differ (`does not hold on Better Auth 1.4.0, 1.7.25; holds on Better Auth 0.8.8`).
 * Hosts are folded together; when they disagree both verdicts are listed for that variant.
 *
 * @returns undefined when no journal judged the claim (the step did not run)
 */
export function claimVerdict(journals: readonly Journal[], claimId: string): string | undefined {
  const claims: ClaimRecord[] = journals.flatMap((j) => j.steps.flatMap((s) => s.claims)).filter((c) => c.id === claimId);
  return verdictText(claims.map((c) => ({ ...(c.variant ? { variant: c.variant } : {}), holds: c.holds })));
}

/** Verdicts as words: one when they agree, else grouped by verdict with the variants of each. */
function verdictText(verdicts: readonly { variant?: string; holds: boolean }[]): string | undefined {
  if (verdicts.length === 0) return undefined;
  const word = (holds: boolean) => (holds ? 'holds' : 'does not hold');
  if (new Set(verdicts.map((v) => v.holds)).size === 1) return word(verdicts[0]!.holds);
  const byVerdict = new Map<boolean, string[]>();
  for (const v of verdicts) {
    const list = byVerdict.get(v.holds) ?? [];
    const name = v.variant ?? 'no variant';
    if (!list.includes(name)) list.push(name);
    byVerdict.set(v.holds, list);
  }
  return [...byVerdict].map(([holds, variants]) => `${word(holds)} on ${variants.join(', ')}`).join('; ');
}

/**
 * The map as the root README shows it: a claim links to its row of the scenario README's claims
 * table (`#claim-<id>`, or the heading above the table when the row has no anchor), a step to its
 * row of the README's steps table (`#step-N`); the verdicts of the postmortem's fix and diagnosis
 * are the ones the scenario README's claims table states, which the incident tests compare with
 * every run.
 *
 * @param readmeOf the text of `scenarios/<id>/README.md`
 * @throws Error naming the incident and claim when a cell cites a claim its README's tables lack,
 *   or the step when a cell cites a step its README's steps table has no anchor for
 */
export function readmeMap(rows: readonly MapRow[], readmeOf: (id: string) => string): string {
  const parsed = new Map(
    rows.map((r) => {
      const text = readmeOf(r.id);
      return [r.id, { text, claims: parseReadmeClaims(text), steps: new Set(parseReadmeSteps(text).map((s) => s.index)) }];
    }),
  );
  const claimRow = (row: MapRow, id: string) => {
    const found = parsed.get(row.id)!.claims.rows.find((c) => c.id === id);
    if (!found) throw new Error(`map of ${row.id} cites claim ${id}, which no claims table of scenarios/${row.id}/README.md lists`);
    return found;
  };
  const link = (row: MapRow, cell: MapCell) => {
    const readme = `scenarios/${row.id}/README.md`;
    if (cell.claim === undefined) {
      if (cell.step === undefined) return undefined;
      if (!parsed.get(row.id)!.steps.has(cell.step))
        throw new Error(`map of ${row.id} cites step ${cell.step}, which no steps table of ${readme} anchors (<a id="${stepAnchor(cell.step)}"></a>)`);
      return `${readme}#${stepAnchor(cell.step)}`;
    }
    const found = claimRow(row, cell.claim);
    if (found.anchor !== undefined) return `${readme}#${found.anchor}`;
    const lines = parsed.get(row.id)!.text.split('\n').slice(0, found.line);
    const heading = lines.reverse().find((l) => /^#{2,3} /.test(l));
    return `${readme}${heading ? `#${githubSlug(heading.replace(/^#+ /, ''))}` : ''}`;
  };
  const verdictOf = (row: MapRow, claim: string) => {
    const verdicts = [...claimRow(row, claim).verdicts].flatMap(([variant, v]) =>
      v === 'not judged' ? [] : [{ ...(variant ? { variant } : {}), holds: v === 'holds' }],
    );
    return verdictText(verdicts);
  };
  return mapMarkdown(
    rows,
    link,
    (row) => verdictOf(row, row.map.documentedFix.claim),
    (row) => (row.map.diagnosis ? verdictOf(row, row.map.diagnosis.claim) : undefined),
  );
}

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function githubSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The map as a Markdown table, one row per incident in the given order. The postmortem's-fix
 * column gives the fix's verdict; when the map names the postmortem's diagnosis
 * ({@link IncidentMap.diagnosis}) it reads `Diagnosis (…): **verdict** · Fix (…): **verdict**`,
 * so that neither verdict can be taken for the other.
 *
 * @param link where a cell's proof lives (a URL or a `#anchor`), or undefined for no link;
 *   the link text is the claim id, or `step N`
 * @param verdict the documented fix's verdict text (e.g. {@link claimVerdict} over a run), or
 *   undefined to show only the claim it rests on
 * @param diagnosisVerdict the diagnosis's verdict text, likewise (only asked for rows with a diagnosis)
 */
export function mapMarkdown(
  rows: readonly MapRow[],
  link: (row: MapRow, cell: MapCell) => string | undefined,
  verdict: (row: MapRow) => string | undefined = () => undefined,
  diagnosisVerdict: (row: MapRow) => string | undefined = () => undefined,
): string {
  const proof = (row: MapRow, c: MapCell) => {
    const target = link(row, c);
    const label = c.claim ? `\`${c.claim}\`` : c.step !== undefined ? `step ${c.step}` : '';
    return label ? (target ? ` ([${label}](${target}))` : ` (${label})`) : '';
  };
  const cell = (row: MapRow, c: MapCell) => `${mdCell(c.text)}${proof(row, c)}`;
  const said = (v: string | undefined) => (v ? `: **${v}**` : '');
  const documentedFix = (row: MapRow) => {
    const { documentedFix: fix, diagnosis } = row.map;
    if (!diagnosis) {
      const v = verdict(row);
      return `${mdCell(fix.text)}${v ? ` — **${v}**` : ''}${proof(row, fix)}`;
    }
    return [
      `Diagnosis (${mdCell(diagnosis.text)})${said(diagnosisVerdict(row))}${proof(row, diagnosis)}`,
      `Fix (${mdCell(fix.text)})${said(verdict(row))}${proof(row, fix)}`,
    ].join(' · ');
  };
  const lines = [`| incident | ${MAP_COLUMNS.map((c) => c.header).join(' | ')} |`, `|---|${MAP_COLUMNS.map(() => '---|').join('')}`];
  for (const row of rows) {
    const cells = MAP_COLUMNS.map(({ key }) => (key === 'documentedFix' ? documentedFix(row) : cell(row, row.map[key])));
    lines.push(`| ${row.id} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
