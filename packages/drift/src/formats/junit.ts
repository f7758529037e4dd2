import type { DriftFinding, DriftReport } from '../model.js';
import { counts, locationOf, ruleOf, targetOf } from './rules.js';
import type { FormatOptions } from './sarif.js';

/**
 * The report as JUnit XML (the Ant/Surefire schema CI test reporters read): one test suite, one
 * test case per compared table (`table public.users`) and one for the migration ledger
 * (`ledger public._prisma_migrations`). A test case fails with its findings that count under
 * `--fail-on` (the failure message names them, its body has every detail); findings that do not
 * count are in `<system-out>`. A check that could not run is one test case with an `<error>`.
 */
export function formatJunit(report: DriftReport, options: FormatOptions = {}): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const suite = `schema-drift ${report.app}`;
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (report.exitCode === 2) {
    errors = 1;
    cases.push(
      `    <testcase classname="${x(suite)}" name="check ${x(report.database)}" time="${seconds}">\n      <error type="could-not-check" message="${x(report.error ?? '')}"/>\n    </testcase>`,
    );
  } else {
    const groups = new Map<string, DriftFinding[]>();
    for (const t of report.compared?.tables ?? []) groups.set(`table ${t}`, []);
    if (report.compared?.ledger) groups.set(`ledger ${report.compared.ledger}`, []);
    for (const f of report.findings) {
      const key = ruleOf(f).scope === 'ledger' ? `ledger ${report.compared?.ledger ?? `${f.schema}.${f.table}`}` : `table ${f.schema}.${f.table}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [name, findings] of groups) {
      const failing = findings.filter((f) => counts(f, report.failOn));
      const other = findings.filter((f) => !counts(f, report.failOn));
      const body: string[] = [];
      if (failing.length) {
        failures++;
        const message = `${failing.length} finding${failing.length === 1 ? '' : 's'}: ${failing.map((f) => `${f.kind} ${targetOf(f)}`).join(', ')}`;
        body.push(
          `      <failure type="${x(failing[0]!.kind)}" message="${x(message)}">${x(failing.map((f) => details(f, options.pathPrefix ?? '')).join('\n\n'))}</failure>`,
        );
      }
      if (other.length)
        body.push(
          `      <system-out>${x(`not failing (--fail-on ${report.failOn}):\n${other.map((f) => details(f, options.pathPrefix ?? '')).join('\n\n')}`)}</system-out>`,
        );
      cases.push(`    <testcase classname="${x(suite)}" name="${x(name)}" time="0">${body.length ? `\n${body.join('\n')}\n    ` : ''}</testcase>`);
    }
  }
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="schema-drift" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${x(suite)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}" timestamp="${x(report.checkedAt.replace(/Z$/, ''))}">`,
    `    <properties>\n      <property name="database" value="${x(report.database)}"/>${report.found ? `\n      <property name="found" value="${x(report.found)}"/>` : ''}\n    </properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function details(f: DriftFinding, prefix: string): string {
  const loc = locationOf(f, prefix);
  const lines = [
    `[${f.severity}] ${f.kind}: ${targetOf(f)}`,
    f.message,
    `expected: ${f.expected}`,
    `actual:   ${f.actual}`,
    `from:     ${loc.file}${loc.line ? `:${loc.line}` : ''}${f.source.model ? ` › ${f.source.model}` : ''}${f.source.field ? ` › ${f.source.field}` : ''}`,
  ];
  if (f.repairSql) lines.push(`repair:   ${f.repairSql}`);
  if (f.hint) lines.push(`to do:    ${f.hint}`);
  return lines.join('\n');
}

/** XML-escapes text and attribute values; drops characters XML 1.0 cannot hold. */
function x(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
