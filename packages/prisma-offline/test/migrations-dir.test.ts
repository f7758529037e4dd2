import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { copyPrismaDir, prismaMigrationNames } from '../src/index.js';

// A minimal app folder: schema, lock file, three migrations (one with a second file). Made when the
// tests start (not when the file is collected, which a run whose filter skips them all still does,
// without running afterAll) and removed after them, also when one fails.
let APP: string;
let MIGRATIONS: string;
beforeAll(() => {
  APP = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-offline-app-'));
  MIGRATIONS = path.join(APP, 'prisma', 'migrations');
  for (const [name, sql] of [
    ['20250901_init', 'CREATE TABLE users (id text PRIMARY KEY);\n'],
    ['20250920_credits', 'ALTER TABLE users ADD COLUMN credits integer NOT NULL DEFAULT 0;\n'],
    ['20251014_avatars', 'CREATE TABLE avatars (id text PRIMARY KEY);\n'],
  ] as const) {
    fs.mkdirSync(path.join(MIGRATIONS, name), { recursive: true });
    fs.writeFileSync(path.join(MIGRATIONS, name, 'migration.sql'), sql);
  }
  fs.writeFileSync(path.join(MIGRATIONS, '20250920_credits', 'README.md'), 'kept with its migration\n');
  fs.writeFileSync(path.join(MIGRATIONS, 'migration_lock.toml'), 'provider = "postgresql"\n');
  fs.writeFileSync(path.join(APP, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n}\n');
});
afterAll(() => {
  if (APP) fs.rmSync(APP, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
const filesIn = (dir: string) =>
  (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();

describe('copyPrismaDir', () => {
  it('lists the migrations in the order Prisma applies them', () => {
    expect(prismaMigrationNames(APP)).toEqual(['20250901_init', '20250920_credits', '20251014_avatars']);
  });

  it('copies the schema, the lock file and the first migrations up to the one named, files unchanged', () => {
    const copy = copyPrismaDir(APP, { upTo: '20250920_credits', label: 'test' });
    try {
      const dir = path.dirname(copy.schemaPath);
      expect(path.basename(copy.schemaPath)).toBe('schema.prisma');
      expect(copy.migrations).toEqual(['20250901_init', '20250920_credits']);
      expect(filesIn(dir)).toEqual([
        'migrations/20250901_init/migration.sql',
        'migrations/20250920_credits/README.md',
        'migrations/20250920_credits/migration.sql',
        'migrations/migration_lock.toml',
        'schema.prisma',
      ]);
      for (const f of filesIn(dir)) expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).toBe(fs.readFileSync(path.join(APP, 'prisma', f), 'utf8'));
    } finally {
      copy.remove();
    }
    expect(fs.existsSync(path.dirname(copy.schemaPath))).toBe(false);
  });

  it('copies every migration by default and replaces the SQL of the ones given, leaving the app untouched', () => {
    const copy = copyPrismaDir(APP, { sql: { '20251014_avatars': 'CREATE TABLE avatars (id text PRIMARY KEY, name text);\n' } });
    try {
      const read = (name: string) => fs.readFileSync(path.join(path.dirname(copy.schemaPath), 'migrations', name, 'migration.sql'), 'utf8');
      expect(copy.migrations).toHaveLength(3);
      expect(read('20251014_avatars')).toBe('CREATE TABLE avatars (id text PRIMARY KEY, name text);\n');
      expect(read('20250901_init')).toBe('CREATE TABLE users (id text PRIMARY KEY);\n');
      expect(fs.readFileSync(path.join(MIGRATIONS, '20251014_avatars', 'migration.sql'), 'utf8')).toBe('CREATE TABLE avatars (id text PRIMARY KEY);\n');
    } finally {
      copy.remove();
      copy.remove(); // idempotent
    }
  });

  it('refuses a migration the app does not have, and SQL for one it does not copy', () => {
    expect(() => copyPrismaDir(APP, { upTo: '20991231_nope' })).toThrow('migration "20991231_nope" not found in');
    expect(() => copyPrismaDir(APP, { upTo: '20250901_init', sql: { '20251014_avatars': '' } })).toThrow(
      'cannot replace the SQL of 20251014_avatars: not among the copied migrations (20250901_init)',
    );
  });

  it('removes its half-made folder when the copy fails (an app without migration_lock.toml), and rethrows', () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-offline-broken-'));
    onTestFinished(() => fs.rmSync(app, { recursive: true, force: true }));
    fs.mkdirSync(path.join(app, 'prisma', 'migrations', '20250901_init'), { recursive: true });
    fs.writeFileSync(path.join(app, 'prisma', 'schema.prisma'), '');
    const label = `broken-${process.pid}`;
    expect(() => copyPrismaDir(app, { label })).toThrow(/ENOENT.*migration_lock\.toml/);
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`prisma-dir-${label}-`))).toEqual([]);
  });
});
