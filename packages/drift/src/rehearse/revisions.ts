/**
 * The two revisions a rehearsal compares, read from the user's git repository without touching its
 * work tree: BASE (what runs in production) is exported with `git archive` into a temporary folder;
 * HEAD is the work tree itself, or another ref exported the same way. The installed packages are
 * HEAD's: each exported revision gets symlinks to the work tree's `node_modules` folders, and
 * {@link libraryMismatches} says when a revision's lockfile pins another version of a library whose
 * code the check runs to read that revision's expectations.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bad input for a rehearsal (not a git repository, unknown ref): exit 2 with this one line. */
export class RehearsalInputError extends Error {}

/** The git repository a project folder is in. */
export interface GitProject {
  /** Absolute path of the repository's top level (`git rev-parse --show-toplevel`). */
  root: string;
  /** The project folder relative to `root`, `''` at the top (`/`-separated). */
  subdir: string;
}

/** One revision of the project, checked out somewhere this rehearsal may read. */
export interface Revision {
  /** `BASE` or `HEAD`. */
  role: 'BASE' | 'HEAD';
  /** The ref as given (`origin/main`), or `work tree`. */
  ref: string;
  /** Full commit id, absent for the work tree. */
  commit?: string;
  /** Absolute path of the repository's top level in this revision (the work tree, or a temporary export). */
  root: string;
  /** Absolute path of the project folder in this revision. */
  projectDir: string;
  /** Removes a temporary export (nothing for the work tree). Idempotent. */
  remove(): void;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await run('git', args, { cwd, maxBuffer: 64 << 20, encoding: 'utf8' });
  return r.stdout;
}

/**
 * The git repository `cwd` is in.
 *
 * @throws RehearsalInputError when git is missing or `cwd` is not inside a work tree
 */
export async function gitProject(cwd: string): Promise<GitProject> {
  let top: string;
  try {
    top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new RehearsalInputError('git is not installed: a rehearsal reads the two revisions from git');
    throw new RehearsalInputError(`${cwd} is not in a git repository: run rehearse in the project's folder of a git work tree`);
  }
  const root = fs.realpathSync(top);
  const subdir = path.relative(root, fs.realpathSync(cwd)).split(path.sep).join('/');
  return { root, subdir };
}

/**
 * The commit a ref names.
 *
 * @throws RehearsalInputError naming the ref when git does not know it (a shallow CI checkout needs `fetch-depth: 0`)
 */
export async function resolveRef(project: GitProject, ref: string): Promise<string> {
  if (!ref || ref.startsWith('-')) throw new RehearsalInputError(`"${ref}" is not a git ref`);
  try {
    return (await git(project.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new RehearsalInputError(
      `unknown git ref "${ref}" in ${project.root}: give a branch, tag or commit git knows (in CI, check out with fetch-depth: 0 so the base is there)`,
    );
  }
}

/**
 * The work tree as the HEAD revision (what is about to ship, uncommitted changes included).
 */
export function workTree(project: GitProject): Revision {
  return { role: 'HEAD', ref: 'work tree', root: project.root, projectDir: path.join(project.root, project.subdir), remove: () => undefined };
}

/**
 * Exports the tree of `commit` into a new temporary folder with `git archive` (the repository and
 * its work tree are only read) and links the work tree's `node_modules` folders into it.
 *
 * @param into the parent folder for the export (the rehearsal's temporary folder)
 * @throws Error when git archive or tar fails
 */
export async function exportRevision(project: GitProject, role: 'BASE' | 'HEAD', ref: string, commit: string, into: string): Promise<Revision> {
  const dir = fs.mkdtempSync(path.join(into, `${role.toLowerCase()}-`));
  const archive = path.join(into, `${role.toLowerCase()}.tar`);
  await git(project.root, ['archive', '--format=tar', `--output=${archive}`, commit]);
  await run('tar', ['-xf', archive, '-C', dir]);
  fs.rmSync(archive, { force: true });
  linkNodeModules(project.root, dir);
  return {
    role,
    ref,
    commit,
    root: dir,
    projectDir: path.join(dir, project.subdir),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Links every `node_modules` folder of the work tree (down to four levels: the root, workspace
 * packages, apps) into the same place of an exported revision, where that folder exists.
 */
function linkNodeModules(from: string, to: string): void {
  const walk = (rel: string, depth: number) => {
    const abs = path.join(from, rel);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const childRel = path.join(rel, e.name);
      if (e.name === 'node_modules' && (e.isDirectory() || e.isSymbolicLink())) {
        const target = path.join(to, childRel);
        if (fs.existsSync(path.dirname(target)) && !fs.existsSync(target)) fs.symlinkSync(path.join(from, childRel), target, 'dir');
      } else if (e.isDirectory() && depth < 4 && !e.name.startsWith('.')) {
        walk(childRel, depth + 1);
      }
    }
  };
  walk('', 0);
  // Packages installed above the repository (a project inside a larger folder) resolve from there.
  if (!fs.existsSync(path.join(from, 'node_modules'))) {
    for (let d = path.dirname(from); d !== path.dirname(d); d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'node_modules'))) {
        fs.symlinkSync(path.join(d, 'node_modules'), path.join(to, 'node_modules'), 'dir');
        break;
      }
    }
  }
}

/** A temporary folder for one rehearsal's exports, under the OS temp dir. */
export function rehearsalTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'schema-drift-rehearse-'));
}

/** A library whose version in a revision's lockfile differs from the one installed. */
export interface LibraryMismatch {
  name: string;
  /** The version the revision's lockfile pins. */
  pinned: string;
  /** The version installed in the work tree (what the check would load). */
  installed: string;
  /** The lockfile, relative to the repository root. */
  lockfile: string;
}

/**
 * For each of `names` that the project has installed: the version the revision's lockfile pins
 * when it differs from the installed one. Reads package-lock.json (npm), pnpm-lock.yaml (pnpm) and
 * yarn.lock (yarn), nearest the project folder first; a library the lockfile does not list is not
 * a mismatch (nothing is known).
 *
 * @param installedFrom the project folder whose node_modules hold the installed packages
 */
export function libraryMismatches(revision: Revision, installedFrom: string, names: string[]): LibraryMismatch[] {
  const lock = findLockfile(revision.root, revision.projectDir);
  if (!lock) return [];
  const text = fs.readFileSync(lock.file, 'utf8');
  const importer = path.relative(path.dirname(lock.file), revision.projectDir).split(path.sep).join('/') || '.';
  const out: LibraryMismatch[] = [];
  for (const name of names) {
    const installed = installedVersion(installedFrom, name);
    if (!installed) continue;
    const pinned = pinnedVersion(lock.kind, text, name, importer);
    if (pinned && pinned !== installed) out.push({ name, pinned, installed, lockfile: path.relative(revision.root, lock.file).split(path.sep).join('/') });
  }
  return out;
}

/** The package manager a lockfile belongs to. */
export type LockKind = 'npm' | 'pnpm' | 'yarn';

/** The lockfile nearest `dir`, up to `root`. */
export function findLockfile(root: string, dir: string): { file: string; kind: LockKind } | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const [name, kind] of [
      ['pnpm-lock.yaml', 'pnpm'],
      ['package-lock.json', 'npm'],
      ['yarn.lock', 'yarn'],
    ] as const) {
      if (fs.existsSync(path.join(d, name))) return { file: path.join(d, name), kind };
    }
    if (path.relative(root, d) === '' || path.dirname(d) === d) return undefined;
  }
}

function installedVersion(projectDir: string, name: string): string | undefined {
  for (let d = projectDir; ; d = path.dirname(d)) {
    const file = path.join(d, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) {
      try {
        return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** The version a lockfile pins for `name` as a dependency of `importer` (`.` or `apps/web`). */
export function pinnedVersion(kind: LockKind, text: string, name: string, importer: string): string | undefined {
  if (kind === 'npm') {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }> };
    const at = importer === '.' ? '' : `${importer}/`;
    return lock.packages?.[`${at}node_modules/${name}`]?.version ?? lock.packages?.[`node_modules/${name}`]?.version;
  }
  const esc = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (kind === 'pnpm') {
    // importers:\n  <importer>:\n    dependencies:\n      <name>:\n        specifier: …\n        version: 1.2.3(peer@…)
    const start = text.search(new RegExp(`^  ${importer === '.' ? '\\.' : importer.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\s*$`, 'm'));
    if (start < 0) return undefined;
    const rest = text.slice(start + 1);
    const end = rest.search(/^ {2}\S/m);
    const block = end < 0 ? rest : rest.slice(0, end);
    const m = block.match(new RegExp(`^ {6}'?${esc}'?:\\s*\\n(?: {8}.*\\n)*? {8}version: ([^\\s(]+)`, 'm'));
    return m?.[1];
  }
  const m = text.match(new RegExp(`^"?${esc}@[^\\n]*:\\s*\\n\\s+version:? "?([^"\\s]+)"?`, 'm'));
  return m?.[1];
}

/**
 * Installs a revision's own dependencies in its export (its lockfile's package manager, frozen):
 * the `--install-base` path, so its expectations are read with the versions it pins.
 *
 * @throws Error with the package manager's first line of output when the install fails
 */
export async function installRevision(revision: Revision): Promise<string> {
  const lock = findLockfile(revision.root, revision.projectDir);
  if (!lock) throw new RehearsalInputError(`--install-base: ${revision.ref} has no lockfile (pnpm-lock.yaml, package-lock.json or yarn.lock)`);
  // Drop the links to HEAD's packages first.
  const walk = (dir: string, depth: number) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.name === 'node_modules' && e.isSymbolicLink()) fs.unlinkSync(abs);
      else if (e.isDirectory() && depth < 4 && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(abs, depth + 1);
    }
  };
  walk(revision.root, 0);
  const cwd = path.dirname(lock.file);
  const [cmd, args] =
    lock.kind === 'pnpm'
      ? (['pnpm', ['install', '--frozen-lockfile']] as const)
      : lock.kind === 'npm'
        ? (['npm', ['ci', '--no-audit', '--no-fund']] as const)
        : (['yarn', ['install', '--frozen-lockfile']] as const);
  try {
    await run(cmd, [...args], { cwd, maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    const line = (e.stderr || e.message || '').split('\n').find((l) => l.trim()) ?? '';
    throw new Error(`--install-base: ${cmd} ${args.join(' ')} failed in ${revision.ref}'s export: ${line.trim()}`);
  }
  return `${cmd} ${args.join(' ')}`;
}
