import { listen } from '@incident-replay/better-auth-app';
import { createApp } from './index.js';

// `pnpm start`: the app over real HTTP on PORT (default 3000); DATABASE_URL, BETTER_AUTH_SECRET,
// BETTER_AUTH_URL and VALIDATE_SCHEMA as createApp reads them.
listen(createApp(process.env), Number(process.env.PORT ?? 3000));
