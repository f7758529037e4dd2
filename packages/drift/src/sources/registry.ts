/**
 * The expectation sources the drift check knows, in one open list: each says
 * which key of a drift configuration declares it, how that section is
 * validated, how it becomes expected tables, and how the one "found" line
 * names it. Adding an ORM is one {@link registerSource} call; nothing else in
 * the check branches on the source's name.
 */
import path from 'node:path';
import { DriftConfigError, type LoadedConfig } from '../config.js';
import { projectTsconfig } from '../load-module.js';
import type { ExpectedTable } from '../model.js';
import { drizzleDeclarations } from '../positions.js';
import { drizzleAdapterConfig, drizzleTableDeclarations, expectedFromBetterAuth, type BetterAuthTable } from './better-auth.js';
import { expectedFromDrizzle, type DrizzleTableConfig } from './drizzle.js';
import { expectedFromPrisma, loadDmmf, type DmmfDatamodel } from './prisma.js';

/** Helpers a source's `validate` gets: each throws the configuration error naming the field. */
export interface ValidateHelpers {
  /** Fails with `message` (prefixed with the configuration file). */
  fail(message: string): never;
  /** `section[key]` as a non-empty string, else fails naming `<what>.<key>`. */
  str(section: Record<string, unknown>, key: string, what: string): string;
  /** `rel` when it exists under the configuration's folder, else fails naming `what`. */
  exists(rel: string, what: string): string;
}

/** What a source's `load` gets besides the configuration. */
export interface LoadContext {
  /** A path of the configuration (relative to its folder) as reported: relative to the repository or project root. */
  rel(p: string): string;
  /** The Postgres schema unqualified tables live in (`?schema=` of the URL, else `public`). */
  defaultSchema: string;
  /** Prisma's DMMF of the configuration's Prisma schema, parsed once and shared (Better Auth maps its fields through it). */
  prismaDmmf(): Promise<DmmfDatamodel | undefined>;
  /** Where a configuration error is reported: `--better-auth`, or the configuration file. */
  configLabel(key: string): string;
}

/** One expectation source. */
export interface ExpectationSourceDef {
  /** The configuration key that declares it, e.g. `prisma`. */
  key: string;
  /** `ExpectedTable.origin` of what it produces, e.g. `prisma`, `better-auth`. */
  origin: string;
  /**
   * Where it goes in the comparison; lower first. When two sources see the same gap the first one's
   * finding is kept, so a runtime library (Better Auth, which fails at run time) goes before the schema
   * it writes through (Prisma).
   */
  order: number;
  /**
   * Checks the configuration section.
   *
   * @throws DriftConfigError (through `h.fail`) naming the wrong field
   */
  validate(section: Record<string, unknown>, h: ValidateHelpers): void;
  /**
   * The tables this source expects, and one `sources` line each (`prisma DMMF: apps/x/prisma/schema.prisma`).
   *
   * @throws DriftConfigError when the source's own library refuses the configuration
   */
  load(c: LoadedConfig, ctx: LoadContext): Promise<{ expected: ExpectedTable[]; sources: string[] }>;
  /**
   * Its part of the one line that says what was found, e.g. `prisma schema prisma/schema.prisma (14 models)`,
   * or `prisma: none`; `undefined` to say nothing when it is absent.
   *
   * @param count how many tables of this origin were expected
   * @param how `, via <how it was found>` or empty
   */
  describe(c: LoadedConfig, count: number, how: string, rel: (p: string) => string): string | undefined;
}

const registry = new Map<string, ExpectationSourceDef>();

/**
 * Adds an expectation source (or replaces the one with the same key, in its place in the order).
 *
 * @returns a function that takes this source out again: it restores the source it replaced, if
 *   any, and does nothing once another registration replaced this one (tests that add a source
 *   call it when done, so the registry is as before for the files that run after them)
 * @throws Error when the key is already taken by a source of another origin
 */
export function registerSource(def: ExpectationSourceDef): () => void {
  const old = registry.get(def.key);
  if (old && old.origin !== def.origin) throw new Error(`source key "${def.key}" is taken by origin "${old.origin}"`);
  registry.set(def.key, def);
  return () => {
    if (registry.get(def.key) !== def) return;
    if (old) registry.set(def.key, old);
    else registry.delete(def.key);
  };
}

/** Every registered source, in registration order (the order of the "found" line). */
export function expectationSources(): ExpectationSourceDef[] {
  return [...registry.values()];
}

/** What the configuration declares under a source's key (sources are configuration sections). */
export function sectionOf(c: LoadedConfig, key: string): Record<string, unknown> | undefined {
  const v = (c as unknown as Record<string, unknown>)[key];
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

/**
 * Builds every expectation set the configuration declares, in each source's `order`.
 *
 * @param defaultSchema the Postgres schema of unqualified tables
 * @throws DriftConfigError from a source
 */
export async function loadExpectations(c: LoadedConfig, defaultSchema: string): Promise<{ expected: ExpectedTable[]; sources: string[] }> {
  const rel = (p: string) => path.relative(c.repoRoot, path.join(c.appDir, p)).split(path.sep).join('/');
  let dmmf: Promise<DmmfDatamodel | undefined> | undefined;
  const ctx: LoadContext = {
    rel,
    defaultSchema,
    prismaDmmf: () => (dmmf ??= c.prisma ? loadDmmf(path.join(c.appDir, c.prisma.schemaFile)) : Promise.resolve(undefined)),
    configLabel: (key) => {
      const via = c.via?.[key as keyof NonNullable<LoadedConfig['via']>];
      return via?.startsWith('--') ? via : rel('drift.config.ts');
    },
  };
  const expected: ExpectedTable[] = [];
  const sources: string[] = [];
  for (const def of [...registry.values()].sort((a, b) => a.order - b.order)) {
    if (!sectionOf(c, def.key)) continue;
    const got = await def.load(c, ctx);
    expected.push(...got.expected);
    sources.push(...got.sources);
  }
  return { expected, sources };
}

const oneLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0];
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

registerSource({
  key: 'prisma',
  origin: 'prisma',
  order: 30,
  validate: (s, h) => void h.exists(h.str(s, 'schemaFile', 'prisma'), 'prisma.schemaFile'),
  async load(c, ctx) {
    const dmmf = await ctx.prismaDmmf();
    if (!c.prisma || !dmmf) return { expected: [], sources: [] };
    return { expected: expectedFromPrisma(dmmf, ctx.rel(c.prisma.schemaFile), ctx.defaultSchema), sources: [`prisma DMMF: ${ctx.rel(c.prisma.schemaFile)}`] };
  },
  describe: (c, count, how, rel) => (c.prisma ? `prisma schema ${rel(c.prisma.schemaFile)} (${plural(count, 'model')}${how})` : 'prisma: none'),
});

registerSource({
  key: 'drizzle',
  origin: 'drizzle',
  order: 10,
  validate(s, h) {
    h.exists(h.str(s, 'schemaFile', 'drizzle'), 'drizzle.schemaFile');
    if (!s.schema || typeof s.schema !== 'object') h.fail('"drizzle.schema" must be the schema module (import * as schema from …)');
    if (typeof s.getTableConfig !== 'function') h.fail('"drizzle.getTableConfig" must be getTableConfig from drizzle-orm/pg-core');
  },
  async load(c, ctx) {
    const expected: ExpectedTable[] = [];
    const sources: string[] = [];
    if (!c.drizzle) return { expected, sources };
    const parts = [c.drizzle, ...(c.drizzleMore ?? [])];
    // A schema barrel declares no table: sources name the file and variable each table is declared as.
    const modules = parts.map((p) => ({ file: path.resolve(c.appDir, p.schemaFile), exports: Object.keys(p.schema) }));
    const declared = drizzleDeclarations(modules, projectTsconfig(c.appDir));
    parts.forEach((part, i) => {
      const declaredAt = (name: string) => {
        const d = declared.get(modules[i]!.file)?.get(name);
        return d && { file: ctx.rel(path.relative(c.appDir, d.file)), model: d.name };
      };
      expected.push(...expectedFromDrizzle(part.schema, c.drizzle!.getTableConfig as (t: never) => DrizzleTableConfig, ctx.rel(part.schemaFile), declaredAt));
      sources.push(`drizzle getTableConfig: ${ctx.rel(part.schemaFile)}`);
    });
    return { expected, sources };
  },
  describe(c, count, how, rel) {
    if (!c.drizzle) return 'drizzle: none';
    const files = [c.drizzle, ...(c.drizzleMore ?? [])].map((d) => rel(d.schemaFile));
    return `drizzle schema ${files.join(', ')} (${plural(count, 'table')}${how})`;
  },
});

registerSource({
  key: 'betterAuth',
  origin: 'better-auth',
  // Before Prisma: when Better Auth's needs and the Prisma schema both miss a column, the finding
  // names Better Auth, the library that will fail at run time.
  order: 20,
  validate(s, h) {
    h.exists(h.str(s, 'configFile', 'betterAuth'), 'betterAuth.configFile');
    if (typeof s.getAuthTables !== 'function') h.fail('"betterAuth.getAuthTables" must be getAuthTables from better-auth/db');
    if (!s.options || typeof s.options !== 'object') h.fail('"betterAuth.options" must be the app\'s Better Auth options (auth.options)');
  },
  async load(c, ctx) {
    const ba = c.betterAuth;
    if (!ba) return { expected: [], sources: [] };
    let tables: Record<string, BetterAuthTable>;
    try {
      tables = ba.getAuthTables(ba.options as never);
    } catch (err) {
      throw new DriftConfigError(`${ctx.configLabel('betterAuth')}: getAuthTables(options) threw: ${oneLine(err)}`);
    }
    const advanced = (ba.options.advanced ?? {}) as { database?: { generateId?: unknown; useNumberId?: boolean } };
    const numeric = advanced.database?.generateId === 'serial' || advanced.database?.useNumberId === true;
    // Through the Drizzle adapter: its `schema` option, else db._.fullSchema, which the options do
    // not expose; the project's Drizzle schema modules stand in for it (drizzle(client, { schema })).
    const adapter = drizzleAdapterConfig(ba.options);
    const modules = c.drizzle ? [c.drizzle, ...(c.drizzleMore ?? [])].map((p) => ({ file: path.resolve(c.appDir, p.schemaFile), schema: p.schema })) : [];
    const drizzle = adapter && {
      schema: adapter.schema ?? Object.assign({}, ...modules.map((m) => m.schema)),
      usePlural: adapter.usePlural,
      declaredAt: drizzleTableDeclarations(modules, projectTsconfig(c.appDir), (abs) => ctx.rel(path.relative(c.appDir, abs))),
    };
    const expected = expectedFromBetterAuth(
      tables,
      drizzle ? undefined : await ctx.prismaDmmf(),
      ctx.rel(ba.configFile),
      ctx.defaultSchema,
      numeric ? 'family:number' : 'family:string',
      drizzle,
      c.prisma ? ctx.rel(c.prisma.schemaFile) : undefined,
    );
    const via = drizzle ? ` through the Drizzle adapter's ${adapter.schema ? 'schema' : 'db schema (the drizzle.config schema)'}` : '';
    return { expected, sources: [`better-auth getAuthTables(options): ${ctx.rel(ba.configFile)}${via}`] };
  },
  describe: (c, count, how, rel) => (c.betterAuth ? `better-auth ${rel(c.betterAuth.configFile)} (${plural(count, 'table')}${how})` : undefined),
});
