/**
 * The run report a learner reads: captured logs cut to the lines that teach,
 * paths relative to the repository, claims with a column per library version,
 * and the glossary line that tells a step's outcome from a claim's verdict.
 */
import { describe, expect, it } from 'vitest';
import { claimRows, markdown, repoRelative, teachingLog, type ClaimRecord, type Journal, type LogLine } from '../src/index.js';

const line = (text: string, source = 'console.error'): LogLine => ({ source, text, atMs: 0 });

describe('teachingLog', () => {
  it('keeps the error, the SQLSTATE and the first project frames; drops dependency frames and driver fields', () => {
    const logs = [
      line('Error: Failed query: select "session_version" from "users"'),
      line('    at NodePgPreparedQuery.execute (node_modules/drizzle-orm/node-postgres/session.cjs:66:15)'),
      line('    at async readSessionVersion (apps/nextauth-drizzle/lib/auth/session-version.ts:33:17)'),
      line('    at async Object.jwt (apps/nextauth-drizzle/lib/auth/options.ts:78:34)'),
      line('    at async a (apps/x/a.ts:1:1)'),
      line('    at async b (apps/x/b.ts:1:1)'),
      line("    severity: 'ERROR',"),
      line("    code: '42703',"),
      line('compiled in 300 ms', 'stdout'),
    ];
    const { shown, cut } = teachingLog(logs);
    expect(shown.map((l) => l.text)).toEqual([
      'Error: Failed query: select "session_version" from "users"',
      '    at async readSessionVersion (apps/nextauth-drizzle/lib/auth/session-version.ts:33:17)',
      '    at async Object.jwt (apps/nextauth-drizzle/lib/auth/options.ts:78:34)',
      '    at async a (apps/x/a.ts:1:1)',
      "    code: '42703',",
    ]);
    expect(cut).toBe(4);
  });

  it('clips a minified dump, caps the count, and shows the first lines when nothing matches', () => {
    const dump = `var a=${'x'.repeat(5000)}`;
    expect(teachingLog([line(`Error: ${dump}`)]).shown[0]!.text).toMatch(/… \(5013 chars\)$/);
    expect(
      teachingLog(
        Array.from({ length: 40 }, (_, i) => line(`error ${i}`)),
        12,
      ),
    ).toMatchObject({ cut: 28 });
    expect(teachingLog([line('ready on :3000', 'stdout'), line('GET / 200', 'stdout')]).shown.map((l) => l.text)).toEqual(['ready on :3000', 'GET / 200']);
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
    expect(md).toContain('| `003.a` | claim 003.a | holds: seen true | **does not hold**: seen false |');
    expect(md).toContain('The same 2 verdicts as on the in-process host.');
  });
});
