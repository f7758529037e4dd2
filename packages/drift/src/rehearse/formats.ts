/**
 * The output formats of `schema-drift rehearse`, each a pure function of the {@link RehearsalReport}
 * (as the drift check's formats are of its report): text, JSON, SARIF 2.1.0, GitHub workflow
 * commands, JUnit XML and Markdown. Findings of BASE against BEFORE (`already`) are context: they
 * are listed in text and JSON, not reported as results.
 */
import crypto from 'node:crypto';
import type * as Sarif from 'sarif';
import { locationOf, RULES, type Rule } from '../formats/rules.js';
import type { FormatOptions } from '../formats/sarif.js';
import { TOOL } from '../formats/tool.js';
import { describeFailure, type RehearsalFinding, type RehearsalReport } from './rehearse.js';

/** The names of {@link REHEARSAL_FORMATS}: the drift check's own. */
export type RehearsalFormat = 'text' | 'json' | 'sarif' | 'github' | 'junit' | 'markdown';

/** The formats of a rehearsal. */
export const REHEARSAL_FORMATS: Record<RehearsalFormat, (r: RehearsalReport, o?: FormatOptions) => string> = {
  text: formatRehearsalText,
  json: (r) => `${JSON.stringify(r, null, 2)}\n`,
  sarif: (r, o) => `${JSON.stringify(rehearsalSarif(r, o), null, 2)}\n`,
  github: formatRehearsalGithub,
  junit: formatRehearsalJunit,
  markdown: formatRehearsalMarkdown,
};

/**
 * The findings that are the deploy's doing, each once, in comparison order: HEAD against AFTER
 * (the release), BASE against AFTER when it breaks migrate-first, HEAD against BEFORE when it breaks
 * deploy-first (one that is also in AFTER is the release's, already listed).
 */
function reported(r: RehearsalReport): RehearsalFinding[] {
  const mine: Record<string, RehearsalFinding['impact']> = { 'base-after': 'migrate-first', 'head-before': 'deploy-first' };
  return r.comparisons.flatMap((c) => c.findings.filter((f) => c.id === 'head-after' || f.impact === mine[c.id]));
}

function where(f: RehearsalFinding, prefix = ''): string {
  const loc = locationOf(f, prefix);
  const schema = loc.file ? `${loc.file}${loc.line ? `:${loc.line}` : ''}` : f.source.file;
  const mig = f.migrationAt ? `; migration ${prefix}${f.migrationAt.file}:${f.migrationAt.line}` : '';
  return `schema ${schema}${mig}`;
}

const IMPACT: Record<RehearsalFinding['impact'], string> = {
  release: 'both orders (the release itself)',
  'migrate-first': 'migrate, then deploy',
  'deploy-first': 'deploy, then migrate',
  already: 'already before the deploy',
};

function findingText(f: RehearsalFinding, prefix = ''): string {
  const target = `${f.schema}.${f.table}${f.column ? `.${f.column}` : ''}`;
  return `${f.severity} ${f.kind} ${target}${f.sqlstate ? ` (SQLSTATE ${f.sqlstate})` : ''} — breaks: ${IMPACT[f.impact]}${f.counted ? '' : ' [not counted: --fail-on breaks]'} — ${where(f, prefix)}\n      ${f.message}`;
}

/** The rehearsal for a terminal: what was built, the questions with their findings, the verdicts. */
export function formatRehearsalText(r: RehearsalReport): string {
  const out: string[] = [];
  const rev = (x: { ref: string; commit?: string }) =>
    /^[0-9a-f]{40}$/.test(x.ref) ? x.ref.slice(0, 12) : `${x.ref}${x.commit ? ` (${x.commit.slice(0, 12)})` : ''}`;
  out.push(`schema-drift rehearse ${r.project}: BASE ${rev(r.base)} → HEAD ${rev(r.head)}; the pipeline's order: ${r.order}`);
  if (r.server) out.push(`scratch server: ${r.server}`);
  if (r.before) out.push(`BEFORE: ${r.before}`);
  if (r.afterRun)
    out.push(
      `AFTER: HEAD's ${r.afterRun.pending.length} pending migration${r.afterRun.pending.length === 1 ? '' : 's'} ${r.afterRun.pending.length ? `(${r.afterRun.pending.join(', ')}) ` : ''}${r.afterRun.how}`,
    );
  if (r.afterRun?.failure) out.push(`  ✗ migration ${describeFailure(r.afterRun.failure)}`);
  for (const x of r.rowFailures)
    out.push(`  ${x.verdict === 'fails' ? '✗' : '?'} ${x.file}:${x.line} ${x.verdict} on production's rows (SQLSTATE ${x.sqlstate}): ${x.reason}`);
  for (const c of r.comparisons) {
    const mine = c.findings.filter((f) => c.id === 'base-before' || f.impact !== 'already');
    const verdict = c.exitCode === 2 ? `could not compare: ${c.error}` : mine.length ? `${mine.length} finding${mine.length === 1 ? '' : 's'}` : 'nothing';
    out.push('', `${c.question}: ${verdict}`);
    for (const f of mine) out.push(`  ${findingText(f)}`);
  }
  if (r.verdicts.length) {
    out.push('');
    for (const v of r.verdicts) {
      out.push(`${v.label}: ${v.safe ? 'safe' : 'breaks'}${v.order === r.order ? ' (the pipeline’s order)' : ''}`);
      for (const b of v.breaks) out.push(`  - ${b}`);
    }
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push('', r.exitCode === 2 ? `schema-drift rehearse: could not rehearse: ${r.error}` : `schema-drift rehearse: ${r.summary} (exit ${r.exitCode})`);
  return `${out.join('\n')}\n`;
}

/** The rehearsal as Markdown (a pull request's step summary). */
export function formatRehearsalMarkdown(r: RehearsalReport, o: FormatOptions = {}): string {
  const p = o.pathPrefix ?? '';
  const out = [`### schema-drift rehearse: ${r.exitCode === 0 ? 'safe to ship' : r.exitCode === 2 ? 'could not rehearse' : 'this deploy breaks'}`, ''];
  if (r.exitCode === 2) return `${[...out, r.error ?? ''].join('\n')}\n`;
  out.push(`BASE \`${r.base.ref}\` → HEAD \`${r.head.ref}\`, the pipeline's order: **${r.order}**. ${r.summary}.`, '');
  out.push('| deploy order | verdict |', '|---|---|');
  for (const v of r.verdicts)
    out.push(`| ${v.label}${v.order === r.order ? ' (pipeline)' : ''} | ${v.safe ? 'safe' : `**breaks**: ${v.breaks.map(cell).join('<br>')}`} |`);
  if (r.afterRun?.failure) out.push('', `**Migration fails:** ${cell(describeFailure(r.afterRun.failure))}`);
  const rows = reported(r);
  if (rows.length) {
    out.push('', '| question | finding | SQLSTATE | breaks | where |', '|---|---|---|---|---|');
    for (const f of rows)
      out.push(
        `| ${f.comparison} | ${f.kind} \`${f.schema}.${f.table}${f.column ? `.${f.column}` : ''}\` | ${f.sqlstate ?? ''} | ${IMPACT[f.impact]} | ${cell(where(f, p))} |`,
      );
  }
  for (const n of r.notes) out.push('', `> ${cell(n)}`);
  return `${out.join('\n')}\n`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** GitHub workflow commands: one annotation per finding, migration failure and row failure. */
export function formatRehearsalGithub(r: RehearsalReport, o: FormatOptions = {}): string {
  const p = o.pathPrefix ?? '';
  if (r.exitCode === 2) return `::error title=schema-drift rehearse could not rehearse::${data(r.error ?? '')}\n`;
  const out: string[] = [];
  const f0 = r.afterRun?.failure;
  if (f0) out.push(`::error file=${prop(p + f0.file)}${f0.line ? `,line=${f0.line}` : ''},title=${prop('migration fails')}::${data(describeFailure(f0))}`);
  for (const x of r.rowFailures)
    out.push(
      `::${x.verdict === 'fails' ? 'error' : 'warning'} file=${prop(p + x.file)},line=${x.line},title=${prop(`${x.verdict} on production's rows (SQLSTATE ${x.sqlstate})`)}::${data(x.reason)}`,
    );
  for (const f of reported(r)) {
    const at = f.migrationAt ? { file: f.migrationAt.file, line: f.migrationAt.line } : locationOf(f, '');
    const type = f.counted ? 'error' : 'warning';
    const props = at.file ? [`file=${prop(p + at.file)}`, ...(at.line ? [`line=${at.line}`] : [])] : [];
    props.push(`title=${prop(`${f.kind} ${f.schema}.${f.table}${f.column ? `.${f.column}` : ''}: breaks ${IMPACT[f.impact]}`)}`);
    out.push(`::${type} ${props.join(',')}::${data(`${f.message}${f.sqlstate ? ` (SQLSTATE ${f.sqlstate})` : ''}\n${where(f, p)}`)}`);
  }
  out.push(`schema-drift rehearse: ${r.summary}`);
  return `${out.join('\n')}\n`;
}

function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** JUnit XML: one test case per question and per deploy order; a failure per finding that counts. */
export function formatRehearsalJunit(r: RehearsalReport): string {
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const cases: string[] = [];
  if (r.exitCode === 2) cases.push(`    <testcase classname="rehearse" name="rehearse"><error message="${x(r.error ?? '')}"/></testcase>`);
  for (const c of r.comparisons.filter((c) => c.id !== 'base-before')) {
    const bad = c.findings.filter((f) => f.counted && f.impact !== 'already');
    cases.push(
      `    <testcase classname="rehearse.comparisons" name="${x(c.question)}">${
        c.exitCode === 2 ? `<error message="${x(c.error ?? '')}"/>` : bad.map((f) => `<failure message="${x(findingText(f))}"/>`).join('')
      }</testcase>`,
    );
  }
  for (const v of r.verdicts)
    cases.push(`    <testcase classname="rehearse.orders" name="${x(v.label)}">${v.safe ? '' : `<failure message="${x(v.breaks.join('; '))}"/>`}</testcase>`);
  const failures = (cases.join('').match(/<failure /g) ?? []).length;
  const errors = (cases.join('').match(/<error /g) ?? []).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="schema-drift rehearse" tests="${cases.length}" failures="${failures}" errors="${errors}">\n  <testsuite name="${x(r.project)}" tests="${cases.length}" failures="${failures}" errors="${errors}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}

const EXTRA_RULES: Sarif.ReportingDescriptor[] = [
  {
    id: 'migration-fails',
    name: 'MigrationFails',
    shortDescription: { text: 'A pending migration fails when it is applied: the deploy stops there.' },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: 'fails-on-rows',
    name: 'FailsOnRows',
    shortDescription: { text: "A pending migration's statement fails (or may fail) on production's rows: a NOT NULL without default, a NULL, a duplicate." },
    defaultConfiguration: { level: 'error' },
  },
];

/**
 * The rehearsal as a SARIF 2.1.0 log: the drift check's rules plus `migration-fails` and
 * `fails-on-rows`; each finding located at the schema's declaration and, when a migration causes
 * it, at that migration's statement too.
 */
export function rehearsalSarif(r: RehearsalReport, o: FormatOptions = {}): Sarif.Log {
  const p = o.pathPrefix ?? '';
  const rules: Sarif.ReportingDescriptor[] = [
    ...(Object.values(RULES) as Rule[]).map((rule) => ({
      id: rule.id,
      name: rule.name,
      shortDescription: { text: rule.short },
      defaultConfiguration: { level: rule.level },
    })),
    ...EXTRA_RULES,
  ];
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const phys = (file: string, line?: number): Sarif.Location => ({
    physicalLocation: { artifactLocation: { uri: encodeURI(p + file), uriBaseId: '%SRCROOT%' }, ...(line ? { region: { startLine: line } } : {}) },
  });
  const fp = (...parts: string[]) => crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const results: Sarif.Result[] = [];
  const f0 = r.afterRun?.failure;
  if (f0)
    results.push({
      ruleId: 'migration-fails',
      ruleIndex: index.get('migration-fails'),
      level: 'error',
      message: { text: describeFailure(f0) },
      locations: [phys(f0.file, f0.line)],
      partialFingerprints: { 'schemaDriftRehearse/v1': fp('migration-fails', f0.migration) },
      properties: { ...(f0.sqlstate ? { sqlstate: f0.sqlstate } : {}) },
    });
  for (const x of r.rowFailures)
    results.push({
      ruleId: 'fails-on-rows',
      ruleIndex: index.get('fails-on-rows'),
      level: x.verdict === 'fails' ? 'error' : 'warning',
      message: { text: `${x.verdict} on production's rows (SQLSTATE ${x.sqlstate}): ${x.reason}` },
      locations: [phys(x.file, x.line)],
      partialFingerprints: { 'schemaDriftRehearse/v1': fp('fails-on-rows', x.file, x.table, x.column ?? '') },
      properties: { sqlstate: x.sqlstate, verdict: x.verdict },
    });
  for (const f of reported(r)) {
    const loc = locationOf(f, '');
    const locations = [...(loc.file ? [phys(loc.file, loc.line)] : []), ...(f.migrationAt ? [phys(f.migrationAt.file, f.migrationAt.line)] : [])];
    results.push({
      ruleId: f.kind,
      ruleIndex: index.get(f.kind),
      level: f.counted ? 'error' : 'warning',
      message: { text: `${f.message}${f.sqlstate ? ` (SQLSTATE ${f.sqlstate})` : ''}. Breaks: ${IMPACT[f.impact]}. ${f.comparison}.` },
      locations,
      partialFingerprints: { 'schemaDriftRehearse/v1': fp(f.comparison, f.kind, f.schema, f.table, f.column ?? '') },
      properties: { comparison: f.comparison, impact: f.impact, severity: f.severity, ...(f.sqlstate ? { sqlstate: f.sqlstate } : {}) },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: `${TOOL.name} rehearse`, semanticVersion: TOOL.version, rules } },
        automationDetails: { id: `schema-drift-rehearse/${r.project}/` },
        invocations: [
          {
            executionSuccessful: r.exitCode !== 2,
            exitCode: r.exitCode,
            toolExecutionNotifications: r.error ? [{ level: 'error', message: { text: r.error } }] : [],
          },
        ],
        results,
        properties: { summary: r.summary, order: r.order, base: r.base, head: r.head, readOnly: true },
      },
    ],
  };
}
