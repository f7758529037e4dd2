import fs from 'node:fs';
import path from 'node:path';
import type { Journal, Outcome } from './journal.js';
import { allClaims } from './journal.js';
import { ms, observed } from './format.js';

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

/**
 * Writes one run's results into `dir` (created): `journal.json` (the run
 * header and every incident's journal), `<incident>.<host>.json` each (full logs),
 * and `report.md`, a Markdown report a person reads afterwards. Synchronous,
 * so a signal or crash handler can call it just before the process exits.
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
  return written;
}

/**
 * The Markdown report of a run. An incident replayed on several hosts gets
 * one section: its steps side by side (an outcome column per host), then each
 * host's claims and evidence.
 */
export function markdown(journals: Journal[], header: Pick<RunHeader, 'postgres' | 'startedAt'> & Partial<RunHeader>): string {
  const lines: string[] = [`# Replay report — ${header.startedAt}`, '', header.postgres, ''];
  if (header.outcome) lines.push(`Run outcome: **${header.outcome}**${header.exitCode !== undefined ? ` (exit code ${header.exitCode})` : ''}.`, '');
  if (header.failure) lines.push(`> ${esc(header.failure)}`, '');
  if (header.notAttempted?.length) lines.push(`Not attempted: ${header.notAttempted.join(', ')}.`, '');
  lines.push('| incident | host | outcome | steps held | duration |', '|---|---|---|---|---|');
  for (const j of journals) {
    lines.push(`| ${j.incident.id} | ${j.host} | ${j.outcome} | ${j.steps.filter((s) => s.outcome === 'held').length}/${j.steps.length} | ${ms(j.durationMs)} |`);
  }
  const groups = new Map<string, Journal[]>();
  for (const j of journals) groups.set(j.incident.id, [...(groups.get(j.incident.id) ?? []), j]);
  for (const group of groups.values()) {
    const first = group[0]!;
    const several = group.length > 1;
    lines.push('', `## ${first.incident.id}: ${first.incident.title}`, '', `Postmortem: \`${first.incident.postmortem}\`. ${first.incident.summary}`, '');
    for (const j of group) if (j.failure) lines.push(`> ${several ? `[${j.host}] ` : ''}${esc(j.failure.message)}`, '');
    if (several) {
      lines.push(`| # | kind | step | ${group.map((j) => j.host).join(' | ')} |`, `|---|---|---|${group.map(() => '---|').join('')}`);
      const count = Math.max(...group.map((j) => j.steps.length));
      for (let i = 0; i < count; i++) {
        const s = group.find((j) => j.steps[i])!.steps[i]!;
        const cells = group.map((j) => {
          const st = j.steps[i];
          return st ? `${st.outcome}${st.skipReason ? ` (${esc(st.skipReason)})` : ''}${st.outcome === 'skipped' ? '' : `, ${ms(st.durationMs)}`}` : '—';
        });
        lines.push(`| ${s.index} | ${s.kind} | ${esc(s.name)} | ${cells.join(' | ')} |`);
      }
    } else {
      lines.push('| # | kind | step | outcome | duration |', '|---|---|---|---|---|');
      for (const s of first.steps) lines.push(`| ${s.index} | ${s.kind} | ${esc(s.name)} | ${s.outcome}${s.skipReason ? ` (${esc(s.skipReason)})` : ''} | ${ms(s.durationMs)} |`);
    }
    for (const j of group) {
      const on = several ? ` [${j.host}]` : '';
      const claims = allClaims(j);
      if (claims.length) {
        lines.push('', `### What the postmortem says, and what the replay found${on}`, '', '| id | claim | source | verdict | evidence |', '|---|---|---|---|---|');
        for (const c of claims) lines.push(`| \`${c.id}\`${c.variant ? ` (${esc(c.variant)})` : ''} | ${esc(c.claim)} | ${c.source} | ${c.holds ? 'holds' : '**does not hold**'} | ${esc(c.evidence)} |`);
      }
      for (const s of j.steps) {
        lines.push('', `### ${s.index}. ${s.kind}: ${esc(s.name)} — ${s.outcome}${on}`);
        if (s.failure) lines.push('', `**${esc(s.failure.message)}**`, '');
        for (const e of s.evidence) lines.push(`- ${esc(observed(e))}`);
        for (const c of s.checks) lines.push(`- ${c.held ? '✓' : '✗'} ${esc(c.description)}`);
        for (const n of s.notes) lines.push(`- _Note:_ ${esc(n)}`);
        if (s.error && s.error.message !== s.failure?.message) lines.push('', '```', s.error.message, '```');
        if (s.logs.length) {
          lines.push('', '<details><summary>captured log</summary>', '', '```');
          for (const l of s.logs.slice(0, 60)) lines.push(`[${l.source}] ${l.text}`);
          if (s.logs.length > 60) lines.push(`… ${s.logs.length - 60} more lines in ${journalFileName(j)}`);
          lines.push('```', '</details>');
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
