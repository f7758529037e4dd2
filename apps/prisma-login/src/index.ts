/**
 * The login backend of postmortem 002_89ba75fe544c3693.txt, for the replay.
 */
export { createApp } from './app.js';
export { startLoginServer, type LoginServer } from './server.js';
export { prisma, disconnectPrisma } from './db.js';
export { login, hashPassword, toPublicUser, type PublicUser, type LoginResult } from './services/auth.service.js';
export { signToken, verifyToken, type TokenClaims } from './lib/token.js';
export { APP_DIR, FIX_SCRIPT_PATH, MIGRATIONS_DIR, FAILED_MIGRATION } from './paths.js';
