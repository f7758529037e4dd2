/**
 * A Prisma project with 30 migrations in a two-commit git repository, for the rehearsal benchmark
 * (`pnpm bench --only rehearse`): BASE has migrations 1–28, HEAD adds 29 and 30. Migration i creates
 * table `t<i>` (id, name, created_at, an index) and adds a nullable `ref_<i>` column to `t<i-1>`,
 * in the SQL Prisma Migrate generates; schema.prisma declares exactly what the migrations make, so
 * the rehearsal finds nothing and exits 0 under migrate-first.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const HEADER = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n`;

function schema(n: number): string {
  const models: string[] = [];
  for (let i = 1; i <= n; i++) {
    const ref = i < n ? `  ref${i + 1}     Int?     @map("ref_${i + 1}")\n` : '';
    models.push(
      `model T${i} {\n  id        Int      @id @default(autoincrement())\n  name      String\n  createdAt DateTime @default(now()) @map("created_at")\n${ref}\n  @@index([name])\n  @@map("t${i}")\n}\n`,
    );
  }
  return HEADER + models.join('\n');
}

function migration(i: number): string {
  const create = `-- CreateTable\nCREATE TABLE "t${i}" (\n    "id" SERIAL NOT NULL,\n    "name" TEXT NOT NULL,\n    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n\n    CONSTRAINT "t${i}_pkey" PRIMARY KEY ("id")\n);\n\n-- CreateIndex\nCREATE INDEX "t${i}_name_idx" ON "t${i}"("name");\n`;
  return i === 1 ? create : `-- AlterTable\nALTER TABLE "t${i - 1}" ADD COLUMN "ref_${i}" INTEGER;\n\n${create}`;
}

/** The folder name of migration `i` (1-based): `2025010100<i>_t<i>`, in order. */
export function migrationName(i: number): string {
  return `${20250101000000 + i * 100}_t${i}`;
}

/**
 * Writes the project into `dir` (created, must not exist) as a git repository: commit 1 (BASE)
 * with `base` migrations, commit 2 (HEAD) with `total`.
 *
 * @returns the BASE commit id
 */
export function writeRehearsalProject(dir: string, total = 30, base = 28): string {
  fs.mkdirSync(dir, { recursive: false });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  const write = (n: number) => {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "rehearse-bench", "private": true }\n');
    fs.mkdirSync(path.join(dir, 'prisma/migrations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'prisma/schema.prisma'), schema(n));
    fs.writeFileSync(path.join(dir, 'prisma/migrations/migration_lock.toml'), 'provider = "postgresql"\n');
    for (let i = 1; i <= n; i++) {
      fs.mkdirSync(path.join(dir, 'prisma/migrations', migrationName(i)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'prisma/migrations', migrationName(i), 'migration.sql'), migration(i));
    }
    git('add', '-A');
    git('commit', '-q', '-m', `${n} migrations`);
  };
  write(base);
  const baseCommit = git('rev-parse', 'HEAD');
  write(total);
  return baseCommit;
}
