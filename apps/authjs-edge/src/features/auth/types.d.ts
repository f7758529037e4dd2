import type { DefaultSession } from 'next-auth';

// The fields this app adds to Auth.js' user, session and token.
declare module 'next-auth' {
  interface User {
    role?: string;
    accessToken?: string;
  }
  interface Session {
    accessToken?: string;
    user: { id: string; role?: string } & DefaultSession['user'];
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    id?: string;
    role?: string;
    accessToken?: string;
  }
}
