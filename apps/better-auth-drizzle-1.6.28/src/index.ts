/** The app of incident 004 on Better Auth 1.6.28 (email + password over the Drizzle adapter). */
import { accountFields as accountFieldsOf, createDrizzleAuthApp, type DrizzleAuthApp } from '@incident-replay/better-auth-drizzle-app';
import { BETTER_AUTH } from './auth.js';

/** The Better Auth version this app pins. */
export const BETTER_AUTH_VERSION = BETTER_AUTH.version;

/**
 * Builds the app on Better Auth 1.6.28; reads `env` when called, never at import (see createDrizzleAuthApp).
 *
 * @throws Error when DATABASE_URL or BETTER_AUTH_SECRET is unset, or SCHEMA_REVISION unknown
 */
export function createApp(env: Record<string, string | undefined> = process.env): DrizzleAuthApp {
  return createDrizzleAuthApp(BETTER_AUTH, env);
}

/** The account table's fields as Better Auth 1.6.28 itself defines them: field name → required (see accountFields of the app). */
export function accountFields(): Record<string, boolean> {
  return accountFieldsOf(BETTER_AUTH);
}
