/**
 * The run report a learner reads: captured logs cut to the lines that teach,
 * paths relative to the repository, claims with a column per library version,
 * and the glossary line that tells a step's outcome from a claim's verdict.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  briefValue,
  claimRows,
  leftOutNote,
  incidentMarkdown,
  markdown,
  observed,
  repoRelative,
  teachingLines,
  type ClaimRecord,
  type Journal,
  type LogLine,
} from '../src/index.js';

const line = (text: string, source = 'console.error'): LogLine => ({ source, text, atMs: 0 });

/** Real captured logs of one `pnpm replay` (see the fixture's `_about`). */
const real = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'captured-logs.json'), 'utf8')) as Record<
  string,
  unknown
>;
const realLog = (key: string): LogLine[] => (real[key] as { source: string; text: string }[]).map((l) => ({ ...l, atMs: 0 }));
const outputLog = (key: string): LogLine[] => (real[key] as string).split('\n').map((text) => line(text, 'prisma'));
const kept = (log: LogLine[]) => teachingLines(log).shown.map((l) => l.text);

/** What no report may show: bundle source, dependency frames, Rust backtraces, terminal escapes. */
const NEVER = [
  /s\.bold\(/,
  /function\s*\w*\(/,
  /^\s*(→\s*)?\d+ /,
  /^\s*at .*node_modules\//,
  /^\s*at .*\/generated\//,
  /^\s*\d+: \w+::/,
  /\.rs:\d+/,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal escape is what must not survive
  /\u001b\[/,
];

describe('teachingLines on real logs', () => {
  it.each(['003 step 10', '003 step 26'])('%s (Better Auth on a dropped column): keeps P2022 and the column message, drops the bundle', (key) => {
    const log = realLog(key);
    expect(log.some((l) => l.text.includes('s.bold('))).toBe(true); // the fixture holds what must go
    const shown = kept(log);
    expect(shown).toContain('The column `token of relation session` does not exist in the current database. (×2)');
    expect(shown).toContain("  code: 'P2022',");
    expect(shown.some((t) => t.includes('[Better Auth]'))).toBe(true);
    expect(shown.some((t) => t.includes('DriverAdapterError: ColumnNotFound'))).toBe(true);
    for (const t of shown) for (const never of NEVER) expect(t).not.toMatch(never);
  });

  it('003 step 11 (the client of the edited schema): keeps Unknown argument `token` once, with the error classes', () => {
    const { shown, leftOut, reasons } = teachingLines(realLog('003 step 11'));
    const texts = shown.map((l) => l.text);
    expect(texts).toContain('Unknown argument `token`. Available options are marked with ?. (×3)');
    expect(texts.some((t) => t.includes('INTERNAL_SERVER_ERROR PrismaClientValidationError'))).toBe(true);
    for (const t of texts) for (const never of NEVER) expect(t).not.toMatch(never);
    expect(leftOut).toBe(92 - shown.length);
    expect(reasons['bundle source']).toBe(12);
    expect(reasons['dependency frame']).toBeGreaterThanOrEqual(20);
  });

  it("002's login (P2022) keeps all three lines; 001's JWTSessionError keeps the Auth.js tags and drops the sandbox frames", () => {
    expect(kept(realLog('002 step 5'))).toEqual([
      '[POST /api/auth/login] P2022',
      'Invalid `prisma.user.findUnique()` invocation:',
      'The column `users.unlimitedPoseActive` does not exist in the current database.',
    ]);
    const auth = kept(realLog('001 step 5'));
    expect(auth).toContain('[auth][error] JWTSessionError: Read more at https://errors.authjs.dev#jwtsessionerror');
    expect(auth.some((t) => t.includes('NeonDbError'))).toBe(true);
    expect(auth.some((t) => t.includes('evalmachine'))).toBe(false);
  });

  it("002's prisma migrate deploy: keeps P3009 and the 42P07 message, drops the schema engine's Rust backtrace", () => {
    const failed = teachingLines(outputLog('002 step 2 prisma migrate deploy output'));
    expect(failed.shown.map((l) => l.text)).toContain('Error querying the database: ERROR: relation "avatar_projects" already exists');
    expect(failed.reasons.backtrace).toBeGreaterThanOrEqual(6);
    for (const t of failed.shown.map((l) => l.text)) for (const never of NEVER) expect(t).not.toMatch(never);
    expect(kept(outputLog('002 step 3 prisma migrate deploy output'))).toContain('Error: P3009');
  });

  it('shortens a ledger row to the fields that teach: no id or checksum, the log without its backtrace', () => {
    const rows = real['002 step 2 _prisma_migrations'] as Record<string, unknown>[];
    const brief = briefValue(rows) as Record<string, unknown>[];
    expect(brief).toHaveLength(3);
    expect(Object.keys(brief[2]!)).toEqual(['migration_name', 'started_at', 'finished_at', 'rolled_back_at', 'applied_steps_count', 'logs']);
    expect(brief[2]).toMatchObject({ migration_name: '20251014_add_avatar_creator_complete', finished_at: null, applied_steps_count: 0 });
    expect(brief[2]!.logs).toBe('external connector error ⏎ Error querying the database: ERROR: relation "avatar_projects" already exists');
    expect(JSON.stringify(brief)).not.toMatch(/checksum|sql_schema_connector|\.rs:/);
  });
});

describe('teachingLines rules', () => {
  it('keeps the first 3 project frames of a stack, counts repeats once, and shows the first quiet lines when nothing teaches', () => {
    const logs = [
      line('Error: Failed query: select "session_version" from "users"'),
      line('    at NodePgPreparedQuery.execute (node_modules/drizzle-orm/node-postgres/session.cjs:66:15)'),
      line('    at async readSessionVersion (apps/nextauth-drizzle/lib/auth/session-version.ts:33:17)'),
      line('    at async a (apps/x/a.ts:1:1)'),
      line('    at async b (apps/x/b.ts:1:1)'),
      line('    at async c (apps/x/c.ts:1:1)'),
      line("    severity: 'ERROR',"),
      line("    code: '42703',"),
      line('2026-01-01T00:00:00.000Z Error: Failed query: select "session_version" from "users"'),
      line('compiled in 300 ms', 'stdout'),
    ];
    const { shown, leftOut, reasons } = teachingLines(logs);
    expect(shown.map((l) => l.text)).toEqual([
      'Error: Failed query: select "session_version" from "users" (×2)',
      '    at async readSessionVersion (apps/nextauth-drizzle/lib/auth/session-version.ts:33:17)',
      '    at async a (apps/x/a.ts:1:1)',
      '    at async b (apps/x/b.ts:1:1)',
      "    code: '42703',",
    ]);
    expect(leftOut).toBe(5);
    expect(reasons).toEqual({ 'dependency frame': 2, 'no message': 2, repeat: 1 });
    expect(leftOutNote({ shown, leftOut, reasons }, logs.length)).toBe('5 of 10 lines left out (2 dependency frames, 2 without a code or message, 1 repeat)');
    expect(kept([line('ready on :3000', 'stdout'), line('compiled in 300 ms', 'stdout')])).toEqual(['ready on :3000', 'compiled in 300 ms']);
    expect(teachingLines(Array.from({ length: 40 }, (_, i) => line(`error ${i}`)))).toMatchObject({ leftOut: 28, reasons: { 'over the limit': 28 } });
  });

  it('does not take a timestamp for a SQLSTATE, and shows an error response body on the evidence line', () => {
    expect(kept([line('  expiresAt: new Date("2026-12-11T22:29:47.571Z"),')])).toEqual(['  expiresAt: new Date("2026-12-11T22:29:47.571Z"),']); // nothing teaches: shown as a quiet line
    expect(teachingLines([line('  expiresAt: new Date("2026-12-11T22:29:47.571Z"),'), line('error: 42P07')]).shown.map((l) => l.text)).toEqual([
      'error: 42P07',
    ]);
    const http = { type: 'http', label: 'g', method: 'GET', url: '/api/auth/get-session', status: 500 } as const;
    expect(observed({ ...http, bodyExcerpt: '{"code":"FAILED_TO_GET_SESSION","message":"Failed to get session"}' })).toBe(
      'GET /api/auth/get-session → 500 {"code":"FAILED_TO_GET_SESSION","message":"Failed to get session"}',
    );
    expect(observed({ ...http, status: 200, bodyExcerpt: '{}' })).toBe('GET /api/auth/get-session → 200 {}');
    expect(observed({ ...http, status: 200, bodyExcerpt: JSON.stringify({ user: { name: 'x'.repeat(80) } }) })).toBe('GET /api/auth/get-session → 200');
  });
});

describe('repoRelative', () => {
  it("drops the repository's absolute root and pnpm's store folders", () => {
    expect(repoRelative(`at x (${process.cwd().replace(/\/packages\/incident$/, '')}/apps/a/b.ts:1:2)`)).toBe('at x (apps/a/b.ts:1:2)');
    expect(repoRelative('node_modules/.pnpm/next-auth@4.24.15_next@16.4.6_x/node_modules/next-auth/core/routes/session.js')).toBe(
      'node_modules/next-auth/core/routes/session.js',
    );
  });
});

const claim = (id: string, holds: boolean, variant?: string): ClaimRecord => ({
  id,
  source: '003_x.txt',
  claim: `claim ${id}`,
  observed: holds,
  holds,
  expectedToHold: holds,
  evidence: `seen ${holds}`,
  ...(variant ? { variant } : {}),
});

describe('claims in the report', () => {
  it('groups claims by id with one verdict per variant', () => {
    const { rows, variants } = claimRows([
      claim('003.a', true, 'Better Auth 1.4.0'),
      claim('003.a', false, 'Better Auth 0.8.8'),
      claim('003.b', true, 'Better Auth 1.4.0'),
    ]);
    expect(variants).toEqual(['Better Auth 1.4.0', 'Better Auth 0.8.8']);
    expect(rows.map((r) => [r.id, [...r.byVariant.keys()]])).toEqual([
      ['003.a', ['Better Auth 1.4.0', 'Better Auth 0.8.8']],
      ['003.b', ['Better Auth 1.4.0']],
    ]);
  });

  it('writes a column per version, the glossary line, and one line for a second host with the same verdicts', () => {
    const j: Journal = {
      incident: { id: '003-x', title: 't', postmortem: '003_x.txt', summary: 's' },
      host: 'in-process',
      postgres: { provider: 'embedded', version: '17', description: 'pg' },
      outcome: 'held',
      startedAt: '',
      finishedAt: '',
      durationMs: 1,
      setupMs: 0,
      steps: [
        {
          index: 1,
          kind: 'check',
          name: 'matrix',
          outcome: 'held',
          startedAt: '',
          durationMs: 1,
          checks: [],
          claims: [claim('003.a', true, 'Better Auth 1.4.0'), claim('003.a', false, 'Better Auth 0.8.8')],
          evidence: [],
          notes: [],
          logs: [],
        },
      ],
    };
    const md = markdown([j, { ...j, host: 'built' }], { postgres: 'pg', startedAt: 'now' });
    expect(md).toContain('A step can hold while the claim inside it *does not hold*');
    expect(md).toContain('| id | claim | Better Auth 1.4.0 | Better Auth 0.8.8 |');
    expect(md).toContain('| <a id="claim-003.a"></a>`003.a` | claim 003.a | holds: seen true | **does not hold**: seen false |');
    expect(md).toContain('The same 2 verdicts as on the in-process host.');
    expect(md.match(/^Codes and words.*docs\/glossary\.md`? in the repository\.$/gm)).toHaveLength(1);
  });

  it('links each map cell to the step or claim it names, and every link lands on an anchor', () => {
    const step = (index: number, claims: ClaimRecord[]) => ({
      index,
      kind: 'check' as const,
      name: `step ${index}`,
      outcome: 'held' as const,
      startedAt: '',
      durationMs: 1,
      checks: [],
      claims,
      evidence: [],
      notes: [],
      logs: [],
    });
    const cell = (text: string, proof: { step?: number; claim?: string }) => ({ text, ...proof });
    const j: Journal = {
      incident: {
        id: '003-x',
        title: 't',
        postmortem: '003_x.txt',
        summary: 's',
        map: {
          seen: cell('seen', { step: 2 }),
          cause: cell('cause', { claim: '003.a' }),
          missed: cell('missed', { step: 1 }),
          fix: cell('fix', { claim: '003.b' }),
          documentedFix: { text: 'documented', claim: '003.b' },
        },
      },
      host: 'in-process',
      postgres: { provider: 'embedded', version: '17', description: 'pg' },
      outcome: 'held',
      startedAt: '',
      finishedAt: '',
      durationMs: 1,
      setupMs: 0,
      steps: [step(1, [claim('003.a', true)]), step(2, [claim('003.b', false)])],
    };
    const md = markdown([j, { ...j, host: 'built' }], { postgres: 'pg', startedAt: 'now' });
    const page = incidentMarkdown([j, { ...j, host: 'built' }]);
    const mapRow = md.split('\n').find((l) => l.startsWith('| 003-x |'))!;
    expect(mapRow).toContain('seen ([step 2](003-x.md#003-step-2))');
    expect(mapRow).toContain('cause ([`003.a`](#claim-003.a))');
    expect(mapRow).toContain('documented — **does not hold** ([`003.b`](#claim-003.b))');
    const anchorsOf = (text: string) => new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const files = new Map([
      ['report.md', md],
      ['003-x.md', page],
    ]);
    expect(anchorsOf(md)).toEqual(new Set(['003-x', 'claim-003.a', 'claim-003.b']));
    expect(anchorsOf(page)).toEqual(new Set(['003-step-1', '003-step-2', '003-step-1-built', '003-step-2-built']));
    // Every link of report.md and of the incident's page lands on an anchor of the file it names.
    for (const [name, text] of files)
      for (const [, file, target] of text.matchAll(/\]\(([^)#]*)#([^)]+)\)/g))
        expect(anchorsOf(files.get(file || name)!), `${name} → ${file}#${target}`).toContain(target);
    // The steps, in order, with an outcome column per host, each linking to its details.
    expect(md).toContain('| [2](003-x.md#003-step-2) | check | step 2 | held, 1 ms | held, 1 ms |');
    expect(page).toContain('### 2. check: step 2 — held (1 ms) [in-process]');
  });
});
