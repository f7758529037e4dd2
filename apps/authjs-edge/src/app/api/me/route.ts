import NextAuth from 'next-auth';
import { authConfig } from '@/features/auth/config/auth.config';

// The session as the Edge runtime sees it (same config and callbacks as the middleware).
export const runtime = 'edge';

const { auth } = NextAuth(authConfig);

/** GET /api/me → `{ session }`: the session Auth.js builds in the Edge runtime (null when signed out). */
export const GET = auth((req) => Response.json({ session: req.auth }));
