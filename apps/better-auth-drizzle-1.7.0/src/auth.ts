import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { getAuthTables } from 'better-auth/db';
import type { BetterAuthLibrary } from '@incident-replay/better-auth-drizzle-app';

/** Better Auth 1.7.0 as this app installs it: what the app's code (written once) is wired to. */
export const BETTER_AUTH: BetterAuthLibrary<unknown> = {
  version: '1.7.0',
  betterAuth: betterAuth as unknown as BetterAuthLibrary<unknown>['betterAuth'],
  drizzleAdapter: drizzleAdapter as unknown as BetterAuthLibrary<unknown>['drizzleAdapter'],
  getAuthTables: getAuthTables as unknown as BetterAuthLibrary<unknown>['getAuthTables'],
};
