import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import diagnostics from 'node:diagnostics_channel';
import { runTrackedCommand } from '@incident-replay/pg-harness';
import { NO_DATABASE_URL, offlinePrismaEnv } from './env.js';
import { runWarm } from './warm.js';

/**
 * The diagnostics channel every Prisma CLI run is published on when it ends, with
 * `{ command, durationMs, cpuMs, warm, exitCode }` (`cpuMs` only for a warm run; a spawned CLI's
 * CPU is its process's). The replay's profile subscribes to it.
 */
export const PRISMA_CLI_CHANNEL = 'incident-replay:prisma-cli';
const cliChannel = diagnostics.channel(PRISMA_CLI_CHANNEL);

/** The preload that unrefs long timers (see unref-timers.cjs for why). */
export const UNREF_TIMERS_PRELOAD = fileURLToPath(new URL('./unref-timers.cjs', import.meta.url));

/** What one Prisma CLI run did. */
export interface PrismaCliResult {
  /** The command as a person would type it, e.g. `prisma migrate status`. */
  command: string;
  /** The process exit code; `null` when it was killed by a signal (e.g. the timeout). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order. */
  output: string;
  /** Wall time from spawn to exit (warm: from the request to the answer), in milliseconds. */
  durationMs: number;
  /** Where it ran: a process of its own (`spawned`) or the warm Prisma CLI process (`warm`). */
  ran: 'spawned' | 'warm';
}

/** Options for {@link runPrismaCli}. */
export interface PrismaCliOptions {
  /** The database the command works on (becomes `DATABASE_URL`); default {@link NO_DATABASE_URL}. */
  databaseUrl?: string;
  /** Extra variables for the child, applied last. */
  env?: Record<string, string>;
  /** Kill the CLI (SIGKILL to its process group) after this many milliseconds (default 60 000); `exitCode` is then `null`. */
  timeoutMs?: number;
  /**
   * Run it in the warm Prisma CLI process (warm-cli.cjs) instead of a process of its own
   * (default: yes, unless `PRISMA_CLI_WARM=0` is set). Same CLI code, same exit code and output
   * (test/warm.test.ts compares them); about a fifth of the CPU after the first command.
   */
  warm?: boolean;
}

/**
 * Finds the `prisma` CLI entry point installed for an app (its own version).
 *
 * @param appDir the folder holding the app's package.json
 * @returns absolute path of `prisma/build/index.js`
 * @throws Error when the app does not depend on `prisma`
 */
export function prismaEntryFor(appDir: string): string {
  const pkg = path.join(path.resolve(appDir), 'package.json');
  if (!fs.existsSync(pkg)) throw new Error(`runPrismaCli: ${appDir} has no package.json; pass the app folder (e.g. apps/prisma-login).`);
  try {
    const req = createRequire(pkg);
    return path.join(path.dirname(req.resolve('prisma/package.json')), 'build', 'index.js');
  } catch {
    throw new Error(`runPrismaCli: the app at ${appDir} does not depend on "prisma". Add it (exact version) to its package.json and run pnpm install.`);
  }
}

/**
 * Runs the app's own Prisma CLI (`node <app>/node_modules/prisma/build/index.js …args`)
 * in `appDir`, so its prisma.config.ts and prisma/schema.prisma are used,
 * with the offline environment of {@link offlinePrismaEnv} and the
 * {@link UNREF_TIMERS_PRELOAD} preload. Never throws for a failing command:
 * the exit code and output are in the result. The CLI runs in a process
 * group of its own and is tracked by pg-harness (`trackChildProcess`), so a
 * CLI that hangs dies with everything it started: at its timeout, on
 * SIGINT/SIGTERM/SIGHUP, or when this process exits.
 *
 * @param appDir the app folder (holding package.json and prisma.config.ts)
 * @param args CLI arguments, e.g. `['migrate', 'status']`
 * @returns exit code, stdout, stderr, interleaved output and wall time in ms
 * @throws Error when the app has no `prisma` dependency or the URL is not PostgreSQL
 */
export async function runPrismaCli(appDir: string, args: string[], options: PrismaCliOptions = {}): Promise<PrismaCliResult> {
  const entry = prismaEntryFor(appDir);
  const env: NodeJS.ProcessEnv = { ...process.env, ...offlinePrismaEnv(options.databaseUrl ?? NO_DATABASE_URL), ...options.env };
  // A parent NODE_OPTIONS (vitest, tsx loaders) has no business in the CLI.
  delete env.NODE_OPTIONS;
  const command = `prisma ${args.join(' ')}`;
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (options.warm ?? process.env.PRISMA_CLI_WARM !== '0') {
    const r = await runWarm(['--require', UNREF_TIMERS_PRELOAD], { entry, args, env, cwd: path.resolve(appDir), timeoutMs, label: `${command} [warm]` });
    const durationMs = performance.now() - started;
    cliChannel.publish({ command, durationMs, cpuMs: r.cpuMs, warm: true, exitCode: r.exitCode });
    return { command, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, output: r.output, durationMs, ran: 'warm' };
  }
  const r = await runTrackedCommand(process.execPath, ['--require', UNREF_TIMERS_PRELOAD, entry, ...args], {
    cwd: path.resolve(appDir),
    env,
    timeoutMs,
    label: command,
  });
  cliChannel.publish({ command, durationMs: r.durationMs, cpuMs: null, warm: false, exitCode: r.exitCode });
  return { command, ...r, ran: 'spawned' };
}

/**
 * Runs `prisma generate` for an app with the offline environment, for the
 * app's `postinstall` script (so `pnpm install` alone prepares Prisma).
 * Prints the CLI output.
 *
 * @param appDir the app folder
 * @returns the CLI result (exit code 0)
 * @throws Error with the CLI output when generate exits non-zero
 */
export async function generatePrismaClient(appDir: string): Promise<PrismaCliResult> {
  const res = await runPrismaCli(appDir, ['generate'], { warm: false }); // one command: nothing to reuse
  if (res.exitCode !== 0) throw new Error(`prisma generate failed in ${appDir} (exit ${res.exitCode}):\n${res.output}`);
  return res;
}
