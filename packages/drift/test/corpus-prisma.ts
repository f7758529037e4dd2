/**
 * The shared shape of the Prisma corpus tests (test/corpus/<project>, issue 18): the project's
 * migrations applied by Prisma's own migrator (`prisma migrate deploy`, Prisma 6.19.3 through
 * @incident-replay/prisma-offline) to one template database; the drift check pointed at the
 * project folder as `schema-drift` discovers it (`checkDrift({ cwd })`); Prisma's own
 * introspection + `migrate diff` (`prismaSchemaDrift`) as the oracle, on the clean database and
 * on each injected drift.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prismaSchemaDrift, runPrismaCli } from '@incident-replay/prisma-offline';
import type { Databases } from '@incident-replay/pg-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, type DriftFinding, type DriftReport, type FindingKind, type Severity } from '../src/index.js';
import { databases, sql } from './helpers.js';

/** The corpus folder: one workspace package per project. */
export const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

/** Where a declaration is in a project's `prisma/schema.prisma`. */
export interface Declaration {
  /** `model X` or `enum X`. */
  block: string;
  /** The first line in the block whose first word is this (a field, an enum value) or, for `@@…`, that starts with it; none: the block's own line. */
  member?: string;
}

/** One drift injected into a clone of the clean database. */
export interface InjectedDrift {
  /** What was done, for the test's name: `a dropped column`. */
  name: string;
  /** The SQL that makes the drift (run as the admin role). */
  sql: string;
  /** The finding it must give first. */
  finding: { kind: FindingKind; severity: Severity; table: string; column?: string; at: Declaration };
  /** Every finding of the report, as `severity kind table[.column]`, when more than the one above is right (e.g. the ledger's `ledger-effects-missing`). */
  all?: string[];
  /** What Prisma's `migrate diff` prints for it (a pattern of its script). */
  oracle: RegExp;
}

/** The project and what its clean database holds. */
export interface PrismaCorpusProject {
  /** Folder under test/corpus. */
  project: string;
  /** Tables and migrations of the project (the check's `checked`). */
  tables: number;
  migrations: number;
  /** The drift check's findings on the clean database (`severity kind table[.column]`); empty for none. */
  cleanFindings: string[];
  /** The oracle's script on the clean database, each statement without its `-- Comment` line; empty for none. */
  cleanOracle: string[];
  drifts: InjectedDrift[];
}

/** `severity kind table[.column]` of each finding. */
export const brief = (r: DriftReport): string[] => r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}`);

/** The statements of a `migrate diff --script` output, without comments and blank lines. */
export function statements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((s) =>
      s
        .split('\n')
        .filter((l) => !l.startsWith('--') && l.trim())
        .join('\n')
        .trim(),
    )
    .filter(Boolean)
    .map((s) => `${s};`);
}

/** The 1-based line of a declaration in a schema.prisma text. */
export function lineOf(schema: string, d: Declaration): number {
  const lines = schema.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${d.block} {`));
  if (start < 0) throw new Error(`no "${d.block} {" in the schema`);
  if (!d.member) return start + 1;
  for (let i = start + 1; i < lines.length && lines[i] !== '}'; i++) {
    const text = lines[i]!.trim();
    if (d.member.startsWith('@@') ? text.startsWith(d.member) : text.split(/\s+/)[0] === d.member) return i + 1;
  }
  throw new Error(`no "${d.member}" in ${d.block}`);
}

/**
 * Migrates `url` (an empty database) with a corpus project's own migrations through Prisma's own
 * migrator: `prisma migrate deploy` (Prisma 6.19.3, @incident-replay/prisma-offline) in
 * test/corpus/<project>, which also writes `_prisma_migrations`.
 *
 * @throws Error with Prisma's output when it exits non-zero
 */
export async function prismaMigrateDeploy(project: string, url: string): Promise<void> {
  const res = await runPrismaCli(path.join(CORPUS, project), ['migrate', 'deploy'], { databaseUrl: url });
  if (res.exitCode !== 0) throw new Error(`prisma migrate deploy failed (exit ${res.exitCode}):\n${res.output}`);
}

/** Runs `checkDrift` in the project folder as `schema-drift` would (zero configuration) and times it. */
export async function checkProject(dir: string, url: string): Promise<DriftReport & { ms: number }> {
  const t = performance.now();
  const report = await checkDrift({ cwd: dir, databaseUrl: url });
  return { ...report, ms: performance.now() - t };
}

/**
 * The corpus test of one Prisma project: template by `prisma migrate deploy`; the clean database
 * (drift check and oracle, as recorded in `p`); each injected drift on a clone of its own, found
 * by the drift check with its rule, severity and the file and line of the declaration; the oracle
 * run once over a clone holding every injected drift, where each drift's statement must appear
 * (and none of them on the clean database).
 */
export function describePrismaCorpus(p: PrismaCorpusProject): void {
  const dir = path.join(CORPUS, p.project);
  const schemaFile = 'prisma/schema.prisma';
  const schemaText = fs.readFileSync(path.join(dir, schemaFile), 'utf8');
  let dbs: Databases;
  let clone: (label: string) => Promise<{ url: string }>;
  let cleanScript = '';

  describe(`corpus ${p.project}: Prisma's migrator, the drift check and prisma migrate diff`, () => {
    beforeAll(async () => {
      dbs = databases();
      ({ clone } = await dbs.createTemplate(`corpus_${p.project}`, (url) => prismaMigrateDeploy(p.project, url)));
    });
    afterAll(async () => {
      await dbs.dropAll();
    });

    it('clean database: the drift check and Prisma agree', async () => {
      const db = await clone(`corpus_${p.project}_clean`);
      const ledger = await sql<{ n: number }>(
        db.url,
        `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      expect(ledger[0]!.n).toBe(p.migrations);
      const report = await checkProject(dir, db.url);
      console.info(
        `corpus ${p.project}: one drift check took ${Math.round(report.ms)} ms (${report.checked.tables} tables, ${report.checked.migrations} migrations)`,
      );
      expect(report.error).toBeUndefined();
      expect(report.checked).toMatchObject({ tables: p.tables, migrations: p.migrations });
      expect(brief(report)).toEqual(p.cleanFindings);
      expect(report.exitCode).toBe(p.cleanFindings.length ? 1 : 0);
      const oracle = await prismaSchemaDrift(dir, db.url);
      cleanScript = oracle.script;
      expect(statements(oracle.script)).toEqual(p.cleanOracle);
      expect(oracle.drift).toBe(p.cleanOracle.length > 0);
    });

    it('empty database: every migration pending, and none judged to fail (prisma migrate deploy applies them all, as the template shows)', async () => {
      const db = await dbs.create(`corpus_${p.project}_empty`);
      const report = await checkProject(dir, db.url);
      expect(report.error).toBeUndefined();
      expect(report.findings.filter((f) => f.category === 'ledger').map((f) => f.kind)).toEqual(['ledger-missing']);
      expect(report.findings.filter((f) => f.kind === 'missing-table')).toHaveLength(p.tables);
    });

    for (const d of p.drifts) {
      it(`${d.name}: ${d.finding.severity} ${d.finding.kind} at ${schemaFile}:${lineOf(schemaText, d.finding.at)}`, async () => {
        const db = await clone(`corpus_${p.project}_case`);
        await sql(db.url, d.sql);
        const report = await checkProject(dir, db.url);
        expect(report.error).toBeUndefined();
        expect(report.exitCode).toBe(1);
        const line = lineOf(schemaText, d.finding.at);
        const first = report.findings[0] as DriftFinding;
        expect({ kind: first.kind, severity: first.severity, table: first.table, column: first.column, location: first.location }).toEqual({
          kind: d.finding.kind,
          severity: d.finding.severity,
          table: d.finding.table,
          column: d.finding.column,
          location: expect.objectContaining({ file: schemaFile, line }),
        });
        // Nothing else beyond what is listed (the clean database's own findings stay).
        expect(brief(report)).toEqual(d.all ?? [brief(report)[0]!, ...p.cleanFindings]);
      });
    }

    it("Prisma's migrate diff sees every injected drift (one database holding them all)", async () => {
      const db = await clone(`corpus_${p.project}_all`);
      for (const d of p.drifts) await sql(db.url, d.sql);
      const oracle = await prismaSchemaDrift(dir, db.url);
      expect(oracle.drift).toBe(true);
      for (const d of p.drifts) {
        expect(oracle.script, d.name).toMatch(d.oracle);
        expect(cleanScript, d.name).not.toMatch(d.oracle);
      }
    });
  });
}
