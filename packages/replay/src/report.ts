import fs from 'node:fs';
import path from 'node:path';
import type { Journal } from '@incident-replay/incident';
import { allClaims } from '@incident-replay/incident';
import { ms, observed } from './timeline.js';

/**
 * Writes one run's results into `dir` (created): `journal.json` (every
 * incident's journal), `<incident>.json` each, and `report.md`, a Markdown
 * report a person reads afterwards.
 *
 * @returns the paths written
 */
export function writeRunReport(dir: string, journals: Journal[], header: { postgres: string; startedAt: string }): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    written.push(p);
  };
  write('journal.json', JSON.stringify({ ...header, incidents: journals }, null, 2));
  for (const j of journals) write(`${j.incident.id}.json`, JSON.stringify(j, null, 2));
  write('report.md', markdown(journals, header));
  return written;
}

/** The Markdown report of a run. */
export function markdown(journals: Journal[], header: { postgres: string; startedAt: string }): string {
  const lines: string[] = [`# Replay report — ${header.startedAt}`, '', header.postgres, '', '| incident | outcome | steps held | duration |', '|---|---|---|---|'];
  for (const j of journals) {
    lines.push(`| ${j.incident.id} | ${j.outcome} | ${j.steps.filter((s) => s.outcome === 'held').length}/${j.steps.length} | ${ms(j.durationMs)} |`);
  }
  for (const j of journals) {
    lines.push('', `## ${j.incident.id}: ${j.incident.title}`, '', `Postmortem: \`${j.incident.postmortem}\`. ${j.incident.summary}`, '');
    lines.push('| # | kind | step | outcome | duration |', '|---|---|---|---|---|');
    for (const s of j.steps) lines.push(`| ${s.index} | ${s.kind} | ${esc(s.name)} | ${s.outcome} | ${ms(s.durationMs)} |`);
    const claims = allClaims(j);
    if (claims.length) {
      lines.push('', '### What the postmortem says, and what the replay found', '', '| claim | source | verdict | evidence |', '|---|---|---|---|');
      for (const c of claims) lines.push(`| ${esc(c.claim)} | ${c.source} | ${c.holds ? 'holds' : '**does not hold**'} | ${esc(c.evidence)} |`);
    }
    for (const s of j.steps) {
      lines.push('', `### ${s.index}. ${s.kind}: ${esc(s.name)} — ${s.outcome}`);
      for (const e of s.evidence) lines.push(`- ${esc(observed(e))}`);
      for (const c of s.checks) lines.push(`- ${c.held ? '✓' : '✗'} ${esc(c.description)}`);
      for (const n of s.notes) lines.push(`- _Note:_ ${esc(n)}`);
      if (s.error) lines.push('', '```', s.error.message, '```');
      if (s.logs.length) {
        lines.push('', '<details><summary>captured log</summary>', '', '```');
        for (const l of s.logs.slice(0, 60)) lines.push(`[${l.source}] ${l.text}`);
        if (s.logs.length > 60) lines.push(`… ${s.logs.length - 60} more lines in ${j.incident.id}.json`);
        lines.push('```', '</details>');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
