import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/features/auth/config/auth.config';

// Built from the edge-safe config only: this file runs in the Edge runtime.
const { auth } = NextAuth(authConfig);

/**
 * Guards the admin area by role (Edge runtime). Auth.js reads the session —
 * running the JWT and session callbacks — on every matched request.
 * No session: redirect to /login. Signed in without role `admin`: redirect to /forbidden.
 */
export default auth((req) => {
  const user = req.auth?.user;
  if (!user) return NextResponse.redirect(new URL('/login', req.nextUrl));
  if (user.role !== 'admin') return NextResponse.redirect(new URL('/forbidden', req.nextUrl));
  return NextResponse.next();
});

export const config = { matcher: ['/admin/:path*'] };
