// The apps' `pnpm build` (and `pnpm start`'s first step): bundles the app in the current folder,
// src/main.ts → dist/main.mjs (see build.ts). `--if-stale`: only when its sources changed since.
import { buildApp, ensureAppBuild } from './build.js';

const appDir = process.cwd();
if (process.argv.includes('--if-stale')) {
  await ensureAppBuild(appDir);
} else {
  const { bundle, externals, durationMs } = await buildApp(appDir);
  console.log(`built ${bundle} in ${Math.round(durationMs)} ms (external: ${externals.join(', ')})`);
}
