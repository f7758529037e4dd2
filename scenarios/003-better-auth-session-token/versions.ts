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
   * up by: `token` (its own column, >= 1.0) or `id` (0.x).
   */
  lookupColumn: 'token' | 'id';
  /**
   * What the postmortem's documented fix (migration + `prisma generate` +
   * restart) does to it:
   * - `server-error`: sign-in and get-session answer 500;
   * - `schema-mismatch`: the handler rejects with SchemaMismatchError (1.7.3+);
   * - `already-in-place`: its native schema already is the postmortem's target.
   */
  documentedFix: 'server-error' | 'schema-mismatch' | 'already-in-place';
  /** The built-in secret used when none is configured. */
  defaultSecret: string;
  /** In production without a secret: logs an error and runs on the default, or throws. */
  productionWithoutSecret: 'logs-and-runs' | 'throws';
}

const app = (dir: string) => fileURLToPath(new URL(`../../apps/${dir}`, import.meta.url));

/** Better Auth 1.4.0, current on the incident's date (2025-11-23). */
export const V1_4: BetterAuthVersion = {
  version: '1.4.0',
  app: 'better-auth-1.4',
  appDir: app('better-auth-1.4'),
  createApp: createApp14,
  initMigration: '20251101000000_init',
  lookupColumn: 'token',
  documentedFix: 'server-error',
  defaultSecret: 'better-auth-secret-123456789',
  productionWithoutSecret: 'logs-and-runs',
};

/** Better Auth 1.7.25: checks the Prisma client's data model before serving (since 1.7.3). */
export const V1_7: BetterAuthVersion = {
  version: '1.7.25',
  app: 'better-auth-1.7',
  appDir: app('better-auth-1.7'),
  createApp: createApp17,
  initMigration: '20251101000000_init',
  lookupColumn: 'token',
  documentedFix: 'schema-mismatch',
  defaultSecret: 'better-auth-secret-12345678901234567890',
  productionWithoutSecret: 'throws',
};

/** Better Auth 0.8.8, the last line before sessions got a `token` column (better-auth PR #595). */
export const V0_8: BetterAuthVersion = {
  version: '0.8.8',
  app: 'better-auth-0.8',
  appDir: app('better-auth-0.8'),
  createApp: createApp08,
  initMigration: '20251101000000_init',
  lookupColumn: 'id',
  documentedFix: 'already-in-place',
  defaultSecret: 'better-auth-secret-123456789',
  productionWithoutSecret: 'logs-and-runs',
};

/** The matrix, in the order the replay runs it. */
export const VERSIONS: readonly BetterAuthVersion[] = [V1_4, V1_7, V0_8];
