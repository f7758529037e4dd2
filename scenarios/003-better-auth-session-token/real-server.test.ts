/**
 * Incident 003 over real HTTP: each Better Auth app started as its own
 * process (`pnpm start` = `tsx src/main.ts`, node:http through
 * @hono/node-server), once with the pre-fix guard and once with the fixed
 * one, on a database migrated with `prisma migrate deploy`. The same
 * assertions for every version; what differs comes from versions.ts.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Databases, freePort, type TestDatabase } from '@incident-replay/pg-harness';
// Brings in the type of inject('postgres') (the globalSetup's ProvidedContext).
import type {} from '@incident-replay/incident/vitest-global-setup';
import { Browser, startServerProcess, type ServerProcess } from '@incident-replay/incident';
import { migrateDeployUpTo } from './migrations.js';
import { SESSION_COOKIE } from './signed-cookie.js';
import { VERSIONS, type BetterAuthVersion } from './versions.js';

const ALICE = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery staple' };


describe.each(VERSIONS.map((v) => [v.version, v] as [string, BetterAuthVersion]))('003 real server, better-auth %s', (_label, v) => {
  let databases: Databases;
  let db: TestDatabase;
  const secret = randomBytes(32).toString('base64url');
  const servers: ServerProcess[] = [];
  let cookie: string | undefined;

  async function start(guard: 'session-id' | 'better-auth'): Promise<ServerProcess> {
    const port = await freePort();
    const tsxCli = createRequire(`${v.appDir}/package.json`).resolve('tsx/cli');
    const server = await startServerProcess({
      command: process.execPath,
      args: [tsxCli, 'src/main.ts'],
      cwd: v.appDir,
      port,
      env: { DATABASE_URL: db.url, BETTER_AUTH_SECRET: secret, BETTER_AUTH_URL: `http://localhost:${port}`, PORT: String(port), SESSION_GUARD: guard },
      readyPath: '/api/auth/ok',
    });
    servers.push(server);
    return server;
  }

  const post = (b: Browser, path: string, json: unknown) => b.request(path, { method: 'POST', json, headers: { origin: b.baseUrl } });

  beforeAll(async () => {
    const pg = inject('postgres');
    databases = new Databases(pg, pg.runId);
    db = await databases.create(`ba${v.version.replace(/\./g, '')}_http`);
    const deploy = await migrateDeployUpTo(v.appDir, db.url, v.initMigration);
    expect(deploy.exitCode, deploy.output).toBe(0);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db?.drop();
  });

  it('pre-fix guard: Better Auth signs in and finds the session; the app guard answers as the version dictates', async () => {
    const server = await start('session-id');
    const b = new Browser(server.url);
    expect((await post(b, '/api/auth/sign-up/email', ALICE)).status).toBe(200);
    await b.clear();
    expect((await post(b, '/api/auth/sign-in/email', { email: ALICE.email, password: ALICE.password })).status).toBe(200);
    cookie = await b.cookie(SESSION_COOKIE);
    expect(cookie).toBeDefined();
    const session = await b.request('/api/auth/get-session');
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(ALICE.email);

    const from = server.output.length;
    const profile = await b.request('/api/profile');
    // 1.x keeps the token in its own column, so looking it up as the id fails; 0.x stores it as the id.
    expect(profile.status).toBe(v.lookupColumn === 'token' ? 401 : 200);
    expect(server.outputSince(from).join('\n')).toContain(v.lookupColumn === 'token' ? '[SessionGuard] Session: Not found' : '[SessionGuard] Session: Found');
  });

  it('fixed guard (auth.api.getSession): the same cookie, issued before the fix, reaches the protected route', async () => {
    expect(cookie, 'the previous test signs in').toBeDefined();
    const server = await start('better-auth');
    const b = new Browser(server.url);
    await b.setCookie(SESSION_COOKIE, cookie!);
    const from = server.output.length;
    const profile = await b.request('/api/profile');
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { user: { email: string } }).user.email).toBe(ALICE.email);
    expect(server.outputSince(from).join('\n')).toContain('[SessionGuard] Session: Found');
  });
});
