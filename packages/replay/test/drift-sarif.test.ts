/**
 * `<incident>.<host>.drift.sarif` beside the journal: the drift checks a journal
 * recorded as evidence, in each shape the incidents record them (full
 * findings as 001 does, the subset 002 keeps, finding lines as 000 and 003
 * write them), rendered as SARIF 2.1.0 that validates against the schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Journal, StepRecord } from '@incident-replay/incident';
import { recordedDriftChecks, writeDriftSarif } from '../src/drift-sarif.js';
import { validateSarif } from '../../drift/test/sarif-schema.js';

function journal(id: string, values: { label: string; value: unknown }[]): Journal {
  const step = (index: number, v: { label: string; value: unknown }): StepRecord => ({
    index,
    kind: 'check',
    name: `step ${index}`,
    outcome: 'held',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    checks: [],
    claims: [],
    evidence: [
      { type: 'value', label: v.label, value: v.value },
      { type: 'value', label: 'unrelated', value: { findings: 'no' } },
    ],
    notes: [],
    logs: [],
  });
  return {
    incident: { id, title: id, postmortem: 'x.txt', summary: '' },
    host: 'in-process',
    postgres: { provider: 'embedded', version: '17', description: '' },
    outcome: 'held',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    setupMs: 0,
    steps: values.map((v, i) => step(i + 1, v)),
  };
}

const full = {
  kind: 'missing-column',
  severity: 'breaks',
  schema: 'public',
  table: 'users',
  column: 'role',
  expected: "text DEFAULT 'user' NOT NULL",
  actual: 'no such column',
  source: { file: 'apps/authjs-edge/src/lib/db/schema.ts', model: 'users', field: 'role' },
  location: { file: 'apps/authjs-edge/src/lib/db/schema.ts', line: 12, column: 3 },
  message: 'column "users"."role" does not exist',
};

describe('drift findings recorded as evidence → SARIF', () => {
  it('recognises each recorded shape and nothing else', () => {
    const j = journal('000-x', [
      { label: 'drift findings', value: ['missing-column users.session_version', 'migration-not-applied __drizzle_migrations 0012_add_session_version'] },
      { label: 'drift report', value: { exitCode: 1, findings: [full], checked: { tables: 1, columns: 5, migrations: 1 }, sources: ['drizzle'] } },
      {
        label: 'drift after',
        value: {
          exitCode: 1,
          findings: [
            { kind: 'ledger-failed', severity: 'breaks', table: '_prisma_migrations', migration: '20251014_x', expected: 'applied', actual: 'FAILED' },
          ],
        },
      },
      { label: 'drift check, after', value: { exitCode: 1, schema: ['missing-column session.token (apps/better-auth-1.4/src/auth.ts)'], ledger: [] } },
      {
        label: 'drift check: after the fix',
        value: {
          exitCode: 1,
          schema: [
            'differs nullability users.unlimitedPoseActive (apps/prisma-login/prisma/schema.prisma:27): expected boolean DEFAULT false NOT NULL, found boolean DEFAULT false',
          ],
          ledger: [
            'breaks ledger-failed _prisma_migrations 20251014_add_avatar: expected applied, found FAILED (started 2026-01-01T00:00:00.000Z, not finished)',
          ],
          sources: ['prisma DMMF: apps/prisma-login/prisma/schema.prisma'],
        },
      },
      { label: 'not drift', value: ['hello world'] },
    ]);
    const checks = recordedDriftChecks(j);
    expect(checks.map((c) => [c.step, c.label, c.report.findings.map((f) => [f.kind, f.table, f.column ?? null, f.migration ?? null, f.source.file])])).toEqual(
      [
        [
          1,
          'drift findings',
          [
            ['missing-column', 'users', 'session_version', null, ''],
            ['migration-not-applied', '__drizzle_migrations', null, '0012_add_session_version', ''],
          ],
        ],
        [2, 'drift report', [['missing-column', 'users', 'role', null, 'apps/authjs-edge/src/lib/db/schema.ts']]],
        [3, 'drift after', [['ledger-failed', '_prisma_migrations', null, '20251014_x', '']]],
        [4, 'drift check, after', [['missing-column', 'session', 'token', null, 'apps/better-auth-1.4/src/auth.ts']]],
        [
          5,
          'drift check: after the fix',
          [
            ['nullability', 'users', 'unlimitedPoseActive', null, 'apps/prisma-login/prisma/schema.prisma'],
            ['ledger-failed', '_prisma_migrations', null, '20251014_add_avatar', ''],
          ],
        ],
      ],
    );
    expect(checks[4]!.report.findings.map((f) => [f.severity, f.expected, f.actual])).toEqual([
      ['differs', 'boolean DEFAULT false NOT NULL', 'boolean DEFAULT false'],
      ['breaks', 'applied', 'FAILED (started 2026-01-01T00:00:00.000Z, not finished)'],
    ]);
  });

  it('writes <incident>.<host>.drift.sarif with one run per recorded check, valid SARIF 2.1.0, located where the record allows', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-sarif-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const written = writeDriftSarif(dir, [
      journal('001-edge', [
        { label: 'drift report', value: { exitCode: 1, findings: [full] } },
        { label: 'drift report, clean', value: { exitCode: 0, findings: [] } },
      ]),
      journal('009-none', [{ label: 'not drift', value: 42 }]),
    ]);
    expect(written).toEqual([path.join(dir, '001-edge.in-process.drift.sarif')]);
    const log = JSON.parse(fs.readFileSync(written[0]!, 'utf8')) as {
      runs: {
        automationDetails: { id: string };
        results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
      }[];
    };
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs.map((r) => [r.automationDetails.id, r.results.length])).toEqual([
      ['schema-drift/001-edge/1-drift-report', 1],
      ['schema-drift/001-edge/2-drift-report-clean', 0],
    ]);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'apps/authjs-edge/src/lib/db/schema.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 3 },
    });
  });

  it('takes the file and line a recorded finding names, for the SARIF location', () => {
    const j = journal('002-x', [
      {
        label: 'drift',
        value: {
          exitCode: 1,
          schema: ['breaks missing-column users.unlimitedPoseActive (apps/prisma-login/prisma/schema.prisma:27): expected boolean, found no such column'],
          ledger: [],
        },
      },
    ]);
    const [check] = recordedDriftChecks(j);
    expect(check!.report.findings[0]).toMatchObject({
      source: { file: 'apps/prisma-login/prisma/schema.prisma' },
      location: { file: 'apps/prisma-login/prisma/schema.prisma', line: 27 },
    });
  });
});
