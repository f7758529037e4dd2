/**
 * report.html: the run as one self-contained static page for a learner — the map, each incident's
 * steps as a vertical timeline (coloured by kind and outcome) with its evidence folded under each
 * step, the postmortem's claims with verdict badges, and a filter by incident, host and library
 * version (a claim's `variant`). No network and no build step: the CSS and script are inline and
 * the run's data is embedded as JSON, rendered with `textContent` (journal text is data, never
 * markup). Logs are trimmed like report.md's ({@link teachingLines}); the full ones stay in the
 * per-incident JSON files.
 */
import type { Journal, MapCell } from './journal.js';
import { observed } from './format.js';
import { MAP_COLUMNS, claimVerdict } from './map.js';
import { teachingLines } from './log-capture.js';
import { GLOSSARY, journalFileName, type RunHeader } from './report.js';
import { claimRows, leftOutNote, repoRelative } from './report-text.js';

/** A map cell as the page shows it: its text and the anchor of the step or claim that proves it. */
interface PageCell {
  text: string;
  label?: string;
  href?: string;
}

/** What the page's script renders: the run header, the map, and each incident × host. */
interface PageData {
  header: { postgres: string; startedAt: string; outcome?: string; exitCode?: number; failure?: string; notAttempted?: string[] };
  columns: string[];
  map: { id: string; title: string; cells: PageCell[]; verdict?: string; diagnosis?: PageCell & { verdict?: string } }[];
  incidents: PageIncident[];
}

/** One verdict of a claim: on one variant (a column of the claims table), or the only one. */
interface PageVerdict {
  holds: boolean;
  expectedToHold: boolean;
  evidence: string;
  /** The step that judged it. */
  step: number;
}

/** An evidence line: inline when short; a long one shows its first line and folds the rest. */
interface PageEvidence {
  text: string;
  more?: string;
}

interface PageIncident {
  key: string;
  id: string;
  title: string;
  postmortem: string;
  summary: string;
  host: string;
  outcome: string;
  failure?: string;
  durationMs: number;
  file: string;
  /** The claims table's verdict columns: the variants (003's library versions), or none. */
  variants: string[];
  /** One row per claim id, grouped as report.md groups them ({@link claimRows}): a verdict per variant (null where not judged), or one. */
  claims: { id: string; claim: string; source: string; verdicts: (PageVerdict | null)[] }[];
  steps: {
    index: number;
    kind: string;
    name: string;
    outcome: string;
    durationMs: number;
    variant?: string;
    skipReason?: string;
    failure?: string;
    evidence: PageEvidence[];
    checks: { description: string; held: boolean }[];
    notes: string[];
    /** The claims this step judged, linking to their row. */
    claims: { id: string; variant?: string; holds: boolean; expectedToHold: boolean }[];
    error?: string;
    log: string[];
    /** How many lines of the log are left out and why, and where the whole log is; empty when none. */
    logNote: string;
  }[];
}

/** The anchor of a step, or of a claim's row, of one incident × host on the page. */
function anchor(key: string, cell: { step?: number; claim?: string }): string {
  return cell.claim !== undefined ? `claim-${key}-${cell.claim}` : `step-${key}-${cell.step}`;
}

/** The variant a step belongs to: the variant its name carries (`[better-auth 1.4.0] …`), else its claims'. */
function stepVariant(name: string, own: readonly string[], variants: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, ' ');
  return variants.find((v) => norm(name).includes(norm(v))) ?? own[0];
}

/** The page's data from the journals: evidence as one line each, logs trimmed, paths repository-relative. */
function pageData(journals: readonly Journal[], header: PageData['header']): PageData {
  const key = (j: Journal) => `${j.incident.id}-${j.host}`;
  const incidents: PageIncident[] = journals.map((j) => {
    const file = journalFileName(j);
    const stepOf = new Map(j.steps.flatMap((s) => s.claims.map((c) => [c, s.index] as const)));
    const { rows, variants } = claimRows(j.steps.flatMap((s) => s.claims));
    const columns = variants.length ? variants : [''];
    return {
      key: key(j),
      id: j.incident.id,
      title: j.incident.title,
      postmortem: j.incident.postmortem,
      summary: j.incident.summary,
      host: j.host,
      outcome: j.outcome,
      ...(j.failure ? { failure: repoRelative(j.failure.message) } : {}),
      durationMs: j.durationMs,
      file,
      variants,
      claims: rows.map((r) => ({
        id: r.id,
        claim: r.claim,
        source: r.source,
        verdicts: columns.map((v) => {
          const c = r.byVariant.get(v);
          return c ? { holds: c.holds, expectedToHold: c.expectedToHold, evidence: repoRelative(c.evidence), step: stepOf.get(c)! } : null;
        }),
      })),
      steps: j.steps.map((s, i) => {
        const taught = teachingLines(s.logs);
        const variant = stepVariant(
          s.name,
          s.claims.flatMap((c) => (c.variant ? [c.variant] : [])),
          variants,
        );
        return {
          index: s.index,
          kind: s.kind,
          name: s.name,
          outcome: s.outcome,
          durationMs: s.durationMs,
          ...(variant ? { variant } : {}),
          ...(s.skipReason ? { skipReason: s.skipReason } : {}),
          ...(s.failure ? { failure: repoRelative(s.failure.message) } : {}),
          evidence: s.evidence.map((e) => pageEvidence(repoRelative(observed(e)), file)),
          checks: s.checks.map((c) => ({ description: c.description, held: c.held })),
          notes: s.notes,
          claims: s.claims.map((c) => ({ id: c.id, ...(c.variant ? { variant: c.variant } : {}), holds: c.holds, expectedToHold: c.expectedToHold })),
          ...(s.error && s.error.message !== s.failure?.message ? { error: repoRelative(s.error.message).split('\n').slice(0, 12).join('\n') } : {}),
          log: taught.shown.map((l) => `[${l.source}] ${repoRelative(l.text)}`),
          logNote: taught.leftOut ? `${leftOutNote(taught, s.logs.length)}; the whole log is steps[${i}].logs in ${file}` : '',
        };
      }),
    };
  });

  const firstOf = new Map<string, PageIncident>();
  for (const i of incidents) if (!firstOf.has(i.id)) firstOf.set(i.id, i);
  const seen = new Set<string>();
  const map: PageData['map'] = [];
  for (const j of journals) {
    const m = j.incident.map;
    if (!m || seen.has(j.incident.id)) continue;
    seen.add(j.incident.id);
    const first = firstOf.get(j.incident.id)!;
    const cell = (c: MapCell): PageCell => {
      const target = c.claim !== undefined ? first.claims.find((x) => x.id === c.claim) : first.steps.find((s) => s.index === c.step);
      const label = c.claim ?? (c.step !== undefined ? `step ${c.step}` : undefined);
      return { text: c.text, ...(label ? { label } : {}), ...(target ? { href: `#${anchor(first.key, c)}` } : {}) };
    };
    const verdict = claimVerdict(
      journals.filter((x) => x.incident.id === j.incident.id),
      m.documentedFix.claim,
    );
    const diagnosisVerdict = m.diagnosis
      ? claimVerdict(
          journals.filter((x) => x.incident.id === j.incident.id),
          m.diagnosis.claim,
        )
      : undefined;
    map.push({
      id: j.incident.id,
      title: j.incident.title,
      cells: MAP_COLUMNS.map(({ key }) => cell(m[key])),
      ...(verdict ? { verdict } : {}),
      ...(m.diagnosis ? { diagnosis: { ...cell(m.diagnosis), ...(diagnosisVerdict ? { verdict: diagnosisVerdict } : {}) } } : {}),
    });
  }
  return { header, columns: MAP_COLUMNS.map((c) => c.header), map, incidents };
}

/** The longest evidence line shown inline, in characters; a longer one folds the rest. */
const INLINE_EVIDENCE = 200;
/** The most of one evidence line the page holds, in characters; the whole value stays in the per-incident JSON. */
const MAX_EVIDENCE = 4000;

/** An evidence line for the page: short ones whole; long ones as their first 200 characters, the rest (to 4000) folded. */
function pageEvidence(text: string, file: string): PageEvidence {
  if (text.length <= INLINE_EVIDENCE) return { text };
  const more = text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}… (${text.length} chars, whole in ${file})` : text;
  return { text: `${text.slice(0, INLINE_EVIDENCE - 1)}…`, more };
}

/** JSON safe inside a `<script>` element: no `<`, so no `</script>` or `<!--` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The HTML report of a run: one self-contained page (inline CSS and script, the data as JSON in a
 * `<script type="application/json">`), readable offline with no build step. Every journal string
 * reaches the page as JSON and is put in the DOM with `textContent`, so nothing in a journal can
 * become markup. Follows the same grouping as report.md; the map comes from each journal's
 * `incident.map`, the documented fix's verdict from its claim's observed verdicts.
 *
 * @param journals the run's journals, in run order (an incident replayed on several hosts appears once per host)
 * @param header the run header (Postgres line, start time, outcome)
 * @returns the page's HTML
 */
export function htmlReport(journals: readonly Journal[], header: Pick<RunHeader, 'postgres' | 'startedAt'> & Partial<RunHeader>): string {
  const data = pageData(journals, {
    postgres: header.postgres,
    startedAt: header.startedAt,
    ...(header.outcome ? { outcome: header.outcome } : {}),
    ...(header.exitCode !== undefined ? { exitCode: header.exitCode } : {}),
    ...(header.failure ? { failure: repoRelative(header.failure) } : {}),
    ...(header.notAttempted?.length ? { notAttempted: header.notAttempted } : {}),
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Replay report — ${escapeHtml(header.startedAt)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Replay report</h1>
<p id="run"></p>
<p class="glossary"><b>How to read it.</b> A <b>step</b> <i>held</i> when the replay observed what this project expects of it. A <b>claim</b> is a sentence of the postmortem; its verdict says whether it is true. A step can hold while the claim inside it <i>does not hold</i>: the replay expected, and observed, that the postmortem was wrong there.</p>
<p class="hint">${escapeHtml(GLOSSARY.words)} <code>${escapeHtml(GLOSSARY.path)}</code> in the repository.</p>
</header>
<section id="map"><h2>The map</h2><p class="hint">One row per incident; each cell links to the claim or step that proves it.</p><div class="scroll"><table id="map-table"></table></div></section>
<nav id="filters" aria-label="filter">
<label>Incident <select id="f-incident"><option value="">all</option></select></label>
<label>Host <select id="f-host"><option value="">all</option></select></label>
<label>Library version <select id="f-variant"><option value="">all</option></select></label>
<span id="f-count"></span>
</nav>
<main id="incidents"></main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
:root{--ink:#1f2328;--mute:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--held:#1a7f37;--nothold:#cf222e;--error:#82071e;--skipped:#8c959f;--interrupted:#bf8700;
--k-broken-state:#bc4c00;--k-symptom:#cf222e;--k-fix:#0969da;--k-recovery:#1a7f37;--k-check:#8250df}
*{box-sizing:border-box}body{margin:0 auto;max-width:1440px;padding:1rem 1.5rem 4rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink)}
h1{margin:.2rem 0}h2{margin:1.6rem 0 .4rem}code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
.glossary{background:var(--bg);border-left:4px solid var(--k-fix);padding:.5rem .8rem}.hint{color:var(--mute);margin:.2rem 0 .5rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:var(--bg);font-weight:600}#map-table{table-layout:fixed}#map-table td{font-size:13px}#map-table th:first-child{width:9rem}#map-table code{font-size:12px;background:var(--bg);padding:0 .2em;border-radius:3px}#map-table td:first-child{min-width:7rem;font-weight:600}
a{color:var(--k-fix)}.proof{font-size:12px;overflow-wrap:anywhere}#map-table .badge{white-space:normal}
#filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 0;margin-top:1rem;display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
select{font:inherit;padding:.1rem .3rem}#f-count{color:var(--mute);font-size:13px}
.incident{border-top:3px solid var(--ink);margin-top:2rem;padding-top:.4rem}.incident h2{margin-top:.2rem}.meta{color:var(--mute);font-size:13.5px}
.badge{display:inline-block;border-radius:1em;padding:0 .55em;font-size:12px;font-weight:600;color:#fff;vertical-align:middle;white-space:nowrap}
.o-held{background:var(--held)}.o-did-not-hold{background:var(--nothold)}.o-error{background:var(--error)}.o-skipped{background:var(--skipped)}.o-interrupted{background:var(--interrupted)}
.v-holds{background:var(--held)}.v-not{background:#bc4c00}.v-unexpected{outline:2px solid var(--nothold);outline-offset:1px}
.host{background:#57606a}.variant{background:#6e7781}.failure{color:var(--nothold);font-weight:600}
.claims td{font-size:13.5px}.claims .evidence{font-size:12.5px;color:var(--mute)}.claims .proof{margin-left:.2rem}
ol.timeline{list-style:none;margin:1rem 0;padding:0 0 0 1.6rem;border-left:3px solid var(--line)}
.step{position:relative;margin:0 0 .7rem;padding:.35rem .7rem;border:1px solid var(--line);border-left:5px solid var(--kind);border-radius:6px;background:#fff}
.step::before{content:"";position:absolute;left:calc(-1.6rem - 10px);top:.7rem;width:14px;height:14px;border-radius:50%;background:var(--kind);border:3px solid var(--ring)}
.step.o-held,.step.o-did-not-hold,.step.o-error,.step.o-skipped,.step.o-interrupted{background:#fff}
.step.o-held{--ring:var(--held)}.step.o-did-not-hold{--ring:var(--nothold);background:#fff5f5}.step.o-error{--ring:var(--error);background:#fff5f5}.step.o-skipped{--ring:var(--skipped);opacity:.75}.step.o-interrupted{--ring:var(--interrupted)}
.k-broken-state{--kind:var(--k-broken-state)}.k-symptom{--kind:var(--k-symptom)}.k-fix{--kind:var(--k-fix)}.k-recovery{--kind:var(--k-recovery)}.k-check{--kind:var(--k-check)}
.step-head{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}.num{color:var(--mute);font-variant-numeric:tabular-nums}
.kind{font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:var(--kind)}.dur{color:var(--mute);font-size:12px;margin-left:auto}
.step-claims{margin:.25rem 0 0;font-size:13px}.step-claims a{margin-right:.6rem}
details{margin-top:.3rem}summary{cursor:pointer;color:var(--mute);font-size:13px}ul.observed{margin:.3rem 0;padding-left:1.2rem;font-size:13px}
ul.observed code,details.value summary{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--ink);white-space:pre-wrap;overflow-wrap:anywhere}details.value{margin:0}
.ok{color:var(--held)}.bad{color:var(--nothold)}pre{background:var(--bg);padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word;margin:.3rem 0}
.legend{display:flex;gap:.8rem;flex-wrap:wrap;font-size:12.5px;color:var(--mute)}.legend span::before{content:"";display:inline-block;width:.8em;height:.8em;border-radius:50%;background:var(--kind);margin-right:.3em}
[hidden]{display:none!important}:target{box-shadow:0 0 0 3px #ffd33d}
`;

// The page's script: renders PageData with textContent only, and filters by incident, host, variant.
const SCRIPT = `
'use strict';
const data = JSON.parse(document.getElementById('report-data').textContent);
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v; else if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c);
  return e;
}
const ms = (n) => n < 1000 ? Math.round(n) + ' ms' : (n / 1000).toFixed(1) + ' s';
const claimAnchor = (key, c) => 'claim-' + key + '-' + c.id;
const stepAnchor = (key, n) => 'step-' + key + '-' + n;
const verdictBadge = (c) => el('span', { class: 'badge verdict ' + (c.holds ? 'v-holds' : 'v-not') + (c.holds !== c.expectedToHold ? ' v-unexpected' : ''), title: c.holds === c.expectedToHold ? 'as this project verified beforehand' : 'differs from what this project verified beforehand', text: c.holds ? 'holds' : 'does not hold' });

const h = data.header;
document.getElementById('run').textContent = h.startedAt + ' · ' + h.postgres + (h.outcome ? ' · run outcome: ' + h.outcome + (h.exitCode !== undefined ? ' (exit code ' + h.exitCode + ')' : '') : '') + (h.failure ? ' · ' + h.failure : '') + (h.notAttempted ? ' · not attempted: ' + h.notAttempted.join(', ') : '');

// The map's text marks code with backticks, as in Markdown: odd parts become <code> (text only).
const inlineCode = (text) => text.split('\u0060').map((part, i) => i % 2 ? el('code', { text: part }) : part);
const mapTable = document.getElementById('map-table');
mapTable.append(el('thead', {}, el('tr', {}, el('th', { text: 'incident' }), ...data.columns.map((c) => el('th', { text: c })))));
const mapBody = el('tbody');
for (const row of data.map) {
  const tr = el('tr', { 'data-incident': row.id }, el('td', { title: row.title, text: row.id }));
  const badge = (v) => el('span', { class: 'badge verdict ' + (v === 'holds' ? 'v-holds' : 'v-not'), text: v });
  const proofOf = (c) => c.label ? [' ', c.href ? el('a', { class: 'proof', href: c.href, text: c.label }) : el('span', { class: 'proof', text: c.label })] : [];
  row.cells.forEach((c, i) => {
    const last = i === row.cells.length - 1;
    // The postmortem's diagnosis and its fix each get a verdict of their own (001: the diagnosis does not hold, the fix does).
    const td = last && row.diagnosis
      ? el('td', {}, 'Diagnosis (', ...inlineCode(row.diagnosis.text), ')', ...(row.diagnosis.verdict ? [' ', badge(row.diagnosis.verdict)] : []), ...proofOf(row.diagnosis), ' · Fix (', ...inlineCode(c.text), ')')
      : el('td', {}, ...inlineCode(c.text));
    if (last && row.verdict) td.append(' ', badge(row.verdict));
    td.append(...proofOf(c));
    tr.append(td);
  });
  mapBody.append(tr);
}
mapTable.append(mapBody);
if (!data.map.length) document.getElementById('map').hidden = true;

const main = document.getElementById('incidents');
main.append(el('div', { class: 'legend' }, ...['broken-state', 'symptom', 'fix', 'recovery', 'check'].map((k) => el('span', { class: 'k-' + k, text: k }))));
for (const inc of data.incidents) {
  const variants = inc.variants;
  const sec = el('section', { class: 'incident', id: 'incident-' + inc.key, 'data-incident': inc.id, 'data-host': inc.host, 'data-variants': JSON.stringify(variants) });
  sec.append(el('h2', {}, inc.id + ': ' + inc.title + ' ', el('span', { class: 'badge host', text: inc.host }), ' ', el('span', { class: 'badge o-' + inc.outcome, text: inc.outcome })));
  sec.append(el('p', { class: 'meta', text: 'Postmortem ' + inc.postmortem + ' · ' + ms(inc.durationMs) + ' · full logs in ' + inc.file }));
  sec.append(el('p', { text: inc.summary }));
  if (inc.failure) sec.append(el('p', { class: 'failure', text: inc.failure }));
  if (inc.claims.length) {
    // One row per claim, one verdict column per library version (as report.md): the filter hides the other versions' columns.
    sec.append(el('h3', { text: 'What the postmortem says, and what the replay found' }));
    const cols = inc.variants.length ? inc.variants : [''];
    const head = el('tr', {}, el('th', { text: 'claim id' }), el('th', { text: 'claim (' + inc.claims[0].source + ')' }),
      ...(inc.variants.length ? cols.map((v) => el('th', { 'data-variant': v, text: v })) : [el('th', { text: 'verdict' }), el('th', { text: 'evidence' })]));
    const t = el('table', { class: 'claims' }, el('thead', {}, head));
    const tb = el('tbody');
    for (const c of inc.claims) {
      const tr = el('tr', { id: claimAnchor(inc.key, c), class: 'claim', 'data-claim': c.id }, el('td', {}, el('code', { text: c.id })), el('td', { text: c.claim }));
      c.verdicts.forEach((v, i) => {
        const step = v && el('a', { class: 'proof', href: '#' + stepAnchor(inc.key, v.step), text: 'step ' + v.step });
        if (!inc.variants.length) tr.append(el('td', { class: 'verdict-cell' }, verdictBadge(v)), el('td', { class: 'evidence' }, v.evidence, ' ', step));
        else tr.append(el('td', { class: 'verdict-cell', 'data-variant': cols[i] }, ...(v ? [verdictBadge(v), ' ', el('span', { class: 'evidence', text: v.evidence }), ' ', step] : ['—'])));
      });
      tb.append(tr);
    }
    t.append(tb);
    sec.append(el('div', { class: 'scroll' }, t));
  }
  sec.append(el('h3', { text: 'Timeline' }));
  const ol = el('ol', { class: 'timeline' });
  for (const s of inc.steps) {
    const li = el('li', { id: stepAnchor(inc.key, s.index), class: 'step k-' + s.kind + ' o-' + s.outcome, 'data-variant': s.variant || '' });
    li.append(el('div', { class: 'step-head' }, el('span', { class: 'num', text: '#' + s.index }), el('span', { class: 'kind', text: s.kind }), el('span', { class: 'name', text: s.name }),
      el('span', { class: 'badge o-' + s.outcome, text: s.outcome }), s.outcome === 'skipped' ? null : el('span', { class: 'dur', text: ms(s.durationMs) })));
    if (s.skipReason) li.append(el('div', { class: 'meta', text: 'skipped: ' + s.skipReason }));
    if (s.failure) li.append(el('div', { class: 'failure', text: s.failure }));
    if (s.claims.length) li.append(el('div', { class: 'step-claims' }, ...s.claims.map((c) => el('a', { href: '#' + claimAnchor(inc.key, c) }, el('code', { text: c.id }), ' ', verdictBadge(c)))));
    // What was observed and checked shows inline; a long value folds after its first 200 characters.
    const ul = el('ul', { class: 'observed' });
    for (const e of s.evidence) ul.append(el('li', {}, e.more ? el('details', { class: 'value' }, el('summary', { text: e.text }), el('pre', { text: e.more })) : el('code', { text: e.text })));
    for (const c of s.checks) ul.append(el('li', {}, el('span', { class: c.held ? 'ok' : 'bad', text: c.held ? '✓ ' : '✗ ' }), c.description));
    for (const note of s.notes) ul.append(el('li', {}, el('i', { text: 'Note: ' }), note));
    if (ul.childElementCount) li.append(ul);
    if (s.error) li.append(el('pre', { class: 'error', text: s.error }));
    if (s.log.length) li.append(el('details', { class: 'log' }, el('summary', { text: 'captured log (' + s.log.length + ' lines shown)' }),
      el('pre', { class: 'log', text: s.log.join('\\n') + (s.logNote ? '\\n… ' + s.logNote : '') })));
    ol.append(li);
  }
  sec.append(ol);
  main.append(sec);
}

const sel = { incident: document.getElementById('f-incident'), host: document.getElementById('f-host'), variant: document.getElementById('f-variant') };
const uniq = (xs) => [...new Set(xs)];
for (const v of uniq(data.incidents.map((i) => i.id))) sel.incident.append(el('option', { value: v, text: v }));
for (const v of uniq(data.incidents.map((i) => i.host))) sel.host.append(el('option', { value: v, text: v }));
for (const v of uniq(data.incidents.flatMap((i) => i.variants))) sel.variant.append(el('option', { value: v, text: v }));
if (sel.variant.options.length === 1) sel.variant.parentElement.hidden = true;
function applyFilter() {
  const f = { incident: sel.incident.value, host: sel.host.value, variant: sel.variant.value };
  let shown = 0;
  for (const sec of document.querySelectorAll('section.incident')) {
    const variants = JSON.parse(sec.dataset.variants);
    const on = (!f.incident || sec.dataset.incident === f.incident) && (!f.host || sec.dataset.host === f.host) && (!f.variant || variants.includes(f.variant));
    sec.hidden = !on;
    if (on) shown++;
    for (const x of sec.querySelectorAll('[data-variant]')) x.hidden = !!f.variant && x.dataset.variant !== '' && x.dataset.variant !== f.variant;
  }
  for (const tr of document.querySelectorAll('#map-table tbody tr')) tr.hidden = !!f.incident && tr.dataset.incident !== f.incident;
  document.getElementById('f-count').textContent = shown + ' of ' + data.incidents.length + ' incident runs shown';
}
for (const s of Object.values(sel)) s.addEventListener('change', applyFilter);
// A link to something the filter hides clears the filter first.
document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[href^="#"]');
  const target = a && document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  if (target && target.closest('[hidden]')) { for (const s of Object.values(sel)) s.value = ''; applyFilter(); }
});
applyFilter();
`;
