import { Hono } from 'hono';
import { login } from '../services/auth.service.js';

/** `POST /api/auth/login` with `{ email, password }` → 200 `{ user, token }`, 400 bad body, 401 wrong credentials. */
export const authRoutes = new Hono();

authRoutes.post('/login', async (c) => {
  const body = (await c.req.json().catch(() => null)) as { email?: unknown; password?: unknown } | null;
  if (typeof body?.email !== 'string' || typeof body.password !== 'string') {
    return c.json({ error: 'Send a JSON body with "email" and "password" strings.' }, 400);
  }
  const result = await login(body.email.trim().toLowerCase(), body.password);
  if (!result) return c.json({ error: 'Invalid email or password' }, 401);
  return c.json(result, 200);
});
