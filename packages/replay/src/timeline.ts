/**
 * The timeline the replay command prints: one block per incident, a line per
 * step with what it observed, its claims, and its classified failure.
 */
import { clip, ms, observed, type Journal, type StepRecord } from '@incident-replay/incident';

export { ms, observed };

const MARK: Record<StepRecord['outcome'], string> = { held: '✓', 'did-not-hold': '✗', error: '!', skipped: '-', interrupted: '‼' };

/** The lines the replay command prints for one finished step. */
export function stepLines(rec: StepRecord): string[] {
  const out = [
    `  ${MARK[rec.outcome]} ${String(rec.index).padStart(2)} ${rec.kind.padEnd(12)} ${rec.name}  ${rec.outcome === 'skipped' ? `skipped${rec.skipReason ? ` (${rec.skipReason})` : ''}` : ms(rec.durationMs)}`,
  ];
  for (const e of rec.evidence) out.push(`       · ${clip(observed(e), 150)}`);
  for (const c of rec.claims) {
    out.push(`       ${c.holds ? '◆ holds' : '◇ does not hold'}: "${clip(c.claim, 100)}" (${c.source})`);
    out.push(`           ${clip(c.evidence, 140)}`);
  }
  for (const n of rec.notes) out.push(`       note: ${clip(n, 160)}`);
  const held = rec.checks.filter((c) => c.held).length;
  if (rec.checks.length) out.push(`       ${held}/${rec.checks.length} checks held`);
  // The classified one-line failure first (did not hold / infrastructure / timeout / error / interrupted), then the detail.
  if (rec.failure) out.push(`       ${clip(rec.failure.message, 400)}`);
  if (rec.error && rec.error.message !== rec.failure?.message) out.push(`       ${rec.failure ? '  ' : ''}${clip(rec.error.message, 400)}`);
  return out;
}

const VERDICT: Record<Journal['outcome'], string> = {
  held: 'HELD',
  'did-not-hold': 'DID NOT HOLD',
  error: 'ERROR',
  interrupted: 'INTERRUPTED',
  skipped: 'SKIPPED',
};

/** The closing line of one incident. */
export function summaryLine(j: Journal): string {
  const held = j.steps.filter((s) => s.outcome === 'held').length;
  return `  ${VERDICT[j.outcome]} — ${held}/${j.steps.length} steps held in ${ms(j.durationMs)} (setup ${ms(j.setupMs)})`;
}

/** The lines that open an incident's block: its label, title, postmortem and summary. */
export function incidentHeader(label: string, incident: Pick<Journal['incident'], 'title' | 'postmortem' | 'summary'>): string {
  return `\n▶ ${label} — ${incident.title}\n  postmortem: ${incident.postmortem}\n  ${incident.summary}\n`;
}

/**
 * An incident's whole block from its journal, as a sequential run prints it step by step: the
 * header, every step, the closing line, then what the worker printed outside its steps.
 */
export function incidentBlock(label: string, journal: Journal, workerOutput = ''): string {
  const lines = journal.steps.flatMap((s) => stepLines(s));
  const extra = workerOutput.trim() ? `${workerOutput.trimEnd().replace(/^/gm, '  | ')}\n` : '';
  return `${incidentHeader(label, journal.incident)}${lines.join('\n')}\n${summaryLine(journal)}\n${extra}`;
}
