import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BetterAuthTable } from './sources/better-auth.js';
import { expectationSources } from './sources/registry.js';
import type { DrizzleTableConfig } from './sources/drizzle.js';

/**
 * An app's declaration of what its ORM expects: the default export of
 * `apps/<app>/drift.config.ts`. A plain object (the app does not depend on this
 * package); every path is relative to the app's folder. Give the app's own
 * library functions (`getTableConfig`, `getAuthTables`) so the expectation is
 * computed by exactly the library version the app runs.
 *
 * ```ts
 * import { getTableConfig } from 'drizzle-orm/pg-core';
 * import * as schema from './lib/db/schema';
 * export default {
 *   drizzle: { schemaFile: 'lib/db/schema.ts', schema, getTableConfig },
 *   migrations: { kind: 'drizzle', folder: 'db/migrations' },
 * };
 * ```
 */
export interface DriftConfig {
  /** A Drizzle schema: the module's exports and drizzle-orm/pg-core's `getTableConfig`. */
  drizzle?: { schemaFile: string; schema: Record<string, unknown>; getTableConfig: (table: never) => unknown };
  /** A Prisma schema file, parsed with Prisma's own parser (DMMF). */
  prisma?: { schemaFile: string };
  /**
   * Better Auth: its `getAuthTables` (from `better-auth/db`) and the app's auth options
   * (`auth.options`); `configFile` is where those options live, for sources.
   */
  betterAuth?: { configFile: string; options: Record<string, unknown>; getAuthTables: (options: never) => Record<string, BetterAuthTable> };
  /**
   * The migration ledger to check: Drizzle's (`meta/_journal.json` + `__drizzle_migrations`, by
   * default in schema `drizzle`) or Prisma Migrate's (`<folder>/<name>/migration.sql` + `_prisma_migrations`).
   */
  migrations?: { kind: 'drizzle'; folder: string; ledgerSchema?: string; ledgerTable?: string } | { kind: 'prisma'; folder: string };
}

/** A validated configuration with the app's folder. */
export interface LoadedConfig extends DriftConfig {
  /** The app's name (`apps/<app>`), or the project's name (package.json `name`, else its folder's name). */
  app: string;
  /** Absolute path of the folder every path of the configuration is relative to (apps/<app>, or the project folder). */
  appDir: string;
  /** Absolute path of the folder reported paths are relative to: the repository root, or the project root. */
  repoRoot: string;
  /**
   * More Drizzle schema modules, when the project's `drizzle.config.ts` names several files (a list,
   * a folder or a glob): each is compared with its own file as source. Read with `drizzle.getTableConfig`.
   */
  drizzleMore?: { schemaFile: string; schema: Record<string, unknown> }[];
  /**
   * How each part was found, for the one line that says what the check compared, e.g.
   * `{ prisma: 'package.json#prisma.schema', drizzle: 'drizzle.config.ts' }`.
   */
  via?: { prisma?: string; drizzle?: string; betterAuth?: string; migrations?: string };
}

/** Bad input (unknown app, invalid configuration): the check cannot start. */
export class DriftConfigError extends Error {
  override name = 'DriftConfigError';
}

/** The repository root: the nearest folder above this file with a pnpm-workspace.yaml. */
export function findRepoRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new DriftConfigError(`no pnpm-workspace.yaml above ${from}: pass repoRoot`);
  }
}

/** Apps under `<repoRoot>/apps` that have a drift.config.ts, sorted. */
export function listDriftApps(repoRoot: string): string[] {
  const apps = path.join(repoRoot, 'apps');
  if (!fs.existsSync(apps)) return [];
  return fs
    .readdirSync(apps)
    .filter((a) => fs.existsSync(path.join(apps, a, 'drift.config.ts')))
    .sort();
}

/**
 * Imports and validates `<repoRoot>/apps/<app>/drift.config.ts`.
 *
 * @throws DriftConfigError for an unknown app or a configuration that lacks or misnames a field
 */
export async function loadDriftConfig(app: string, repoRoot: string): Promise<LoadedConfig> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(app))
    throw new DriftConfigError(
      `"${app}" is not an app name: use a folder name under apps/ (${listDriftApps(repoRoot).join(', ') || 'none has a drift.config.ts'})`,
    );
  const appDir = path.join(repoRoot, 'apps', app);
  const file = path.join(appDir, 'drift.config.ts');
  if (!fs.existsSync(file)) {
    const known = listDriftApps(repoRoot);
    throw new DriftConfigError(`unknown app "${app}": there is no apps/${app}/drift.config.ts (apps with one: ${known.join(', ') || 'none'})`);
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new DriftConfigError(`apps/${app}/drift.config.ts failed to load: ${String((err as Error).message).split('\n')[0]}`);
  }
  return validate(mod.default, app, appDir, repoRoot);
}

/**
 * Imports and validates a drift.config.ts outside this repository (a project's own, or `--config`),
 * with jiti so plain Node can load TypeScript. Paths in it are relative to its folder; reported
 * paths are relative to `projectRoot`.
 *
 * @param file absolute path of the configuration file
 * @param label the project's name, for the report
 * @throws DriftConfigError when the file does not load or is not a valid configuration
 */
export async function loadDriftConfigFile(file: string, label: string, projectRoot: string): Promise<LoadedConfig> {
  const where = path.relative(projectRoot, file).split(path.sep).join('/') || path.basename(file);
  if (!fs.existsSync(file)) throw new DriftConfigError(`${where} does not exist`);
  const { importProjectModule, loadErrorLine } = await import('./load-module.js');
  let mod: Record<string, unknown>;
  try {
    mod = await importProjectModule(file, projectRoot);
  } catch (err) {
    throw new DriftConfigError(`${where} failed to load: ${loadErrorLine(err, projectRoot)}`);
  }
  const loaded = validate(mod.default, label, path.dirname(file), projectRoot, where);
  return { ...loaded, via: { prisma: where, drizzle: where, betterAuth: where, migrations: where } };
}

/**
 * Validates a configuration object (the default export of drift.config.ts).
 *
 * @throws DriftConfigError naming the wrong field and what it should be
 */
export function validate(raw: unknown, app: string, appDir: string, repoRoot: string, where = `apps/${app}/drift.config.ts`): LoadedConfig {
  const folder = path.relative(repoRoot, appDir).split(path.sep).join('/') || '.';
  const fail = (msg: string): never => {
    throw new DriftConfigError(`${where}: ${msg}`);
  };
  if (!raw || typeof raw !== 'object')
    fail(
      `needs a default export: an object with ${expectationSources()
        .map((def) => def.key)
        .join(', ')} and/or migrations`,
    );
  const c = raw as Record<string, unknown>;
  const obj = (k: string) =>
    c[k] === undefined ? undefined : typeof c[k] === 'object' && c[k] !== null ? (c[k] as Record<string, unknown>) : fail(`"${k}" must be an object`);
  const sources = expectationSources();
  const declared = sources.filter((def) => obj(def.key));
  const migrations = obj('migrations');
  if (!declared.length) fail(`declare at least one of ${sources.map((def) => def.key).join(', ')}`);
  const str = (o: Record<string, unknown>, k: string, what: string) =>
    typeof o[k] === 'string' && o[k] ? (o[k] as string) : fail(`"${what}.${k}" must be a non-empty string`);
  const exists = (rel: string, what: string) =>
    fs.existsSync(path.join(appDir, rel)) ? rel : fail(`"${what}" points at ${rel}, which does not exist in ${folder}`);
  for (const def of declared) def.validate(obj(def.key)!, { fail, str, exists });
  if (migrations) {
    if (migrations.kind !== 'drizzle' && migrations.kind !== 'prisma') fail('"migrations.kind" must be "drizzle" or "prisma"');
    exists(str(migrations, 'folder', 'migrations'), 'migrations.folder');
  }
  return { ...(c as DriftConfig), app, appDir, repoRoot };
}

export type { DrizzleTableConfig };
