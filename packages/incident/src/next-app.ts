/**
 * A Next.js app as the steps see it, on either host: in-process (its route handlers called
 * directly) or built (`next build` once, then `next start` over real HTTP).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { freePort, trackChildProcess } from '@incident-replay/pg-harness';
import { Browser } from './cookies.js';
import { writeOut } from './log-capture.js';
import type { HostName } from './model.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** Where an in-process app pretends to answer (cookies are scoped to it; the auth library's URL points at it). */
export const IN_PROCESS_URL = 'http://localhost:3000';

/**
 * The app under test with the same face on every host, so one step runs on both.
 * `V` names the app's deployable variants (e.g. `'pre-fix' | 'fixed'`).
 */
export interface AppUnderTest<V extends string> {
  readonly host: HostName;
  /** Where the app answers, e.g. `http://localhost:3000`. */
  readonly baseUrl: string;
  /** A `fetch` at the app: absolute URL under `baseUrl`; redirects are not followed; the body is buffered. */
  fetch(input: string, init?: RequestInit): Promise<Response>;
  /** A new browser (empty cookie jar) on the app. */
  browser(): Browser;
  /** Deploys variant `v` (built host: restarts the server with its environment). */
  deploy(v: V): Promise<void>;
}

/** Options of {@link BuiltNextApp.start}. */
export interface BuiltNextAppOptions<V extends string> {
  /** The app's folder (holds package.json and next.config.ts). */
  appDir: string;
  /** The server's environment for variant `v`; `baseUrl` is where it will answer (for NEXTAUTH_URL and the like). */
  env(v: V, baseUrl: string): Record<string, string>;
  /** A path that answers once the server is ready (any status). Default `/`. */
  readyPath?: string;
  /** Where the build lives, relative to `appDir`, as next.config sets it (default `.next`). */
  distDir?: string;
  /** Environment of the build, also given to `next start` (next.config reads it again there). */
  buildEnv?: Record<string, string>;
}

/**
 * The built host: `next start` of a production build, restarted on the same port by every
 * {@link deploy} of another variant. The server's stdout and stderr go into the log of the step
 * running at the time (source `next start`); each {@link fetch} waits until the server has been
 * quiet for 50 ms (at most 1 s), so the lines a request caused are in that step's log when it
 * checks them.
 */
export class BuiltNextApp<V extends string> implements AppUnderTest<V> {
  readonly host = 'built' as const;
  private server: ServerProcess | undefined;
  private variant: V | undefined;

  private constructor(
    private readonly opts: BuiltNextAppOptions<V>,
    private readonly port: number,
  ) {}

  /**
   * Builds the app when needed (see {@link ensureNextBuild}) and picks a port; the server starts
   * at the first {@link deploy}.
   *
   * @throws Error when `next build` fails (with its last output)
   */
  static async start<V extends string>(opts: BuiltNextAppOptions<V>): Promise<BuiltNextApp<V>> {
    await ensureNextBuild(opts.appDir, { distDir: opts.distDir, env: opts.buildEnv });
    return new BuiltNextApp(opts, await freePort());
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  /** Every line the running server printed so far (stdout and stderr interleaved). */
  get output(): readonly string[] {
    return this.server?.output ?? [];
  }

  /**
   * Starts `next start` with variant `v`'s environment, stopping the server of another variant
   * first; does nothing when `v` is already running.
   *
   * @throws Error with the server's last lines when it exits or does not answer within 60 s
   */
  async deploy(v: V): Promise<void> {
    if (this.server && this.variant === v) return;
    await this.stop();
    const { appDir, readyPath = '/', buildEnv = {} } = this.opts;
    this.server = await startServerProcess({
      command: process.execPath,
      args: [nextBin(appDir), 'start', '-p', String(this.port)],
      cwd: appDir,
      port: this.port,
      env: { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...buildEnv, ...this.opts.env(v, this.baseUrl) },
      readyPath,
      logSource: 'next start',
    });
    this.variant = v;
  }

  /** @throws Error when no variant is deployed; fetch's own error when the server does not answer */
  async fetch(input: string, init: RequestInit = {}): Promise<Response> {
    const server = this.server;
    if (!server) throw new Error(`${path.basename(this.opts.appDir)}: fetch ${input} before any deploy()`);
    const res = await fetch(new URL(input, this.baseUrl), { ...init, redirect: 'manual' });
    const body = res.status === 204 || res.status === 304 ? null : await res.arrayBuffer();
    await server.quiet();
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }

  browser(): Browser {
    return new Browser(this.baseUrl, (input, init) => this.fetch(input, init));
  }

  /** Stops the server (idempotent). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.variant = undefined;
    await s?.stop();
  }
}

/** The app's own `next` CLI (the version its package.json pins). */
function nextBin(appDir: string): string {
  return createRequire(path.join(appDir, 'package.json')).resolve('next/dist/bin/next');
}

const builds = new Map<string, Promise<void>>();

/**
 * Makes sure `appDir` has a production build in `distDir`: none is made when `<distDir>/BUILD_ID`
 * exists and is newer than every source file (what turbo's `build` task, run before `pnpm test`,
 * leaves). Otherwise runs `next build` once per process, with a progress line before and after
 * (through {@link writeOut}, so it shows even while a step's log is captured). The build runs as
 * a tracked child process: a step or setup that runs past its limit kills it.
 *
 * @param options.distDir the build folder relative to `appDir` (default `.next`)
 * @param options.env the build's environment on top of this process's (e.g. a variant switch next.config reads)
 * @throws Error with the build's last 3000 characters of output when it exits non-zero
 */
export function ensureNextBuild(appDir: string, options: { distDir?: string; env?: Record<string, string> } = {}): Promise<void> {
  const distDir = options.distDir ?? '.next';
  const key = path.join(appDir, distDir);
  let p = builds.get(key);
  if (!p) {
    p = buildIfStale(appDir, distDir, options.env ?? {});
    builds.set(key, p);
    p.catch(() => builds.delete(key)); // a failed build is tried again next time
  }
  return p;
}

async function buildIfStale(appDir: string, distDir: string, env: Record<string, string>): Promise<void> {
  const buildId = path.join(appDir, distDir, 'BUILD_ID');
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : undefined;
  const newer = builtAt === undefined ? undefined : newestSource(appDir, builtAt);
  if (builtAt !== undefined && !newer) return;
  const app = `${path.basename(path.dirname(appDir))}/${path.basename(appDir)}`;
  const vars = Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const why = newer ? `${path.relative(appDir, newer)} is newer than its build` : `no build in ${distDir}/`;
  writeOut(`  ${app}: ${why}; running ${vars}next build once…\n`);
  const t0 = performance.now();
  const { code, output } = await run(process.execPath, [nextBin(appDir), 'build'], appDir, { NEXT_TELEMETRY_DISABLED: '1', ...env });
  if (code !== 0) throw new Error(`${vars}next build of ${app} failed (exit ${code}):\n${output.slice(-3000)}`);
  writeOut(`  ${app}: built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

/**
 * Not inputs of a build: dependencies, build output, generated files, and what turbo.json's
 * `build` inputs leave out too (docs, the drift check's config).
 */
const NOT_BUILD_INPUTS = /^(node_modules|\.next.*|\.turbo|next-env\.d\.ts|.*\.tsbuildinfo|.*\.md|drift\.config\.ts)$/;

/** The first source file of the app modified after `since` (ms). */
function newestSource(dir: string, since: number): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const name = entry.name;
    if (NOT_BUILD_INPUTS.test(name)) continue;
    const full = path.join(dir, name);
    if (entry.isDirectory()) {
      const found = newestSource(full, since);
      if (found) return found;
    } else if (entry.isFile() && fs.statSync(full).mtimeMs > since) return full;
  }
  return undefined;
}

/** Runs a command as a tracked child process in its own group; resolves with its exit code and output. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const untrack = trackChildProcess(child, `${command} ${args.join(' ')}`);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => {
      untrack();
      reject(e);
    });
    child.on('close', (code) => {
      untrack();
      resolve({ code, output });
    });
  });
}
