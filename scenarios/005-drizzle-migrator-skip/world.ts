/**
 * The world of incident 005: the incident's database, Alice, apps/drizzle-kit-login on the
 * runner's host (app-host.ts), the app's files as the release shipped them (HEAD: 0001's `when`
 * edited into the future, 0002 generated after), the revision before 0002 (BASE) and the fix
 * commit (0001 restamped); the requests, ledger reads and drift checks the steps repeat.
 */
import type { IncidentEnv, ObservedResponse, StepContext, Tree } from '@incident-replay/incident';
import { APP_DIR, MIGRATIONS_DIR } from '@incident-replay/app-drizzle-kit-login';
import { recordDriftCheck, type DriftEvidence } from '../shared/drift-evidence';
import { appFiles, rehearsalRepo, type RehearsalRepo } from '../shared/rehearsal-evidence';
import { startApp, type RunningApp } from './app-host';
import { readJournal, type JournalEntry, type LedgerRow } from './drizzle-kit';

/** The report of the incident: drizzle-orm 0.44.7, drizzle-kit 0.31.10, a hand-edited `when`, users.kit missing. */
export const SOURCE = 'https://github.com/drizzle-team/drizzle-orm/issues/5316';
/** The migrator's rule, and the silent success, described (open). */
export const SKIP_ISSUE = 'https://github.com/drizzle-team/drizzle-orm/issues/5769';
/** Same shape: the journal fix alone does not heal a database that recorded the bad value. */
export const LEDGR_ISSUE = 'https://github.com/KenTaniguchi-R/ledgr/issues/75';
/** The count guard: ledger rows against journal entries, after migrating. */
export const COUNT_GUARD = 'https://github.com/KenTaniguchi-R/ledgr/pull/80';
/** The order guard: `when` strictly increasing, in CI. */
export const ORDER_GUARD = 'https://github.com/junhoyeo/tokscale/pull/933';

/** The user who signs in; `kit` is the client kit her sign-in records in users.kit. */
export const ALICE = { email: 'alice@example.com', password: 'correct horse battery staple', kit: 'web-2.3' };

/** The files of the app a checkout, the drift check and a rehearsal read. */
const FILES = ['package.json', 'tsconfig.json', 'drift.config.ts', 'drizzle.config.ts', 'lib/db/schema.ts', 'db/migrations'];
/** The Drizzle journal, relative to the app folder. */
export const JOURNAL = 'db/migrations/meta/_journal.json';
/** The journal as the drift check names it (relative to the repository). */
export const JOURNAL_IN_REPO = `apps/drizzle-kit-login/${JOURNAL}`;
/** The Drizzle schema, relative to the app folder. */
export const SCHEMA = 'lib/db/schema.ts';
/** The migration whose `when` was edited by hand, into the future (drizzle-orm#5316's 0013). */
export const EDITED = '0001_add_users_last_sign_in_at';
/** The migration generated after it, stamped by the real clock: earlier (drizzle-orm#5316's 0014). */
export const SKIPPED = '0002_add_users_kit';
/** 0001's `when` once restamped: what drizzle-kit generate had written, before the hand edit (2026-05-09T00:00:00Z). */
export const RESTAMPED_WHEN = 1778284800000;

/** The shipped journal (HEAD), read from the app folder. */
export const journal = (): JournalEntry[] => readJournal(MIGRATIONS_DIR);
/** The `when` of a journal entry, by tag. */
export const whenOf = (entries: readonly JournalEntry[], tag: string): number => {
  const e = entries.find((x) => x.tag === tag);
  if (!e) throw new Error(`${tag} is not in ${JOURNAL}`);
  return e.when;
};

/** Replaces `pattern` in `text`, or throws naming what it did not find. */
function replaced(text: string, pattern: RegExp, by: string, what: string): string {
  const out = text.replace(pattern, by);
  if (out === text) throw new Error(`reconstructing a revision: ${what} not found; the app changed, update world.ts`);
  return out;
}

/** A journal's text with its entries mapped (drizzle-kit's layout: two-space JSON and a newline). */
function withEntries(text: string, map: (entries: JournalEntry[]) => JournalEntry[]): string {
  const j = JSON.parse(text) as { entries: JournalEntry[] };
  return `${JSON.stringify({ ...j, entries: map(j.entries) }, null, 2)}\n`;
}

/** The app's files as the release shipped them (HEAD). */
export const shipped = (): Tree => appFiles(APP_DIR, FILES);

/**
 * BASE: the app before the pull request that generated 0002 — without its file, its journal entry
 * and the `kit` column (with its comment) of lib/db/schema.ts.
 *
 * @throws Error when one of those pieces is not there to remove
 */
export function beforeKit(head: Tree): Tree {
  const { [`db/migrations/${SKIPPED}.sql`]: added, ...rest } = head;
  if (!added) throw new Error(`reconstructing BASE: db/migrations/${SKIPPED}.sql missing`);
  return {
    ...rest,
    [SCHEMA]: replaced(head[SCHEMA] ?? '', /\n[ \t]*\/\*\*[^\n]*\*\/\n[ \t]*kit: text\('kit'\),/, '', 'the kit column'),
    [JOURNAL]: withEntries(head[JOURNAL] ?? '', (es) => es.filter((e) => e.tag !== SKIPPED)),
  };
}

/** The fix commit: HEAD with 0001's `when` restamped to {@link RESTAMPED_WHEN}, earlier than 0002's. */
export function restamped(head: Tree): Tree {
  return { ...head, [JOURNAL]: withEntries(head[JOURNAL] ?? '', (es) => es.map((e) => (e.tag === EDITED ? { ...e, when: RESTAMPED_WHEN } : e))) };
}

/**
 * A checkout of one revision of the app: a throwaway repository laid out as this one
 * (`apps/drizzle-kit-login/`, node_modules linked to the app's), whose work tree is `tree`
 * (`previous`, when given, is the commit before it). Removed when the incident ends.
 */
export function checkout(env: Pick<IncidentEnv, 'onTeardown'>, tree: Tree, previous: Tree = {}): RehearsalRepo {
  const r = rehearsalRepo(APP_DIR, { base: previous, head: tree });
  env.onTeardown(r.repo.remove);
  return r;
}

/** The 1-based line of the `"when"` of the entry `tag` in a journal's text (drizzle-kit's layout: `when` before `tag`). */
export function whenLine(text: string, tag: string): number {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(`"tag": "${tag}"`));
  for (let i = at; i >= 0; i--) if (lines[i]!.includes('"when"')) return i + 1;
  throw new Error(`no "when" for ${tag} in the journal`);
}

/** What setup builds and every step receives. */
export interface World {
  /** The incident's database (production). */
  url: string;
  /** The database's name (a template for copies). */
  name: string;
  /** The app on the runner's host. */
  app: RunningApp;
  /** A checkout of BASE (0000, 0001): what the first deploy ran. */
  base: RehearsalRepo;
  /** A checkout of the fix commit (0001 restamped), HEAD before it. */
  fix: RehearsalRepo;
  /** Copies of the database right after the release's migrate (made before the app first connects). */
  copies: { handRepair: string; journalFixOnly: string };
}

/** Makes the incident's (empty) database, starts the app on it, and checks out BASE and the fix commit. */
export async function setup(env: IncidentEnv): Promise<World> {
  const db = await env.databases.create('005_app');
  const app = await startApp(env, db.url);
  const head = shipped();
  const base = checkout(env, beforeKit(head));
  const fix = checkout(env, restamped(head), head);
  return { url: db.url, name: db.name, app, base, fix, copies: { handRepair: '', journalFixOnly: '' } };
}

/** The ledger's `created_at` values, recorded, in insertion order. */
export function ledger(t: StepContext, url: string, label = 'migration ledger'): Promise<LedgerRow[]> {
  return t.sql<LedgerRow>(label, url, 'SELECT created_at::text FROM drizzle.__drizzle_migrations ORDER BY id');
}

/** Whether `users.kit` exists, recorded. */
export async function hasKit(t: StepContext, url: string): Promise<boolean> {
  const rows = await t.sql('users.kit exists', url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'kit'`);
  return rows.length === 1;
}

/**
 * Runs the read-only drift check (packages/drift) on a database and records it.
 *
 * @param repoRoot a checkout's top level (default: this repository, whose app is HEAD)
 */
export function drift(t: StepContext, url: string, label = 'drift check', repoRoot?: string): Promise<DriftEvidence> {
  return recordDriftCheck(t, label, { app: 'drizzle-kit-login', databaseUrl: url, ...(repoRoot ? { repoRoot } : {}) });
}

/** Alice signs in (`POST /api/sign-in`) from her client kit; records and returns the response. */
export async function signIn(t: StepContext, w: World, label = 'sign-in'): Promise<ObservedResponse> {
  const res = await w.app.browser().request('/api/sign-in', { method: 'POST', json: ALICE });
  return t.http(label, res, { method: 'POST', url: '/api/sign-in' });
}

/** The app's log line for a failed sign-in, parsed: PostgreSQL's message and SQLSTATE, or undefined. */
export function signInFailure(t: StepContext): { message: string; sqlstate: string } | undefined {
  const line = t.logsMatching(/\[sign-in\] failed: /)[0]?.text;
  const m = line?.match(/\[sign-in\] failed: (.*) \(SQLSTATE (\w{5})\)/);
  return m ? { message: m[1]!, sqlstate: m[2]! } : undefined;
}
