import * as generated16 from '../lib/db/schema';
import * as generated170 from '../lib/db/schema-issuer';
import * as issuerOptional from '../lib/db/schema-issuer-optional';

/**
 * The app's Drizzle schema at each point of incident 004, with the migration that brings the
 * database to it:
 * - `generated-1.6`: `npx auth generate` of Better Auth 1.6 (lib/db/schema.ts), migration 0000_init;
 * - `generated-1.7.0`: of Better Auth 1.7.0, `account.issuer` NOT NULL (lib/db/schema-issuer.ts), 0001_account_issuer;
 * - `issuer-optional`: the fix, `account.issuer` nullable (lib/db/schema-issuer-optional.ts), 0002_account_issuer_optional.
 */
export const SCHEMA_REVISIONS = {
  'generated-1.6': { schema: generated16, file: 'lib/db/schema.ts', migration: '0000_init' },
  'generated-1.7.0': { schema: generated170, file: 'lib/db/schema-issuer.ts', migration: '0001_account_issuer' },
  'issuer-optional': { schema: issuerOptional, file: 'lib/db/schema-issuer-optional.ts', migration: '0002_account_issuer_optional' },
} as const;

/** A revision's name. */
export type SchemaRevision = keyof typeof SCHEMA_REVISIONS;

/** Every revision's tables have the same export names: the adapter's model names. */
export type AuthSchema = (typeof SCHEMA_REVISIONS)[SchemaRevision]['schema'];

/**
 * The revision named by `value` (the `SCHEMA_REVISION` variable), default `generated-1.6`.
 *
 * @throws Error naming the variable and the allowed values for another value
 */
export function schemaRevision(value: string | undefined): SchemaRevision {
  if (value === undefined || value === '') return 'generated-1.6';
  if (!(value in SCHEMA_REVISIONS)) throw new Error(`SCHEMA_REVISION="${value}" is not one of ${Object.keys(SCHEMA_REVISIONS).join(', ')}`);
  return value as SchemaRevision;
}
