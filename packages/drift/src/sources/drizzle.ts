import type { ExpectedColumn, ExpectedDefault, ExpectedEnum, ExpectedForeignKey, ExpectedKey, ExpectedTable } from '../model.js';
import { normalizeDefault } from '../pg-types.js';

/** The part of a Drizzle pg column this package reads (drizzle-orm `PgColumn`). */
interface DrizzleColumn {
  name: string;
  notNull: boolean;
  primary: boolean;
  hasDefault: boolean;
  default?: unknown;
  defaultFn?: unknown;
  onUpdateFn?: unknown;
  columnType: string;
  generated?: unknown;
  generatedIdentity?: unknown;
  isUnique?: boolean;
  uniqueName?: string;
  /** PgEnumColumn: the pgEnum it was made from. */
  enum?: { enumName: string; enumValues: string[]; schema?: string };
  getSQLType(): string;
}

/** The part of drizzle-orm's `getTableConfig(table)` result this package reads. */
export interface DrizzleTableConfig {
  name: string;
  schema?: string;
  columns: DrizzleColumn[];
  primaryKeys: { columns: { name: string }[]; getName?: () => string }[];
  uniqueConstraints?: { columns: { name: string }[]; name?: string; getName?: () => string }[];
  indexes?: { config: { name?: string; unique?: boolean; where?: unknown; columns: unknown[] } }[];
  foreignKeys?: {
    reference: () => { columns: { name: string }[]; foreignColumns: { name: string }[]; foreignTable: unknown };
    onDelete?: string;
    onUpdate?: string;
    getName: () => string;
  }[];
}

const IS_TABLE = Symbol.for('drizzle:IsDrizzleTable');
const IS_PG_VIEW = Symbol.for('drizzle:IsPgView');

/**
 * What a Drizzle schema module expects: every exported pg table, read with the
 * app's own drizzle-orm `getTableConfig` (so the column objects are exactly the
 * ones the app queries with). Follows drizzle-orm's column semantics:
 * `serial` types and identity columns get a sequence, `.$defaultFn()` /
 * `.$onUpdate()` are filled by the client, primary-key columns are NOT NULL,
 * `.default(sql\`…\`)` is compared as SQL text and `.default(value)` as a literal. A table object
 * exported under several names is read once, under its first export.
 *
 * @param module the schema module's exports (`import * as schema from './lib/db/schema'`)
 * @param getTableConfig drizzle-orm/pg-core's `getTableConfig`, imported by the app
 * @param fileRel the schema file relative to the repository root, for sources
 * @param declaredAt where a table export is declared (file relative to the repository root, and the
 *   variable's name there), when the module re-exports it (`export * from`); default: `fileRel` and
 *   the export's name
 * @throws Error when the module exports no table
 */
export function expectedFromDrizzle(
  module: Record<string, unknown>,
  getTableConfig: (table: never) => DrizzleTableConfig,
  fileRel: string,
  declaredAt?: (exportName: string) => { file: string; model: string } | undefined,
): ExpectedTable[] {
  const tables: ExpectedTable[] = [];
  // One table exported under two names (`export const user = userTable`, an alias for Better Auth)
  // is one table: the first export, the declaration, names it.
  const seen = new Set<unknown>();
  for (const [moduleExport, value] of Object.entries(module)) {
    if (!value || typeof value !== 'object' || (value as Record<symbol, unknown>)[IS_TABLE] !== true || (value as Record<symbol, unknown>)[IS_PG_VIEW])
      continue;
    if (seen.has(value)) continue;
    seen.add(value);
    const at = declaredAt?.(moduleExport);
    const file = at?.file ?? fileRel;
    const exportName = at?.model ?? moduleExport;
    const cfg = getTableConfig(value as never);
    const pkCols = new Set(cfg.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)));
    const fields = new Map<unknown, string>(Object.entries(value as Record<string, unknown>).map(([k, v]) => [v, k]));
    tables.push({
      origin: 'drizzle',
      schema: cfg.schema ?? 'public',
      name: cfg.name,
      source: { file, model: exportName },
      ...drizzleKeys(cfg, getTableConfig, file, exportName, fields),
      columns: cfg.columns.map(
        (c): ExpectedColumn => ({
          name: c.name,
          type: c.getSQLType(),
          nullable: !(c.notNull || c.primary || pkCols.has(c.name)),
          default: drizzleDefault(c),
          source: { file, model: exportName, field: fields.get(c) ?? c.name },
        }),
      ),
    });
  }
  if (!tables.length)
    throw new Error(`${fileRel} exports no Drizzle pg table: point "drizzle.schema" in drift.config.ts at the schema module (import * as schema from …)`);
  return tables;
}

/**
 * Keys, indexes, foreign keys and enums of one Drizzle table, as drizzle-kit creates them:
 * `primaryKey()` / `.primaryKey()`, `.unique()` / `unique()` / `uniqueIndex()` (only those on
 * plain columns and without WHERE, which an ON CONFLICT can infer), `index()` on plain columns,
 * `.references()` / `foreignKey()` (ON DELETE default `no action`), and the `pgEnum`s of enum
 * columns. Sources name the column property (`users › email`) or, for table-level entries,
 * the table export.
 */
function drizzleKeys(
  cfg: DrizzleTableConfig,
  getTableConfig: (table: never) => DrizzleTableConfig,
  fileRel: string,
  exportName: string,
  fields: Map<unknown, string>,
): Pick<ExpectedTable, 'primaryKey' | 'uniques' | 'indexes' | 'foreignKeys' | 'enums'> {
  const src = (c?: unknown) => ({ file: fileRel, model: exportName, ...(c && fields.get(c) ? { field: fields.get(c)! } : {}) });
  const out: Pick<ExpectedTable, 'primaryKey' | 'uniques' | 'indexes' | 'foreignKeys' | 'enums'> = { uniques: [], indexes: [], foreignKeys: [], enums: [] };
  const pk = cfg.primaryKeys[0];
  const pkCol = cfg.columns.find((c) => c.primary);
  if (pk) out.primaryKey = { columns: pk.columns.map((c) => c.name), source: src() };
  else if (pkCol) out.primaryKey = { columns: [pkCol.name], name: `${cfg.name}_pkey`, source: src(pkCol) };
  for (const c of cfg.columns)
    if (c.isUnique) out.uniques!.push({ columns: [c.name], ...(c.uniqueName ? { name: c.uniqueName } : {}), constraint: true, source: src(c) });
  for (const u of cfg.uniqueConstraints ?? [])
    out.uniques!.push({
      columns: u.columns.map((c) => c.name),
      ...(u.name ? { name: u.name } : {}),
      constraint: true,
      source: src(u.columns.length === 1 ? u.columns[0] : undefined),
    });
  for (const i of cfg.indexes ?? []) {
    const cols = i.config.columns.map((c) =>
      c && typeof c === 'object' && 'name' in c && typeof (c as { name: unknown }).name === 'string' && !('queryChunks' in c)
        ? (c as { name: string }).name
        : undefined,
    );
    // An index on an expression (sql`lower(email)`) cannot be compared by column names.
    if (cols.some((c) => c === undefined)) continue;
    const k: ExpectedKey = {
      columns: cols as string[],
      ...(i.config.name ? { name: i.config.name } : {}),
      source: src(cols.length === 1 ? i.config.columns[0] : undefined),
    };
    if (i.config.unique && !i.config.where) out.uniques!.push(k);
    else if (!i.config.unique) out.indexes!.push(k);
  }
  for (const fk of cfg.foreignKeys ?? []) {
    const r = fk.reference();
    const ref = getTableConfig(r.foreignTable as never);
    const e: ExpectedForeignKey = {
      columns: r.columns.map((c) => c.name),
      refSchema: ref.schema ?? 'public',
      refTable: ref.name,
      refColumns: r.foreignColumns.map((c) => c.name),
      onDelete: (fk.onDelete ?? 'no action').toUpperCase(),
      onUpdate: (fk.onUpdate ?? 'no action').toUpperCase(),
      name: fk.getName(),
      source: src(r.columns.length === 1 ? cfg.columns.find((c) => c.name === r.columns[0]!.name) : undefined),
    };
    out.foreignKeys!.push(e);
  }
  const seen = new Set<string>();
  for (const c of cfg.columns) {
    if (!c.enum || seen.has(c.enum.enumName)) continue;
    seen.add(c.enum.enumName);
    const en: ExpectedEnum = { schema: c.enum.schema ?? 'public', name: c.enum.enumName, values: [...c.enum.enumValues], source: src(c) };
    out.enums!.push(en);
  }
  return out;
}

function drizzleDefault(c: DrizzleColumn): ExpectedDefault {
  if (/Serial/.test(c.columnType) || c.generatedIdentity) return { kind: 'sequence' };
  if (c.generated) return { kind: 'client' };
  if (c.default !== undefined) {
    const d = c.default;
    if (d && typeof d === 'object' && 'queryChunks' in d) {
      const text = sqlText(d as { queryChunks: unknown[] });
      return text === undefined ? { kind: 'present' } : { kind: 'sql', sql: normalizeDefault(text) };
    }
    if (typeof d === 'number' || typeof d === 'bigint' || typeof d === 'boolean') return { kind: 'sql', sql: normalizeDefault(String(d)) };
    if (typeof d === 'string') return { kind: 'sql', sql: d };
    if (d instanceof Date) return { kind: 'present' };
    return { kind: 'sql', sql: JSON.stringify(d) };
  }
  if (c.defaultFn || c.onUpdateFn) return { kind: 'client' };
  return { kind: 'none' };
}

/** Text of a `sql\`…\`` template without parameters; `undefined` when it has any. */
function sqlText(sql: { queryChunks: unknown[] }): string | undefined {
  let out = '';
  for (const chunk of sql.queryChunks) {
    const v = (chunk as { value?: unknown }).value;
    if (chunk && typeof chunk === 'object' && Array.isArray(v) && v.every((x) => typeof x === 'string')) out += v.join('');
    else if (chunk && typeof chunk === 'object' && 'queryChunks' in chunk) {
      const inner = sqlText(chunk as { queryChunks: unknown[] });
      if (inner === undefined) return undefined;
      out += inner;
    } else return undefined;
  }
  return out;
}
