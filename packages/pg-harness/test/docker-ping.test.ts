import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { chooseProvider, dockerEndpoint, pingDocker, providerNames, registerProvider, startPostgres } from '../src/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A local stand-in for the Docker Engine API's `GET /_ping` (it answers 200 "OK"). */
async function fakeDocker(handler: http.RequestListener, socketPath?: string): Promise<{ port: number; socketPath?: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => (socketPath ? server.listen(socketPath, r) : server.listen(0, '127.0.0.1', r)));
  closers.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { port: socketPath ? 0 : (server.address() as net.AddressInfo).port, socketPath };
}

/** Accepts connections and never says a word (testcontainers waits forever on this). */
async function silentEndpoint(): Promise<number> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

const pingOk: http.RequestListener = (req, res) => {
  if (req.url === '/_ping') res.end('OK');
  else res.writeHead(404).end();
};

describe('pingDocker', () => {
  it('is true for an endpoint answering /_ping with 200 OK over TCP', async () => {
    const { port } = await fakeDocker(pingOk);
    expect(await pingDocker({ kind: 'tcp', host: '127.0.0.1', port })).toBe(true);
  });

  it('is true over a unix socket', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ping-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true })); // after afterEach has closed the server
    const sock = path.join(dir, 'docker.sock');
    await fakeDocker(pingOk, sock);
    expect(await pingDocker({ kind: 'socket', socketPath: sock })).toBe(true);
  });

  it('is false, within the timeout, for an endpoint that accepts but never answers', async () => {
    const port = await silentEndpoint();
    // Were the probe to hang like testcontainers does, this test would time out.
    expect(await pingDocker({ kind: 'tcp', host: '127.0.0.1', port }, 300)).toBe(false);
  });

  it('is false for a 500 or a body other than OK', async () => {
    const { port } = await fakeDocker((_req, res) => res.writeHead(500).end('OK'));
    expect(await pingDocker({ kind: 'tcp', host: '127.0.0.1', port })).toBe(false);
    const other = await fakeDocker((_req, res) => res.end('pong'));
    expect(await pingDocker({ kind: 'tcp', host: '127.0.0.1', port: other.port })).toBe(false);
  });

  it('is false when nothing listens', async () => {
    const port = await silentEndpoint();
    await closers.pop()!();
    expect(await pingDocker({ kind: 'tcp', host: '127.0.0.1', port })).toBe(false);
  });
});

describe('dockerEndpoint', () => {
  it('reads DOCKER_HOST unix:// and tcp:// forms', () => {
    expect(dockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual({ kind: 'socket', socketPath: '/run/user/1000/docker.sock' });
    expect(dockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 2375 });
    expect(dockerEndpoint({ DOCKER_HOST: 'ssh://me@host' })).toBeUndefined();
  });
});

describe('chooseProvider', () => {
  it('picks container when the Docker endpoint answers /_ping', async () => {
    const { port } = await fakeDocker(pingOk);
    const choice = await chooseProvider({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    expect(choice).toMatchObject({ provider: 'container', forced: false });
    expect(choice.reason).toContain('answered /_ping');
  });

  it('falls back to embedded when the endpoint never answers', async () => {
    const port = await silentEndpoint();
    const choice = await chooseProvider({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` }, dockerPingTimeoutMs: 300 });
    expect(choice).toMatchObject({ provider: 'embedded', forced: false });
    expect(choice.reason).toContain('did not answer');
  });

  it('honours PG_PROVIDER and TEST_DATABASE_URL, and never reads DATABASE_URL', async () => {
    expect(await chooseProvider({ env: { PG_PROVIDER: 'system' } })).toMatchObject({ provider: 'system', forced: true });
    expect(await chooseProvider({ env: { TEST_DATABASE_URL: 'postgres://x@localhost/postgres' } })).toMatchObject({ provider: 'url' });
    const port = await silentEndpoint();
    const env = { DATABASE_URL: 'postgres://prod@db/prod', DOCKER_HOST: `tcp://127.0.0.1:${port}` };
    expect((await chooseProvider({ env, dockerPingTimeoutMs: 200 })).provider).toBe('embedded');
  });

  it('rejects an unknown PG_PROVIDER with the list of valid ones', async () => {
    await expect(chooseProvider({ env: { PG_PROVIDER: 'docker' } })).rejects.toThrow(
      /PG_PROVIDER=docker is not a provider[\s\S]*url, container, embedded, system/,
    );
  });

  it('takes a provider added with registerProvider: forced by name, or chosen by its detect in registration order', async () => {
    const started: string[] = [];
    registerProvider({
      name: 'test-custom',
      detect: ({ env }) => ({ applies: env.CUSTOM_PG === '1', reason: 'CUSTOM_PG=1' }),
      start: async (reason) => {
        started.push(reason);
        throw new Error('not a real server');
      },
    });
    expect(providerNames()).toEqual(['url', 'container', 'embedded', 'system', 'test-custom']);
    await expect(startPostgres({ env: { PG_PROVIDER: 'test-custom' } })).rejects.toThrow('not a real server');
    expect(started).toEqual(['forced by PG_PROVIDER']);
    // embedded always applies and comes first: a later provider is only chosen by force
    expect((await chooseProvider({ env: { CUSTOM_PG: '1' }, dockerPingTimeoutMs: 100 })).provider).toBe('embedded');
  });
});
