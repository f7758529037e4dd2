import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { compare } from 'bcryptjs';
import { eq } from 'drizzle-orm';
import { authConfig } from '@/features/auth/config/auth.config';
import { db } from '@/lib/db';
import { users } from '@/lib/db/schema';

/**
 * The full Auth.js v5 instance (Node.js runtime): the edge-safe config plus
 * email/password sign-in against the users table. A successful sign-in issues
 * an opaque access token that the JWT callback stores in the session token.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const email = typeof credentials?.email === 'string' ? credentials.email : '';
        const password = typeof credentials?.password === 'string' ? credentials.password : '';
        if (!email || !password) return null;
        const user = await db.query.users.findFirst({ where: eq(users.email, email) });
        if (!user || !(await compare(password, user.password))) return null;
        return { id: user.id, name: user.name, email: user.email, role: user.role, accessToken: `at_${crypto.randomUUID()}` };
      },
    }),
  ],
});
