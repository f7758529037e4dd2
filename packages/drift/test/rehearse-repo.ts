/**
 * Two-revision git repositories for rehearsal tests: each commit is a map of file → content
 * (`null` deletes the file), committed in order into a fresh repository under the OS temp dir.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file tree to commit: path (relative, `/`-separated) → content, or `null` to delete it. */
export type Tree = Record<string, string | null>;

/** A repository made by {@link gitRepo}: its folder and the commit of each tree, in order. */
export interface TestRepo {
  dir: string;
  commits: string[];
  remove(): void;
}

/**
 * Creates a git repository and commits each tree in turn (later trees change earlier ones).
 *
 * @param trees the commits, oldest first
 * @param workTree files written after the last commit and left uncommitted
 * @param options.nodeModules a node_modules folder to link into the repository (its installed packages)
 */
export function gitRepo(trees: Tree[], workTree: Tree = {}, options: { nodeModules?: string } = {}): TestRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-repo-'));
  // The project's installed packages, as `npm install` would leave them (never committed).
  if (options.nodeModules) fs.symlinkSync(options.nodeModules, path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
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
  return { dir, commits, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
