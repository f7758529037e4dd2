import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { disconnectPrisma } from './db.js';

/** A running login backend. */
export interface LoginServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops listening and closes the Prisma pool. */
  close(): Promise<void>;
}

/**
 * Serves {@link createApp} over real HTTP with @hono/node-server.
 *
 * @param port TCP port; 0 (default) picks a free one
 */
export async function startLoginServer(port = 0): Promise<LoginServer> {
  return await new Promise((resolve) => {
    const server = serve({ fetch: createApp().fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          await disconnectPrisma();
        },
      });
    });
  });
}

// `pnpm start`: run it as a process.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startLoginServer(Number(process.env.PORT ?? 3000));
  console.log(`login backend on ${s.url}`);
}
