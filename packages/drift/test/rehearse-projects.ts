/**
 * Small Prisma and Drizzle projects as git trees, and the changes a pull request makes to them, for
 * rehearsal tests (in the workspace and from the packed tarball) and the rehearsal benchmark. Each
 * change is a HEAD tree over the same BASE: the migration and the schema as a developer would
 * write them, nothing about what a rehearsal should find.
 */
import type { Tree } from '@incident-replay/incident';

/** The ORMs the projects come in. */
export type Orm = 'prisma' | 'drizzle';

/** The changes a pull request makes, by name. */
export type Change = 'drop-column' | 'add-nullable' | 'no-migration' | 'not-null-no-default' | 'create-existing';

const PRISMA_HEADER = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n`;

function prismaSchema(fields: string[]): string {
  return `${PRISMA_HEADER}model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n${fields.map((f) => `  ${f}\n`).join('')}}\n`;
}

const PRISMA_INIT = `-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`;

function drizzleSchema(columns: string[]): string {
  return `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';\n\nexport const users = pgTable('users', {\n  id: serial('id').primaryKey(),\n  email: text('email').notNull().unique(),\n${columns.map((c) => `  ${c},\n`).join('')}});\n\nvoid integer;\n`;
}

const DRIZZLE_INIT = `CREATE TABLE "users" (
\t"id" serial PRIMARY KEY NOT NULL,
\t"email" text NOT NULL,
\t"name" text,
\tCONSTRAINT "users_email_unique" UNIQUE("email")
);
`;

/** A Drizzle journal for the given migration tags (one second apart from a fixed start). */
export function drizzleJournal(tags: string[]): string {
  return `${JSON.stringify(
    { version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1735689600000 + idx * 1000, tag, breakpoints: true })) },
    null,
    2,
  )}\n`;
}

/** BASE: a `User`/`users` table with id, email (unique) and a nullable name, and its first migration. */
export function baseTree(orm: Orm): Tree {
  if (orm === 'prisma')
    return {
      'package.json': '{ "name": "rehearse-prisma", "private": true }\n',
      'prisma/schema.prisma': prismaSchema(['name  String?']),
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20250101000000_init/migration.sql': PRISMA_INIT,
    };
  return {
    'package.json': '{ "name": "rehearse-drizzle", "private": true, "type": "module" }\n',
    'drizzle.config.ts': "export default { dialect: 'postgresql', schema: './src/schema.ts', out: './drizzle' };\n",
    'src/schema.ts': drizzleSchema(["name: text('name')"]),
    'drizzle/0000_init.sql': DRIZZLE_INIT,
    'drizzle/meta/_journal.json': drizzleJournal(['0000_init']),
  };
}

/** HEAD: BASE with one change, as the pull request writes it. */
export function headTree(orm: Orm, change: Change): Tree {
  const p = (fields: string[], name?: string, sql?: string): Tree => ({
    'prisma/schema.prisma': prismaSchema(fields),
    ...(name && sql ? { [`prisma/migrations/${name}/migration.sql`]: sql } : {}),
  });
  const d = (columns: string[], sql?: string): Tree => ({
    'src/schema.ts': drizzleSchema(columns),
    ...(sql ? { 'drizzle/0001_change.sql': sql, 'drizzle/meta/_journal.json': drizzleJournal(['0000_init', '0001_change']) } : {}),
  });
  const name = "name: text('name')";
  switch (change) {
    case 'drop-column':
      return orm === 'prisma'
        ? p([], '20250201000000_drop_name', 'ALTER TABLE "User" DROP COLUMN "name";\n')
        : d([], 'ALTER TABLE "users" DROP COLUMN "name";');
    case 'add-nullable':
      return orm === 'prisma'
        ? p(['name  String?', 'bio   String?'], '20250201000000_add_bio', 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n')
        : d([name, "bio: text('bio')"], 'ALTER TABLE "users" ADD COLUMN "bio" text;');
    case 'no-migration':
      return orm === 'prisma' ? p(['name  String?', 'bio   String?']) : d([name, "bio: text('bio')"]);
    case 'not-null-no-default':
      return orm === 'prisma'
        ? p(['name  String?', 'age   Int'], '20250201000000_add_age', 'ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL;\n')
        : d([name, "age: integer('age').notNull()"], 'ALTER TABLE "users" ADD COLUMN "age" integer NOT NULL;');
    case 'create-existing':
      return orm === 'prisma'
        ? p(['name  String?'], '20250201000000_again', '-- CreateTable\nCREATE TABLE "User" (\n    "id" SERIAL NOT NULL\n);\n')
        : d([name], 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL\n);');
  }
}

/** The table of the projects, as it is named in the database. */
export function userTable(orm: Orm): string {
  return orm === 'prisma' ? '"User"' : '"users"';
}
