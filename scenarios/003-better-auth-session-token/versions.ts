import { fileURLToPath } from 'node:url';
import type { BetterAuthApp, CreateAppOptions } from '@incident-replay/better-auth-app';
import { createApp as createApp14 } from '@incident-replay/app-better-auth-1.4';
import { createApp as createApp17 } from '@incident-replay/app-better-auth-1.7';
import { createApp as createApp08 } from '@incident-replay/app-better-auth-0.8';

/**
 * One Better Auth version in the matrix: which app runs it, and what this
 * project verified the version does (read from its source, then observed).
 * The story in story.ts is written once and reads these facts.
 */
export interface BetterAuthVersion {
  /** The exact version, e.g. `1.4.0`. */
  version: string;
  /** The app's folder name under apps/ (what the drift check takes). */
  app: string;
  /** The app folder (apps/better-auth-*), absolute. */
  appDir: string;
  createApp(options: CreateAppOptions): BetterAuthApp;
  /** Its first migration (the schema the app was deployed with). */
  initMigration: string;
  /**
   * Where the version keeps the token the cookie carries and looks sessions
   * up by: `token` (its own column, >= 1.0) or `id` (0.x). It picks the
   * symptom chapter of the story (story.ts): the app's pre-fix guard queries
   * `id`, so it fails exactly where this is `token`.
   */
  lookupColumn: 'token' | 'id';
  /** The session table's columns in the version's own schema (prisma/schema.prisma), in order. */
  sessionColumns: readonly string[];
  /** The postmortem's fix migration when the app ships it; `null` when its schema already is the fix's target. */
  fixMigration: string | null;
  /**
   * What the postmortem's documented fix (migration + `prisma generate` +
   * restart) does to it; picks the documented-fix chapter of the story:
   * - `server-error`: sign-in and get-session answer 500;
   * - `schema-mismatch`: the handler rejects with SchemaMismatchError (1.7.3+);
   * - `already-in-place`: its native schema already is the postmortem's target.
   */
  documentedFix: 'server-error' | 'schema-mismatch' | 'already-in-place';
  /**
   * Better Auth alone, in production without any secret: the built-in default
   * it runs on (after logging an error), or the class of the error it throws.
   */
  productionWithoutSecret: { runsOn: string; throws?: undefined } | { throws: string; runsOn?: undefined };
}

/** The postmortem's migration (empties the session table, drops `token`), as the 1.x apps ship it. */
export const FIX_MIGRATION = '20251123_fix_session_token_structure';

const ONE_X_SESSION_COLUMNS = ['id', 'token', 'expiresAt', 'createdAt', 'updatedAt', 'ipAddress', 'userAgent', 'userId'];

const app = (dir: string) => fileURLToPath(new URL(`../../apps/${dir}`, import.meta.url));

/** Better Auth 1.4.0, current on the incident's date (2025-11-23). */
export const V1_4: BetterAuthVersion = {
  version: '1.4.0',
  app: 'better-auth-1.4',
  appDir: app('better-auth-1.4'),
  createApp: createApp14,
  initMigration: '20251101000000_init',
  lookupColumn: 'token',
  sessionColumns: ONE_X_SESSION_COLUMNS,
  fixMigration: FIX_MIGRATION,
  documentedFix: 'server-error',
  productionWithoutSecret: { runsOn: 'better-auth-secret-123456789' },
};

/** Better Auth 1.7.25: checks the Prisma client's data model before serving (since 1.7.3). */
export const V1_7: BetterAuthVersion = {
  version: '1.7.25',
  app: 'better-auth-1.7',
  appDir: app('better-auth-1.7'),
  createApp: createApp17,
  initMigration: '20251101000000_init',
  lookupColumn: 'token',
  sessionColumns: ONE_X_SESSION_COLUMNS,
  fixMigration: FIX_MIGRATION,
  documentedFix: 'schema-mismatch',
  productionWithoutSecret: { throws: 'BetterAuthError' },
};

/** Better Auth 0.8.8, the last line before sessions got a `token` column (better-auth PR #595). */
export const V0_8: BetterAuthVersion = {
  version: '0.8.8',
  app: 'better-auth-0.8',
  appDir: app('better-auth-0.8'),
  createApp: createApp08,
  initMigration: '20251101000000_init',
  lookupColumn: 'id',
  sessionColumns: ['id', 'expiresAt', 'ipAddress', 'userAgent', 'userId'],
  fixMigration: null,
  documentedFix: 'already-in-place',
  productionWithoutSecret: { runsOn: 'better-auth-secret-123456789' },
};

/** The matrix, in the order the replay runs it. */
export const VERSIONS: readonly BetterAuthVersion[] = [V1_4, V1_7, V0_8];
