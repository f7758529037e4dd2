import { Hono } from 'hono';
import { authRoutes } from './routes/auth.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';

/**
 * The login backend's Hono app: `/api/auth/*`, `/api/dashboard`, `/health`.
 * An unhandled error (a Prisma error included) is logged with its code and
 * answered with 500 — the "500 Internal Server Error with Prisma error" of
 * the postmortem.
 */
export function createApp(): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/api/auth', authRoutes);
  app.route('/api/dashboard', dashboardRoutes);
  app.onError((err, c) => {
    const code = (err as { code?: unknown }).code;
    console.error(`[${c.req.method} ${c.req.path}] ${typeof code === 'string' ? `${code} ` : ''}${err.message}`);
    return c.json({ error: 'Internal Server Error' }, 500);
  });
  return app;
}
