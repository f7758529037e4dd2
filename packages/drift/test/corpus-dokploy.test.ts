/**
 * Dokploy (test/corpus/dokploy, Apache-2.0, see its SOURCE.md): a monorepo whose drizzle.config.ts
 * is in a subfolder (apps/dokploy/server/db) and whose schema is reached through tsconfig `paths`
 * (`@dokploy/server/*` → packages/server/src), with heavy modules behind the aliases (dockerode,
 * @trpc/server, faker). Run as its developers run drizzle-kit: in apps/dokploy with
 * `--drizzle-config server/db/drizzle.config.ts`. Migrated as its runtime does (`migrate()` with the
 * default ledger drizzle.__drizzle_migrations), while the config names `public.migrations`.
 */
import { describeDrizzleCorpus, removeEnumValue } from './corpus-drizzle.js';

const SCHEMA = '../../packages/server/src/db/schema';

describeDrizzleCorpus({
  name: 'dokploy',
  cwd: 'apps/dokploy',
  args: ['--drizzle-config', 'server/db/drizzle.config.ts'],
  migrations: { folder: 'drizzle' },
  schemaFile: 'server/db/schema/index.ts',
  // Dokploy's own drift, which drizzle-kit's push confirms: migration 0066 creates
  // user.two_factor_enabled `DEFAULT false NOT NULL`, the schema declares a plain `boolean(…)`.
  // And the config's ledger public.migrations is not the one the runtime writes.
  cleanFindings: ['differs nullability user.two_factor_enabled', 'differs default-mismatch user.two_factor_enabled', 'differs ledger-missing migrations'],
  cleanExit: 1,
  // Issue 18 item 6: the ledger the runtime wrote is named, in the ledger-missing finding's one line.
  cleanNote: "; but drizzle.__drizzle_migrations (186 rows) exists: the app's migrator may write there",
  cleanOracle: [
    '- column public.user.two_factor_enabled boolean not null default false',
    '+ column public.user.two_factor_enabled boolean null',
    // What the check leaves out by design (README, "What it does not compare"): a column the schema
    // does not declare that has a default (0066), indexes it does not declare (0036), enum label order
    // (0079 adds 'gitea' BEFORE 'drop').
    '- column public.user.enableLogRotation boolean not null default false',
    '- enum public.sourceType docker,git,github,gitea,drop,gitlab,bitbucket',
    '+ enum public.sourceType docker,git,github,gitlab,bitbucket,gitea,drop',
    '- enum public.sourceTypeCompose git,github,gitea,raw,gitlab,bitbucket',
    '+ enum public.sourceTypeCompose git,github,gitlab,bitbucket,gitea,raw',
    ...['certificate', 'destination', 'git_provider', 'notification', 'project', 'registry', 'server'].map(
      (t) => `- index public.idx_${t}_organization CREATE INDEX idx_${t}_organization ON public.${t} USING btree ("organizationId")`,
    ),
    '- index public.idx_sshkey_organization CREATE INDEX idx_sshkey_organization ON public."ssh-key" USING btree ("organizationId")',
  ],
  drifts: [
    {
      label: 'a dropped column',
      inject: 'ALTER TABLE project DROP COLUMN description',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'project', column: 'description' },
      at: { file: `${SCHEMA}/project.ts`, text: 'description: text("description")' },
      oracle: 'public.project.description',
    },
    {
      label: 'a type change',
      inject: 'ALTER TABLE project ALTER COLUMN name TYPE integer USING 0',
      finding: { kind: 'type-mismatch', severity: 'breaks', table: 'project', column: 'name' },
      at: { file: `${SCHEMA}/project.ts`, text: 'name: text("name")' },
      oracle: 'public.project.name ',
    },
    {
      label: 'a dropped unique index',
      inject: 'ALTER TABLE "user" DROP CONSTRAINT user_email_unique',
      finding: { kind: 'missing-unique', severity: 'breaks', table: 'user', column: 'email' },
      at: { file: `${SCHEMA}/user.ts`, text: 'email: text("email").notNull().unique()' },
      oracle: 'user_email_unique',
    },
    {
      label: 'a dropped foreign key',
      inject: 'ALTER TABLE project DROP CONSTRAINT "project_organizationId_organization_id_fk"',
      finding: { kind: 'foreign-key-mismatch', severity: 'differs', table: 'project', column: 'organizationId' },
      at: { file: `${SCHEMA}/project.ts`, text: 'organizationId: text("organizationId")' },
      oracle: 'project_organizationId_organization_id_fk',
    },
    {
      label: 'a removed enum value',
      inject: (url) => removeEnumValue(url, 'buildType', 'railpack'),
      finding: { kind: 'missing-enum-value', severity: 'breaks', table: 'buildType', column: 'railpack' },
      // An enum's findings point at the first column of that enum type.
      at: { file: `${SCHEMA}/application.ts`, text: 'buildType: buildType("buildType")' },
      oracle: 'buildType',
    },
    {
      // On another table than the type change (same column: one catalog line would show both) and
      // than the dropped column (a column dropped and one added on one table make drizzle-kit's push ask
      // whether it is a rename, which needs a terminal).
      label: 'a dropped NOT NULL',
      inject: 'ALTER TABLE environment ALTER COLUMN name DROP NOT NULL',
      finding: { kind: 'nullability', severity: 'differs', table: 'environment', column: 'name' },
      at: { file: `${SCHEMA}/environment.ts`, text: 'name: text("name").notNull()' },
      oracle: 'public.environment.name ',
    },
    {
      label: 'an extra NOT NULL column',
      inject: 'ALTER TABLE environment ADD COLUMN legacy_code text NOT NULL',
      finding: { kind: 'extra-required-column', severity: 'breaks', table: 'environment', column: 'legacy_code' },
      at: { file: `${SCHEMA}/environment.ts`, text: 'export const environments = pgTable' },
      oracle: 'public.environment.legacy_code',
    },
  ],
  syntaxError: { file: 'packages/server/src/db/schema/project.ts', after: 'name: text("name").notNull(),' },
});
