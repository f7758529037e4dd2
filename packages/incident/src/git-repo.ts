/**
 * Throwaway git repositories made of file trees, for what reads a project's history from git (the
 * drift check's rehearsal of a deploy, `rehearse({ base, head })`): each commit is a map of
 * file → content (`null` deletes the file), committed in order into a fresh repository under the
 * OS temp dir. The drift package's tests and the scenarios' rehearsal steps use the same one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file tree to commit: path (relative, `/`-separated) → content, or `null` to delete it. */
export type Tree = Record<string, string | null>;

/** A repository made by {@link gitRepo}: its folder and the commit of each tree, in order. */
export interface TestRepo {
  /** The repository's top level (a folder under the OS temp dir). */
  dir: string;
  /** The full commit id of each tree, oldest first. */
  commits: string[];
  /** Deletes the repository's folder (the links in it, not what they point to). Idempotent. */
  remove(): void;
}

/** Options of {@link gitRepo}. */
export interface GitRepoOptions {
  /** A `node_modules` folder to link at the repository's top level (its installed packages). */
  nodeModules?: string;
  /**
   * Symbolic links to make before the first commit, never committed: path in the repository
   * (`/`-separated, e.g. `apps/web/node_modules`) → absolute target. Each link's path is
   * git-ignored, as installed packages are.
   */
  links?: Record<string, string>;
  /** Part of the temporary folder's name, for a person looking at the temp dir. */
  label?: string;
}

/**
 * Creates a git repository and commits each tree in turn (later trees change earlier ones); an
 * empty tree makes an empty commit. The first commit is on branch `main`.
 *
 * @param trees the commits, oldest first
 * @param workTree files written after the last commit and left uncommitted
 * @param options links to installed packages, and a label for the folder's name
 * @returns the repository; the caller removes it with `remove()` (in a finally or a teardown)
 * @throws Error with git's output when git is missing or a git command fails (the half-made repository is removed)
 */
export function gitRepo(trees: Tree[], workTree: Tree = {}, options: GitRepoOptions = {}): TestRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.label ?? 'rehearse'}-repo-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const links: Record<string, string> = { ...(options.nodeModules ? { node_modules: options.nodeModules } : {}), ...options.links };
    // The installed packages, as `npm install` would leave them (never committed).
    for (const [rel, target] of Object.entries(links)) {
      const abs = path.join(dir, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.symlinkSync(target, abs, 'dir');
    }
    const others = Object.keys(links).filter((rel) => path.posix.basename(rel) !== 'node_modules');
    fs.writeFileSync(path.join(dir, '.gitignore'), `${['node_modules', ...others.map((rel) => `/${rel}`)].join('\n')}\n`);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    git('init', '-q', '-b', 'main');
    const write = (tree: Tree) => {
      for (const [file, content] of Object.entries(tree)) {
        const abs = path.join(dir, file);
        if (content === null) fs.rmSync(abs, { recursive: true, force: true });
        else {
          fs.mkdirSync(path.dirname(abs), { recursive: true });
          fs.writeFileSync(abs, content);
        }
      }
    };
    const commits: string[] = [];
    for (const [i, tree] of trees.entries()) {
      write(tree);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', `commit ${i + 1}`);
      commits.push(git('rev-parse', 'HEAD'));
    }
    write(workTree);
    return { dir, commits, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
