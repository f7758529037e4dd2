import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPrismaCli, type PrismaCliResult } from './cli.js';

/** What Prisma says about a live database against a schema.prisma. */
export interface PrismaSchemaDrift {
  /** True when Prisma would need SQL to bring the database to the schema. */
  drift: boolean;
  /** The SQL `prisma migrate diff --script` prints (empty-migration comment when none). */
  script: string;
  /** The datamodel `prisma db pull --print` introspected from the database. */
  introspected: string;
  pull: PrismaCliResult;
  diff: PrismaCliResult;
}

/**
 * Asks Prisma itself what the live database lacks against a schema file:
 * `prisma db pull --print` (introspection through the JS schema engine),
 * then `prisma migrate diff --from-schema-datamodel <introspected>
 * --to-schema-datamodel <schema> --script --exit-code` (exit 0 = no
 * difference, 2 = difference). With a driver adapter configured, Prisma 6.19
 * refuses `migrate diff --from-url`, hence the detour.
 *
 * @param appDir the app folder (its prisma.config.ts and prisma binary are used)
 * @param databaseUrl the database to inspect
 * @param schemaPath schema to compare with, relative to `appDir` (default `prisma/schema.prisma`)
 * @throws Error with the CLI output when introspection or the diff fails (exit code not 0/2)
 */
export async function prismaSchemaDrift(appDir: string, databaseUrl: string, schemaPath = 'prisma/schema.prisma'): Promise<PrismaSchemaDrift> {
  const { datamodel: introspected, pull } = await introspectDatamodel(appDir, databaseUrl, schemaPath);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-drift-'));
  try {
    const file = path.join(dir, 'introspected.prisma');
    fs.writeFileSync(file, introspected);
    const diff = await runPrismaCli(
      appDir,
      ['migrate', 'diff', '--from-schema-datamodel', file, '--to-schema-datamodel', schemaPath, '--script', '--exit-code'],
      { databaseUrl },
    );
    if (diff.exitCode !== 0 && diff.exitCode !== 2) throw new Error(`prisma migrate diff failed (exit ${diff.exitCode}):\n${diff.output}`);
    return { drift: diff.exitCode === 2, script: diff.stdout.trim(), introspected, pull, diff };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The datamodel Prisma introspects from a live database: `prisma db pull --print --schema
 * <schemaPath>` (the JS schema engine). Prisma re-introspects against that schema, so its model
 * names, `@map`s, `@default(cuid())` and `@updatedAt` carry over to the tables that exist; models
 * whose table is missing are left out. The file itself is not changed.
 *
 * @param appDir the app folder (its prisma.config.ts and prisma binary are used)
 * @param databaseUrl the database to introspect
 * @param schemaPath the schema to re-introspect against, relative to `appDir` (default `prisma/schema.prisma`)
 * @returns the datamodel (generator, datasource and models, as schema.prisma text) and the CLI run
 * @throws Error with the CLI output when `db pull` exits non-zero or prints no datamodel
 */
export async function introspectDatamodel(
  appDir: string,
  databaseUrl: string,
  schemaPath = 'prisma/schema.prisma',
): Promise<{ datamodel: string; pull: PrismaCliResult }> {
  const pull = await runPrismaCli(appDir, ['db', 'pull', '--print', '--schema', schemaPath], { databaseUrl });
  if (pull.exitCode !== 0) throw new Error(`prisma db pull --print failed (exit ${pull.exitCode}):\n${pull.output}`);
  // The CLI prints its adapter warning on stdout before the datamodel.
  const start = pull.stdout.search(/^(generator|datasource|model|enum|view) /m);
  if (start < 0) throw new Error(`prisma db pull --print printed no datamodel:\n${pull.output}`);
  return { datamodel: pull.stdout.slice(start), pull };
}
