import { listen, type GuardKind } from '@incident-replay/better-auth-app';
import { createApp } from './app.js';

// `pnpm start`: the app over real HTTP. SESSION_GUARD=better-auth runs the fixed guard.
const app = createApp({ guard: (process.env.SESSION_GUARD as GuardKind | undefined) ?? 'session-id' });
listen(app, Number(process.env.PORT ?? 3000));
