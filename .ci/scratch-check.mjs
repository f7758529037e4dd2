// `node .ci/scratch-check.mjs <package-dir>… [-- <vitest args>]` — runs each
// package's vitest suite (`npx vitest run` in its folder), one after another,
// and lists what each left behind:
//   - in its temp dir: TMPDIR points at a fresh folder for the run, so
//     everything there came from this suite (tsx's compile cache, tsx-<uid>,
//     is expected and not counted);
//   - in /tmp and /dev/shm: new entries since the suite started. Other
//     programs share these, so an entry here is a suspect, printed with its
//     name; the check counts it all the same.
// Exit 0 when no suite left anything and every suite passed, 1 otherwise
// (each leftover named, and each failed suite with its exit code), 2 for bad
// usage. The suites' own scratch must go in a finally, afterAll or
// onTestFinished, so that a failing test removes it too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const dirs = dash < 0 ? argv : argv.slice(0, dash);
const vitestArgs = dash < 0 ? [] : argv.slice(dash + 1);
const missing = dirs.filter((d) => !fs.existsSync(path.join(d, 'package.json')));
if (!dirs.length || missing.length) {
  console.log(
    `${missing.length ? `not a package folder: ${missing.join(', ')}` : 'no package given'}; usage: node .ci/scratch-check.mjs packages/drift packages/incident … [-- <vitest args>]`,
  );
  process.exit(2);
}

/** The names in `dir` (none when it does not exist). */
const ls = (dir) => new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
/** The names in `after` that are not in `before`, without `except`. */
const added = (before, after, except = () => false) => [...after].filter((n) => !before.has(n) && !except(n)).sort();

let status = 0;
for (const dir of dirs) {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'scratch-check-'));
  fs.chmodSync(own, 0o1777); // like /tmp: the tests run servers as the postgres user when they run as root
  const shared = { '/tmp': ls('/tmp'), '/dev/shm': ls('/dev/shm') };
  const t0 = Date.now();
  const run = spawnSync('npx', ['vitest', 'run', ...vitestArgs], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, TMPDIR: own } });
  const left = { [`its TMPDIR (${own})`]: added(new Set(), ls(own), (n) => /^tsx-\d+$/.test(n)) };
  for (const [where, before] of Object.entries(shared)) left[where] = added(before, ls(where), (n) => path.join(where, n) === own);
  fs.rmSync(own, { recursive: true, force: true });
  const lines = Object.entries(left).flatMap(([where, names]) => names.map((n) => `  left in ${where}: ${n}`));
  console.log(
    `\nscratch-check ${dir}: suite exit ${run.status ?? run.signal} in ${Math.round((Date.now() - t0) / 1000)} s; ${lines.length ? `${lines.length} new entries left behind` : 'nothing left behind'}`,
  );
  for (const l of lines) console.log(l);
  if (lines.length || run.status !== 0) status = 1;
}
process.exit(status);
