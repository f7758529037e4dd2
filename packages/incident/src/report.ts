import fs from 'node:fs';
import path from 'node:path';
import type { ClaimRecord, Journal, Outcome } from './journal.js';
import { allClaims } from './journal.js';
import { clip, ms, observed } from './format.js';
import { claimRows, leftOutNote, repoRelative } from './report-text.js';
import { teachingLines } from './log-capture.js';
import { claimVerdict, mapMarkdown, type MapRow } from './map.js';
import { claimAnchor, stepAnchor } from './readme-claims.js';
import { htmlReport } from './report-html.js';

/** A whole run's outcome: the worst of its incidents', or `error`/`interrupted` for the run itself. */
export type RunOutcome = Exclude<Outcome, 'skipped'>;

/**
 * The run-level part of `journal.json`: what ran where, how it ended, and in
 * one line why when it did not hold.
 */
export interface RunHeader {
  /** The Postgres server's one-line description (provider, version, address; no password). */
  postgres: string;
  /** ISO time the run started. */
  startedAt: string;
  /** ISO time the run ended (or was interrupted). */
  finishedAt?: string;
  outcome: RunOutcome;
  /** The process exit code the run ended with: 0 held, 1 did not hold, 2 could not be carried out, 128+n on a signal. */
  exitCode?: number;
  /** One line: the first failure (incident, step, cause) or what stopped the run. */
  failure?: string;
  /** Incidents selected but never started (the server was gone, or the run was interrupted). */
  notAttempted?: string[];
  /** Who wrote the run: `pnpm replay` or `pnpm test`. */
  runner?: string;
}

/**
 * The outcome of a run from its incidents' journals: `interrupted` over
 * `error` over `did-not-hold` over `held`. An empty list is `error` (nothing
 * was proven).
 */
export function runOutcome(journals: readonly Journal[]): RunOutcome {
  if (journals.length === 0) return 'error';
  const has = (o: Outcome) => journals.some((j) => j.outcome === o);
  return has('interrupted') ? 'interrupted' : has('error') ? 'error' : has('did-not-hold') ? 'did-not-hold' : 'held';
}

/** The file one incident's journal is written to: `<id>.<host>.json`, e.g. `002-prisma-failed-migration.built.json`. */
export function journalFileName(j: Pick<Journal, 'incident' | 'host'>): string {
  return `${j.incident.id}.${j.host}.json`;
}

/** The file one incident's steps are detailed in, beside its journals: `<id>.md`, e.g. `002-prisma-failed-migration.md`. */
export function incidentReportFileName(incidentId: string): string {
  return `${incidentId}.md`;
}

/**
 * Writes one run's results into `dir` (created): `journal.json` (the run
 * header and every incident's journal), `<incident>.<host>.json` each (full logs),
 * `report.md`, the Markdown report a person reads afterwards (the map, the run,
 * each incident's steps and claims), `<incident>.md` each (every step's
 * observations, checks and captured log; {@link incidentMarkdown}) and
 * `report.html`. Synchronous, so a signal or crash handler can call it just
 * before the process exits.
 *
 * @returns the paths written
 * @throws the file system's error when `dir` cannot be written
 */
export function writeRunReport(dir: string, journals: Journal[], header: RunHeader): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    written.push(p);
  };
  write('journal.json', JSON.stringify({ ...header, incidents: journals }, null, 2));
  for (const j of journals) write(journalFileName(j), JSON.stringify(j, null, 2));
  write('report.md', markdown(journals, header));
  for (const group of byIncident(journals).values()) write(incidentReportFileName(group[0]!.incident.id), incidentMarkdown(group));
  write('report.html', htmlReport(journals, header));
  return written;
}

/** Journals grouped by incident id, in run order (one entry per host the incident ran on). */
function byIncident(journals: readonly Journal[]): Map<string, Journal[]> {
  const groups = new Map<string, Journal[]>();
  for (const j of journals) groups.set(j.incident.id, [...(groups.get(j.incident.id) ?? []), j]);
  return groups;
}

/**
 * The Markdown report of a run (`report.md`): the map, the run, and per
 * incident its summary, its steps in order (one row each, an outcome column
 * per host, linking to the step's details in `<incident>.md`) and each host's
 * claims with verdict and evidence. The steps' observations, checks and logs
 * are in {@link incidentMarkdown}, so the report stays short as the library
 * of incidents grows.
 */
export function markdown(journals: Journal[], header: Pick<RunHeader, 'postgres' | 'startedAt'> & Partial<RunHeader>): string {
  const lines: string[] = [
    `# Replay report — ${header.startedAt}`,
    '',
    header.postgres,
    '',
    '_How to read it: a **step** *held* when the replay observed what this project expects of it; a **claim** is a sentence of the postmortem, and its verdict says whether it is true. A step can hold while the claim inside it *does not hold*: the replay expected, and observed, that the postmortem was wrong there._',
    '',
    `${GLOSSARY_LINE}`,
    '',
  ];
  if (header.outcome) lines.push(`Run outcome: **${header.outcome}**${header.exitCode !== undefined ? ` (exit code ${header.exitCode})` : ''}.`, '');
  if (header.failure) lines.push(`> ${esc(header.failure)}`, '');
  if (header.notAttempted?.length) lines.push(`Not attempted: ${header.notAttempted.join(', ')}.`, '');
  lines.push(...reportMap(journals));
  lines.push('## The run', '', '| incident | host | outcome | steps held | duration |', '|---|---|---|---|---|');
  for (const j of journals) {
    lines.push(
      `| ${j.incident.id} | ${j.host} | ${j.outcome} | ${j.steps.filter((s) => s.outcome === 'held').length}/${j.steps.length} | ${ms(j.durationMs)} |`,
    );
  }
  for (const group of byIncident(journals).values()) {
    const first = group[0]!;
    const several = group.length > 1;
    const file = incidentReportFileName(first.incident.id);
    lines.push(
      '',
      `<a id="${first.incident.id}"></a>`,
      '',
      `## ${first.incident.id}: ${first.incident.title}`,
      '',
      `Postmortem: \`${first.incident.postmortem}\`. ${first.incident.summary}`,
      '',
    );
    // Why it did not hold, in one line per failure: the incident's, then any other step's.
    for (const j of group)
      for (const message of new Set([j.failure?.message, ...j.steps.map((s) => s.failure?.message)].filter((m) => m !== undefined)))
        lines.push(`> ${several ? `[${j.host}] ` : ''}${esc(repoRelative(message))}`, '');
    lines.push(`Each step's observations, checks and captured log: [\`${file}\`](${file}).`, '');
    lines.push(`| # | kind | step | ${group.map((j) => j.host).join(' | ')} |`, `|---|---|---|${group.map(() => '---|').join('')}`);
    const count = Math.max(...group.map((j) => j.steps.length));
    for (let i = 0; i < count; i++) {
      const s = group.find((j) => j.steps[i])!.steps[i]!;
      const cells = group.map((j) => {
        const st = j.steps[i];
        return st ? `${st.outcome}${st.skipReason ? ` (${esc(st.skipReason)})` : ''}${st.outcome === 'skipped' ? '' : `, ${ms(st.durationMs)}`}` : '—';
      });
      lines.push(`| [${s.index}](${file}#${reportStepAnchor(first.incident.id, s.index)}) | ${s.kind} | ${esc(s.name)} | ${cells.join(' | ')} |`);
    }
    for (const [k, j] of group.entries()) {
      // Anchors are the first host's; a later host's carry its name.
      lines.push(...claimsTable(j, several ? ` [${j.host}]` : '', k > 0 ? group[0] : undefined, k > 0 ? j.host : undefined));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One incident's page beside report.md (`<incident>.md`): every step of the
 * first host with its observations (clipped; the JSON keeps them whole),
 * checks, notes, error and the lines of its captured log that teach
 * ({@link teachingLines}); a later host repeats the story, so its steps show
 * what can differ (outcome, failure, log) and count the rest.
 *
 * @param group the incident's journals, one per host, in run order (non-empty)
 */
export function incidentMarkdown(group: readonly Journal[]): string {
  const first = group[0]!;
  const several = group.length > 1;
  const lines: string[] = [
    `# ${first.incident.id}: ${first.incident.title}`,
    '',
    `Postmortem: \`${first.incident.postmortem}\`. The map, the run and this incident's claims with their verdicts: [\`report.md\`](report.md#${first.incident.id}).`,
  ];
  for (const [k, j] of group.entries()) {
    const on = several ? ` [${j.host}]` : '';
    const host = k > 0 ? j.host : undefined;
    // A second host repeats the first's story: its steps show what can differ (outcome, failure,
    // the server's log) and count the rest, which its JSON keeps in full.
    const compact = k > 0;
    lines.push(
      '',
      compact
        ? `## On the ${j.host} host\n\nThe same steps ran again. Each one below shows its outcome, any failure and its captured log, and counts its observations and checks; \`${journalFileName(j)}\` lists them all.`
        : `## Steps${on}`,
    );
    for (const [i, s] of j.steps.entries()) {
      lines.push(
        '',
        `<a id="${reportStepAnchor(j.incident.id, s.index, host)}"></a>`,
        '',
        `### ${s.index}. ${s.kind}: ${esc(s.name)} — ${s.outcome}${s.outcome === 'skipped' ? '' : ` (${ms(s.durationMs)})`}${on}`,
      );
      if (s.skipReason) lines.push('', `_Skipped: ${esc(s.skipReason)}._`);
      if (s.failure) lines.push('', `**${esc(repoRelative(s.failure.message))}**`, '');
      if (compact) {
        const held = s.checks.filter((c) => c.held).length;
        if (s.evidence.length || s.checks.length)
          lines.push(
            `- ${s.evidence.length} observations, ${held}/${s.checks.length} checks held${
              s.checks.some((c) => !c.held)
                ? `; did not hold: ${s.checks
                    .filter((c) => !c.held)
                    .map((c) => esc(c.description))
                    .join('; ')}`
                : ''
            }`,
          );
      } else {
        for (const e of s.evidence) lines.push(`- ${esc(clipEvidence(repoRelative(observed(e)), journalFileName(j)))}`);
        for (const c of s.checks) lines.push(`- ${c.held ? '✓' : '✗'} ${esc(c.description)}`);
        for (const n of s.notes) lines.push(`- _Note:_ ${esc(n)}`);
      }
      if (s.error && s.error.message !== s.failure?.message) lines.push('', '```', repoRelative(s.error.message).split('\n').slice(0, 12).join('\n'), '```');
      if (s.logs.length) {
        const taught = teachingLines(s.logs);
        lines.push('', `<details><summary>captured log (${taught.shown.length} of ${s.logs.length} lines)</summary>`, '', '```');
        for (const l of taught.shown) lines.push(`[${l.source}] ${repoRelative(l.text)}`);
        lines.push('```', '');
        if (taught.leftOut) lines.push(`${leftOutNote(taught, s.logs.length)}; whole log: \`steps[${i}].logs\` in \`${journalFileName(j)}\`.`, '');
        lines.push('</details>');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The reports' one line about the glossary, as words before the path and the path in the
 * repository (a relative link from a results folder would not resolve). report.html shows it too.
 */
export const GLOSSARY = { words: 'Codes and words (outcomes, verdicts, SQLSTATEs, Prisma and Auth codes):', path: 'docs/glossary.md' } as const;
const GLOSSARY_LINE = `${GLOSSARY.words} \`${GLOSSARY.path}\` in the repository.`;

/** The incident's number, the part of its id before the first `-` (`003` of `003-better-auth-session-token`). */
function incidentNumber(id: string): string {
  return id.split('-')[0]!;
}

/**
 * The anchor of a step in report.md: `003-step-10`, with `-<host>` on a later host's copy.
 *
 * @param index the step's 1-based `StepRecord.index`
 */
export function reportStepAnchor(incidentId: string, index: number, host?: string): string {
  return `${incidentNumber(incidentId)}-${stepAnchor(index)}${host ? `-${host}` : ''}`;
}

/** The anchor of a claim's row in report.md: `claim-003.fix-sign-in-works`, with `-<host>` on a later host's table. */
export function reportClaimAnchor(claimId: string, host?: string): string {
  return `${claimAnchor(claimId)}${host ? `-${host}` : ''}`;
}

/** The longest evidence line an incident's page shows, in characters; the whole evidence is in the per-incident JSON. */
const MAX_EVIDENCE = 400;

function clipEvidence(s: string, file: string): string {
  return s.length > MAX_EVIDENCE ? `${s.slice(0, MAX_EVIDENCE - 1)}… (${s.length} chars; the whole value in \`${file}\`)` : s;
}

/**
 * The map of the incidents this run replayed (those whose definition has one), each documented
 * fix with the verdict this run observed, each cell linking to the step or claim it names (on
 * the first host the incident ran on).
 */
function reportMap(journals: readonly Journal[]): string[] {
  const rows: MapRow[] = [];
  for (const j of journals)
    if (j.incident.map && !rows.some((r) => r.id === j.incident.id)) rows.push({ id: j.incident.id, title: j.incident.title, map: j.incident.map });
  if (!rows.length) return [];
  const of = (id: string) => journals.filter((j) => j.incident.id === id);
  const table = mapMarkdown(
    rows,
    (row, cell) =>
      cell.claim !== undefined
        ? `#${reportClaimAnchor(cell.claim)}`
        : cell.step !== undefined
          ? `${incidentReportFileName(row.id)}#${reportStepAnchor(row.id, cell.step)}`
          : undefined,
    (row) => claimVerdict(of(row.id), row.map.documentedFix.claim),
    (row) => (row.map.diagnosis ? claimVerdict(of(row.id), row.map.diagnosis.claim) : undefined),
  );
  return [
    '## The map',
    '',
    "What users saw, the real cause, what a dashboard counting 500s misses, the fix that works, and the postmortem's own fix with the verdict this run observed.",
    '',
    table.trimEnd(),
    '',
  ];
}

/**
 * An incident's claims table: one row per claim id, with a verdict column per
 * variant when the claims have variants (003's Better Auth versions). On a
 * second host whose verdicts equal the first's, one line says so instead.
 */
function claimsTable(j: Journal, on: string, first?: Journal, host?: string): string[] {
  const claims = allClaims(j);
  if (!claims.length) return [];
  const verdicts = (x: Journal) =>
    allClaims(x)
      .map((c) => `${c.id}|${c.variant ?? ''}|${c.holds}`)
      .join(',');
  if (first && verdicts(first) === verdicts(j))
    return ['', `### What the postmortem says${on}`, '', `The same ${claims.length} verdicts as on the ${first.host} host.`];
  const { rows, variants } = claimRows(claims);
  const verdict = (c: ClaimRecord | undefined) => (c ? `${c.holds ? 'holds' : '**does not hold**'}: ${esc(clip(repoRelative(c.evidence), 220))}` : '—');
  const idCell = (id: string) => `<a id="${reportClaimAnchor(id, host)}"></a>\`${id}\``;
  const out = ['', `### What the postmortem says, and what the replay found${on}`, ''];
  if (variants.length) {
    out.push(`| id | claim | ${variants.map(esc).join(' | ')} |`, `|---|---|${variants.map(() => '---|').join('')}`);
    for (const r of rows) out.push(`| ${idCell(r.id)} | ${esc(r.claim)} | ${variants.map((v) => verdict(r.byVariant.get(v))).join(' | ')} |`);
  } else {
    out.push('| id | claim | source | verdict | evidence |', '|---|---|---|---|---|');
    for (const r of rows) {
      const c = r.byVariant.get('')!;
      out.push(`| ${idCell(r.id)} | ${esc(r.claim)} | ${r.source} | ${c.holds ? 'holds' : '**does not hold**'} | ${esc(repoRelative(c.evidence))} |`);
    }
  }
  return out;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
