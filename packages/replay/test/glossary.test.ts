/**
 * docs/glossary.md has an entry for every outcome, verdict, kind, host, provider, drift rule and
 * exit code the code can show, and for every SQLSTATE, Prisma code and library error the scenario
 * READMEs and the drift README show; each SQLSTATE entry names PostgreSQL's condition for it.
 * The codes of a real run's report.md are checked where a test already makes one
 * (report-html.test.ts), with the same `glossaryGaps`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RULES, USAGE as DRIFT_USAGE, type FindingCategory, type Severity } from '@incident-replay/drift';
import {
  HOSTS,
  claimVerdict,
  parseReadmeClaims,
  type FailureKind,
  type Journal,
  type Outcome,
  type StepKind,
  type StepRecord,
} from '@incident-replay/incident';
import { providerNames } from '@incident-replay/pg-harness';
import { REPO_ROOT } from '../src/discover.js';
import { stepLines, summaryLine } from '../src/timeline.js';
import { codesShown, entryFor, glossaryGaps, readGlossary, sqlstateNames } from './glossary.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const entries = readGlossary();

/** The names in `names` that no glossary entry has. */
const missing = (names: Iterable<string>) => [...names].filter((n) => !entryFor(entries, n));

// Typed as records over the union types: a new member does not compile until it is listed here,
// and then this test fails until the glossary explains it.
const OUTCOMES: Record<Outcome, true> = { held: true, 'did-not-hold': true, error: true, skipped: true, interrupted: true };
const FAILURE_KINDS: Record<FailureKind, true> = { 'did-not-hold': true, infrastructure: true, timeout: true, error: true, interrupted: true };
const STEP_KINDS: Record<StepKind, true> = { 'broken-state': true, symptom: true, fix: true, recovery: true, check: true };
const SEVERITIES: Record<Severity, true> = { breaks: true, differs: true };
const CATEGORIES: Record<FindingCategory, true> = { schema: true, ledger: true };

/** A step record with the given outcome and one claim of the given verdict. */
function record(outcome: Outcome, holds: boolean): StepRecord {
  return {
    index: 1,
    kind: 'check',
    name: 'a step',
    outcome,
    startedAt: '',
    durationMs: 1,
    checks: [],
    claims: [{ id: '000.a', source: '000_x.txt', claim: 'a claim', observed: holds, holds, expectedToHold: holds, evidence: 'e' }],
    evidence: [],
    notes: [],
    logs: [],
  };
}

describe('the glossary', () => {
  it('explains every step outcome, failure kind, step kind, host and provider', () => {
    expect(missing(Object.keys(OUTCOMES))).toEqual([]);
    expect(missing(Object.keys(FAILURE_KINDS))).toEqual([]);
    expect(missing(Object.keys(STEP_KINDS))).toEqual([]);
    expect(missing(HOSTS)).toEqual([]);
    expect(missing(providerNames())).toEqual([]);
  });

  it("gives each outcome the timeline's mark and closing word", () => {
    for (const outcome of Object.keys(OUTCOMES) as Outcome[]) {
      const mark = stepLines(record(outcome, true))[0]!.trim().split(' ')[0]!;
      const closing = summaryLine({ outcome, steps: [], durationMs: 0, setupMs: 0 } as unknown as Journal)
        .trim()
        .split(' — ')[0]!;
      const body = entryFor(entries, outcome)!.body;
      expect(body, `the entry of ${outcome} names its timeline mark`).toContain(`\`${mark}\``);
      if (outcome !== 'skipped') expect(body, `the entry of ${outcome} names its closing line`).toContain(`\`${closing}\``);
    }
  });

  it('explains every claim verdict, as the reports, the timeline and the README tables write it', () => {
    const journal = (holds: boolean, variant?: string) =>
      ({ steps: [{ claims: [{ ...record('held', holds).claims[0]!, ...(variant ? { variant } : {}) }] }] }) as unknown as Journal;
    const words = [claimVerdict([journal(true)], '000.a')!, claimVerdict([journal(false)], '000.a')!];
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'scenarios/003-better-auth-session-token/README.md'), 'utf8');
    const readmeWords = new Set(parseReadmeClaims(readme).rows.flatMap((r) => [...r.verdicts.values()]));
    expect(missing([...words, ...readmeWords])).toEqual([]);
    // The timeline writes a claim's verdict with its mark; the verdict's entry must show it.
    for (const holds of [true, false]) {
      const line = stepLines(record('held', holds)).find((l) => l.includes('"a claim"'))!;
      const shown = line.trim().split(':')[0]!;
      expect(entryFor(entries, claimVerdict([journal(holds)], '000.a')!)!.body).toContain(shown);
    }
  });

  it('explains every drift rule, severity and category', () => {
    expect(Object.keys(RULES).length).toBeGreaterThan(0);
    expect(missing(Object.keys(RULES))).toEqual([]);
    expect(missing(Object.keys(SEVERITIES))).toEqual([]);
    expect(missing(Object.keys(CATEGORIES))).toEqual([]);
    for (const id of Object.keys(RULES)) expect(entryFor(entries, id)!.section).toBe('Drift rules');
  });

  it('lists every exit code pnpm replay and schema-drift document', async () => {
    const { stdout } = await run(process.execPath, [tsx, path.join(REPO_ROOT, 'packages/replay/src/cli.ts'), '--help'], { cwd: REPO_ROOT });
    const codesIn = (usage: string) => [...(/^exit code:([\s\S]*)$/m.exec(usage)?.[1] ?? '').matchAll(/\b\d+\b/g)].map((m) => m[0]);
    const replayCodes = codesIn(stdout);
    expect(replayCodes).toEqual(expect.arrayContaining(['0', '1', '2', String(128 + os.constants.signals.SIGINT)]));
    for (const code of replayCodes) expect(entryFor(entries, 'pnpm replay')!.body).toContain(`\`${code}\``);
    const driftCodes = codesIn(DRIFT_USAGE);
    expect(driftCodes).toEqual(['0', '1', '2']);
    for (const code of driftCodes) expect(entryFor(entries, 'schema-drift')!.body).toContain(`\`${code}\``);
  });

  it('has an entry for every code the scenario READMEs and the drift README show', () => {
    const docs = [
      ...fs
        .readdirSync(path.join(REPO_ROOT, 'scenarios'))
        .filter((d) => /^\d{3}-/.test(d))
        .map((d) => `scenarios/${d}/README.md`),
      'packages/drift/README.md',
    ];
    const shown = new Set<string>();
    for (const doc of docs) {
      const text = fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8');
      for (const c of codesShown(text)) shown.add(c);
      expect(glossaryGaps(text, entries), `codes ${doc} shows`).toEqual([]);
    }
    // The incidents' codes are found at all (a broken extraction would find nothing and pass).
    expect([...shown]).toEqual(expect.arrayContaining(['42703', '42P07', 'P2022', 'P3009', 'JWT_SESSION_ERROR', 'SchemaMismatchError', 'NeonDbError']));
  });

  it("names PostgreSQL's condition in each SQLSTATE entry, and lists only real SQLSTATEs there", () => {
    const states = sqlstateNames();
    const sqlstateEntries = entries.filter((e) => e.section === 'PostgreSQL SQLSTATEs');
    expect(sqlstateEntries.length).toBeGreaterThan(0);
    for (const e of sqlstateEntries) {
      const code = e.names[0]!;
      expect(states.has(code), `${code} is a SQLSTATE`).toBe(true);
      expect(e.body.startsWith(`${states.get(code)}:`), `the entry of ${code} starts with "${states.get(code)}:"`).toBe(true);
    }
  });

  it('finds codes only where a text marks them as codes', () => {
    const text =
      "SQLSTATE 42703; code: '23502' (57P01) port 127.0.0.1:40001 and 22000 rows; P2022, P0001; DrizzleQueryError, TypeError; JWT_SESSION_ERROR, BETTER_AUTH_SECRET";
    expect(codesShown(text)).toEqual(['23502', '42703', '57P01', 'DrizzleQueryError', 'JWT_SESSION_ERROR', 'P2022'].sort());
  });
});
