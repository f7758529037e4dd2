import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@incident-replay/pg-harness';
import { Browser, clearsCookie, LogCapture, setsCookie, signInWithCredentials, startServerProcess, type ServerProcess } from '../src/index.js';

describe('clearsCookie / setsCookie', () => {
  const cleared = 'authjs.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly';
  const set = 'authjs.session-token=eyJhbGciOi; Path=/; HttpOnly';
  const headers = new Headers([
    ['set-cookie', cleared],
    ['set-cookie', 'other=1; Path=/'],
  ]);

  it('reads a Response, its Headers or the Set-Cookie values alike', () => {
    for (const from of [new Response(null, { headers }), headers, headers.getSetCookie()]) {
      expect(clearsCookie(from, 'authjs.session-token')).toBe(true);
      expect(setsCookie(from, 'authjs.session-token')).toBe(false);
    }
  });

  it('tells a set cookie from a deleted one, by name', () => {
    expect(setsCookie([set], 'authjs.session-token')).toBe(true);
    expect(clearsCookie([set], 'authjs.session-token')).toBe(false);
    expect(clearsCookie(['next-auth.session-token=; Path=/; Max-Age=0'], 'next-auth.session-token')).toBe(true);
    expect(clearsCookie([cleared], 'next-auth.session-token')).toBe(false);
  });
});

describe('signInWithCredentials', () => {
  it('GETs the csrf token, then POSTs it with the credentials and the callback URL as a form', async () => {
    const seen: { method: string; path: string; body: string; cookie: string | null }[] = [];
    const app = async (input: string, init: RequestInit = {}) => {
      const url = new URL(input);
      seen.push({ method: init.method ?? 'GET', path: url.pathname, body: String(init.body ?? ''), cookie: new Headers(init.headers).get('cookie') });
      if (url.pathname === '/api/auth/csrf') return Response.json({ csrfToken: 'tok' }, { headers: { 'set-cookie': 'csrf=tok%7Chash; Path=/' } });
      return new Response(null, { status: 302, headers: { location: '/admin' } });
    };
    const res = await signInWithCredentials(
      new Browser('http://localhost:3000', app),
      { email: 'ada@example.com', password: 'pw' },
      { callbackPath: '/admin' },
    );
    expect(res.status).toBe(302);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /api/auth/csrf', 'POST /api/auth/callback/credentials']);
    expect(Object.fromEntries(new URLSearchParams(seen[1]!.body))).toEqual({
      csrfToken: 'tok',
      email: 'ada@example.com',
      password: 'pw',
      callbackUrl: 'http://localhost:3000/admin',
    });
    expect(seen[1]!.cookie).toBe('csrf=tok%7Chash');
  });

  it('fails in one line when the csrf endpoint gives no token', async () => {
    const browser = new Browser('http://localhost:3000', async () => new Response('oops', { status: 500 }));
    await expect(signInWithCredentials(browser, {})).rejects.toThrow('GET /api/auth/csrf answered 500 without a csrfToken');
  });
});

describe('startServerProcess with logSource', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('puts each whole line the server prints into the log of the step running at the time, there once quiet() resolves after a request', async () => {
    const port = await freePort();
    // GET /x prints one line in two writes (the pipe may deliver them as two chunks), then answers.
    const script = `require('http').createServer((q, r) => { if (q.url !== '/x') return r.end('ready'); process.stderr.write('half of '); setTimeout(() => { process.stderr.write('a line\\n'); r.end('ok'); }, 20); }).listen(${port}, () => console.log('listening'));`;
    server = await startServerProcess({
      command: process.execPath,
      args: ['-e', script],
      cwd: process.cwd(),
      port,
      readyPath: '/ready',
      logSource: 'demo server',
    });
    // What it printed while starting ('listening') may still be in the pipe on a loaded machine: read it before the capture begins.
    await server.quiet();
    const between = server.output.length;
    const capture = new LogCapture().start();
    try {
      expect(LogCapture.active).toBe(capture);
      await (await fetch(`${server.url}/x`)).text();
      await server.quiet(); // what the request printed is read from the pipe by now
    } finally {
      capture.stop();
    }
    expect(LogCapture.active).toBeUndefined();
    expect(capture.lines.map((l) => [l.source, l.text])).toEqual([['demo server', 'half of a line']]);
    // What it printed before the capture is kept in its output, not in any step's log.
    expect(server.output.slice(0, between)).toEqual(['listening']);
  });
});
