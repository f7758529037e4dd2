import { serveFromEnv } from '@incident-replay/better-auth-app';
import { createApp } from './app.js';

// `pnpm start`: the app over real HTTP. Switches: SESSION_GUARD=better-auth (the fixed guard),
// PRISMA_CLIENT=documented-fix (the client after the documented fix; 1.x only), PORT; see serveFromEnv.
serveFromEnv(createApp);
