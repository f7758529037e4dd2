/**
 * The docs are enough to add an incident: in a scratch copy of this repository (its tracked and
 * new unignored files) once installed, the steps of docs/adding-an-incident.md — `pnpm new-incident` with
 * the next free number, `pnpm install --offline`, one minimal step that judges the claim the
 * skeleton's map cites, `pnpm docs:generate` — and then only the checks a contributor's change
 * meets: the README's generated regions, the claims lint, and that incident's own test. The
 * scratch copy is removed when the test ends, passed or failed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT, listIncidentIds } from '../src/discover.js';

/** The environment of the commands: this vitest run's own variables left out, so the inner runs start afresh. */
function innerEnv(scratch: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS$|REPLAY_RESULTS_DIR$|TINYPOOL)/.test(k)));
  return { ...env, REPLAY_RESULTS_DIR: path.join(scratch, 'replay-results', 'kit'), NO_COLOR: '1', CI: '1' };
}

/** Runs `pnpm <args>` in the scratch copy; returns its output, or throws with the command, exit code and output. */
function pnpm(scratch: string, args: string[]): string {
  const t0 = performance.now();
  const res = spawnSync('pnpm', args, { cwd: scratch, env: innerEnv(scratch), encoding: 'utf8', timeout: 120_000 });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes, should a tool print them anyway
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '');
  if (process.env.KIT_TIMES) process.stderr.write(`pnpm ${args.join(' ')}: ${Math.round(performance.now() - t0)} ms\n`);
  if (res.status !== 0) throw new Error(`pnpm ${args.join(' ')} exited ${res.status ?? res.signal}:\n${output.slice(-4000)}`);
  return output;
}

it('a new incident made with pnpm new-incident and the documented steps passes the map, claims and incident checks', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'contributor-kit-'));
  // Its node_modules are many small files: removing them takes seconds on a loaded machine.
  onTestFinished(() => fs.rmSync(scratch, { recursive: true, force: true }), 120_000);
  fs.chmodSync(scratch, 0o755); // the embedded Postgres runs as another user, who must reach its binaries in here
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
  for (const f of files) fs.cpSync(path.join(REPO_ROOT, f), path.join(scratch, f));

  // A clone installed. Its install scripts (the Prisma clients' generation) are left to step 2's
  // install, which runs every workspace package's again: once is enough for the checks below.
  pnpm(scratch, ['install', '--offline', '--frozen-lockfile', '--ignore-scripts']);
  // Step 1: the skeleton, with the next free number.
  const taken = listIncidentIds(path.join(scratch, 'scenarios')).map((id) => Number(id.slice(0, 3)));
  const nnn = String(Math.max(-1, ...taken) + 1).padStart(3, '0');
  const id = `${nnn}-lost-enum`;
  expect(pnpm(scratch, ['new-incident', id, '--stack', 'prisma'])).toContain(`created`);
  // Step 2: link it (and generate its Prisma client), without the registry.
  pnpm(scratch, ['install', '--offline']);
  expect(fs.existsSync(path.join(scratch, 'apps/lost-enum/generated/client/index.js'))).toBe(true);

  // Steps 3-4, as small as they get: one step through the app's client that judges the claim the map cites.
  const incidentFile = path.join(scratch, 'scenarios', id, 'incident.ts');
  const skeleton = fs.readFileSync(incidentFile, 'utf8');
  const stepsAt = skeleton.indexOf('  steps: [');
  expect(stepsAt).toBeGreaterThan(0);
  fs.writeFileSync(
    incidentFile,
    `${skeleton.slice(0, stepsAt).replace('import { closeDb, migrateDatabase }', 'import { closeDb, db, migrateDatabase }')}  steps: [
    {
      kind: 'recovery',
      name: 'the app counts its users',
      run: async (t) => {
        const users = await db().user.count();
        t.value('users', users);
        t.claim({
          id: '${nnn}.documented-fix',
          source: SOURCE,
          claim: 'After the fix the users table answers',
          observed: { users },
          holds: (o) => o.users === 0,
          evidence: (o) => \`prisma.user.count() answered \${o.users}\`,
          expectedToHold: true,
        });
      },
    },
  ],
});
`,
  );
  const readmeFile = path.join(scratch, 'scenarios', id, 'README.md');
  const readme = fs.readFileSync(readmeFile, 'utf8');
  expect(readme).toMatch(new RegExp(`\\| \`${nnn}\\.documented-fix\` \\| .* \\| — \\|`));
  // Step 4: the claim's verdict in the claims table, the step's row in the steps table.
  expect(readme).toContain('| <a id="step-1"></a>1 | broken state |');
  fs.writeFileSync(
    readmeFile,
    readme
      .replace(/(\| `\d{3}\.documented-fix` \| .*? \| )— \|/, '$1holds |')
      .replace(/\| <a id="step-1"><\/a>1 \| broken state \| [^\n]*/, '| <a id="step-1"></a>1 | recovery | the app counts its users |'),
  );

  // Step 5: the README's rows, then only the checks this change meets.
  const generated = pnpm(scratch, ['docs:generate']);
  expect(generated).toContain('README.md rewritten: regions map, incidents, layout-apps');
  expect(generated).toContain(`warning: ${id}: title, summary, postmortem, map.seen, map.cause, map.missed, map.fix, map.documentedFix still say TODO`);
  const root = fs.readFileSync(path.join(scratch, 'README.md'), 'utf8');
  expect(root).toContain(`| ${id} | TODO: what users saw (the status, the log line) |`);
  expect(root).toMatch(new RegExp(`\\n {2}lost-enum/ +${nnn}: Prisma 6\\.19 \\(JS engine, adapter-pg\\)\\n`));
  expect(pnpm(scratch, ['--filter', '@incident-replay/replay', 'exec', 'vitest', 'run', 'test/readme-map.test.ts'])).toMatch(/Tests +\d+ passed/);
  // The claims lint and the incident's own test (`… test 006`, as the docs say), in one vitest run
  // (one server start): the lint's 1 test, and the step's test and the README check of 006's file only.
  const own = pnpm(scratch, ['--filter', '@incident-replay/scenarios', 'test', 'claims-observed', nnn]);
  expect(own).toMatch(/Test Files +2 passed \(2\)/);
  expect(own).toMatch(/Tests +3 passed \(3\)/);
  expect(own).toContain('claims-observed.test.ts');
  expect(own).toContain(`${id}/incident.test.ts`);
}, 240_000);
