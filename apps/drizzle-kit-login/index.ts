/**
 * The app of incident 005-drizzle-migrator-skip, for the replay: its HTTP handler, its database
 * client and close function, its tables, its password hashing, and where it and its migrations
 * live (drizzle-kit applies them: `pnpm migrate`, drizzle.config.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { db, closeDb } from './lib/db';
export { handle } from './src/handler';
export { hashPassword } from './lib/auth/password';
export * as schema from './lib/db/schema';

/** The app folder (where drizzle.config.ts is, and where `drizzle-kit migrate` runs). */
export const APP_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Absolute path of the migrations folder (SQL files + meta/_journal.json). */
export const MIGRATIONS_DIR = path.join(APP_DIR, 'db/migrations');
