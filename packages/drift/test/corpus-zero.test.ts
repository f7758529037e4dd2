/**
 * Mail-0/Zero (test/corpus/zero, MIT, see its SOURCE.md): a monorepo package (packages/db) whose
 * tables are all made by a table creator (`pgTableCreator((name) => "mail0_" + name)`), whose
 * drizzle.config.ts limits drizzle-kit to them (`tablesFilter: ["mail0_*"]`), whose schema imports
 * its jsonb default from its own package by name (`@zero/db/user_settings_default`, a self-reference
 * through package.json `exports`), and whose tsconfig extends a workspace package
 * (`@zero/tsconfig/react-library.json`). Run in packages/db as `drizzle-kit migrate` runs there;
 * migrated with drizzle-orm's migrator (what `drizzle-kit migrate` calls), default ledger.
 */
import { describeDrizzleCorpus } from './corpus-drizzle.js';

const SCHEMA = 'src/schema.ts';

describeDrizzleCorpus({
  name: 'zero',
  cwd: 'packages/db',
  args: [],
  migrations: { folder: 'migrations' },
  schemaFile: SCHEMA,
  tablesFilter: ['mail0_*'],
  cleanFindings: [],
  cleanExit: 0,
  cleanOracle: [],
  drifts: [
    {
      label: 'a dropped column',
      inject: 'ALTER TABLE mail0_note DROP COLUMN thread_id',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'mail0_note', column: 'thread_id' },
      // 0017 created it and is recorded as applied.
      also: ['differs ledger-effects-missing __drizzle_migrations'],
      at: { file: SCHEMA, text: "threadId: text('thread_id')" },
      oracle: 'public.mail0_note.thread_id',
    },
    {
      label: 'a type change',
      inject: 'ALTER TABLE mail0_user ALTER COLUMN name TYPE integer USING 0',
      finding: { kind: 'type-mismatch', severity: 'breaks', table: 'mail0_user', column: 'name' },
      at: { file: SCHEMA, text: "name: text('name').notNull()", after: "createTable('user'" },
      oracle: 'public.mail0_user.name ',
    },
    {
      label: 'a dropped unique index',
      inject: 'ALTER TABLE mail0_session DROP CONSTRAINT mail0_session_token_unique',
      finding: { kind: 'missing-unique', severity: 'breaks', table: 'mail0_session', column: 'token' },
      // 0000 created it (CONSTRAINT … UNIQUE in its CREATE TABLE) and is recorded as applied.
      also: ['differs ledger-effects-missing __drizzle_migrations'],
      at: { file: SCHEMA, text: "token: text('token').notNull().unique()" },
      oracle: 'mail0_session_token_unique',
    },
    {
      label: 'a dropped foreign key',
      inject: 'ALTER TABLE mail0_note DROP CONSTRAINT mail0_note_user_id_mail0_user_id_fk',
      finding: { kind: 'foreign-key-mismatch', severity: 'differs', table: 'mail0_note', column: 'user_id' },
      at: { file: SCHEMA, text: "userId: text('user_id')", after: "createTable('note'" },
      oracle: 'mail0_note_user_id_mail0_user_id_fk',
    },
    {
      // Zero has no pgEnum; in place of a removed enum value, the jsonb default as migration 0024
      // left it (externalImages false), which 0025 undid: compared as a value.
      label: 'an older jsonb default',
      inject: `ALTER TABLE mail0_user_settings ALTER COLUMN settings SET DEFAULT '{"language":"en","timezone":"UTC","dynamicContent":false,"externalImages":false,"customPrompt":"","trustedSenders":[],"isOnboarded":false,"colorTheme":"system"}'::jsonb`,
      finding: { kind: 'default-mismatch', severity: 'differs', table: 'mail0_user_settings', column: 'settings' },
      at: { file: SCHEMA, text: "settings: jsonb('settings')" },
      oracle: 'public.mail0_user_settings.settings',
    },
    {
      label: 'a dropped NOT NULL',
      inject: 'ALTER TABLE mail0_connection ALTER COLUMN scope DROP NOT NULL',
      finding: { kind: 'nullability', severity: 'differs', table: 'mail0_connection', column: 'scope' },
      at: { file: SCHEMA, text: "scope: text('scope').notNull()", after: "'connection'," },
      oracle: 'public.mail0_connection.scope',
    },
    {
      label: 'an extra NOT NULL column',
      inject: 'ALTER TABLE mail0_user ADD COLUMN legacy_code text NOT NULL',
      finding: { kind: 'extra-required-column', severity: 'breaks', table: 'mail0_user', column: 'legacy_code' },
      at: { file: SCHEMA, text: "export const user = createTable('user'" },
      oracle: 'public.mail0_user.legacy_code',
    },
  ],
  syntaxError: { file: 'packages/db/src/schema.ts', after: "content: text('content').notNull()," },
});
