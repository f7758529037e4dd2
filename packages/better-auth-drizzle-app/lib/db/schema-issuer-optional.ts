/**
 * The app's schema after the fix (migration 0002_account_issuer_optional): `account.issuer` kept,
 * with its values, but nullable, so Better Auth >= 1.7.3, which never writes it, can insert
 * accounts again. The other tables are 1.6's.
 */
import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accountColumns } from './schema';

export { user, session, verification } from './schema';

export const account = pgTable(
  'account',
  {
    ...accountColumns(),
    issuer: text('issuer'),
  },
  (table) => [index('account_userId_idx').on(table.userId), uniqueIndex('account_issuer_accountId_uidx').on(table.issuer, table.accountId)],
);
