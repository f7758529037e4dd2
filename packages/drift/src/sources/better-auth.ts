import fs from 'node:fs';
import type { ExpectedColumn, ExpectedForeignKey, ExpectedKey, ExpectedTable } from '../model.js';
import { drizzleDeclarations, drizzlePositions } from '../positions.js';
import { prismaColumnType, type DmmfDatamodel } from './prisma.js';

/** One field as Better Auth's `getAuthTables(options)` describes it. */
export interface BetterAuthField {
  type: string | string[];
  required?: boolean;
  fieldName?: string;
  defaultValue?: unknown;
  unique?: boolean;
  index?: boolean;
  references?: { model: string; field: string; onDelete?: string };
}

/** One table as Better Auth's `getAuthTables(options)` describes it. */
export interface BetterAuthTable {
  modelName: string;
  fields: Record<string, BetterAuthField>;
}

/**
 * The Drizzle adapter's own configuration, read from the app's options the way Better Auth reaches
 * its adapter. `drizzleAdapter(db, config)` returns a function of the options (better-auth 1.4.0
 * `dist/adapters/drizzle-adapter/index.mjs`, @better-auth/drizzle-adapter 1.6.26 / 1.7.25
 * `dist/index.mjs`: `return (options) => adapter(options)`) that Better Auth calls at start-up with
 * the options; the adapter factory (`createAdapterFactory`) returns an instance with `id: "drizzle"`
 * and `options: { adapterConfig, ...config }`, the `config` the app gave (`schema`, `usePlural`).
 */
export interface DrizzleAdapterConfig {
  /** The adapter's `schema` option; undefined when the app passes none (the adapter then uses `db._.fullSchema`). */
  schema?: Record<string, unknown>;
  /** The adapter's `usePlural` option (default false). */
  usePlural: boolean;
}

/**
 * {@link DrizzleAdapterConfig} of `options.database` when it is Better Auth's Drizzle adapter: calls
 * `options.database(options)` as Better Auth does when it creates its context (nothing connects:
 * the adapter only keeps `db`), and reads the instance's `id` and `options`.
 *
 * @param options the app's Better Auth options (`auth.options`)
 * @returns undefined when `database` is not an adapter function, or another adapter (Prisma, Kysely)
 */
export function drizzleAdapterConfig(options: Record<string, unknown>): DrizzleAdapterConfig | undefined {
  if (typeof options.database !== 'function') return undefined;
  let instance: { id?: unknown; options?: { schema?: unknown; usePlural?: unknown; adapterConfig?: { usePlural?: unknown } } };
  try {
    instance = (options.database as (o: unknown) => typeof instance)(options);
  } catch {
    return undefined;
  }
  if (instance?.id !== 'drizzle') return undefined;
  const o = instance.options ?? {};
  const schema = o.schema && typeof o.schema === 'object' ? (o.schema as Record<string, unknown>) : undefined;
  return { ...(schema ? { schema } : {}), usePlural: (o.usePlural ?? o.adapterConfig?.usePlural) === true };
}

/** How Better Auth's names reach the database through the Drizzle adapter (see {@link expectedFromBetterAuth}). */
export interface DrizzleAdapterMapping {
  /** The object the adapter looks models up in: its `schema` option, else `db._.fullSchema`. */
  schema: Record<string, unknown>;
  /** The adapter's `usePlural`. */
  usePlural: boolean;
  /**
   * Where a table object is declared: file (relative to the repository root) and the variable's
   * name, so findings point at the `pgTable` and its column properties; undefined to name the auth
   * configuration file instead.
   */
  declaredAt?: (table: object) => { file: string; model: string } | undefined;
}

const TABLE_NAME = Symbol.for('drizzle:Name');
const TABLE_SCHEMA = Symbol.for('drizzle:Schema');
const IS_TABLE = Symbol.for('drizzle:IsDrizzleTable');

/** The part of a drizzle-orm column this file reads. */
interface DrizzleColumnLike {
  name: string;
  defaultFn?: unknown;
  onUpdateFn?: unknown;
  getSQLType?: () => string;
}

/** How one Better Auth table is named and typed in the database, by adapter. */
interface TableResolution {
  schema: string;
  name: string;
  /** The database column of a Better Auth field name (after `fields` overrides). */
  column(field: string): string;
  /** The concrete type for repair SQL. */
  repairType(field: string, family: string): string;
  /** Columns the ORM client fills on insert when Better Auth leaves them out. */
  filledElsewhere: string[];
  /**
   * The source of the table (no arguments) or of one field: its adapter property (`fieldName`)
   * and Better Auth's own name of it (the auth configuration's sources name that one).
   */
  source(property?: string, baName?: string): { file: string; model: string; field?: string };
}

/**
 * What Better Auth itself will read and write, from its own schema function
 * (`getAuthTables(options)` of `better-auth/db`, the same tables its CLI
 * `generate` / `migrate` and `getMigrations` compute from the app's options,
 * plugins included), resolved to database names as the app's adapter does at run time:
 *
 * - **Drizzle adapter** (`drizzle`): the adapter looks a model up as `schema[getModelName(key)]`
 *   and a field as `table[getFieldName({ model, field })]` (`getSchema(model)` /
 *   `convertWhereClause` / `checkMissingFields` in the adapter; `initGetModelName` /
 *   `initGetFieldName` in better-auth 1.4.0 `dist/get-model-name-*.mjs` and
 *   @better-auth/core 1.7.25 `dist/db/adapter/get-model-name.mjs`, `get-field-name.mjs`):
 *   `getModelName` is the table's `modelName` (the option's or a plugin's `schema.<model>.modelName`,
 *   else the key) with an `s` appended under `usePlural`; `getFieldName` is the field's `fieldName`
 *   (`fields` overrides), else the field's name; `id` is the property `id`. That property is a
 *   drizzle-orm column whose `name` is the database column, and the table's `pgTable` name and
 *   schema are the database table. A model or property the schema lacks keeps Better Auth's own
 *   name (the adapter throws for it at run time, and the database has no such table either).
 *   Columns with `$defaultFn` / `$onUpdate` are filled by drizzle-orm on insert.
 * - **Prisma adapter** (`dm` given): the adapter addresses models by client name (`prisma.session`),
 *   and the table and column names are Prisma's `@@map` / `@map`. With `prismaSchemaFile`, sources
 *   name the model and field in schema.prisma (a field the model lacks: the model), so findings
 *   point at the declaration's line, as the Drizzle adapter's point at the `pgTable`.
 * - neither: Better Auth's names as they are (the Kysely adapter's direct SQL).
 *
 * Types are compared by kind only (Better Auth's `string`, `number`,
 * `boolean`, `date`); Better Auth writes every field it knows and fills its
 * own defaults, so only the direction that breaks it is reported: a field it
 * needs that is missing, or an optional field the database makes NOT NULL
 * without a default. A column Better Auth does not know that is NOT NULL
 * without a default is reported too: its inserts would fail.
 *
 * @param tables `getAuthTables(options)` of the app's own better-auth version
 * @param dm the app's Prisma DMMF (for `@@map` / `@map`), or undefined
 * @param fileRel the app's auth configuration file, for sources
 * @param idType `family:number` when the app uses numeric ids (`advanced.database.generateId: "serial"`)
 * @param drizzle the Drizzle adapter's schema, when the app uses the Drizzle adapter (wins over `dm`)
 * @param prismaSchemaFile the schema.prisma `dm` was read from (as reported), for sources at its models
 */
export function expectedFromBetterAuth(
  tables: Record<string, BetterAuthTable>,
  dm: DmmfDatamodel | undefined,
  fileRel: string,
  defaultSchema = 'public',
  idType = 'family:string',
  drizzle?: DrizzleAdapterMapping,
  prismaSchemaFile?: string,
): ExpectedTable[] {
  const resolve = (key: string): TableResolution => {
    const t = tables[key]!;
    const baSource = (_property?: string, field?: string) => ({ file: fileRel, model: `better-auth ${key} (${t.modelName})`, ...(field ? { field } : {}) });
    if (drizzle) {
      const table = drizzleTableOf(drizzle, t.modelName);
      if (table) {
        const at = drizzle.declaredAt?.(table);
        const t2 = table as unknown as Record<string | symbol, unknown>;
        const columnObj = (field: string) => {
          const c = t2[field] as DrizzleColumnLike | undefined;
          return c && typeof c === 'object' && typeof c.name === 'string' ? c : undefined;
        };
        const columns = Object.entries(t2).filter(([, v]) => v && typeof v === 'object' && typeof (v as DrizzleColumnLike).name === 'string');
        return {
          schema: (t2[TABLE_SCHEMA] as string | undefined) ?? defaultSchema,
          name: t2[TABLE_NAME] as string,
          column: (field) => columnObj(field)?.name ?? field,
          repairType: (field, family) => columnObj(field)?.getSQLType?.() ?? FAMILY_TYPES[family]!,
          filledElsewhere: columns
            .filter(([, c]) => (c as DrizzleColumnLike).defaultFn || (c as DrizzleColumnLike).onUpdateFn)
            .map(([, c]) => (c as DrizzleColumnLike).name),
          source: (property, baName) => {
            if (!at) return baSource(property, baName);
            // A field that is not a property of the table: the finding names the table's declaration.
            return { ...at, ...(property && columnObj(property) ? { field: property } : {}) };
          },
        };
      }
      return { schema: defaultSchema, name: t.modelName, column: (f) => f, repairType: (_, fam) => FAMILY_TYPES[fam]!, filledElsewhere: [], source: baSource };
    }
    const model = dm?.models.find((m) => m.name === t.modelName || lowerFirst(m.name) === t.modelName);
    const fieldOf = (field: string) => model?.fields.find((x) => x.name === field);
    return {
      schema: model?.schema ?? defaultSchema,
      name: model?.dbName ?? model?.name ?? t.modelName,
      column: (field) => fieldOf(field)?.dbName ?? fieldOf(field)?.name ?? field,
      repairType: (field, family) => {
        const f = fieldOf(field);
        return f && (f.kind === 'scalar' || f.kind === 'enum') ? prismaColumnType(f, dm!) : FAMILY_TYPES[family]!;
      },
      // Prisma Client fills client-side defaults and @updatedAt itself when Better Auth leaves a field out.
      filledElsewhere: (model?.fields ?? []).filter((f) => f.isUpdatedAt || (f.hasDefaultValue && f.default !== undefined)).map((f) => f.dbName ?? f.name),
      source:
        model && prismaSchemaFile
          ? (property) => ({ file: prismaSchemaFile, model: model.name, ...(property && fieldOf(property) ? { field: property } : {}) })
          : baSource,
    };
  };
  const resolved = new Map(Object.keys(tables).map((k) => [k, resolve(k)]));
  return Object.entries(tables).map(([key, t]) => {
    const r = resolved.get(key)!;
    // The id is not among getAuthTables' fields; the adapters address it as `id` (getFieldName falls back to it).
    const idField = t.fields.id?.fieldName ?? 'id';
    const columns: ExpectedColumn[] = [
      {
        name: r.column(idField),
        type: idType,
        repairType: r.repairType(idField, idType.slice(7)),
        nullable: false,
        default: { kind: 'client' },
        lenient: true,
        source: r.source(idField, 'id'),
      },
      ...Object.entries(t.fields)
        .filter(([name]) => name !== 'id')
        .map(
          ([name, f]): ExpectedColumn => ({
            name: r.column(f.fieldName ?? name),
            type: `family:${familyOf(f.type)}`,
            repairType: r.repairType(f.fieldName ?? name, familyOf(f.type)),
            // Better Auth's own default for `required` is true.
            nullable: f.required === false,
            default: { kind: 'client' },
            lenient: true,
            source: r.source(f.fieldName ?? name, name),
          }),
        ),
    ];
    // Keys: Better Auth looks rows up with plain WHERE queries and never uses ON CONFLICT (no
    // upsert in better-auth's adapters), so its `unique` fields are lookups, not conflict targets.
    const uniques: ExpectedKey[] = [];
    const indexes: ExpectedKey[] = [];
    const foreignKeys: ExpectedForeignKey[] = [];
    for (const [name, f] of Object.entries(t.fields)) {
      const field = f.fieldName ?? name;
      const column = r.column(field);
      if (f.unique) uniques.push({ columns: [column], lookupOnly: true, source: r.source(field, name) });
      // `index` fields are looked up with `WHERE field = ?` (findMany by userId, identifier, …): any
      // index that leads with the column serves that, e.g. Prisma's `@@index([userId, expiresAt])`.
      else if (f.index) indexes.push({ columns: [column], lookupOnly: true, source: r.source(field, name) });
      if (f.references) {
        const refKey = Object.entries(tables).find(([k, x]) => k === f.references!.model || x.modelName === f.references!.model)?.[0];
        const ref = refKey ? resolved.get(refKey)! : undefined;
        const refField = refKey ? (tables[refKey]!.fields[f.references.field]?.fieldName ?? f.references.field) : f.references.field;
        foreignKeys.push({
          columns: [column],
          refSchema: ref?.schema ?? defaultSchema,
          refTable: ref?.name ?? f.references.model,
          refColumns: [ref ? ref.column(refField) : refField],
          // Better Auth's schema default is cascade; an empty action is not compared.
          onDelete: f.references.onDelete ? f.references.onDelete.toUpperCase() : '',
          source: r.source(field, name),
        });
      }
    }
    return {
      origin: 'better-auth' as const,
      schema: r.schema,
      name: r.name,
      columns,
      source: r.source(),
      filledElsewhere: r.filledElsewhere,
      uniques,
      indexes,
      foreignKeys,
    };
  });
}

/**
 * The Drizzle table the adapter uses for a Better Auth model: `schema[modelName]`, with `s`
 * appended under `usePlural` (`getModelName`); undefined when that key is not a Drizzle table.
 */
function drizzleTableOf(m: DrizzleAdapterMapping, modelName: string): object | undefined {
  const v = m.schema[m.usePlural ? `${modelName}s` : modelName];
  return v && typeof v === 'object' && (v as Record<symbol, unknown>)[IS_TABLE] === true ? v : undefined;
}

/**
 * Where the Drizzle adapter's table objects are declared, for findings at the `pgTable` and its
 * columns: a table object is found by identity among the exports of the project's Drizzle schema
 * modules (loaded by the same module loader as the auth configuration, so the adapter's `schema`
 * holds the very same objects), and followed to its declaration with {@link drizzleDeclarations}
 * (re-exports, tsconfig `paths`). Among several exports of one table (Kaneo exports `userTable` and
 * `export const user = userTable` for Better Auth's CLI), the one declared by a `pgTable(…)` call
 * wins, since only that one has column positions.
 *
 * @param modules the schema modules: absolute file and exports
 * @param tsconfig the tsconfig the modules are loaded with
 * @param rel an absolute path as reported (relative to the repository or project root)
 */
export function drizzleTableDeclarations(
  modules: { file: string; schema: Record<string, unknown> }[],
  tsconfig: string | undefined,
  rel: (abs: string) => string,
): (table: object) => { file: string; model: string } | undefined {
  let declared: ReturnType<typeof drizzleDeclarations> | undefined;
  const hasPosition = (file: string, name: string) => {
    try {
      return drizzlePositions(fs.readFileSync(file, 'utf8'), file).has(name);
    } catch {
      return false;
    }
  };
  return (table) => {
    declared ??= drizzleDeclarations(
      modules.map((m) => ({ file: m.file, exports: Object.keys(m.schema) })),
      tsconfig,
    );
    let fallback: { file: string; model: string } | undefined;
    for (const m of modules) {
      for (const [name, value] of Object.entries(m.schema)) {
        if (value !== table) continue;
        const d = declared.get(m.file)?.get(name);
        if (!d) continue;
        const at = { file: rel(d.file), model: d.name };
        if (hasPosition(d.file, d.name)) return at;
        fallback ??= at;
      }
    }
    return fallback;
  };
}

/** What Prisma Migrate creates for a field of each Better Auth type when the schema does not say. */
const FAMILY_TYPES: Record<string, string> = { string: 'text', number: 'integer', boolean: 'boolean', date: 'timestamp(3) without time zone', json: 'jsonb' };

function familyOf(type: string | string[]): string {
  if (Array.isArray(type)) return 'string';
  if (type.endsWith('[]')) return 'json';
  if (type === 'json') return 'json';
  return ['string', 'number', 'boolean', 'date'].includes(type) ? type : 'string';
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
