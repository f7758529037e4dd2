/**
 * The built host's build of a Node app (apps/better-auth-*, apps/drizzle-kit-login:
 * any app with a `src/main.ts` server) to JavaScript: `src/main.ts`
 * bundled by esbuild into `dist/main.mjs`, which `node dist/main.mjs` serves
 * without a TypeScript loader. What is bundled and what stays external:
 * - bundled: the workspace TypeScript (`@incident-replay/*`: e.g.
 *   better-auth-app, prisma-offline's adapter) and the app's own `src/`;
 * - external: every other package (better-auth, @prisma/client,
 *   @prisma/adapter-pg, @hono/node-server, node built-ins …), loaded at run
 *   time from the app's node_modules, so the very same library code runs as
 *   under tsx; and the generated Prisma clients (`../generated/…`, which load
 *   their wasm by path), imported from dist/ by the same relative path as
 *   from src/.
 *
 * Kept out of the package root (`./build` subpath) so that neither the app,
 * its bundle nor a step loads esbuild unless it builds.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** The bundle, relative to the app folder. */
export const APP_BUNDLE = 'dist/main.mjs';
/** What the bundle was built from (inputs and their content hashes), relative to the app folder. */
const BUILD_STAMP = 'dist/build-stamp.json';
/** The entry point, relative to the app folder. */
const ENTRY = 'src/main.ts';

/** Packages bundled from source; every other bare import stays external. */
const WORKSPACE_SCOPE = '@incident-replay/';
/** The generated Prisma clients, imported relatively (`../generated/prisma/index.js`). */
const GENERATED = /(^|\/)generated\//;

/** The content hashes of a build's inputs, and what else decides its output. */
interface BuildStamp {
  esbuild: string;
  /** sha256 of this file: build options changed → rebuild. */
  builder: string;
  /** Path relative to the app folder → sha256 of its content, for every file esbuild bundled. */
  inputs: Record<string, string>;
}

/** What {@link buildApp} did. */
export interface AppBuildResult {
  /** The bundle, absolute. */
  bundle: string;
  /** The packages left external (imported from the app's node_modules at run time). */
  externals: string[];
  /** Build time in ms. */
  durationMs: number;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const BUILDER = fileURLToPath(import.meta.url);

/** `better-auth/adapters/prisma` → `better-auth`; `@prisma/client/x` → `@prisma/client`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Bundles `<appDir>/src/main.ts` into `<appDir>/dist/main.mjs` (ESM, Node 20,
 * with a source map) and records its inputs' hashes next to it for
 * {@link ensureAppBuild}. The bundle is written to a temporary file and
 * renamed, so a process starting it never reads half a file.
 *
 * @param appDir the app folder (e.g. apps/better-auth-1.7), absolute
 * @throws Error when esbuild fails, or when an external package cannot be
 *   found in `<appDir>/node_modules` (the bundle would fail at run time: add it
 *   to the app's dependencies)
 */
export async function buildApp(appDir: string): Promise<AppBuildResult> {
  const t0 = performance.now();
  const externals = new Set<string>();
  const result = await esbuild.build({
    absWorkingDir: appDir,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    outfile: APP_BUNDLE,
    logLevel: 'silent',
    plugins: [
      {
        name: 'externals',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (GENERATED.test(args.path)) return { path: args.path, external: true };
            if (args.path.startsWith('.') || path.isAbsolute(args.path)) return undefined;
            if (isBuiltin(args.path)) return { path: args.path, external: true };
            if (args.path.startsWith(WORKSPACE_SCOPE)) return undefined;
            externals.add(packageName(args.path));
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const missing = [...externals].filter((name) => !fs.existsSync(path.join(appDir, 'node_modules', name)));
  if (missing.length > 0) {
    throw new Error(
      `${path.basename(appDir)}: the bundle imports ${missing.join(', ')}, which ${path.join(appDir, 'node_modules')} does not have; add ${missing.length > 1 ? 'them' : 'it'} to the app's dependencies`,
    );
  }
  fs.mkdirSync(path.join(appDir, 'dist'), { recursive: true });
  const suffix = `.tmp-${process.pid}`;
  for (const file of result.outputFiles) {
    fs.writeFileSync(file.path + suffix, file.contents);
    fs.renameSync(file.path + suffix, file.path);
  }
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) inputs[input] = sha256(path.resolve(appDir, input));
  const stamp: BuildStamp = { esbuild: esbuild.version, builder: sha256(BUILDER), inputs };
  fs.writeFileSync(path.join(appDir, BUILD_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  return { bundle: path.join(appDir, APP_BUNDLE), externals: [...externals].sort(), durationMs: performance.now() - t0 };
}

/**
 * Why the app's bundle must be (re)built, or `undefined` when it is up to
 * date: no bundle, no stamp, another esbuild or builder, or an input whose
 * content changed or that is gone. Content hashes, not mtimes: a bundle turbo
 * restores from its cache has a new mtime whatever it was built from.
 *
 * @param appDir the app folder, absolute
 */
export function staleReason(appDir: string): string | undefined {
  if (!fs.existsSync(path.join(appDir, APP_BUNDLE))) return `no ${APP_BUNDLE}`;
  let stamp: BuildStamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(appDir, BUILD_STAMP), 'utf8')) as BuildStamp;
  } catch {
    return `no ${BUILD_STAMP}`;
  }
  if (stamp.esbuild !== esbuild.version) return `built by esbuild ${stamp.esbuild}, not ${esbuild.version}`;
  if (stamp.builder !== sha256(BUILDER)) return 'the build helper changed';
  for (const [input, hash] of Object.entries(stamp.inputs)) {
    const file = path.resolve(appDir, input);
    if (!fs.existsSync(file) || sha256(file) !== hash) return `${input} changed since its build`;
  }
  return undefined;
}

const builds = new Map<string, Promise<void>>();

/**
 * Makes sure `<appDir>/dist/main.mjs` is built from the current sources:
 * builds it when {@link staleReason} gives a reason, once per process and app
 * (concurrent callers share the build; a failed build is tried again next
 * time). Follows `ensureNextBuild` of @incident-replay/incident: a progress
 * line before and after a build, nothing when it is up to date.
 *
 * @param appDir the app folder, absolute
 * @param progress receives each progress line (with its newline); default stdout
 * @throws Error from {@link buildApp}
 */
export function ensureAppBuild(appDir: string, progress: (line: string) => void = (l) => process.stdout.write(l)): Promise<void> {
  let p = builds.get(appDir);
  if (!p) {
    p = (async () => {
      const why = staleReason(appDir);
      if (why === undefined) return;
      const app = `${path.basename(path.dirname(appDir))}/${path.basename(appDir)}`;
      progress(`  ${app}: ${why}; bundling ${ENTRY} with esbuild once…\n`);
      const { durationMs } = await buildApp(appDir);
      progress(`  ${app}: built ${APP_BUNDLE} in ${Math.round(durationMs)} ms\n`);
    })();
    builds.set(appDir, p);
    p.catch(() => builds.delete(appDir));
  }
  return p;
}
