import fs from 'node:fs';
import type { ExpectedColumn, ExpectedDefault, ExpectedEnum, ExpectedForeignKey, ExpectedKey, ExpectedTable } from '../model.js';
import { normalizeDefault } from '../pg-types.js';
import { blockAttributeKey, prismaAstFacts } from '../positions.js';

/** The part of a Prisma DMMF field this package reads (`@prisma/dmmf` `Field`). */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  isId?: boolean;
  isUnique?: boolean;
  /** Relation fields: the scalar fields holding the key, and the referenced model's fields. */
  relationFromFields?: string[];
  relationToFields?: string[];
  /** `Cascade`, `Restrict`, `NoAction`, `SetNull`, `SetDefault`; absent when the schema does not say. */
  relationOnDelete?: string;
  /** Same values for ON UPDATE; absent when the schema does not say (Prisma then uses `Cascade`). */
  relationOnUpdate?: string;
}

/** The part of a Prisma DMMF model this package reads. */
export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}

/** The part of a Prisma DMMF document this package reads. */
export interface DmmfDatamodel {
  models: DmmfModel[];
  enums: { name: string; dbName?: string | null; schema?: string | null; values: { name: string; dbName?: string | null }[] }[];
  /** Every `@id` / `@@id`, `@unique` / `@@unique` and `@@index` of the schema (DMMF `datamodel.indexes`). */
  indexes?: { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; isDefinedOnField: boolean; dbName?: string | null; fields: { name: string }[] }[];
  /** The datasource's `relationMode` (read with prisma-ast; the DMMF does not carry it). */
  relationMode?: 'foreignKeys' | 'prisma';
}

const dmmfCache = new Map<string, DmmfDatamodel>();

/**
 * Parses a schema.prisma into its DMMF with Prisma's own parser: `get_dmmf` of
 * `@prisma/prisma-schema-wasm` 7.1.1-3.c2990dca…, the exact WebAssembly build
 * that `getDMMF` of `@prisma/internals` 6.19.3 (and so the prisma 6.19.3 CLI)
 * calls. No engine binary, no network; loads in about 0.1 s where all of
 * `@prisma/internals` takes seconds.
 *
 * @throws Error naming the file when the schema does not validate (Prisma's P1012 text)
 */
export async function loadDmmf(schemaFileAbs: string): Promise<DmmfDatamodel> {
  if (!fs.existsSync(schemaFileAbs)) throw new Error(`${schemaFileAbs} does not exist: fix "prisma.schemaFile" in the app's drift.config.ts`);
  const text = fs.readFileSync(schemaFileAbs, 'utf8');
  const cached = dmmfCache.get(text);
  if (cached) return cached;
  const wasm = await import('@prisma/prisma-schema-wasm');
  let out: string;
  try {
    out = wasm.get_dmmf(JSON.stringify({ prismaSchema: text, noColor: true }));
  } catch (err) {
    // The parser throws a JSON text: {"error_code":"P1012","message":"…"}.
    let msg = String((err as Error)?.message ?? err);
    try {
      const j = JSON.parse(msg) as { error_code?: string; message?: string };
      msg = `${j.error_code ?? ''} ${j.message ?? ''}`;
    } catch {
      /* not JSON: keep the text */
    }
    throw new Error(
      `${schemaFileAbs} is not a valid Prisma schema: ${msg
        .split('\n')
        .filter((l) => l.trim())
        .slice(0, 3)
        .join(' ')}`,
    );
  }
  const dm = (JSON.parse(out) as { datamodel: DmmfDatamodel }).datamodel;
  try {
    // Only a schema that mentions relationMode needs the (slower to start) prisma-ast parser for it.
    dm.relationMode = text.includes('relationMode') ? (await prismaAstFacts(text)).relationMode : 'foreignKeys';
  } catch {
    // prisma-ast could not parse what Prisma's parser accepts: assume the default, foreign keys.
    dm.relationMode = 'foreignKeys';
  }
  // Parsing takes tens of milliseconds; a schema text always gives the same DMMF.
  dmmfCache.set(text, dm);
  return dm;
}

/** Prisma's default PostgreSQL type of each scalar (Prisma docs, "PostgreSQL type mappings"). */
const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** `@db.X(args)` native types to their PostgreSQL spelling. */
function nativeType(name: string, args: string[]): string {
  const a = args.length ? `(${args.join(',')})` : '';
  switch (name) {
    case 'VarChar':
      return `character varying${a}`;
    case 'Char':
      return `character${a}`;
    case 'Timestamp':
      return `timestamp${a} without time zone`;
    case 'Timestamptz':
      return `timestamp${a} with time zone`;
    case 'Time':
      return `time${a} without time zone`;
    case 'Timetz':
      return `time${a} with time zone`;
    case 'DoublePrecision':
      return 'double precision';
    case 'Decimal':
      return `numeric${a}`;
    case 'Bit':
      return `bit${a}`;
    case 'VarBit':
      return `bit varying${a}`;
    default:
      return `${name.toLowerCase()}${a}`;
  }
}

/**
 * What a Prisma schema expects of the database: one table per model (named by
 * `@@map`, else the model name), one column per scalar / enum field (named by
 * `@map`). Types follow Prisma's PostgreSQL mapping (`DateTime` →
 * `timestamp(3)`, `@db.*` native types as written); defaults: `now()`,
 * `autoincrement()` as a sequence, `dbgenerated("…")` as its SQL, literals and
 * enum values as text; `cuid()` / `uuid()` / `nanoid()` / `ulid()` and
 * `@updatedAt` are filled by Prisma Client, so any database default is fine.
 *
 * @param fileRel schema.prisma relative to the repository root, for sources
 * @param defaultSchema the Postgres schema of unqualified models (the URL's `?schema=`, default `public`)
 */
export function expectedFromPrisma(dm: DmmfDatamodel, fileRel: string, defaultSchema = 'public'): ExpectedTable[] {
  const enumDb = enumsOf(dm);
  return dm.models.map((m) => ({
    origin: 'prisma' as const,
    schema: m.schema ?? defaultSchema,
    name: m.dbName ?? m.name,
    source: { file: fileRel, model: m.name },
    ...prismaKeys(dm, m, fileRel, defaultSchema),
    columns: m.fields
      .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
      .map((f): ExpectedColumn => {
        return {
          name: f.dbName ?? f.name,
          type: prismaColumnType(f, dm, enumDb),
          // Prisma Migrate creates list columns without NOT NULL (`TEXT[]`), whatever the field says,
          // and a list field cannot be optional: NOT NULL (with a default) is as valid for Prisma
          // (`migrate diff` sees no difference), so only NOT NULL without a default is reported.
          nullable: !f.isRequired || f.isList,
          ...(f.isList ? { lenient: true } : {}),
          default: prismaDefault(f, enumDb.get(f.type)?.values),
          source: { file: fileRel, model: m.name, field: f.name },
        };
      }),
  }));
}

/** Prisma's default ON DELETE when a relation does not say (Prisma docs, "Referential actions"): Restrict for required, SetNull for optional relations. */
const PRISMA_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/**
 * Keys, indexes, foreign keys and enums of one model, as Prisma Migrate creates them: the DMMF's
 * `indexes` (`id` → primary key, `unique` → unique index `<table>_<cols>_key`, `normal` →
 * `@@index`), one foreign key per relation field with `fields:` (none with `relationMode =
 * "prisma"`), and every enum a field of the model uses.
 */
function prismaKeys(
  dm: DmmfDatamodel,
  m: DmmfModel,
  fileRel: string,
  defaultSchema: string,
): Pick<ExpectedTable, 'primaryKey' | 'uniques' | 'indexes' | 'foreignKeys' | 'enums'> {
  const table = m.dbName ?? m.name;
  const col = (model: DmmfModel, field: string) => {
    const f = model.fields.find((x) => x.name === field);
    return f?.dbName ?? field;
  };
  const key = (i: NonNullable<DmmfDatamodel['indexes']>[number], suffix: string): ExpectedKey => {
    const columns = i.fields.map((f) => col(m, f.name));
    const attr = i.type === 'id' ? 'id' : i.type === 'unique' ? 'unique' : 'index';
    return {
      columns,
      name: i.dbName ?? `${table}_${columns.join('_')}_${suffix}`,
      source: {
        file: fileRel,
        model: m.name,
        field: i.isDefinedOnField
          ? i.fields[0]!.name
          : blockAttributeKey(
              attr,
              i.fields.map((f) => f.name),
            )!,
      },
    };
  };
  const own = (dm.indexes ?? []).filter((i) => i.model === m.name);
  const id = own.find((i) => i.type === 'id');
  const out: Pick<ExpectedTable, 'primaryKey' | 'uniques' | 'indexes' | 'foreignKeys' | 'enums'> = {
    uniques: own.filter((i) => i.type === 'unique').map((i) => key(i, 'key')),
    indexes: own.filter((i) => i.type === 'normal').map((i) => key(i, 'idx')),
    foreignKeys: [],
    enums: [],
  };
  if (id) out.primaryKey = { ...key(id, 'pkey'), name: id.dbName ?? `${table}_pkey` };
  if (dm.relationMode !== 'prisma') {
    for (const f of m.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const ref = dm.models.find((x) => x.name === f.type);
      if (!ref) continue;
      const columns = f.relationFromFields.map((n) => col(m, n));
      const required = f.relationFromFields.every((n) => m.fields.find((x) => x.name === n)?.isRequired);
      const fk: ExpectedForeignKey = {
        columns,
        refSchema: ref.schema ?? defaultSchema,
        refTable: ref.dbName ?? ref.name,
        refColumns: (f.relationToFields ?? []).map((n) => col(ref, n)),
        onDelete: PRISMA_ACTIONS[f.relationOnDelete ?? (required ? 'Restrict' : 'SetNull')] ?? 'NO ACTION',
        // Prisma's default referential action for updates is Cascade (Prisma docs, "Referential actions").
        onUpdate: PRISMA_ACTIONS[f.relationOnUpdate ?? 'Cascade'] ?? 'NO ACTION',
        name: `${table}_${columns.join('_')}_fkey`,
        source: { file: fileRel, model: m.name, field: f.name },
      };
      out.foreignKeys!.push(fk);
    }
  }
  const seen = new Set<string>();
  for (const f of m.fields) {
    if (f.kind !== 'enum' || seen.has(f.type)) continue;
    seen.add(f.type);
    const e = dm.enums.find((x) => x.name === f.type);
    if (!e) continue;
    const en: ExpectedEnum = {
      schema: e.schema ?? defaultSchema,
      name: e.dbName ?? e.name,
      values: e.values.map((v) => v.dbName ?? v.name),
      source: { file: fileRel, model: e.name },
    };
    out.enums!.push(en);
  }
  return out;
}

function enumsOf(dm: DmmfDatamodel): Map<string, { name: string; values: Map<string, string> }> {
  return new Map(dm.enums.map((e) => [e.name, { name: e.dbName ?? e.name, values: new Map(e.values.map((v) => [v.name, v.dbName ?? v.name])) }]));
}

/**
 * The PostgreSQL type Prisma Migrate gives a scalar or enum field: `@db.*` native type, else
 * Prisma's default mapping; enums by their database name; lists with `[]`.
 */
export function prismaColumnType(f: DmmfField, dm: DmmfDatamodel, enums = enumsOf(dm)): string {
  const base =
    f.kind === 'enum'
      ? (enums.get(f.type)?.name ?? f.type)
      : f.nativeType
        ? nativeType(f.nativeType[0], f.nativeType[1])
        : (SCALAR_TYPES[f.type] ?? f.type.toLowerCase());
  return f.isList ? `${base}[]` : base;
}

function prismaDefault(f: DmmfField, enumValues?: Map<string, string>): ExpectedDefault {
  if (f.isUpdatedAt) return { kind: 'client' };
  if (!f.hasDefaultValue || f.default === undefined) return { kind: 'none' };
  const d = f.default;
  if (d && typeof d === 'object' && !Array.isArray(d) && 'name' in d) {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === 'now') return { kind: 'sql', sql: 'now()' };
    if (fn.name === 'autoincrement' || fn.name === 'sequence') return { kind: 'sequence' };
    if (fn.name === 'dbgenerated') return typeof fn.args[0] === 'string' ? { kind: 'sql', sql: normalizeDefault(fn.args[0]) } : { kind: 'present' };
    return { kind: 'client' };
  }
  if (Array.isArray(d)) return { kind: 'present' };
  if (typeof d === 'string' && enumValues) return { kind: 'sql', sql: enumValues.get(d) ?? d };
  if (typeof d === 'number' || typeof d === 'boolean') return { kind: 'sql', sql: normalizeDefault(String(d)) };
  return { kind: 'sql', sql: String(d) };
}
