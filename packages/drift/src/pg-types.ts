/**
 * Spelling of PostgreSQL types and defaults, so what an ORM declares and what
 * `format_type()` / `pg_get_expr()` print can be compared. Follows the
 * PostgreSQL documentation, chapter 8 (Data Types): `timestamp` means
 * `timestamp(6) without time zone`, `varchar` is `character varying`, etc.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse as parsePgArray } from 'postgres-array';

const ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  serial: 'integer',
  serial4: 'integer',
  smallserial: 'smallint',
  serial2: 'smallint',
  bigserial: 'bigint',
  serial8: 'bigint',
  float8: 'double precision',
  float4: 'real',
  float: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  decimal: 'numeric',
  timestamptz: 'timestamp with time zone',
  timetz: 'time with time zone',
};

const BUILTIN =
  /^(integer|smallint|bigint|numeric|real|double precision|boolean|text|character varying|character|uuid|citext|json|jsonb|bytea|date|time|timestamp|interval|inet|cidr|macaddr|money|xml|tsvector|oid|point)$/;

/**
 * Canonical `format_type()` spelling of a type name as an ORM writes it.
 * `timestamp` / `timestamp (3) with time zone` / `varchar(255)` / `serial` / `numeric(10, 2)` /
 * `"Role"` / `text[]` become `timestamp without time zone` / `timestamp(3) with time zone` /
 * `character varying(255)` / `integer` / `numeric(10,2)` / `role`-as-written / `text[]`.
 * Precision 6 on timestamps and times is PostgreSQL's default and is dropped.
 */
export function canonicalType(raw: string): string {
  let t = raw.trim().replace(/"/g, '').replace(/\s+/g, ' ');
  let array = '';
  while (t.endsWith('[]')) {
    array += '[]';
    t = t.slice(0, -2).trim();
  }
  t = t
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')');
  const m = /^([a-z_][a-z0-9_ ]*?)(\([0-9,]+\))?( with(out)? time zone)?$/i.exec(t);
  if (!m) return t + array;
  let base = m[1]!.toLowerCase();
  let args = m[2] ?? '';
  let tz = (m[3] ?? '').toLowerCase();
  base = ALIASES[base] ?? base;
  if (base === 'timestamp' || base === 'time') {
    if (!tz) tz = ' without time zone';
    if (args === '(6)') args = '';
  } else if (base === 'timestamp with time zone' || base === 'time with time zone') {
    [base, tz] = [base.replace(' with time zone', ''), ' with time zone'];
    if (args === '(6)') args = '';
  } else if (base === 'timestamp without time zone' || base === 'time without time zone') {
    [base, tz] = [base.replace(' without time zone', ''), ' without time zone'];
    if (args === '(6)') args = '';
  }
  if (base === 'character' && !args) args = '(1)';
  // Enum and other user-defined names are case-sensitive: keep their case.
  const builtin = BUILTIN.test(base);
  return `${builtin ? base : m[1]!}${args}${tz}${array}`;
}

/** The family of a canonical type, for comparisons where only the kind is known. */
export function typeFamily(canonical: string): 'string' | 'number' | 'boolean' | 'date' | 'json' | 'array' | 'other' {
  if (canonical.endsWith('[]')) return 'array';
  const base = canonical.replace(/\(.*\)/, '');
  if (/^(text|character varying|character|uuid|citext|name)$/.test(base)) return 'string';
  if (/^(integer|smallint|bigint|numeric|real|double precision)$/.test(base)) return 'number';
  if (base === 'boolean') return 'boolean';
  if (/^(timestamp|date|time)/.test(base)) return 'date';
  if (/^jsonb?$/.test(base)) return 'json';
  return 'other';
}

/**
 * Whether two canonical types differ only in length / precision, or are both
 * character types: `timestamp(3) without time zone` vs `timestamp without time
 * zone`, `character varying(100)` vs `text`. Such a difference does not change
 * what the driver returns; `integer` vs `bigint` does (node-postgres returns
 * bigint as a string), so that is not minor.
 */
export function sameFamily(a: string, b: string): boolean {
  const base = (t: string) => t.replace(/\(.*?\)/, '');
  const chars = /^(text|character varying|character)$/;
  return base(a) === base(b) || (chars.test(base(a)) && chars.test(base(b)));
}

/**
 * Normalizes a column default to a comparable form: casts dropped
 * (`'user'::text` → `user`, `'{}'::jsonb` → `{}`), string literals unquoted,
 * `CURRENT_TIMESTAMP` and `now()` both `now()`, sequences (`nextval(…)`) as
 * `nextval`, function names lower-cased, redundant parentheses removed.
 */
export function normalizeDefault(raw: string): string {
  let s = raw.trim();
  for (;;) {
    const before = s;
    s = s.replace(/::\s*"?[a-zA-Z_][\w ]*"?(\(\d+(,\s*\d+)?\))?(\[\])*\s*$/, '').trim();
    if (/^\(.*\)$/.test(s) && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
    if (s === before) break;
  }
  if (/^'.*'$/s.test(s)) return s.slice(1, -1).replace(/''/g, "'");
  if (/^nextval\(/i.test(s)) return 'nextval';
  if (/^(current_timestamp|now\(\)|current_timestamp\(\d\)|localtimestamp)$/i.test(s)) return 'now()';
  if (/^(true|false)$/i.test(s)) return s.toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(s)) return String(Number(s));
  return s.replace(/^([a-z_]+)\(/i, (_m, f: string) => `${f.toLowerCase()}(`);
}

/**
 * Whether a database default (normalized, {@link normalizeDefault}) is the ORM's expected default
 * (normalized the same way), compared as values rather than as text:
 * - JSON on both sides (a `jsonb`/`json` default, or Drizzle's `.default({…})` / `.default([…])`)
 *   is parsed and compared deeply, key order ignored, as PostgreSQL's `jsonb` equality does;
 * - on an array column (`type` ends in `[]`), a PostgreSQL array literal (`{}`, `{a,"b c"}`,
 *   parsed with `postgres-array`, the parser node-postgres uses) equals the JSON array Drizzle
 *   keeps for `.default([…])` when their elements are equal as text (`.default([])` on `text[]`
 *   is stored as `'{}'::text[]`);
 * - numbers compare as numbers (`1.0` = `1`).
 *
 * @param expected the ORM's default, normalized.
 * @param actual the database's default, normalized.
 * @param type the column's type in `format_type()` spelling.
 */
export function sameDefault(expected: string, actual: string, type: string): boolean {
  if (expected === actual) return true;
  const num = (v: string) => (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? Number(v) : undefined);
  if (num(expected) !== undefined && num(expected) === num(actual)) return true;
  const expectedJson = parseJson(expected);
  if (expectedJson === undefined) return false;
  if (/\[\]$/.test(type.trim()) && Array.isArray(expectedJson) && /^\{.*\}$/s.test(actual)) {
    try {
      return isDeepStrictEqual(parsePgArray(actual), flatText(expectedJson));
    } catch {
      return false;
    }
  }
  const actualJson = parseJson(actual);
  return actualJson !== undefined && isDeepStrictEqual(sortKeys(expectedJson), sortKeys(actualJson));
}

function parseJson(text: string): unknown {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON array as PostgreSQL's array text shows its elements: strings as they are, nested arrays kept. */
function flatText(value: unknown[]): unknown[] {
  return value.map((v) => (Array.isArray(v) ? flatText(v) : v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Double-quotes an identifier for SQL text (repair statements). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `"schema"."name"` with the schema always written, for SQL that must not depend on the
 * `search_path` of the session that runs it (the schema copy runs with `search_path=pg_catalog`).
 */
export function schemaQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** `"schema"."table"`, or just `"table"` for `public`. */
export function qualified(schema: string, table: string): string {
  return schema === 'public' ? quoteIdent(table) : `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
