/**
 * dittofeed (test/corpus/dittofeed, MIT, see its SOURCE.md): a monorepo package
 * (packages/backend-lib) with its own drizzle.config.ts, drizzle-orm 0.38.3 (older than the drift
 * check's own), 16 pgEnums, and a hand-edited baseline migration full of `DO $$ … CREATE TYPE … $$`
 * blocks. Run in packages/backend-lib; migrated as its runtime does (`migrate()`, default ledger).
 */
import { describeDrizzleCorpus, removeEnumValue } from './corpus-drizzle.js';

const SCHEMA = 'src/db/schema.ts';

describeDrizzleCorpus({
  name: 'dittofeed',
  cwd: 'packages/backend-lib',
  args: [],
  migrations: { folder: 'drizzle' },
  schemaFile: SCHEMA,
  cleanFindings: [],
  cleanExit: 0,
  cleanOracle: [],
  drifts: [
    {
      label: 'a dropped column',
      inject: 'ALTER TABLE "Segment" DROP COLUMN "definitionUpdatedAt"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'Segment', column: 'definitionUpdatedAt' },
      // The migration that added it is recorded as applied, yet its column is gone.
      also: ['differs ledger-effects-missing __drizzle_migrations'],
      at: { file: SCHEMA, text: 'definitionUpdatedAt: timestamp(', after: 'export const segment = pgTable' },
      oracle: 'public.Segment.definitionUpdatedAt',
    },
    {
      label: 'a type change',
      inject: 'ALTER TABLE "Workspace" ALTER COLUMN "name" TYPE integer USING 0',
      finding: { kind: 'type-mismatch', severity: 'breaks', table: 'Workspace', column: 'name' },
      at: { file: SCHEMA, text: 'name: text().notNull()' },
      oracle: 'public.Workspace.name ',
    },
    {
      label: 'a dropped unique index',
      inject: 'ALTER TABLE "Workspace" DROP CONSTRAINT "Workspace_parentWorkspaceId_name_key"',
      finding: { kind: 'missing-unique', severity: 'breaks', table: 'Workspace', column: 'parentWorkspaceId,name' },
      // 0005 added it as a constraint, recorded as applied: its index is gone.
      also: ['differs ledger-effects-missing __drizzle_migrations'],
      // A table-level unique() points at its pgTable.
      at: { file: SCHEMA, text: 'export const workspace = pgTable' },
      oracle: 'Workspace_parentWorkspaceId_name_key',
    },
    {
      label: 'a dropped foreign key',
      inject: 'ALTER TABLE "Segment" DROP CONSTRAINT "Segment_workspaceId_fkey"',
      finding: { kind: 'foreign-key-mismatch', severity: 'differs', table: 'Segment', column: 'workspaceId' },
      at: { file: SCHEMA, text: 'workspaceId: uuid().notNull()', after: 'export const segment = pgTable' },
      oracle: 'Segment_workspaceId_fkey',
    },
    {
      label: 'a removed enum value',
      inject: (url) => removeEnumValue(url, 'DBBroadcastVersion', 'V2'),
      finding: { kind: 'missing-enum-value', severity: 'breaks', table: 'DBBroadcastVersion', column: 'V2' },
      // An enum's findings point at the first column of that enum type (Broadcast.version).
      at: { file: SCHEMA, text: 'version: dbBroadcastVersion()' },
      oracle: 'DBBroadcastVersion',
    },
    {
      label: 'a dropped NOT NULL',
      // Another column than the type change's: on the database holding every drift, each shows on its own line.
      inject: 'ALTER TABLE "Segment" ALTER COLUMN "name" DROP NOT NULL',
      finding: { kind: 'nullability', severity: 'differs', table: 'Segment', column: 'name' },
      at: { file: SCHEMA, text: 'name: text().notNull()', after: 'export const segment = pgTable' },
      oracle: 'public.Segment.name ',
    },
    {
      label: 'an extra NOT NULL column',
      inject: 'ALTER TABLE "Workspace" ADD COLUMN legacy_code text NOT NULL',
      finding: { kind: 'extra-required-column', severity: 'breaks', table: 'Workspace', column: 'legacy_code' },
      at: { file: SCHEMA, text: 'export const workspace = pgTable' },
      oracle: 'public.Workspace.legacy_code',
    },
  ],
  syntaxError: { file: 'packages/backend-lib/src/db/schema.ts', after: 'name: text().notNull(),' },
});
