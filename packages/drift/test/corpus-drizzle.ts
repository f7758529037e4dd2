/**
 * The shared body of the Drizzle corpus tests (test/corpus-<project>.test.ts): a real project under
 * test/corpus, migrated with drizzle-orm's own migrator into the ledger its runtime writes, checked
 * with `schema-drift` as a user runs it (in the folder where the project runs drizzle-kit,
 * `--format json`), and drizzle-kit's push (`drizzle-kit/api`) as the oracle: on the clean database,
 * and once on a database holding every injected drift (drizzle-kit introspects the whole schema each
 * time, seconds on a large project), where each drift must show and none did on the clean database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import type { DriftReport } from '../src/index.js';
import { importProjectModule } from '../src/load-module.js';
import { databases, drizzleKitChanges, drizzleMigrate, sql, runCliIn } from './helpers.js';

/** Where the corpus projects are. */
export const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

/** One injected drift and what both tools must say about it. */
export interface InjectedDrift {
  /** What was done, for the test's name. */
  label: string;
  /** Run on a clone of the migrated database (or a function, for steps that need the catalog). */
  inject: string | ((url: string) => Promise<void>);
  /** The finding the check must give. */
  finding: { kind: string; severity: 'breaks' | 'differs'; table: string; column?: string };
  /** Other findings the drift rightly gives too (`severity kind table.column`), e.g. an applied migration's effect now missing. */
  also?: string[];
  /**
   * The declaration: file relative to the project folder, and a text on its line (the first line
   * holding it, after the first line holding `after` when given).
   */
  at: { file: string; text: string; after?: string };
  /**
   * A text of drizzle-kit's change for this drift ({@link drizzleKitChanges}, beyond the clean
   * database's): on the database holding every drift, at least one changed line holds it and no other
   * drift's text, every changed line holds some drift's text, and no line of the clean database's holds it.
   * So the drifts of one project touch different columns, and no table both loses a column and gains
   * one (drizzle-kit's push would ask whether that is a rename, a prompt that needs a terminal).
   */
  oracle: string;
}

/** A corpus project and its test plan. */
export interface DrizzleCorpusProject {
  /** Folder under test/corpus. */
  name: string;
  /** The folder where the project runs drizzle-kit, relative to the project. */
  cwd: string;
  /** Extra CLI arguments (`--drizzle-config …` when the config is not drizzle.config.ts in cwd). */
  args: string[];
  /** The migrations folder, relative to cwd, and the ledger the app's runtime `migrate()` writes. */
  migrations: { folder: string; migrationsTable?: string; migrationsSchema?: string };
  /** The schema module drizzle-kit reads, relative to cwd (loaded for the oracle). */
  schemaFile: string;
  /** The config's `tablesFilter`, passed to drizzle-kit's push as drizzle-kit does. */
  tablesFilter?: string[];
  /**
   * The findings on the freshly migrated database (`severity kind table.column`), each one a
   * difference the project itself has and drizzle-kit confirms (see its SOURCE.md); empty for a clean
   * project.
   */
  cleanFindings: string[];
  /** The exit code on the freshly migrated database. */
  cleanExit: 0 | 1;
  /** What drizzle-kit's push changes on the freshly migrated database ({@link drizzleKitChanges}). */
  cleanOracle: string[];
  /** A text exactly one line of the clean database's report (its notes and finding messages) must contain, if any. */
  cleanNote?: string;
  drifts: InjectedDrift[];
  /** Where a syntax error is injected: a schema file relative to the project, and the text that gets `,,` after it. */
  syntaxError: { file: string; after: string };
}

/** `severity kind table.column` of each finding. */
export const brief = (r: DriftReport): string[] => r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}`);

/**
 * The table objects of a schema module, each once: drizzle-kit's push takes every exported value, and
 * one table exported under two names (`export const user = userTable`) makes it stop with "duplicated
 * index name" (drizzle-kit 0.31.11); the same table object is one table in the database.
 */
export function uniqueValues(schema: Record<string, unknown>): Record<string, unknown> {
  const seen = new Set<unknown>();
  return Object.fromEntries(
    Object.entries(schema).filter(([, v]) => {
      if (v && typeof v === 'object') {
        if (seen.has(v)) return false;
        seen.add(v);
      }
      return true;
    }),
  );
}

/**
 * Removes a label from a PostgreSQL enum the only way PostgreSQL allows: a new type without it,
 * every column (and its default) moved over, the old type dropped.
 */
export async function removeEnumValue(url: string, type: string, value: string): Promise<void> {
  const q = (x: string) => `"${x.replace(/"/g, '""')}"`;
  const [labels] = await sql<{ l: string[] }>(
    url,
    `SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS l FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1`,
    [type],
  );
  const cols = await sql<{ t: string; c: string; d: string | null }>(
    url,
    `SELECT c.relname AS t, a.attname AS c, pg_get_expr(d.adbin, d.adrelid) AS d FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type ty ON ty.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ty.typname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    [type],
  );
  const keep = labels!.l.filter((l) => l !== value);
  const steps = [`ALTER TYPE ${q(type)} RENAME TO ${q(`${type}_old`)}`, `CREATE TYPE ${q(type)} AS ENUM (${keep.map((l) => `'${l}'`).join(', ')})`];
  for (const c of cols) {
    if (c.d) steps.push(`ALTER TABLE ${q(c.t)} ALTER COLUMN ${q(c.c)} DROP DEFAULT`);
    steps.push(`ALTER TABLE ${q(c.t)} ALTER COLUMN ${q(c.c)} TYPE ${q(type)} USING ${q(c.c)}::text::${q(type)}`);
    if (c.d) steps.push(`ALTER TABLE ${q(c.t)} ALTER COLUMN ${q(c.c)} SET DEFAULT ${c.d.replace(`"${type}_old"`, q(type)).replace(`${type}_old`, q(type))}`);
  }
  steps.push(`DROP TYPE ${q(`${type}_old`)}`);
  for (const s of steps) await sql(url, s);
}

/** The tests of one Drizzle corpus project. */
export function describeDrizzleCorpus(p: DrizzleCorpusProject): void {
  const root = path.join(CORPUS, p.name);
  const cwd = path.join(root, p.cwd);
  let dbs: Databases;
  let clone: (label: string) => Promise<{ url: string }>;
  let schema: Record<string, unknown>;
  const label = (s: string) => `corpus_${p.name}_${s}`.replace(/\W+/g, '_').toLowerCase().slice(0, 60);

  /** The 1-based line of the first line of `file` (relative to cwd) holding `text` (at or after the first holding `after`). */
  const lineOf = (file: string, text: string, after?: string): number => {
    const lines = fs.readFileSync(path.join(cwd, file), 'utf8').split('\n');
    const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
    expect(from, `${after} in ${file}`).toBeGreaterThanOrEqual(0);
    const line = lines.findIndex((l, i) => i >= from && l.includes(text)) + 1;
    expect(line, `${text} in ${file}`).toBeGreaterThan(0);
    return line;
  };
  const check = async (url: string) => {
    const r = await runCliIn(cwd, [...p.args, '--database-url', url, '--format', 'json']);
    const report = JSON.parse(r.stdout) as DriftReport;
    expect(report.error, r.stderr).toBeUndefined();
    return { ...r, report };
  };

  beforeAll(async () => {
    dbs = databases();
    const { migrationsTable, migrationsSchema } = p.migrations;
    ({ clone } = await dbs.createTemplate(label('template'), (url) =>
      drizzleMigrate(url, path.join(cwd, p.migrations.folder), { migrationsTable, migrationsSchema }),
    ));
    schema = uniqueValues(await importProjectModule(path.join(cwd, p.schemaFile), cwd));
  });
  afterAll(async () => {
    await dbs.dropAll();
  });

  describe(`${p.name}: schema-drift in ${p.cwd} ${p.args.join(' ')}`.trim(), () => {
    it('on the freshly migrated database: what drizzle-kit also sees, nothing else', async () => {
      const { url } = await clone(label('clean'));
      const started = performance.now();
      const { code, report, stderr } = await check(url);
      const ms = performance.now() - started;
      expect(brief(report).sort(), stderr).toEqual([...p.cleanFindings].sort());
      expect(code).toBe(p.cleanExit);
      if (p.cleanNote) expect([...report.notes, ...report.findings.map((f) => f.message)].filter((n) => n.includes(p.cleanNote!))).toHaveLength(1);
      expect((await drizzleKitChanges(url, schema, { tablesFilter: p.tablesFilter })).sort()).toEqual([...p.cleanOracle].sort());
      // One check of the whole project, for the corpus's timing note (SOURCE.md).
      process.stderr.write(`corpus ${p.name}: one check took ${Math.round(ms)} ms\n`);
    });

    const inject = async (url: string, d: InjectedDrift) => {
      if (typeof d.inject === 'string') await sql(url, d.inject);
      else await d.inject(url);
    };

    for (const d of p.drifts) {
      it(`finds ${d.label} (${d.finding.kind}) at its declaration`, async () => {
        const { url } = await clone(label(d.label));
        await inject(url, d);
        const { code, report } = await check(url);
        expect(code).toBe(1);
        const extra = brief(report).filter((b) => !p.cleanFindings.includes(b));
        const want = `${d.finding.severity} ${d.finding.kind} ${d.finding.table}${d.finding.column ? `.${d.finding.column}` : ''}`;
        expect(extra.sort()).toEqual([want, ...(d.also ?? [])].sort());
        const f = report.findings.find((x) => x.kind === d.finding.kind && x.table === d.finding.table && x.column === d.finding.column)!;
        expect(f.location).toMatchObject({ file: d.at.file, line: lineOf(d.at.file, d.at.text, d.at.after) });
      });
    }

    it("drizzle-kit's push sees every injected drift (one database holding them all)", async () => {
      const { url } = await clone(label('all_drifts'));
      for (const d of p.drifts) await inject(url, d);
      const oracle = (await drizzleKitChanges(url, schema, { tablesFilter: p.tablesFilter })).filter((l) => !p.cleanOracle.includes(l));
      const texts = p.drifts.map((d) => d.oracle);
      expect(new Set(texts).size, 'one text per drift').toBe(texts.length);
      for (const d of p.drifts) {
        const own = oracle.filter((l) => l.includes(d.oracle) && texts.every((t) => t === d.oracle || !l.includes(t)));
        expect(own.length, `drizzle-kit sees ${d.label} (${d.oracle}) on its own line`).toBeGreaterThan(0);
        expect(
          p.cleanOracle.filter((l) => l.includes(d.oracle)),
          `${d.oracle} is no change on the clean database`,
        ).toEqual([]);
      }
      // Nothing else changed.
      expect(oracle.filter((l) => !texts.some((t) => l.includes(t)))).toEqual([]);
    });

    it('a syntax error in a schema file: exit 2, one line naming file:line:column', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `corpus-${p.name}-`));
      onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
      fs.cpSync(root, dir, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
      // The copy's bare imports resolve from the project's own installed packages.
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const file = path.join(dir, p.syntaxError.file);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toContain(p.syntaxError.after);
      const broken = text.replace(p.syntaxError.after, `${p.syntaxError.after},`);
      fs.writeFileSync(file, broken);
      const lines = broken.split('\n');
      const line = lines.findIndex((l) => l.includes(`${p.syntaxError.after},`)) + 1;
      const column = lines[line - 1]!.indexOf(`${p.syntaxError.after},`) + p.syntaxError.after.length + 1;
      const { code, stdout, stderr } = await runCliIn(path.join(dir, p.cwd), [...p.args, '--database-url', 'postgres://127.0.0.1:1/none', '--format', 'json']);
      expect(code).toBe(2);
      const rel = path.relative(path.join(dir, p.cwd), file).split(path.sep).join('/');
      expect(stderr).toMatch(new RegExp(`failed to load: ${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${column}: `));
      expect(stdout).not.toBe('');
    });
  });
}
