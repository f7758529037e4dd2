/**
 * `pnpm new-incident` on a scratch repository: the files each stack gets,
 * the placeholders replaced, scenarios/package.json updated, and one line
 * for every kind of bad input. That a generated skeleton installs offline and
 * passes the checks once one step is written is contributor-kit.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addAppToLockfile, createIncident, NewIncidentError, nextSteps, USAGE } from '../src/new-incident.js';
import { REPO_ROOT } from '../src/discover.js';

const COMMAND = path.join(import.meta.dirname, '..', 'src', 'new-incident.ts');

/** Runs the command as `pnpm new-incident` does (`node --import tsx new-incident.ts …args`); exit code and output. */
function runCommand(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', COMMAND, ...args], { cwd: path.dirname(COMMAND), encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A minimal repository in a temporary folder, removed when the calling test finishes (passed or failed). */
function scratchRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'new-incident-'));
  onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'scenarios', '000-session-version'), { recursive: true });
  fs.mkdirSync(path.join(root, 'apps', 'nextauth-drizzle'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'scenarios', 'package.json'),
    JSON.stringify({ name: '@incident-replay/scenarios', dependencies: { pg: 'catalog:', '@incident-replay/incident': 'workspace:*' } }, null, 2),
  );
  return root;
}

describe('pnpm new-incident', () => {
  it.each([
    [
      'drizzle',
      [
        'apps/lost-sessions/db/migrations/0000_init.sql',
        'apps/lost-sessions/drift.config.ts',
        'apps/lost-sessions/lib/db/schema.ts',
        'apps/lost-sessions/lib/db/index.ts',
        'apps/lost-sessions/index.ts',
      ],
    ],
    [
      'prisma',
      [
        'apps/lost-sessions/prisma/schema.prisma',
        'apps/lost-sessions/prisma/migrations/20250101000000_init/migration.sql',
        'apps/lost-sessions/drift.config.ts',
        'apps/lost-sessions/src/db.ts',
        'apps/lost-sessions/src/index.ts',
        'apps/lost-sessions/src/migrate.ts',
      ],
    ],
    ['next', ['apps/lost-sessions/app/api/users/count/route.ts', 'apps/lost-sessions/next.config.ts', 'apps/lost-sessions/drift.config.ts']],
  ])('makes the %s skeleton with every placeholder replaced and the app added to scenarios/package.json', (stack, appFiles) => {
    const root = scratchRepo();
    const made = createIncident('004-lost-sessions', stack, { root });
    expect(made.files).toEqual(
      expect.arrayContaining([
        ...appFiles,
        'scenarios/004-lost-sessions/incident.ts',
        'scenarios/004-lost-sessions/incident.test.ts',
        'scenarios/004-lost-sessions/README.md',
        'scenarios/package.json',
      ]),
    );
    for (const f of made.files) expect(fs.readFileSync(path.join(root, f), 'utf8'), f).not.toMatch(/__(ID|NNN|APP|NAME)__/);
    const incident = fs.readFileSync(path.join(root, 'scenarios/004-lost-sessions/incident.ts'), 'utf8');
    expect(incident).toContain("id: '004-lost-sessions'");
    expect(incident).toContain("import { closeDb, migrateDatabase } from '@incident-replay/app-lost-sessions';");
    expect(incident).toContain('env.onTeardown(closeDb);');
    expect(incident).toContain('write your steps');
    expect(incident).toMatch(
      /\n {2}stack: '(Next\.js 16\.4 \+ )?(Drizzle 0\.45 \(node-postgres\)|Prisma 6\.19 \(JS engine, adapter-pg\))',\n {2}apps: \['lost-sessions'\],\n {2}map: \{/,
    );
    // The map's documented fix cites a claim the README's claims table lists (readmeMap requires it).
    expect(incident).toContain("documentedFix: { text: \"TODO: the postmortem's own fix\", claim: '004.documented-fix' }");
    expect(fs.readFileSync(path.join(root, 'scenarios/004-lost-sessions/README.md'), 'utf8')).toMatch(/^\| `004\.documented-fix` \| .* \| — \| TODO \|$/m);
    // Step 3 of "Adding an incident": a client that reads DATABASE_URL on first use, a close function, the "." export.
    const app = JSON.parse(fs.readFileSync(path.join(root, 'apps/lost-sessions/package.json'), 'utf8')) as {
      exports: Record<string, string>;
      scripts: Record<string, string>;
    };
    const client = fs.readFileSync(path.join(root, 'apps/lost-sessions', stack === 'prisma' ? 'src/db.ts' : 'lib/db/index.ts'), 'utf8');
    expect(client).toMatch(/export function db\(\)[\s\S]*process\.env\.DATABASE_URL/);
    expect(client).toContain('export async function closeDb(): Promise<void>');
    expect(fs.existsSync(path.join(root, 'apps/lost-sessions', app.exports['.']!))).toBe(true);
    const include = (JSON.parse(fs.readFileSync(path.join(root, 'apps/lost-sessions/tsconfig.json'), 'utf8')) as { include: string[] }).include;
    if (stack === 'prisma') {
      expect(include).toContain('src');
      expect(app.scripts.generate).toBe('tsx scripts/generate-client.ts');
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'scenarios/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(['@incident-replay/app-lost-sessions', '@incident-replay/incident', 'pg']);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'apps/lost-sessions/package.json'), 'utf8'))).toMatchObject({
      name: '@incident-replay/app-lost-sessions',
    });
  });

  it('takes an app name with a library version in it (apps/better-auth-1.7)', () => {
    const root = scratchRepo();
    const made = createIncident('004-lost-sessions', 'drizzle', { root, app: 'lost-sessions-1.7' });
    expect(made.files).toContain('apps/lost-sessions-1.7/drift.config.ts');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'apps/lost-sessions-1.7/package.json'), 'utf8'))).toMatchObject({
      name: '@incident-replay/app-lost-sessions-1.7',
    });
  });

  it('refuses bad input with one line each', () => {
    const root = scratchRepo();
    const fail = (id: string, stack: string, app?: string) => {
      try {
        createIncident(id, stack, { root, app });
      } catch (err) {
        expect(err).toBeInstanceOf(NewIncidentError);
        return (err as Error).message;
      }
      throw new Error('did not refuse');
    };
    expect(fail('lost-sessions', 'drizzle')).toBe('"lost-sessions" is not an incident id: use <nnn>-<kebab-name>, e.g. 006-lost-sessions');
    expect(fail('004-x', 'rails')).toBe('--stack must be one of drizzle, prisma, next, not "rails"');
    expect(fail('000-again', 'drizzle')).toBe('incident number 000 is taken by scenarios/000-session-version: pick the next free number');
    expect(fail('004-x', 'drizzle', 'nextauth-drizzle')).toBe('apps/nextauth-drizzle exists already: pass --app <another-name>');
    expect(fail('004-x', 'drizzle', 'Bad_Name')).toBe('--app "Bad_Name" must be lower-case letters, digits, dashes and dots (e.g. better-auth-1.7)');
    expect(fail('004-x', 'drizzle', 'auth-.7')).toBe('--app "auth-.7" must be lower-case letters, digits, dashes and dots (e.g. better-auth-1.7)');
    expect(fs.readdirSync(path.join(root, 'scenarios')).sort()).toEqual(['000-session-version', 'package.json']);
  });

  it.each([['--help'], ['-h']])('%s prints the usage and exits 0 (it used to be refused as an unknown option, exit 2)', (flag) => {
    const res = runCommand([flag]);
    expect(res).toMatchObject({ status: 0, stdout: `${USAGE}\n` });
    expect(res.stdout).toMatch(/^usage: pnpm new-incident <nnn-name> --stack drizzle\|prisma\|next \[--app NAME\]\n/);
  });

  it('refuses an unknown option with exit code 2, the reason and the usage', () => {
    const res = runCommand(['--stak', 'drizzle', '004-x']);
    expect(res.status).toBe(2);
    expect(res.stdout.startsWith("new-incident: Unknown option '--stak'.")).toBe(true);
    expect(res.stdout.endsWith(`\n${USAGE}\n`)).toBe(true);
  });

  it('prints a vitest command that runs only the new incident (no "--": pnpm 10 passes it on, and vitest then runs every scenario)', () => {
    const lines = nextSteps({ id: '004-lost-sessions', app: 'lost-sessions', stack: 'prisma', lockfile: true, files: [] }).split('\n');
    expect(lines.find((l) => l.includes('scenarios test'))).toMatch(/^ {2}pnpm --filter @incident-replay\/scenarios test 004 +# /);
  });

  it('names the generator and, for Prisma, the client generation in what to do next', () => {
    const text = nextSteps({ id: '004-lost-sessions', app: 'lost-sessions', stack: 'prisma', lockfile: true, files: [] });
    expect(text).toMatch(/^ {2}pnpm install --offline +# /m);
    expect(text).toMatch(/^ {2}pnpm docs:generate +# /m);
    expect(text).toMatch(/^ {2}pnpm --filter @incident-replay\/app-lost-sessions generate +# /m);
    expect(nextSteps({ id: '004-x', app: 'x', stack: 'drizzle', lockfile: false, files: [] })).not.toMatch(/generate +# regenerates|--offline/);
  });

  it.each(['drizzle', 'prisma', 'next'])(
    "adds the %s app to this repository's pnpm-lock.yaml with versions it already resolved, and links it into scenarios",
    (stack) => {
      const lock = fs.readFileSync(path.join(REPO_ROOT, 'pnpm-lock.yaml'), 'utf8');
      const manifest = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'templates', stack, 'app', 'package.json.tmpl'), 'utf8'));
      const out = addAppToLockfile(lock, 'lost-sessions', manifest);
      expect(out).toBeDefined();
      expect(out).toContain('  apps/lost-sessions:\n    dependencies:\n');
      expect(out).toContain("      '@incident-replay/app-lost-sessions':\n        specifier: workspace:*\n        version: link:../apps/lost-sessions\n");
      expect(out!.indexOf('  apps/lost-sessions:')).toBeLessThan(out!.indexOf('  packages/'));
      expect(out!.split('\n').length - lock.split('\n').length).toBeGreaterThan(10);
      // A dependency the lockfile never resolved: left to `pnpm install` (online).
      expect(addAppToLockfile(lock, 'lost-sessions', { dependencies: { 'left-pad': '1.3.0' } })).toBeUndefined();
    },
  );
});
