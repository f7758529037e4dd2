import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/features/auth/config/auth.config';

// Built from the edge-safe config only: this file runs in the Edge runtime.
const { auth } = NextAuth(authConfig);

/**
 * Edge middleware. Auth.js reads the session — running the JWT and session
 * callbacks — on every matched request.
 * - `/admin/*`: guarded by role. No session: redirect to /login. Signed in
 *   without role `admin`: redirect to /forbidden.
 * - `GET /api/me` → `{ session }`: the session exactly as this Edge
 *   middleware built it (null when signed out), for the replay to read.
 */
export default auth((req) => {
  if (req.nextUrl.pathname === '/api/me') return NextResponse.json({ session: req.auth });
  const user = req.auth?.user;
  if (!user) return NextResponse.redirect(new URL('/login', req.nextUrl));
  if (user.role !== 'admin') return NextResponse.redirect(new URL('/forbidden', req.nextUrl));
  return NextResponse.next();
});

/** Next's matcher: the middleware (and so the session callback) runs only for these paths. */
export const config = { matcher: ['/admin/:path*', '/api/me'] };
