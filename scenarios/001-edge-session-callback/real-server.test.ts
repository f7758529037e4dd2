/**
 * Incident 001 on the real server: apps/authjs-edge under `next build` +
 * `next start`, so the middleware runs in Next's own Edge sandbox (not the
 * EdgeVM of the in-process replay). One build, one `next start` per session
 * callback (the server's environment picks it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { Databases, freePort } from '@incident-replay/pg-harness';
// Brings in the type of inject('postgres') (the globalSetup's ProvidedContext).
import type {} from '@incident-replay/incident/vitest-global-setup';
import { Browser, startServerProcess, type ServerProcess } from '@incident-replay/incident';
import type { NeonHttpProxy } from '@incident-replay/neon-http-proxy';
import { APP_DIR } from './in-process-app';
import { DOCUMENTED_LOG_LINE } from './incident';
import { ADA, appEnv, buildUsersDatabase, clearsSessionCookie, SESSION_COOKIE, signIn, startNeon, type SessionCallbackName } from './world';

const nextBin = createRequire(`${APP_DIR}/package.json`).resolve('next/dist/bin/next');

let databases: Databases;
let dbUrl: string;
let neon: NeonHttpProxy;
let env: Record<string, string>;
let adaCookie: string;
const servers: ServerProcess[] = [];


/** `next start` with the given session callback; returns the server and a browser holding Ada's cookie. */
async function start(callback: SessionCallbackName): Promise<{ server: ServerProcess; browser: Browser }> {
  const port = await freePort();
  const server = await startServerProcess({ command: process.execPath, args: [nextBin, 'start', '-p', String(port)], cwd: APP_DIR, port, env: { ...env, SESSION_CALLBACK: callback, NODE_ENV: 'production' }, readyPath: '/' });
  servers.push(server);
  const browser = new Browser(server.url);
  if (adaCookie) await browser.setCookie(SESSION_COOKIE, adaCookie);
  return { server, browser };
}

/** Newest modification time (ms) of the app's sources and config. */
function newestSource(): number {
  const files = [path.join(APP_DIR, 'next.config.ts'), path.join(APP_DIR, 'package.json'), ...fs.readdirSync(path.join(APP_DIR, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(APP_DIR, 'src', f))];
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

/** Runs `next build` in the app (env on top of ours); returns exit code and output. */
function nextBuild(extraEnv: Record<string, string> = {}): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [nextBin, 'build'], { cwd: APP_DIR, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extraEnv } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  const pg = inject('postgres');
  databases = new Databases(pg, pg.runId);
  const db = await databases.create('authjs_edge_real');
  dbUrl = db.url;
  await buildUsersDatabase(dbUrl);
  neon = await startNeon(db.name);
  env = appEnv(dbUrl, neon.fetchEndpoint);
  // `pnpm test` (turbo) builds the app just before; rebuild only when a source is newer than that build.
  const buildId = path.join(APP_DIR, '.next/BUILD_ID');
  if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSource()) {
    const build = nextBuild();
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status}):\n${build.output.slice(-3000)}`);
  }
}, 600_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  await neon?.stop();
  await databases?.dropAll();
});

describe.sequential('001 on next start (middleware in Next’s Edge sandbox)', () => {
  it('before the fix, endpoint up: sign-in works and the middleware’s session callback queries through neon-http', async () => {
    const { browser } = await start('database');
    const res = await signIn(browser, ADA.email, ADA.password);
    expect(res.status).toBe(302);
    adaCookie = (await browser.cookie(SESSION_COOKIE)) ?? '';
    expect(adaCookie).not.toBe('');
    neon.resetQueries();
    const admin = await browser.request('/admin');
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('Admin area');
    expect(neon.queries.map((q) => q.query)).toEqual([DOCUMENTED_LOG_LINE.slice(DOCUMENTED_LOG_LINE.indexOf('select'))]);
  });

  it('before the fix, endpoint unreachable: the documented line is printed and the admin is sent to /forbidden', async () => {
    const { server, browser } = await start('database');
    await neon.setMode('unreachable');
    try {
      const from = server.output.length;
      const admin = await browser.request('/admin');
      expect(admin.status).toBe(307);
      expect(new URL(admin.headers.get('location')!, browser.baseUrl).pathname).toBe('/forbidden');
      expect(clearsSessionCookie(admin.headers.getSetCookie())).toBe(false);
      const printed = server.outputSince(from);
      expect(printed).toContain(DOCUMENTED_LOG_LINE);
      const me = (await (await browser.request('/api/me')).json()) as { session: { user: Record<string, unknown>; accessToken?: string } };
      expect(me.session.user).toEqual({ name: ADA.name, email: ADA.email });
      expect(me.session.accessToken).toBeUndefined();
    } finally {
      await neon.setMode('up');
    }
  });

  it('rethrowing variant: Auth.js logs JWTSessionError, clears the cookie and the middleware sends the user to /login', async () => {
    const { server, browser } = await start('database-rethrow');
    await neon.setMode('unreachable');
    try {
      const from = server.output.length;
      const admin = await browser.request('/admin');
      expect(admin.status).toBe(307);
      expect(new URL(admin.headers.get('location')!, browser.baseUrl).pathname).toBe('/login');
      expect(clearsSessionCookie(admin.headers.getSetCookie())).toBe(true);
      const printed = server.outputSince(from);
      expect(printed).toContain(DOCUMENTED_LOG_LINE);
      expect(printed.some((l) => /\[auth\]\[error\].* JWTSessionError/.test(l))).toBe(true);
    } finally {
      await neon.setMode('up');
    }
  });

  it('the fix (token-only): admin let in with the endpoint unreachable, and no query per request when it is up', async () => {
    const { browser } = await start('token');
    await neon.setMode('unreachable');
    const down = await browser.request('/admin');
    expect(down.status).toBe(200);
    await neon.setMode('up');
    neon.resetQueries();
    for (let i = 0; i < 3; i++) expect((await browser.request('/admin')).status).toBe(200);
    expect(neon.queries).toEqual([]);
    const me = (await (await browser.request('/api/me')).json()) as { session: { user: { role?: string; id?: string }; accessToken?: string } };
    expect(me.session.user.role).toBe('admin');
    expect(me.session.accessToken).toMatch(/^at_/);
  });
});

describe('001 TCP-client variant under next build + next start', () => {
  // The same app with `@/lib/db` swapped for node-postgres (AUTHJS_EDGE_DB_CLIENT, see next.config.ts).
  it('builds, but the Edge middleware module cannot load: every matched route answers 500, unmatched pages still work', async () => {
    const variant = { AUTHJS_EDGE_DB_CLIENT: 'node-postgres' };
    const build = nextBuild(variant);
    if (build.status !== 0) throw new Error(`variant build failed (exit ${build.status}):\n${build.output.slice(-3000)}`);
    const port = await freePort();
    const server = await startServerProcess({ command: process.execPath, args: [nextBin, 'start', '-p', String(port)], cwd: APP_DIR, port, env: { ...env, ...variant, SESSION_CALLBACK: 'database', NODE_ENV: 'production' }, readyPath: '/login' });
    servers.push(server);
    const browser = new Browser(server.url);
    if (adaCookie) await browser.setCookie(SESSION_COOKIE, adaCookie);
    expect((await browser.request('/admin')).status).toBe(500);
    expect((await browser.request('/api/me')).status).toBe(500);
    expect((await browser.request('/login')).status).toBe(200);
    await vi.waitFor(() => expect(server.output.some((l) => /Failed to load external module node:util\/types: TypeError: Native module not found: node:util\/types/.test(l))).toBe(true), { timeout: 5000 });
  }, 600_000);
});

