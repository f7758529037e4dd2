/**
 * Zero-configuration discovery for a project outside this repository: finds
 * what its ORM expects from the files Prisma and Drizzle themselves read, so
 * `npx schema-drift --database-url …` needs no configuration of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DriftConfigError, loadDriftConfigFile, type DriftConfig, type LoadedConfig } from './config.js';
import { importProjectModule, importProjectPackage, loadErrorLine } from './load-module.js';
import type { BetterAuthTable } from './sources/better-auth.js';

/** Options of {@link discoverProject}; every path is relative to `cwd` (or absolute). */
export interface DiscoverOptions {
  /** The project folder (where package.json is). */
  cwd: string;
  /** A schema.prisma to use instead of the discovered one. */
  prismaSchema?: string;
  /** A drizzle.config.ts|js to use instead of the discovered one. */
  drizzleConfig?: string;
  /** A drift.config.ts to use instead of `<cwd>/drift.config.ts`. */
  config?: string;
  /** Better Auth: `<module>#<export>` of the project's auth instance or options, e.g. `src/lib/auth.ts#auth`. */
  betterAuth?: string;
  /**
   * The URL being checked: given to a prisma.config.ts as `DATABASE_URL` while it loads, when that
   * variable is unset (Prisma 7's `env('DATABASE_URL')` throws without it). Never logged.
   */
  databaseUrl?: string;
}

const CONFIG_EXTS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];
const SCRIPT_FILE = /\.(c|m)?[jt]s$/;
const IS_TABLE = Symbol.for('drizzle:IsDrizzleTable');

/**
 * Finds what the project in `cwd` declares, in this order:
 * 1. `--config`, else `drift.config.ts` (or .mts/.js/.mjs) in `cwd`: when present it wins, as in
 *    this repository's apps;
 * 2. Prisma: `--prisma-schema`, else `prisma.config.ts` (`schema`, `migrations.path`; also
 *    `.config/prisma.ts`), else `package.json#prisma.schema`, else `prisma/schema.prisma` or
 *    `schema.prisma`; migrations in `migrations.path`, else `migrations/` beside the schema;
 * 3. Drizzle: `--drizzle-config`, else `drizzle.config.ts|js`: its `schema` (a file, a folder, a glob
 *    or a list of them), loaded with jiti and read with `getTableConfig` from the project's own
 *    `drizzle-orm/pg-core`; its `out` (default `drizzle`) for the ledger
 *    (`migrations.schema`.`migrations.table`, default `drizzle.__drizzle_migrations`). As in
 *    drizzle-kit 0.31, `schema` and `out` are relative to `cwd` (the folder drizzle-kit runs in), not
 *    to the config's folder, and imports through the `paths` of the tsconfig.json nearest `cwd` resolve;
 * 4. Better Auth only when `--better-auth <module>#<export>` names the auth instance: its
 *    `getAuthTables` from the project's own `better-auth/db`.
 * A flag replaces the matching part of a drift.config.ts. One migration ledger is checked:
 * Prisma's when the project has Prisma migrations, else Drizzle's.
 *
 * @throws DriftConfigError when nothing is found, a file named by a flag does not exist, a config
 *   does not load, drizzle.config.ts is not for PostgreSQL, or a needed package is not installed
 */
export async function discoverProject(o: DiscoverOptions): Promise<LoadedConfig> {
  const root = path.resolve(o.cwd);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new DriftConfigError(`${root} is not a folder`);
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/') || '.';
  const label = projectName(root);

  const configFile = o.config
    ? mustExist(path.resolve(root, o.config), '--config')
    : firstExisting(root, ['drift.config.ts', 'drift.config.mts', 'drift.config.js', 'drift.config.mjs']);
  const base: LoadedConfig = configFile ? await loadDriftConfigFile(configFile, label, root) : { app: label, appDir: root, repoRoot: root, via: {} };
  const via = { ...base.via };
  // Paths in a LoadedConfig are relative to its appDir.
  const fromApp = (abs: string) => path.relative(base.appDir, abs).split(path.sep).join('/');
  const out: LoadedConfig = { ...base, via };

  const zeroConfig = !configFile;
  let prismaMigrations: string | undefined;
  if (o.prismaSchema || (zeroConfig && !base.prisma)) {
    const found = await findPrisma(root, o);
    if (found) {
      out.prisma = { schemaFile: fromApp(found.schema) };
      via.prisma = found.via;
      prismaMigrations = found.migrations;
    }
  }
  let drizzleLedger: NonNullable<DriftConfig['migrations']> | undefined;
  if (o.drizzleConfig || (zeroConfig && !base.drizzle)) {
    const found = await findDrizzle(root, o);
    if (found) {
      const [first, ...more] = found.modules;
      out.drizzle = { schemaFile: fromApp(first!.file), schema: first!.schema, getTableConfig: found.getTableConfig };
      out.drizzleMore = more.map((m) => ({ schemaFile: fromApp(m.file), schema: m.schema }));
      via.drizzle = found.via;
      if (found.out) drizzleLedger = { kind: 'drizzle', folder: fromApp(found.out), ledgerSchema: found.ledgerSchema, ledgerTable: found.ledgerTable };
    }
  }
  if (o.betterAuth) {
    const ba = await loadBetterAuth(root, o.betterAuth);
    out.betterAuth = { configFile: fromApp(ba.file), options: ba.options, getAuthTables: ba.getAuthTables };
    via.betterAuth = '--better-auth';
  }
  if (!base.migrations || o.prismaSchema || o.drizzleConfig) {
    if (prismaMigrations) {
      out.migrations = { kind: 'prisma', folder: fromApp(prismaMigrations) };
      via.migrations = rel(prismaMigrations);
    } else if (drizzleLedger) {
      out.migrations = drizzleLedger;
      via.migrations = rel(path.join(base.appDir, drizzleLedger.folder));
    }
  }
  if (!out.prisma && !out.drizzle && !out.betterAuth) {
    throw new DriftConfigError(
      `nothing to compare in ${root}: no drift.config.ts, prisma.config.ts, package.json "prisma.schema", prisma/schema.prisma or drizzle.config.ts there; run it in the project's folder or point at the files with --prisma-schema, --drizzle-config or --config`,
    );
  }
  return out;
}

/** The project's name: package.json `name`, else the folder's name. */
function projectName(root: string): string {
  const pkg = readPackageJson(root);
  return typeof pkg?.name === 'string' && pkg.name ? pkg.name : path.basename(root);
}

function readPackageJson(root: string): Record<string, unknown> | undefined {
  const file = path.join(root, 'package.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new DriftConfigError(`package.json is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

function firstExisting(dir: string, names: string[]): string | undefined {
  return names.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
}

function mustExist(abs: string, flag: string): string {
  if (!fs.existsSync(abs)) throw new DriftConfigError(`${flag} ${abs}: no such file`);
  return abs;
}

/** Where Prisma's schema and migrations are, following the Prisma CLI's own lookup. */
async function findPrisma(root: string, o: DiscoverOptions): Promise<{ schema: string; migrations?: string; via: string } | undefined> {
  let schema: string | undefined;
  let migrations: string | undefined;
  let via: string;
  if (o.prismaSchema) {
    schema = mustExist(path.resolve(root, o.prismaSchema), '--prisma-schema');
    via = '--prisma-schema';
  } else {
    const configFile = firstExisting(root, [...CONFIG_EXTS.map((e) => `prisma.config.${e}`), '.config/prisma.ts']);
    const pkgSchema = (readPackageJson(root)?.prisma as { schema?: unknown } | undefined)?.schema;
    if (configFile) {
      via = path.relative(root, configFile);
      const cfg = await loadPrismaConfig(configFile, root, o.databaseUrl);
      const dir = path.dirname(configFile);
      if (typeof cfg.schema === 'string') schema = mustExist(path.resolve(dir, cfg.schema), `${via} "schema"`);
      if (typeof cfg.migrations?.path === 'string') migrations = path.resolve(dir, cfg.migrations.path);
      schema ??= firstExisting(root, ['prisma/schema.prisma', 'schema.prisma']);
      if (!schema) throw new DriftConfigError(`${via} names no "schema" and there is no prisma/schema.prisma`);
    } else if (typeof pkgSchema === 'string') {
      schema = mustExist(path.resolve(root, pkgSchema), 'package.json "prisma.schema"');
      via = 'package.json#prisma.schema';
    } else {
      schema = firstExisting(root, ['prisma/schema.prisma', 'schema.prisma']);
      if (!schema) return undefined;
      via = 'default location';
    }
  }
  if (fs.statSync(schema).isDirectory())
    throw new DriftConfigError(
      `${path.relative(root, schema) || schema} is a folder: multi-file Prisma schemas are not read yet; point --prisma-schema at one schema.prisma`,
    );
  migrations ??= path.join(path.dirname(schema), 'migrations');
  return { schema, migrations: fs.existsSync(migrations) ? migrations : undefined, via };
}

/** Loads prisma.config.ts; `DATABASE_URL` is the checked URL while it loads when the variable is unset. */
async function loadPrismaConfig(file: string, root: string, databaseUrl: string | undefined): Promise<{ schema?: unknown; migrations?: { path?: unknown } }> {
  const unset = process.env.DATABASE_URL === undefined && databaseUrl !== undefined;
  if (unset) process.env.DATABASE_URL = databaseUrl;
  try {
    const mod = await importProjectModule(file, root);
    const cfg = (mod.default ?? mod) as Record<string, unknown>;
    return typeof cfg === 'object' && cfg ? (cfg as { schema?: unknown; migrations?: { path?: unknown } }) : {};
  } catch (err) {
    throw new DriftConfigError(`${path.relative(root, file)} failed to load: ${loadErrorLine(err, root)} (use --prisma-schema to skip it)`);
  } finally {
    if (unset) delete process.env.DATABASE_URL;
  }
}

/** drizzle.config.ts's schema modules (with the project's getTableConfig) and migrations folder. */
async function findDrizzle(
  root: string,
  o: DiscoverOptions,
): Promise<
  | {
      modules: { file: string; schema: Record<string, unknown> }[];
      getTableConfig: (t: never) => unknown;
      out?: string;
      ledgerSchema?: string;
      ledgerTable?: string;
      via: string;
    }
  | undefined
> {
  const file = o.drizzleConfig
    ? mustExist(path.resolve(root, o.drizzleConfig), '--drizzle-config')
    : firstExisting(
        root,
        CONFIG_EXTS.map((e) => `drizzle.config.${e}`),
      );
  if (!file) return undefined;
  const via = path.relative(root, file).split(path.sep).join('/');
  let cfg: { dialect?: unknown; schema?: unknown; out?: unknown; migrations?: { table?: unknown; schema?: unknown } };
  try {
    const mod = await importProjectModule(file, root);
    cfg = (mod.default ?? mod) as typeof cfg;
  } catch (err) {
    throw new DriftConfigError(`${via} failed to load: ${loadErrorLine(err, root)}`);
  }
  if (cfg.dialect !== undefined && cfg.dialect !== 'postgresql')
    throw new DriftConfigError(`${via}: dialect "${String(cfg.dialect)}" — this check reads PostgreSQL only`);
  const patterns =
    typeof cfg.schema === 'string' ? [cfg.schema] : Array.isArray(cfg.schema) ? cfg.schema.filter((s): s is string => typeof s === 'string') : [];
  if (!patterns.length) throw new DriftConfigError(`${via}: "schema" must name the schema file(s)`);
  // drizzle-kit resolves `schema` and `out` against the folder it runs in, process.cwd(), not the
  // config's folder: `prepareFilenames` globs each pattern as given and `path.resolve`s the hits,
  // and `out` is used as a relative path as is (drizzle-kit 0.31.11, bin.cjs).
  const files = await schemaFiles(root, patterns, via);
  let getTableConfig: (t: never) => unknown;
  try {
    getTableConfig = (await importProjectPackage('drizzle-orm/pg-core', root)).getTableConfig as (t: never) => unknown;
  } catch (err) {
    throw new DriftConfigError(`${via}: ${(err as Error).message}`);
  }
  const modules: { file: string; schema: Record<string, unknown> }[] = [];
  for (const f of files) {
    let schema: Record<string, unknown>;
    try {
      schema = await importProjectModule(f, root);
    } catch (err) {
      throw new DriftConfigError(`${path.relative(root, f)} (the schema of ${via}) failed to load: ${loadErrorLine(err, root)}`);
    }
    // A folder may hold relations or helpers beside the tables.
    if (Object.values(schema).some((v) => !!v && typeof v === 'object' && (v as Record<symbol, unknown>)[IS_TABLE] === true)) modules.push({ file: f, schema });
  }
  if (!modules.length) throw new DriftConfigError(`${via}: its schema (${patterns.join(', ')}) exports no Drizzle table`);
  // `out: out || "drizzle"` (prepareGenerateConfig), then used as a relative path (prepareOutFolder).
  const outDir = path.resolve(root, typeof cfg.out === 'string' ? cfg.out : 'drizzle');
  const out = fs.existsSync(path.join(outDir, 'meta', '_journal.json')) ? outDir : undefined;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { modules, getTableConfig, out, ledgerSchema: str(cfg.migrations?.schema), ledgerTable: str(cfg.migrations?.table), via };
}

/**
 * The files a drizzle.config `schema` names: files, folders (every script file in them) and globs,
 * each resolved against `dir`, the working directory (drizzle-kit's `prepareFilenames`).
 *
 * @throws DriftConfigError when a named file does not exist or nothing matches
 */
async function schemaFiles(dir: string, patterns: string[], via: string): Promise<string[]> {
  const files = new Set<string>();
  for (const p of patterns) {
    if (/[*?{[]/.test(p)) {
      const { glob } = await import('tinyglobby');
      for (const f of await glob(p, { cwd: dir, absolute: true, ignore: ['**/node_modules/**'] }))
        if (SCRIPT_FILE.test(f) && !f.endsWith('.d.ts')) files.add(path.normalize(f));
      continue;
    }
    const abs = path.resolve(dir, p);
    if (!fs.existsSync(abs))
      throw new DriftConfigError(
        `${via}: schema ${p} does not exist in ${dir}, the folder it is resolved against (as drizzle-kit does): run schema-drift where you run drizzle-kit`,
      );
    if (fs.statSync(abs).isDirectory()) {
      for (const f of fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })) {
        if (SCRIPT_FILE.test(f) && !f.endsWith('.d.ts') && !f.split(path.sep).includes('node_modules')) files.add(path.join(abs, f));
      }
    } else files.add(abs);
  }
  if (!files.size) throw new DriftConfigError(`${via}: schema ${patterns.join(', ')} matches no file in ${dir}: run schema-drift where you run drizzle-kit`);
  return [...files].sort();
}

/** `--better-auth src/lib/auth.ts#auth`: the auth instance's options and the project's getAuthTables. */
async function loadBetterAuth(
  root: string,
  spec: string,
): Promise<{ file: string; options: Record<string, unknown>; getAuthTables: (o: never) => Record<string, BetterAuthTable> }> {
  const hash = spec.lastIndexOf('#');
  const modulePath = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : 'auth';
  const file = mustExist(path.resolve(root, modulePath), '--better-auth');
  let mod: Record<string, unknown>;
  try {
    mod = await importProjectModule(file, root);
  } catch (err) {
    throw new DriftConfigError(`--better-auth ${modulePath} failed to load: ${loadErrorLine(err, root)}`);
  }
  const value = mod[exportName] as { options?: unknown } | undefined;
  if (!value || typeof value !== 'object')
    throw new DriftConfigError(`--better-auth ${spec}: ${modulePath} has no export "${exportName}" (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  const options = (value.options && typeof value.options === 'object' ? value.options : value) as Record<string, unknown>;
  let getAuthTables: (o: never) => Record<string, BetterAuthTable>;
  try {
    getAuthTables = (await importProjectPackage('better-auth/db', root)).getAuthTables as typeof getAuthTables;
  } catch (err) {
    throw new DriftConfigError(`--better-auth: ${(err as Error).message}`);
  }
  if (typeof getAuthTables !== 'function') throw new DriftConfigError('--better-auth: the installed better-auth has no getAuthTables in better-auth/db');
  return { file, options, getAuthTables };
}
