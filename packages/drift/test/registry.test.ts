/**
 * The expectation sources are an open list: a source added with
 * registerSource is validated, loaded and named like the built-in ones, and
 * nothing else in the check has to change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectationSources, registerSource, type ExpectedTable } from '../src/index.js';
import { validate } from '../src/config.js';
import { loadExpectations } from '../src/sources/registry.js';

// Taken out again after this file: test files may share one worker (vitest isolate: false).
const unregister = registerSource({
  key: 'plainTables',
  origin: 'plain',
  order: 40,
  validate(s, h) {
    if (!s.tables || typeof s.tables !== 'object') h.fail('"plainTables.tables" must map table names to column lists');
  },
  async load(c, ctx) {
    const tables = (c as unknown as { plainTables: { tables: Record<string, string[]> } }).plainTables.tables;
    const expected: ExpectedTable[] = Object.entries(tables).map(([name, cols]) => ({
      schema: ctx.defaultSchema,
      name,
      origin: 'plain',
      source: { file: 'plain' },
      columns: cols.map((col) => ({ name: col, type: 'text', nullable: true, default: { kind: 'none' }, source: { file: 'plain', model: name, field: col } })),
    }));
    return { expected, sources: ['plain tables'] };
  },
  describe: (c, count) => ((c as unknown as Record<string, unknown>).plainTables ? `plain (${count} tables)` : undefined),
});

afterAll(() => unregister());

describe('expectation sources', () => {
  // Made when the tests start, not when the file is collected (a filtered run collects it without running afterAll).
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-registry-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the built-in sources first, then the added one', () => {
    expect(expectationSources().map((s) => [s.key, s.origin])).toEqual([
      ['prisma', 'prisma'],
      ['drizzle', 'drizzle'],
      ['betterAuth', 'better-auth'],
      ['plainTables', 'plain'],
    ]);
  });

  it('validates and loads a configuration that declares only the added source', async () => {
    expect(() => validate({ plainTables: { tables: 3 } }, 'x', dir, dir, 'drift.config.ts')).toThrow(
      'drift.config.ts: "plainTables.tables" must map table names to column lists',
    );
    expect(() => validate({}, 'x', dir, dir, 'drift.config.ts')).toThrow('declare at least one of prisma, drizzle, betterAuth, plainTables');
    const c = validate({ plainTables: { tables: { users: ['id', 'email'] } } }, 'x', dir, dir, 'drift.config.ts');
    const { expected, sources } = await loadExpectations(c, 'public');
    expect(expected.map((t) => [t.origin, t.name, t.columns.map((col) => col.name)])).toEqual([['plain', 'users', ['id', 'email']]]);
    expect(sources).toEqual(['plain tables']);
  });

  it('refuses a key already used by another origin', () => {
    expect(() => registerSource({ ...expectationSources()[0]!, origin: 'other' })).toThrow('source key "prisma" is taken by origin "prisma"');
  });
});
