/**
 * `schema-drift` on a Drizzle monorepo laid out like Dokploy (test/fixtures/monorepo, see its
 * README), run the way a user runs drizzle-kit there: in `apps/web`, with
 * `--drizzle-config server/db/drizzle.config.ts`. The config loads (tsconfig `paths`, `schema`
 * against the working directory), each finding points at the declaration in `packages/db`
 * (not at the schema barrel), and a syntax error names its file, line and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import type { DriftReport } from '../src/index.js';
import { FIXTURES, databases, sql, runCliIn } from './helpers.js';

const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MONOREPO = path.join(FIXTURES, 'monorepo');
const ARGS = ['--drizzle-config', 'server/db/drizzle.config.ts'];

let dbs: Databases;
let url: string;

beforeAll(async () => {
  dbs = databases();
  url = (await dbs.create('drift_monorepo')).url;
  // users without display_name; no posts or tags table: one finding on a column, two on tables.
  await sql(url, 'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, created_at timestamp NOT NULL DEFAULT now())');
});
afterAll(async () => {
  await dbs.dropAll();
});

/** The 1-based line of the first line of `file` (under the fixture) that contains `text`. */
function lineOf(file: string, text: string): number {
  const line =
    fs
      .readFileSync(path.join(MONOREPO, file), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1;
  expect(line, `${text} in ${file}`).toBeGreaterThan(0);
  return line;
}

describe('schema-drift in apps/web of a Drizzle monorepo', () => {
  it('loads the config and points each finding at the pgTable or column declaration behind the barrel', async () => {
    const r = await runCliIn(path.join(MONOREPO, 'apps/web'), [...ARGS, '--database-url', url, '--format', 'json']);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    const report = JSON.parse(r.stdout) as DriftReport;
    const at = (kind: string, table: string, column?: string) => {
      const f = report.findings.find((x) => x.kind === kind && x.table === table && x.column === column);
      expect(f, `${kind} ${table}.${column}`).toBeDefined();
      return { file: f!.location?.file, line: f!.location?.line, model: f!.source.model, field: f!.source.field };
    };
    expect(at('missing-column', 'users', 'display_name')).toEqual({
      file: '../../packages/db/src/schema/users.ts',
      line: lineOf('packages/db/src/schema/users.ts', 'displayName:'),
      model: 'users',
      field: 'displayName',
    });
    // Re-exported as `articles`: named by its declaration, `posts` in posts.ts.
    expect(at('missing-table', 'posts')).toEqual({
      file: '../../packages/db/src/schema/posts.ts',
      line: lineOf('packages/db/src/schema/posts.ts', 'export const posts'),
      model: 'posts',
      field: undefined,
    });
  });

  it('a table declared without export and exported by name (export { tags }) gets its line too', async () => {
    const r = await runCliIn(path.join(MONOREPO, 'apps/web'), [...ARGS, '--database-url', url, '--format', 'json']);
    const f = (JSON.parse(r.stdout) as DriftReport).findings.find((x) => x.kind === 'missing-table' && x.table === 'tags');
    expect(f?.location).toMatchObject({ file: '../../packages/db/src/schema/tags.ts', line: lineOf('packages/db/src/schema/tags.ts', 'const tags') });
  });

  it('SARIF names the declaration by its path in the repository', async () => {
    const r = await runCliIn(path.join(MONOREPO, 'apps/web'), [...ARGS, '--database-url', url, '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const repoPath = path.relative(path.resolve(PACKAGE, '../..'), MONOREPO).split(path.sep).join('/');
    const uris = log.runs[0]!.results!.map((x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    expect(uris).toContain(`${repoPath}/packages/db/src/schema/users.ts`);
    expect(uris.filter((u) => u?.includes('..'))).toEqual([]);
  });

  it('a syntax error in a schema file behind the barrel: exit 2, one line naming file:line:column', async () => {
    // A copy inside this package, so drizzle-orm still resolves from its node_modules.
    const cache = path.join(PACKAGE, 'node_modules', '.cache');
    fs.mkdirSync(cache, { recursive: true });
    const dir = fs.mkdtempSync(path.join(cache, 'monorepo-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.cpSync(MONOREPO, dir, { recursive: true });
    const posts = path.join(dir, 'packages/db/src/schema/posts.ts');
    const text = fs.readFileSync(posts, 'utf8').replace("title: text('title').notNull(),", "title: text('title').notNull(),,");
    fs.writeFileSync(posts, text);
    const line = text.split('\n').findIndex((l) => l.includes(',,')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf(',,') + 2;
    const r = await runCliIn(path.join(dir, 'apps/web'), [...ARGS, '--database-url', url, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `server/db/schema/index.ts (the schema of server/db/drizzle.config.ts) failed to load: ../../packages/db/src/schema/posts.ts:${line}:${column}: ParseError: Unexpected token\n`,
    );
  });
});
