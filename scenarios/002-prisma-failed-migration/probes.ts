/**
 * What incident 002's steps measure, each recorded in the step: Prisma CLI runs,
 * requests to the login backend, catalog queries and the drift check.
 */
import type { ObservedResponse, StepContext } from '@incident-replay/incident';
import { APP_DIR } from '@incident-replay/app-prisma-login';
import { runPrismaCli, type PrismaCliResult } from '@incident-replay/prisma-offline';
import { recordDriftCheck, type DriftEvidence } from '../shared/drift-evidence';
import type { World } from './world';

export type CommandResult = PrismaCliResult;

/** The postmortem's own verification query (its Step 3). */
export const VERIFY_COLUMNS = `SELECT column_name, data_type, column_default
FROM information_schema.columns
WHERE table_name = 'users'
  AND column_name LIKE 'unlimited%'
ORDER BY column_name`;

/** The five columns as the catalog defines them: type with precision, NOT NULL, default. */
export const CATALOG_COLUMNS = `SELECT attname, format_type(atttypid, atttypmod) AS type, attnotnull, pg_get_expr(adbin, adrelid) AS default
  FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
  WHERE attrelid = 'users'::regclass AND attname LIKE 'unlimited%' ORDER BY attname`;

/** Runs the app's Prisma CLI (from its folder) on a database and records the command. */
export async function prismaCli(t: StepContext, label: string, args: string[], databaseUrl: string): Promise<CommandResult> {
  const res = await runPrismaCli(APP_DIR, args, { databaseUrl });
  t.command(label, res);
  return res;
}

/** `POST /api/auth/login` with a JSON body. */
export function postLogin(t: StepContext, w: World, label: string, body: { email: string; password: string }): Promise<ObservedResponse> {
  return w.app.request(t, label, '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** `GET /api/dashboard` with a bearer token. */
export function getDashboard(t: StepContext, w: World, label: string, token: string): Promise<ObservedResponse> {
  return w.app.request(t, label, '/api/dashboard', { headers: { authorization: `Bearer ${token}` } });
}

/** Tables of schema public except the migration ledger, sorted. */
export async function tablesIn(t: StepContext, url: string, label: string): Promise<string[]> {
  const rows = await t.sql<{ table_name: string }>(
    label,
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** The `unlimited%` columns of users, by the postmortem's verification query. */
export async function unlimitedColumns(t: StepContext, url: string, label: string): Promise<string[]> {
  const rows = await t.sql<{ column_name: string }>(label, url, VERIFY_COLUMNS);
  return rows.map((r) => r.column_name);
}

/** `count(*)` of users. */
export async function userCount(t: StepContext, url: string, label: string): Promise<number> {
  const [row] = await t.sql<{ n: number }>(label, url, 'SELECT count(*)::int AS n FROM users');
  return row!.n;
}

/** The users table's file node: it changes when a statement rewrites the table. */
export async function usersRelfilenode(t: StepContext, url: string, label: string): Promise<number> {
  const [row] = await t.sql<{ relfilenode: number }>(label, url, `SELECT relfilenode::int AS relfilenode FROM pg_class WHERE oid = 'users'::regclass`);
  return row!.relfilenode;
}

/** The read-only drift check of apps/prisma-login on a database, recorded as evidence. */
export function driftCheck(t: StepContext, url: string, label: string): Promise<DriftEvidence> {
  return recordDriftCheck(t, label, { app: 'prisma-login', databaseUrl: url });
}

/** `fails (<code>)` or `succeeds`, for a Prisma call's settled value. */
export function outcome(v: unknown): string {
  return v instanceof Error ? `fails (${(v as { code?: string }).code ?? v.name})` : 'succeeds';
}
