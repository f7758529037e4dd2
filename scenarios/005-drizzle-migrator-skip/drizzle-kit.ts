/**
 * Drizzle's migration machinery as the incident meets it: the real `drizzle-kit migrate` CLI
 * (0.31.10, the app's own copy, which loads the app's drizzle-orm 0.44.7 migrator) run in an app
 * folder, the ledger `drizzle.__drizzle_migrations` it writes, the journal `meta/_journal.json`
 * it reads, and the two guards teams added after the skip (ledgr#80's count, tokscale#933's order).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runTrackedCommand } from '@incident-replay/pg-harness';

/** What one `drizzle-kit migrate` run did. */
export interface DrizzleKitRun {
  /** The command as a person types it in the app folder. */
  command: string;
  /** The exit code; `null` when it was killed (the timeout). */
  exitCode: number | null;
  /** stdout and stderr interleaved, as they arrived. */
  output: string;
  /** Wall time from spawn to exit, in milliseconds. */
  durationMs: number;
}

/**
 * Runs `drizzle-kit migrate` (its drizzle.config.ts) in an app folder against a database: the
 * app's installed drizzle-kit (`node_modules/drizzle-kit/bin.cjs`) in a process of its own.
 *
 * @param appDir the app folder: apps/drizzle-kit-login or a copy of it whose node_modules links there
 * @param databaseUrl becomes `DATABASE_URL` (drizzle.config.ts reads it)
 * @param timeoutMs kill it (its process group) after this long; default 60 000
 * @throws Error when it cannot be spawned
 */
export async function drizzleKitMigrate(appDir: string, databaseUrl: string, timeoutMs = 60_000): Promise<DrizzleKitRun> {
  const command = 'drizzle-kit migrate';
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, FORCE_COLOR: '0', NO_COLOR: '1' };
  // A parent NODE_OPTIONS (vitest, tsx loaders) has no business in the CLI.
  delete env.NODE_OPTIONS;
  const { exitCode, output, durationMs } = await runTrackedCommand(process.execPath, [path.join(appDir, 'node_modules/drizzle-kit/bin.cjs'), 'migrate'], {
    cwd: appDir,
    env,
    timeoutMs,
    label: command,
  });
  return { command, exitCode, output, durationMs };
}

/** The line `drizzle-kit migrate` prints when its migrator returned without error. */
export const APPLIED_SUCCESSFULLY = '[✓] migrations applied successfully!';

/** One entry of meta/_journal.json. */
export interface JournalEntry {
  idx: number;
  /** Milliseconds since the epoch: drizzle-kit generate's clock, or a hand edit. */
  when: number;
  tag: string;
}

/** The journal of a migrations folder (`<folder>/meta/_journal.json`), parsed. */
export function readJournal(migrationsDir: string): JournalEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

/** A row of `drizzle.__drizzle_migrations`: its `created_at` (bigint, the entry's `when` when the migrator wrote it) as text. */
export type LedgerRow = {
  created_at: string;
};

/**
 * ledgr#80's guard (https://github.com/KenTaniguchi-R/ledgr/pull/80), reconstructed: after
 * migrating, the ledger's row count is compared with the journal's entry count and a shortfall
 * fails the deploy.
 *
 * @returns the two counts and whether the guard lets the deploy pass (no shortfall)
 */
export function countGuard(ledger: readonly LedgerRow[], journal: readonly JournalEntry[]): { recorded: number; entries: number; passes: boolean } {
  return { recorded: ledger.length, entries: journal.length, passes: ledger.length >= journal.length };
}

/**
 * tokscale#933's guard (https://github.com/junhoyeo/tokscale/pull/933), reconstructed: each
 * journal entry's `when` must be strictly greater than the one before it.
 *
 * @returns one line per entry that breaks the rule (`<tag> when <n> is not later than <previous tag> <m>`), `[]` when it passes
 */
export function whenIncreasingGuard(journal: readonly JournalEntry[]): string[] {
  return journal.flatMap((e, i) => {
    const prev = journal[i - 1];
    return prev && e.when <= prev.when ? [`${e.tag} when ${e.when} is not later than ${prev.tag} ${prev.when}`] : [];
  });
}

/**
 * The versions `drizzle-kit migrate` runs in an app folder: drizzle-kit's own, and the drizzle-orm
 * its bare `import('drizzle-orm/node-postgres/migrator')` resolves to from where it is installed.
 *
 * @throws Error when drizzle-kit is not installed there or cannot resolve drizzle-orm
 */
export function drizzleKitVersions(appDir: string): { drizzleKit: string; drizzleOrm: string } {
  const bin = fs.realpathSync(path.join(appDir, 'node_modules/drizzle-kit/bin.cjs'));
  const version = (dir: string) => (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const migrator = createRequire(bin).resolve('drizzle-orm/node-postgres/migrator');
  const orm = migrator.slice(0, migrator.lastIndexOf(`${path.sep}drizzle-orm${path.sep}`) + '/drizzle-orm'.length);
  return { drizzleKit: version(path.dirname(bin)), drizzleOrm: version(orm) };
}
