import type { ExpectedColumn, ExpectedTable } from '../model.js';
import { prismaColumnType, type DmmfDatamodel } from './prisma.js';

/** One field as Better Auth's `getAuthTables(options)` describes it. */
export interface BetterAuthField {
  type: string | string[];
  required?: boolean;
  fieldName?: string;
  defaultValue?: unknown;
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
export function expectedFromBetterAuth(tables: Record<string, BetterAuthTable>, dm: DmmfDatamodel | undefined, fileRel: string, defaultSchema = 'public', idType = 'family:string'): ExpectedTable[] {
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
      { name: columnOf('id'), type: idType, repairType: repairTypeOf('id', idType.slice(7)), nullable: false, default: { kind: 'client' }, lenient: true, source: { ...source, field: 'id' } },
      ...Object.entries(t.fields).map(([name, f]): ExpectedColumn => ({
        name: columnOf(f.fieldName ?? name),
        type: `family:${familyOf(f.type)}`,
        repairType: repairTypeOf(f.fieldName ?? name, familyOf(f.type)),
        // Better Auth's own default for `required` is true.
        nullable: f.required === false,
        default: { kind: 'client' },
        lenient: true,
        source: { ...source, field: name },
      })),
    ];
    // Prisma Client fills client-side defaults and @updatedAt itself when Better Auth leaves a field out.
    const filledElsewhere = (model?.fields ?? []).filter((f) => f.isUpdatedAt || (f.hasDefaultValue && f.default !== undefined)).map((f) => f.dbName ?? f.name);
    return { origin: 'better-auth' as const, schema: model?.schema ?? defaultSchema, name: model?.dbName ?? model?.name ?? t.modelName, columns, source, filledElsewhere };
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
