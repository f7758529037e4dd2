import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The users table (postmortem 001_94afe4549f0b720e.txt, `src/lib/db/schema.ts`):
 * exactly the columns its failed query selects — id, name, email, password,
 * role, created_at, updated_at. `role` is what the admin area is guarded by.
 * Created by drizzle/0000_create_users.sql.
 */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  /** bcrypt hash. */
  password: text('password').notNull(),
  /** `user` or `admin`. */
  role: text('role').notNull().default('user'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A row of {@link users}. */
export type User = typeof users.$inferSelect;
