import path from 'node:path';
import type { NextConfig } from 'next';

/**
 * AUTHJS_EDGE_DB_CLIENT=node-postgres builds a variant whose `@/lib/db` is
 * src/lib/db/node-postgres.ts (a TCP client) into `.next-node-postgres`, so
 * the replay can show what a TCP driver does in the Edge middleware. Unset,
 * the app is built as it ships (neon-http) into `.next`.
 */
const nodePostgres = process.env.AUTHJS_EDGE_DB_CLIENT === 'node-postgres';
if (process.env.AUTHJS_EDGE_DB_CLIENT && !nodePostgres) {
  throw new Error(`AUTHJS_EDGE_DB_CLIENT="${process.env.AUTHJS_EDGE_DB_CLIENT}": use node-postgres, or leave it unset for neon-http`);
}

const config: NextConfig = {
  // The replay builds this app inside a monorepo; keep Turbopack's root at the workspace.
  turbopack: {
    root: path.resolve(__dirname, '..', '..'),
    ...(nodePostgres ? { resolveAlias: { '@/lib/db': './src/lib/db/node-postgres.ts' } } : {}),
  },
  // The variant's sources are the shipped ones, type-checked by the normal build.
  ...(nodePostgres ? { distDir: '.next-node-postgres', typescript: { ignoreBuildErrors: true } } : {}),
};

export default config;
