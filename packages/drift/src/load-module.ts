import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';

const loaders = new Map<string, Jiti>();

/**
 * The jiti loader for a project folder: TypeScript and ESM/CJS files of the
 * project are transpiled in memory (no cache files written into the project),
 * and bare imports (`drizzle-orm/pg-core`, `better-auth/db`, `prisma/config`)
 * resolve from the project's own `node_modules`, so a schema module and the
 * `getTableConfig` that reads it come from one and the same drizzle-orm.
 */
async function loaderFor(projectRoot: string): Promise<Jiti> {
  let jiti = loaders.get(projectRoot);
  if (!jiti) {
    const { createJiti } = await import('jiti');
    jiti = createJiti(pathToFileURL(path.join(projectRoot, 'package.json')).href, { fsCache: false, moduleCache: true, interopDefault: false });
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
