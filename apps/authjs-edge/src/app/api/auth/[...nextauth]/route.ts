import { handlers } from '@/auth';

// Auth.js endpoints (sign-in, callback, session, sign-out) in the Node.js runtime.
export const { GET, POST } = handlers;
