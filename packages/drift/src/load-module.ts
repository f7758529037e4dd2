import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';

const loaders = new Map<string, Jiti>();

/**
 * The tsconfig.json a project's modules are loaded with: the nearest one in the project folder or
 * above it, as drizzle-kit finds it (it registers tsx, whose `getTsconfig()` walks up from
 * process.cwd(), the folder drizzle-kit runs in: drizzle-kit 0.31.11 bin.cjs, `loadTsconfig`).
 * Undefined when there is none up to the file system's root.
 *
 * @param projectRoot absolute path of the folder the check runs in
 */
export function projectTsconfig(projectRoot: string): string | undefined {
  return ancestors(path.resolve(projectRoot))
    .map((dir) => path.join(dir, 'tsconfig.json'))
    .find((f) => fs.existsSync(f));
}

/**
 * The jiti loader for a project folder: TypeScript and ESM/CJS files of the
 * project are transpiled in memory (no cache files written into the project),
 * bare imports (`drizzle-orm/pg-core`, `better-auth/db`, `prisma/config`)
 * resolve from the project's own `node_modules`, so a schema module and the
 * `getTableConfig` that reads it come from one and the same drizzle-orm, and
 * imports through the `compilerOptions.paths` of {@link projectTsconfig} (its
 * `extends` followed) resolve as under drizzle-kit's tsx, with jiti's own
 * `tsconfigPaths` option (get-tsconfig's paths matcher).
 */
async function loaderFor(projectRoot: string): Promise<Jiti> {
  let jiti = loaders.get(projectRoot);
  if (!jiti) {
    const { createJiti } = await import('jiti');
    const tsconfig = projectTsconfig(projectRoot);
    try {
      jiti = createJiti(pathToFileURL(path.join(projectRoot, 'package.json')).href, {
        fsCache: false,
        moduleCache: true,
        interopDefault: false,
        tsconfigPaths: tsconfig ?? false,
      });
    } catch (err) {
      throw new Error(`${tsconfig} cannot be read: ${String((err as Error).message).split('\n')[0]} (fix it, or its "extends")`);
    }
    loaders.set(projectRoot, jiti);
  }
  return jiti;
}

/**
 * Imports a file of a project (TypeScript or JavaScript) with jiti and returns
 * its module namespace (`default` and named exports).
 *
 * @param file absolute path
 * @param projectRoot the folder whose node_modules bare imports resolve from
 * @throws whatever the module throws while loading, or jiti's error for a syntax error
 */
export async function importProjectModule(file: string, projectRoot: string): Promise<Record<string, unknown>> {
  const jiti = await loaderFor(projectRoot);
  return (await jiti.import(file)) as Record<string, unknown>;
}

/**
 * Imports a package the project has installed (`drizzle-orm/pg-core`), resolved from the
 * project folder, never from this package's own dependencies.
 *
 * @throws Error when the project does not have the package installed
 */
export async function importProjectPackage(specifier: string, projectRoot: string): Promise<Record<string, unknown>> {
  const jiti = await loaderFor(projectRoot);
  // Only the project's node_modules folders (its own and its ancestors'), as Node looks: never
  // NODE_PATH, which a pnpm-run shim sets to another store.
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  const installed = ancestors(path.resolve(projectRoot)).some((dir) => fs.existsSync(path.join(dir, 'node_modules', name, 'package.json')));
  const resolved = installed ? jiti.esmResolve(specifier, { try: true }) : undefined;
  if (!resolved) throw new Error(`${specifier} is not installed in ${projectRoot}: install the project's dependencies first (npm install / pnpm install)`);
  return (await jiti.import(resolved)) as Record<string, unknown>;
}

function ancestors(dir: string): string[] {
  const out = [dir];
  while (path.dirname(out.at(-1)!) !== out.at(-1)) out.push(path.dirname(out.at(-1)!));
  return out;
}

/**
 * One line for an error thrown while a project's module loads. A syntax error names its place as
 * `file:line:column` (1-based, file relative to the project folder), as drizzle-kit's esbuild and
 * tsc do: jiti (2.x, Babel inside) puts it on the second line of its message
 * (`ParseError: Unexpected token \n /abs/schema.ts:31:27`, Babel's 0-based column), which a first
 * line alone would lose. Other errors give their first line.
 *
 * @param err what `importProjectModule` threw
 * @param projectRoot the folder reported paths are relative to
 */
export function loadErrorLine(err: unknown, projectRoot: string): string {
  const lines = String((err as Error)?.message ?? err).split('\n');
  const first = lines[0]!.trim();
  for (const l of lines.slice(1)) {
    const m = /^\s*(.+):(\d+):(\d+)\s*$/.exec(l);
    if (!m || !fs.existsSync(m[1]!)) continue;
    const file = path.relative(projectRoot, m[1]!).split(path.sep).join('/');
    return `${file}:${m[2]}:${Number(m[3]) + 1}: ${first}`;
  }
  return first;
}
