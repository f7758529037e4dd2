/**
 * The app's schema after the Better Auth 1.7.0 upgrade (`npx auth generate` of 1.7.0, applied by
 * migration 0001_account_issuer): `account.issuer` is required, and accounts are unique on
 * `(issuer, account_id)`. The other tables are 1.6's.
 */
import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accountColumns } from './schema';

export { user, session, verification } from './schema';

export const account = pgTable(
  'account',
  {
    ...accountColumns(),
    issuer: text('issuer').notNull(),
  },
  (table) => [index('account_userId_idx').on(table.userId), uniqueIndex('account_issuer_accountId_uidx').on(table.issuer, table.accountId)],
);
