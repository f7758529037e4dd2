/** The app's tables, as Drizzle declares them (what the app's queries expect). */
import { pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Users who sign in with email and password. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  /** `scrypt$<salt hex>$<key hex>` (lib/auth/password.ts). */
  passwordHash: text('password_hash').notNull(),
  /** Set at every sign-in; added by 0001, the migration whose journal `when` was edited by hand. */
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  /** The client kit the user last signed in from (e.g. `web-2.3`); added by 0002, the migration drizzle-kit skipped. */
  kit: text('kit'),
});
