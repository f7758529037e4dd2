/**
 * NextAuth v4 App Router endpoint (/api/auth/*): csrf, callback/credentials,
 * session, signout. Options are built per request so SESSION_VERSION_CODE
 * can select the pre-fix or fixed JWT callback.
 */
import NextAuth from 'next-auth';
import { getAuthOptions } from '../../../../lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: Context): Promise<Response> {
  return NextAuth(req as never, context as never, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
