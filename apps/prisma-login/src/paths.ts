import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This app's folder (where prisma.config.ts is): the cwd for its Prisma CLI. */
export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** prisma/migrations of this app. */
export const MIGRATIONS_DIR = path.join(APP_DIR, 'prisma', 'migrations');
/** The migration that shipped without `ALTER TABLE users` (postmortem 002). */
export const FAILED_MIGRATION = '20251014_add_avatar_creator_complete';
/** The hand-run SQL fix of postmortem 002 (five `ADD COLUMN IF NOT EXISTS`). */
export const FIX_SCRIPT_PATH = path.join(APP_DIR, 'FIX_PRODUCTION_LOGIN_NOW.sql');
