import net from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { probeServer, signalProcess, startPostgres } from '../src/index.js';
import type {} from './global-setup.js';

/** The run's shared embedded server (test/global-setup.ts), for the probes of a live one; the killed one is this file's own. */
const server = inject('sharedPostgres');

describe('probeServer', () => {
  it('says a live server is alive', async () => {
    expect(await probeServer(server.adminUrl)).toEqual({ alive: true });
  });

  it('names the refusal once the server was killed (ECONNREFUSED), and the password is in no message', async () => {
    const killed = await startPostgres({ provider: 'embedded' });
    try {
      expect(signalProcess(killed.serverProcess!, 'SIGKILL')).toBe(true);
      await expect.poll(() => probeServer(killed.adminUrl), { timeout: 5000 }).toMatchObject({ alive: false, code: 'ECONNREFUSED' });
      const result = await probeServer(killed.adminUrl);
      expect(JSON.stringify(result)).not.toContain(new URL(killed.adminUrl).password);
    } finally {
      await killed.stop();
    }
  });

  it('gives up after its timeout on a server that accepts but never answers (ETIMEDOUT)', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const result = await probeServer(`postgres://postgres:x@127.0.0.1:${port}/postgres`, 300);
      expect(result).toMatchObject({ alive: false, code: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      silent.close();
    }
  });

  it('reports the SQLSTATE when the server answers with an error (28P01: wrong password)', async () => {
    const wrong = new URL(server.adminUrl);
    wrong.password = 'not-the-password';
    expect(await probeServer(wrong.toString())).toMatchObject({ alive: false, code: '28P01' });
  });
});
