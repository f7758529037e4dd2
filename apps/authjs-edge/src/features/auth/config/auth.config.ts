import type { NextAuthConfig } from 'next-auth';
import { selectSessionCallback } from './session-callbacks';

/**
 * The edge-safe half of the Auth.js v5 split configuration (postmortem
 * 001_94afe4549f0b720e.txt, `src/features/auth/config/auth.config.ts`): no
 * providers that need Node.js, so `src/middleware.ts` can build its `auth`
 * from it in the Edge runtime. `src/auth.ts` adds the credentials provider.
 *
 * The JWT callback copies id, role and an access token into the token at
 * sign-in; the session callback is the one `SESSION_CALLBACK` names
 * (`database` / `database-rethrow` = before the fix, `token` = the fix).
 */
export const authConfig = {
  session: { strategy: 'jwt' },
  pages: { signIn: '/login' },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.id = user.id;
        token.role = user.role;
        token.accessToken = user.accessToken;
      }
      return token;
    },
    // Chosen per call, so one build can run either version (the server's environment decides).
    session: (params) => selectSessionCallback()(params as Parameters<ReturnType<typeof selectSessionCallback>>[0]),
  },
} satisfies NextAuthConfig;
