import type { ExpectedColumn, ExpectedDefault, ExpectedTable } from '../model.js';
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
  getSQLType(): string;
}

/** The part of drizzle-orm's `getTableConfig(table)` result this package reads. */
export interface DrizzleTableConfig {
  name: string;
  schema?: string;
  columns: DrizzleColumn[];
  primaryKeys: { columns: { name: string }[] }[];
}

const IS_TABLE = Symbol.for('drizzle:IsDrizzleTable');
const IS_PG_VIEW = Symbol.for('drizzle:IsPgView');

/**
 * What a Drizzle schema module expects: every exported pg table, read with the
 * app's own drizzle-orm `getTableConfig` (so the column objects are exactly the
 * ones the app queries with). Follows drizzle-orm's column semantics:
 * `serial` types and identity columns get a sequence, `.$defaultFn()` /
 * `.$onUpdate()` are filled by the client, primary-key columns are NOT NULL,
 * `.default(sql\`…\`)` is compared as SQL text and `.default(value)` as a literal.
 *
 * @param module the schema module's exports (`import * as schema from './lib/db/schema'`)
 * @param getTableConfig drizzle-orm/pg-core's `getTableConfig`, imported by the app
 * @param fileRel the schema file relative to the repository root, for sources
 * @throws Error when the module exports no table
 */
export function expectedFromDrizzle(module: Record<string, unknown>, getTableConfig: (table: never) => DrizzleTableConfig, fileRel: string): ExpectedTable[] {
  const tables: ExpectedTable[] = [];
  for (const [exportName, value] of Object.entries(module)) {
    if (!value || typeof value !== 'object' || (value as Record<symbol, unknown>)[IS_TABLE] !== true || (value as Record<symbol, unknown>)[IS_PG_VIEW]) continue;
    const cfg = getTableConfig(value as never);
    const pkCols = new Set(cfg.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)));
    const fields = new Map<unknown, string>(Object.entries(value as Record<string, unknown>).map(([k, v]) => [v, k]));
    tables.push({
      origin: 'drizzle',
      schema: cfg.schema ?? 'public',
      name: cfg.name,
      source: { file: fileRel, model: exportName },
      columns: cfg.columns.map((c): ExpectedColumn => ({
        name: c.name,
        type: c.getSQLType(),
        nullable: !(c.notNull || c.primary || pkCols.has(c.name)),
        default: drizzleDefault(c),
        source: { file: fileRel, model: exportName, field: fields.get(c) ?? c.name },
      })),
    });
  }
  if (!tables.length) throw new Error(`${fileRel} exports no Drizzle pg table: point "drizzle.schema" in drift.config.ts at the schema module (import * as schema from …)`);
  return tables;
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
