/**
 * @incident-replay/better-auth-app — the server of postmortem 003's app
 * (003_7bbeb936609481b9.txt), written once and wired to each Better Auth
 * version by apps/better-auth-*.
 */
export type { AuthLike, AuthSession } from './auth-like.js';
export { SESSION_COOKIE, readSessionCookie, splitSignedCookie } from './session-cookie.js';
export { sessionByIdGuard, betterAuthSessionGuard, type SessionGuard, type GuardedUser, type SessionRowById } from './session-guard.js';
export { createServer, PROTECTED_PATH, type SessionServer } from './server.js';
export { listen, serveFromEnv, appOptionsFromEnv, validateSchemaFromEnv, parseUnhandledError, UNHANDLED_ERROR_PREFIX, type UnhandledError } from './serve.js';
export { assembleApp, type BetterAuthApp, type GuardKind, type CreateAppOptions } from './app.js';
