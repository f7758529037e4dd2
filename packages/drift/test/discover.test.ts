/**
 * Zero-configuration discovery (discover.ts) on project folders made in a temp
 * directory, outside the workspace: which file wins, how paths are resolved,
 * and the one line that says what is wrong when nothing can be used. The
 * Drizzle projects get this package's drizzle-orm 0.45.4 linked into their
 * own node_modules, as an install would put it there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { discoverProject, DriftConfigError } from '../src/index.js';
import { FIXTURES } from './helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DRIZZLE_ORM = fs.realpathSync(path.join(HERE, '../node_modules/drizzle-orm'));

/**
 * A project folder with the given files (path → content); `drizzle: true` links drizzle-orm into it.
 * Removed when the calling test finishes, passed or failed.
 */
function project(files: Record<string, string>, opts: { drizzle?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-drift-discover-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries({ 'package.json': JSON.stringify({ name: 'app' }), ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  if (opts.drizzle) {
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.symlinkSync(DRIZZLE_ORM, path.join(dir, 'node_modules/drizzle-orm'), 'dir');
  }
  return dir;
}

const SCHEMA = fs.readFileSync(path.join(FIXTURES, 'apps/shop-prisma/prisma/schema.prisma'), 'utf8');
const DRIZZLE_SCHEMA = fs.readFileSync(path.join(FIXTURES, 'apps/shop-drizzle/lib/schema.ts'), 'utf8');
const JOURNAL = fs.readFileSync(path.join(FIXTURES, 'apps/shop-drizzle/db/migrations/meta/_journal.json'), 'utf8');

describe('Prisma', () => {
  it('prisma/schema.prisma and its migrations/ by default', async () => {
    const dir = project({ 'prisma/schema.prisma': SCHEMA, 'prisma/migrations/1_init/migration.sql': 'SELECT 1;' });
    const c = await discoverProject({ cwd: dir });
    expect(c).toMatchObject({
      app: 'app',
      prisma: { schemaFile: 'prisma/schema.prisma' },
      migrations: { kind: 'prisma', folder: 'prisma/migrations' },
      via: { prisma: 'default location' },
    });
    expect(c.drizzle).toBeUndefined();
  });

  it('package.json "prisma.schema" wins over the default; without migrations/ there is no ledger', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'svc', prisma: { schema: 'db/app.prisma' } }),
      'db/app.prisma': SCHEMA,
      'prisma/schema.prisma': 'not used',
    });
    const c = await discoverProject({ cwd: dir });
    expect(c).toMatchObject({ app: 'svc', prisma: { schemaFile: 'db/app.prisma' }, via: { prisma: 'package.json#prisma.schema' } });
    expect(c.migrations).toBeUndefined();
  });

  it('prisma.config.ts (schema, migrations.path) wins, loaded with jiti; it sees DATABASE_URL while it loads', async () => {
    const dir = project({
      'prisma.config.ts': `const url: string = process.env.DATABASE_URL!;\nif (!url.startsWith('postgres://')) throw new Error('no url');\nexport default { schema: 'db/schema.prisma', migrations: { path: 'db/migrations' } };\n`,
      'db/schema.prisma': SCHEMA,
      'db/migrations/1_init/migration.sql': 'SELECT 1;',
      'package.json': JSON.stringify({ name: 'app', prisma: { schema: 'nope.prisma' } }),
    });
    const before = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    const c = await discoverProject({ cwd: dir, databaseUrl: 'postgres://u:p@h/db' });
    expect(process.env.DATABASE_URL).toBeUndefined();
    if (before !== undefined) process.env.DATABASE_URL = before;
    expect(c).toMatchObject({
      prisma: { schemaFile: 'db/schema.prisma' },
      migrations: { kind: 'prisma', folder: 'db/migrations' },
      via: { prisma: 'prisma.config.ts' },
    });
  });

  it('--prisma-schema points elsewhere; a schema folder is refused in one line', async () => {
    const dir = project({ 'other/schema.prisma': SCHEMA, 'multi/a.prisma': SCHEMA });
    await expect(discoverProject({ cwd: dir, prismaSchema: 'other/schema.prisma' })).resolves.toMatchObject({
      prisma: { schemaFile: 'other/schema.prisma' },
      via: { prisma: '--prisma-schema' },
    });
    await expect(discoverProject({ cwd: dir, prismaSchema: 'multi' })).rejects.toThrow(/^multi is a folder: multi-file Prisma schemas are not read yet/);
    await expect(discoverProject({ cwd: dir, prismaSchema: 'missing.prisma' })).rejects.toThrow(/^--prisma-schema .*missing\.prisma: no such file$/);
  });
});

describe('Drizzle', () => {
  const drizzleProject = (config: string, files: Record<string, string> = {}) =>
    project({ 'drizzle.config.ts': config, 'src/db/schema.ts': DRIZZLE_SCHEMA, 'drizzle/meta/_journal.json': JOURNAL, ...files }, { drizzle: true });

  it("drizzle.config.ts: its schema read with the project's drizzle-orm, its out and migrations table for the ledger", async () => {
    const dir = drizzleProject(
      `export default { dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle', migrations: { table: 'journal', schema: 'public' } };`,
    );
    const c = await discoverProject({ cwd: dir });
    expect(c).toMatchObject({
      drizzle: { schemaFile: 'src/db/schema.ts' },
      migrations: { kind: 'drizzle', folder: 'drizzle', ledgerSchema: 'public', ledgerTable: 'journal' },
      via: { drizzle: 'drizzle.config.ts' },
    });
    expect(Object.keys(c.drizzle!.schema).sort()).toEqual(['customers', 'orders']);
    expect((c.drizzle!.getTableConfig as (t: unknown) => { name: string })(c.drizzle!.schema.orders).name).toBe('orders');
  });

  it('a schema folder or glob: every module that exports tables, each its own source', async () => {
    const files = { 'src/db/tables/customers.ts': DRIZZLE_SCHEMA, 'src/db/tables/relations.ts': 'export const nothing = 1;\n' };
    for (const schema of ["'./src/db/tables'", "'./src/db/tables/*.ts'", "['./src/db/tables/customers.ts', './src/db/tables/relations.ts']"]) {
      const c = await discoverProject({ cwd: drizzleProject(`export default { dialect: 'postgresql', schema: ${schema} };`, files) });
      expect(c.drizzle!.schemaFile).toBe('src/db/tables/customers.ts');
      expect(c.drizzleMore).toEqual([]);
      // out defaults to ./drizzle, where the journal is.
      expect(c.migrations).toMatchObject({ kind: 'drizzle', folder: 'drizzle' });
    }
  });

  it('refuses another dialect, a schema that exports no table, and a project without drizzle-orm, in one line each', async () => {
    await expect(discoverProject({ cwd: drizzleProject(`export default { dialect: 'mysql', schema: './src/db/schema.ts' };`) })).rejects.toThrow(
      'drizzle.config.ts: dialect "mysql" — this check reads PostgreSQL only',
    );
    await expect(
      discoverProject({
        cwd: drizzleProject(`export default { dialect: 'postgresql', schema: './src/db/none.ts' };`, { 'src/db/none.ts': 'export const x = 1;' }),
      }),
    ).rejects.toThrow('drizzle.config.ts: its schema (./src/db/none.ts) exports no Drizzle table');
    const bare = project({ 'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './s.ts' };`, 's.ts': 'export const x = 1;' });
    await expect(discoverProject({ cwd: bare })).rejects.toThrow(
      /^drizzle\.config\.ts: drizzle-orm\/pg-core is not installed in .*: install the project's dependencies first/,
    );
  });
});

describe('Drizzle, loaded as drizzle-kit 0.31 loads it', () => {
  it('schema and out are resolved against the working directory, not the folder of --drizzle-config', async () => {
    const dir = project(
      {
        'server/db/drizzle.config.ts': `export default { dialect: 'postgresql', schema: './server/db/schema.ts', out: './drizzle' };`,
        'server/db/schema.ts': DRIZZLE_SCHEMA,
        'drizzle/meta/_journal.json': JOURNAL,
      },
      { drizzle: true },
    );
    const c = await discoverProject({ cwd: dir, drizzleConfig: 'server/db/drizzle.config.ts' });
    expect(c).toMatchObject({ drizzle: { schemaFile: 'server/db/schema.ts' }, migrations: { kind: 'drizzle', folder: 'drizzle' } });
    // A schema that is only there relative to the config's folder is not found, in one line that says against what.
    const wrong = project(
      { 'db/drizzle.config.ts': `export default { dialect: 'postgresql', schema: './schema.ts' };`, 'db/schema.ts': DRIZZLE_SCHEMA },
      { drizzle: true },
    );
    await expect(discoverProject({ cwd: wrong, drizzleConfig: 'db/drizzle.config.ts' })).rejects.toThrow(
      `db/drizzle.config.ts: schema ./schema.ts does not exist in ${wrong}, the folder it is resolved against (as drizzle-kit does): run schema-drift where you run drizzle-kit`,
    );
  });

  it("imports through the tsconfig.json's paths, also when they come from the tsconfig it extends", async () => {
    const dir = project(
      {
        'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['./packages/db/*'] } } }),
        'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }),
        'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './src/schema.ts' };`,
        'src/schema.ts': `export * from '@db/tables';\n`,
        'packages/db/tables.ts': DRIZZLE_SCHEMA,
      },
      { drizzle: true },
    );
    const c = await discoverProject({ cwd: dir });
    expect(Object.keys(c.drizzle!.schema).sort()).toEqual(['customers', 'orders']);
  });

  it('a tsconfig.json whose extends is missing: one line naming it', async () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ extends: './missing.json' }),
      'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './s.ts' };`,
    });
    await expect(discoverProject({ cwd: dir })).rejects.toThrow(
      `drizzle.config.ts failed to load: ${path.join(dir, 'tsconfig.json')} cannot be read: File './missing.json' not found. (fix it, or its "extends")`,
    );
  });

  it('a syntax error in a schema module names its file, line and column', async () => {
    const broken = DRIZZLE_SCHEMA.replace("name: text('name'),", "name: text('name'),,");
    const line = broken.split('\n').findIndex((l) => l.includes(',,')) + 1;
    const column = broken.split('\n')[line - 1]!.indexOf(',,') + 2;
    const dir = project(
      {
        'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './src/index.ts' };`,
        'src/index.ts': `export * from './db/schema';\n`,
        'src/db/schema.ts': broken,
      },
      { drizzle: true },
    );
    await expect(discoverProject({ cwd: dir })).rejects.toThrow(
      `src/index.ts (the schema of drizzle.config.ts) failed to load: src/db/schema.ts:${line}:${column}: ParseError: Unexpected token`,
    );
  });
});

describe('Better Auth', () => {
  it("--better-auth <module>#<export>: the auth instance's options, with getAuthTables of the project's better-auth", async () => {
    const dir = project({
      'src/auth.ts': `import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({ secret: 'x'.repeat(32), baseURL: 'http://localhost:3000', emailAndPassword: { enabled: true } });\n`,
      'prisma/schema.prisma': fs.readFileSync(path.join(HERE, '../../../apps/better-auth-1.4/prisma/schema.prisma'), 'utf8'),
    });
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(
      fs.realpathSync(path.join(HERE, '../../../apps/better-auth-1.4/node_modules/better-auth')),
      path.join(dir, 'node_modules/better-auth'),
      'dir',
    );
    const c = await discoverProject({ cwd: dir, betterAuth: 'src/auth.ts#auth' });
    expect(c).toMatchObject({
      betterAuth: { configFile: 'src/auth.ts' },
      prisma: { schemaFile: 'prisma/schema.prisma' },
      via: { betterAuth: '--better-auth' },
    });
    expect(c.betterAuth!.options).toMatchObject({ emailAndPassword: { enabled: true } });
    expect(Object.keys(c.betterAuth!.getAuthTables(c.betterAuth!.options as never)).sort()).toEqual(['account', 'session', 'user', 'verification']);
    await expect(discoverProject({ cwd: dir, betterAuth: 'src/auth.ts#handler' })).rejects.toThrow(
      '--better-auth src/auth.ts#handler: src/auth.ts has no export "handler" (exports: auth)',
    );
  });
});

describe('precedence and errors', () => {
  it('a drift.config.ts wins over zero-config discovery; --prisma-schema replaces its part', async () => {
    const dir = project({
      'drift.config.ts': `export default { prisma: { schemaFile: 'a.prisma' } } as const;`,
      'a.prisma': SCHEMA,
      'prisma/schema.prisma': SCHEMA,
      'prisma/migrations/1_init/migration.sql': 'SELECT 1;',
    });
    const c = await discoverProject({ cwd: dir });
    expect(c).toMatchObject({ prisma: { schemaFile: 'a.prisma' }, via: { prisma: 'drift.config.ts' } });
    expect(c.migrations).toBeUndefined();
    const flagged = await discoverProject({ cwd: dir, prismaSchema: 'prisma/schema.prisma' });
    expect(flagged).toMatchObject({
      prisma: { schemaFile: 'prisma/schema.prisma' },
      migrations: { folder: 'prisma/migrations' },
      via: { prisma: '--prisma-schema' },
    });
  });

  it('says in one line what it looked for when the folder has nothing to compare', async () => {
    const dir = project({});
    const err = await discoverProject({ cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriftConfigError);
    expect((err as Error).message).toBe(
      `nothing to compare in ${dir}: no drift.config.ts, prisma.config.ts, package.json "prisma.schema", prisma/schema.prisma or drizzle.config.ts there; run it in the project's folder or point at the files with --prisma-schema, --drizzle-config or --config`,
    );
  });
});
