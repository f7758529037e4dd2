/**
 * The built app under `next start`, over real HTTP: the broken state answers
 * 500 on the pre-fix build, and running 0012 recovers it. The in-process
 * replay (incident.ts) covers every step; this confirms Next's real server
 * agrees on the statuses. `pnpm test` builds the app first (turbo `^build`);
 * run alone, this file builds it when no build exists.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { Databases, freePort } from '@incident-replay/pg-harness';
import { Browser, startServerProcess, type ServerProcess } from '@incident-replay/incident';
import { APP_DIR, MIGRATION_0012, bcrypt, migrateDatabase, runSqlFile } from './migrations';
import { setsSessionCookie, signIn } from './sign-in';

const nextBin = createRequire(path.join(APP_DIR, 'package.json')).resolve('next/dist/bin/next');
const user = { email: 'bob@example.com', password: 'hunter2hunter2' };

describe('000 on the real server (next build + next start)', () => {
  let server: ServerProcess;
  let dbs: Databases;
  let url: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(APP_DIR, '.next', 'BUILD_ID'))) {
      execFileSync(process.execPath, [nextBin, 'build'], { cwd: APP_DIR, stdio: 'pipe', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    }
    const server0 = inject('postgres');
    dbs = new Databases(server0, server0.runId);
    url = (await dbs.create('real_000')).url;
    await migrateDatabase(url, '0011_add_users_last_login_at');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)', [user.email, 'Bob', bcrypt.hashSync(user.password, 4)]);
    await client.end();
    const port = await freePort();
    server = await startServerProcess({
      command: process.execPath,
      args: [nextBin, 'start', '-p', String(port)],
      cwd: APP_DIR,
      port,
      readyPath: '/api/auth/csrf',
      env: { DATABASE_URL: url, NEXTAUTH_URL: `http://localhost:${port}`, NEXTAUTH_SECRET: 'real-server-secret-000-000-000-000', SESSION_VERSION_CODE: 'pre-fix', NEXT_TELEMETRY_DISABLED: '1' },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await dbs?.dropAll();
  });

  it('broken state on the pre-fix build: sign-in and forgot-password answer 500', async () => {
    const from = server.output.length;
    const signInRes = await signIn(new Browser(server.url), user.email, user.password);
    expect(signInRes.status).toBe(500);
    const forgot = await new Browser(server.url).request('/api/auth/forgot-password', { method: 'POST', json: { email: user.email } });
    expect(forgot.status).toBe(500);
    await vi.waitFor(() => expect(server.outputSince(from).some((l) => l.includes('column "session_version" does not exist'))).toBe(true), { timeout: 5000 });
  });

  it('after running 0012: sign-in answers 302 with a session cookie and the session has the user', async () => {
    await runSqlFile(url, MIGRATION_0012);
    const browser = new Browser(server.url);
    const res = await signIn(browser, user.email, user.password);
    expect(res.status).toBe(302);
    expect(setsSessionCookie(res)).toBe(true);
    const session = await browser.request('/api/auth/session');
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user?: { email?: string } }).user?.email).toBe(user.email);
    const forgot = await browser.request('/api/auth/forgot-password', { method: 'POST', json: { email: user.email } });
    expect(forgot.status).toBe(200);
  });
});

