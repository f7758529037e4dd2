/**
 * The CI formats (SARIF, GitHub annotations, JUnit, Markdown) over one real
 * report: the shop-prisma fixture checked against a database with drift made
 * by hand (a column dropped, a NOT NULL column added, a migration recorded as
 * failed). The CLI runs in-process (runCli) on the fixture project folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkSample, markdownFiles } from '@incident-replay/incident';
import type { Databases } from '@incident-replay/pg-harness';
import {
  checkDrift,
  FORMATS,
  formatGithub,
  formatJunit,
  formatMarkdown,
  runCli,
  sarifLog,
  USAGE,
  type DriftFinding,
  type DriftReport,
  type FindingKind,
} from '../src/index.js';
import { RULES } from '../src/formats/rules.js';
import { FIXTURES, REPO_ROOT, databases, migrateShopPrisma, sql } from './helpers.js';
import { validateSarif } from './sarif-schema.js';

const APP = path.join(FIXTURES, 'apps/shop-prisma');
let dbs: Databases;
let url: string;
let report: DriftReport;

beforeAll(async () => {
  dbs = databases();
  url = (await dbs.create('drift_formats')).url;
  await migrateShopPrisma(url);
  await sql(
    url,
    `ALTER TABLE users DROP COLUMN "bonusActive";
     ALTER TABLE sessions ADD COLUMN device text NOT NULL DEFAULT 'x'; ALTER TABLE sessions ALTER COLUMN device DROP DEFAULT;
     UPDATE "_prisma_migrations" SET finished_at = NULL, logs = 'Database error code: 42703' WHERE migration_name = '20250201000000_add_credits'`,
  );
  report = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
});
afterAll(async () => {
  await dbs.dropAll();
});

/** Checks the sample of packages/drift/README.md named `name` against real output (times, ports, ids masked). */
const expectSample = (name: string, output: string) => checkSample(REPO_ROOT, markdownFiles(REPO_ROOT), name, output);

const kinds = (r: DriftReport) => r.findings.map((f) => `${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`);

describe('SARIF 2.1.0', () => {
  it('validates against the SARIF 2.1.0 schema, one result per finding with its rule and level', () => {
    expect(kinds(report)).toEqual(
      expect.arrayContaining([
        'missing-column users.bonusActive',
        'extra-required-column sessions.device',
        'ledger-failed _prisma_migrations 20250201000000_add_credits',
      ]),
    );
    const log = sarifLog(report);
    expect(validateSarif(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(report.findings.length);
    for (const [i, res] of run.results!.entries()) {
      const f = report.findings[i]!;
      expect(res.ruleId).toBe(f.kind);
      expect(run.tool.driver.rules![res.ruleIndex!]!.id).toBe(f.kind);
      expect(res.level).toBe(f.severity === 'breaks' ? 'error' : 'warning');
    }
  });

  it('has a rule with help text for every finding kind', () => {
    const rules = sarifLog(report).runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id).sort()).toEqual((Object.keys(RULES) as FindingKind[]).sort());
    for (const r of rules) {
      expect(r.help?.text?.length).toBeGreaterThan(40);
      expect(r.shortDescription?.text).toMatch(/\.$/);
    }
  });

  it('locates a result at the file and line when the finding has one, and at the file alone otherwise', () => {
    const withLine = report.findings.find((f) => f.location?.line !== undefined);
    const log = sarifLog({ ...report, findings: [...report.findings, { ...report.findings[0]!, location: undefined, column: 'other' }] });
    const results = log.runs[0]!.results!;
    const last = results.at(-1)!.locations![0]!.physicalLocation!;
    expect(last.artifactLocation!.uri).toBe(report.findings[0]!.source.file);
    expect(last.region).toBeUndefined();
    if (withLine) {
      const res = results[report.findings.indexOf(withLine)]!.locations![0]!.physicalLocation!;
      expect(res.artifactLocation!.uri).toBe(withLine.location!.file);
      expect(res.region!.startLine).toBe(withLine.location!.line);
      // The line is where the expectation is written in the file.
      const text = fs.readFileSync(path.join(FIXTURES, withLine.location!.file), 'utf8').split('\n')[withLine.location!.line! - 1]!;
      expect(text).toContain(withLine.source.field ?? withLine.migration ?? withLine.table);
    }
  });

  it('gives each finding a fingerprint that is stable across runs and line moves, and distinct between findings', async () => {
    const again = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    const fp = (r: DriftReport) => sarifLog(r).runs[0]!.results!.map((x) => x.partialFingerprints!['schemaDrift/v1']);
    expect(fp(again)).toEqual(fp(report));
    expect(new Set(fp(report)).size).toBe(report.findings.length);
    const moved = { ...report, findings: report.findings.map((f) => ({ ...f, location: { file: f.source.file, line: 999 } })) };
    expect(fp(moved)).toEqual(fp(report));
  });

  it('a check that could not run is a valid log with the reason as a notification', async () => {
    const down = await checkDrift({ app: 'shop-prisma', databaseUrl: 'postgres://u:pw@127.0.0.1:1/x', repoRoot: FIXTURES });
    const log = sarifLog(down);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.invocations![0]).toMatchObject({
      executionSuccessful: false,
      exitCode: 2,
      toolExecutionNotifications: [{ level: 'error', message: { text: down.error } }],
    });
  });
});

describe('GitHub annotations', () => {
  it('one ::error per finding that breaks and ::warning per finding that differs, with file, title and escaped text', () => {
    const out = formatGithub(report);
    const lines = out.trimEnd().split('\n');
    const breaks = report.findings.filter((f) => f.severity === 'breaks').length;
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(breaks);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(report.findings.length - breaks);
    expect(out).toMatch(/^::error file=prisma\/schema\.prisma|^::error file=.*\/schema\.prisma/m);
    expect(out).toContain('title=schema drift%3A missing-column users.bonusActive::');
    // Newlines of the message are escaped: one annotation is one line.
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^::(error|warning|notice) /);
    expect(lines.at(-1)).toMatch(/^schema-drift: \d+ findings in shop-prisma: \d+ errors?/);
  });

  it('ranks by severity and caps at 10 per type with a closing count', () => {
    const many = (severity: 'breaks' | 'differs', n: number): DriftFinding[] =>
      Array.from({ length: n }, (_, i) => ({ ...report.findings[0]!, severity, column: `c${severity}${i}` }));
    const out = formatGithub({ ...report, findings: [...many('differs', 12), ...many('breaks', 13)], notes: [] })
      .trimEnd()
      .split('\n');
    expect(out.slice(0, 10).every((l) => l.startsWith('::error '))).toBe(true);
    expect(out.slice(10, 20).every((l) => l.startsWith('::warning '))).toBe(true);
    expect(out).toHaveLength(21);
    expect(out[20]).toBe(
      'schema-drift: 25 findings in shop-prisma: 13 errors (break the app or its next deploy), 12 warnings; 5 not annotated (GitHub shows 10 per type per step): 3 errors, 2 warnings, all in the step summary',
    );
  });
});

describe('JUnit and Markdown', () => {
  it('JUnit: one test case per compared table and one for the ledger; failures carry the findings', () => {
    const xml = formatJunit(report);
    const cases = [...xml.matchAll(/<testcase classname="schema-drift shop-prisma" name="([^"]+)"/g)].map((m) => m[1]);
    expect(cases).toEqual(['table public.users', 'table public.sessions', 'ledger public._prisma_migrations']);
    expect(xml).toMatch(/<testsuite name="schema-drift shop-prisma" tests="3" failures="3" errors="0"/);
    expect(xml).toMatch(/<failure type="ledger-failed" message="\d+ findings?: ledger-failed _prisma_migrations 20250201000000_add_credits/);
    expect(xml).toContain('column &quot;users&quot;.&quot;bonusActive&quot; does not exist');
    const passing = formatJunit({ ...report, failOn: 'breaks', findings: report.findings.map((f) => ({ ...f, severity: 'differs' as const })) });
    expect(passing).toMatch(/failures="0"/);
    expect(passing).toContain('<system-out>not failing (--fail-on breaks):');
  });

  it('Markdown: a verdict heading and one row per finding, repair SQL collapsed', () => {
    const md = formatMarkdown(report);
    expect(md.split('\n')[0]).toMatch(/^### schema-drift: shop-prisma — \d+ findings, \d+ that break the app or its next deploy$/);
    expect(md).toContain('| **breaks** | `missing-column` | users.bonusActive |');
    expect(md).toContain('<details><summary>Repair SQL');
  });
});

describe('schema-drift (runCli) on the fixture project', () => {
  function io(cwd: string, env: NodeJS.ProcessEnv = {}) {
    const out = { stdout: '', stderr: '' };
    const stdout = (t: string) => {
      out.stdout += t;
    };
    const stderr = (t: string) => {
      out.stderr += t;
    };
    return { out, io: { cwd, env, stdout, stderr } };
  }

  it('finds drift.config.ts in the folder, writes every --output, appends the summary for --format github', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-drift-out-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const summary = path.join(dir, 'summary.md');
    const { out, io: cli } = io(APP, { GITHUB_STEP_SUMMARY: summary });
    const code = await runCli(
      ['--database-url', url, '--format', 'github', ...Object.keys(FORMATS).flatMap((f) => ['--output', `${f}=${path.join(dir, `drift.${f}`)}`])],
      cli,
    );
    expect(code).toBe(1);
    expect(out.stderr).toMatch(
      /^schema-drift: shop-prisma: prisma schema prisma\/schema\.prisma \(2 models, via drift\.config\.ts\); drizzle: none; 2 migrations in prisma\/migrations \(ledger public\._prisma_migrations\)\n$/,
    );
    expect(out.stdout).toContain('title=schema drift%3A missing-column users.bonusActive');
    expect(validateSarif(JSON.parse(fs.readFileSync(path.join(dir, 'drift.sarif'), 'utf8')))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'drift.json'), 'utf8')).exitCode).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'drift.text'), 'utf8')).toMatch(/^drift check: shop-prisma against postgres:\/\/postgres:\*\*\*@/);
    expect(fs.readFileSync(summary, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'drift.markdown'), 'utf8'));
    // The README's example is this run: the text report, the annotations and the SARIF file.
    expectSample('schema-drift-text', fs.readFileSync(path.join(dir, 'drift.text'), 'utf8'));
    expectSample('schema-drift-github', `${out.stderr}${out.stdout}`);
    expectSample('schema-drift-sarif', fs.readFileSync(path.join(dir, 'drift.sarif'), 'utf8'));
  });

  it('--help prints the usage on stdout, exit 0', async () => {
    const help = io(APP);
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out.stdout).toBe(`${USAGE}\n`);
    expect(help.out.stderr).toBe('');
    expectSample('schema-drift-help', help.out.stdout);
  });

  it('--fail-on breaks, and bad input is one line on stderr with exit 2', async () => {
    const ok = io(APP);
    expect(await runCli(['--database-url', url, '--fail-on', 'breaks', '--format', 'json'], ok.io)).toBe(1);
    const bad = [
      [
        ['--format', 'xml', '--database-url', url],
        'schema-drift: --format must be one of text, json, sarif, github, junit, markdown, not "xml" (see schema-drift --help)\n',
      ],
      [
        ['--database-url', url, '--output', 'sarif'],
        'schema-drift: --output takes FORMAT=FILE, e.g. sarif=drift.sarif, not "sarif" (see schema-drift --help)\n',
      ],
      [[], 'schema-drift: no database: give --database-url <postgres://…> or set DATABASE_URL (see schema-drift --help)\n'],
      [['--databse-url', 'postgres://u:topsecret@h/db'], /^schema-drift: Unknown option '--databse-url'.* \(see schema-drift --help\)\n$/],
      [['postgres://u:topsecret@h/db'], /^schema-drift: Unexpected argument 'postgres:\/\/u:\*\*\*@h\/db'.* \(see schema-drift --help\)\n$/],
    ] as const;
    for (const [args, line] of bad) {
      const r = io(APP);
      expect(await runCli([...args], r.io)).toBe(2);
      if (typeof line === 'string') expect(r.out.stderr).toBe(line);
      else expect(r.out.stderr).toMatch(line);
      expect(r.out.stderr).not.toContain('topsecret');
      expect(r.out.stdout).toBe('');
    }
  });
});
