/** The app of postmortem 003 on Better Auth 1.7.25 (see README.md). */
export { createApp, BETTER_AUTH_VERSION } from './app.js';
export type { BetterAuthApp, CreateAppOptions, GuardKind } from '@incident-replay/better-auth-app';
