import { serve } from '@hono/node-server';
import type { SessionServer } from './server.js';

/**
 * Serves the app over real HTTP on `port` (what `pnpm start` runs) through
 * @hono/node-server's fetch ↔ node:http bridge.
 *
 * @returns a function that closes the server
 */
export function listen(app: SessionServer, port: number): () => Promise<void> {
  const server = serve({ fetch: (req) => app.fetch(req), port });
  console.log(`listening on http://localhost:${port}`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
