import type { ExpectedColumn, ExpectedForeignKey, ExpectedKey, ExpectedTable } from '../model.js';
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
 * What Better Auth itself will read and write, from its own schema function
 * (`getAuthTables(options)` of `better-auth/db`, the same tables its CLI
 * `generate` / `migrate` and `getMigrations` compute from the app's options,
 * plugins included) — resolved through the app's Prisma schema, because the
 * Prisma adapter addresses models by client name (`prisma.session`) and the
 * table and column names are Prisma's `@@map` / `@map`.
 *
 * Types are compared by kind only (Better Auth's `string`, `number`,
 * `boolean`, `date`); Better Auth writes every field it knows and fills its
 * own defaults, so only the direction that breaks it is reported: a field it
 * needs that is missing, or an optional field the database makes NOT NULL
 * without a default. A column Better Auth does not know that is NOT NULL
 * without a default is reported too: its inserts would fail.
 *
 * @param tables `getAuthTables(options)` of the app's own better-auth version
 * @param dm the app's Prisma DMMF (for `@@map` / `@map`), or undefined to use Better Auth's names as is
 * @param fileRel the app's auth configuration file, for sources
 * @param idType `family:number` when the app uses numeric ids (`advanced.database.generateId: "serial"`)
 */
export function expectedFromBetterAuth(
  tables: Record<string, BetterAuthTable>,
  dm: DmmfDatamodel | undefined,
  fileRel: string,
  defaultSchema = 'public',
  idType = 'family:string',
): ExpectedTable[] {
  return Object.entries(tables).map(([key, t]) => {
    const model = dm?.models.find((m) => m.name === t.modelName || lowerFirst(m.name) === t.modelName);
    const columnOf = (field: string) => {
      const f = model?.fields.find((x) => x.name === field);
      return f?.dbName ?? f?.name ?? field;
    };
    const repairTypeOf = (field: string, family: string) => {
      const f = model?.fields.find((x) => x.name === field);
      return f && (f.kind === 'scalar' || f.kind === 'enum') ? prismaColumnType(f, dm!) : FAMILY_TYPES[family];
    };
    const source = { file: fileRel, model: `better-auth ${key} (${t.modelName})` };
    const columns: ExpectedColumn[] = [
      {
        name: columnOf('id'),
        type: idType,
        repairType: repairTypeOf('id', idType.slice(7)),
        nullable: false,
        default: { kind: 'client' },
        lenient: true,
        source: { ...source, field: 'id' },
      },
      ...Object.entries(t.fields).map(
        ([name, f]): ExpectedColumn => ({
          name: columnOf(f.fieldName ?? name),
          type: `family:${familyOf(f.type)}`,
          repairType: repairTypeOf(f.fieldName ?? name, familyOf(f.type)),
          // Better Auth's own default for `required` is true.
          nullable: f.required === false,
          default: { kind: 'client' },
          lenient: true,
          source: { ...source, field: name },
        }),
      ),
    ];
    // Prisma Client fills client-side defaults and @updatedAt itself when Better Auth leaves a field out.
    const filledElsewhere = (model?.fields ?? []).filter((f) => f.isUpdatedAt || (f.hasDefaultValue && f.default !== undefined)).map((f) => f.dbName ?? f.name);
    // Keys: Better Auth looks rows up with plain WHERE queries and never uses ON CONFLICT (no
    // upsert in better-auth's adapters), so its `unique` fields are lookups, not conflict targets.
    const uniques: ExpectedKey[] = [];
    const indexes: ExpectedKey[] = [];
    const foreignKeys: ExpectedForeignKey[] = [];
    for (const [name, f] of Object.entries(t.fields)) {
      const column = columnOf(f.fieldName ?? name);
      if (f.unique) uniques.push({ columns: [column], lookupOnly: true, source: { ...source, field: name } });
      else if (f.index) indexes.push({ columns: [column], source: { ...source, field: name } });
      if (f.references) {
        const refKey = Object.entries(tables).find(([k, x]) => k === f.references!.model || x.modelName === f.references!.model);
        const refModel = refKey ? dm?.models.find((m) => m.name === refKey[1].modelName || lowerFirst(m.name) === refKey[1].modelName) : undefined;
        const refName = refKey ? (refModel?.dbName ?? refModel?.name ?? refKey[1].modelName) : f.references.model;
        const refField = refModel?.fields.find((x) => x.name === f.references!.field);
        foreignKeys.push({
          columns: [column],
          refSchema: refModel?.schema ?? defaultSchema,
          refTable: refName,
          refColumns: [refField?.dbName ?? refField?.name ?? f.references.field],
          // Better Auth's schema default is cascade; an empty action is not compared.
          onDelete: f.references.onDelete ? f.references.onDelete.toUpperCase() : '',
          source: { ...source, field: name },
        });
      }
    }
    return {
      origin: 'better-auth' as const,
      schema: model?.schema ?? defaultSchema,
      name: model?.dbName ?? model?.name ?? t.modelName,
      columns,
      source,
      filledElsewhere,
      uniques,
      indexes,
      foreignKeys,
    };
  });
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
