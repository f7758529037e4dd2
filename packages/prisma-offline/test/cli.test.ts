import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackedChildProcesses } from '@incident-replay/pg-harness';
import { runPrismaCli } from '../src/index.js';

// An app of this repository that depends on the Prisma CLI.
const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/prisma-login');

describe('runPrismaCli', () => {
  // A "database" that takes the connection and never answers the startup message: node-postgres
  // (no connect timeout) waits forever, so a command against it can only end at runPrismaCli's
  // timeout, however fast or slow the machine. (`--version` with a tiny timeout raced: a warm
  // process answers it in ~0.3 s, and a parent starved of CPU for longer saw exit 0.)
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let silentUrl = '';
  beforeAll(async () => {
    silent = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `postgresql://u:p@127.0.0.1:${(silent.address() as net.AddressInfo).port}/never`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('runs the CLI in its own process group and still collects its output and exit code', async () => {
    const res = await runPrismaCli(APP, ['--version']);
    expect({ exitCode: res.exitCode, output: res.output }).toEqual({ exitCode: 0, output: expect.stringMatching(/prisma\s+: 6\./) });
  });

  for (const warm of [false, true]) {
    it(`kills a CLI that outlives its timeout (exitCode null), and nothing of it stays tracked (${warm ? 'warm: busy with the command while it runs, replaced after' : 'spawned'})`, async () => {
      const running = runPrismaCli(APP, ['migrate', 'status'], { databaseUrl: silentUrl, timeoutMs: 3000, warm });
      if (warm) {
        // While it runs, the warm process is tracked as busy with it: a step's time limit kills it and names the command.
        await expect
          .poll(() => trackedChildProcesses().find((c) => c.label === 'prisma CLI (warm process)')?.task?.label, { timeout: 2000 })
          .toBe('prisma migrate status [warm]');
      }
      const res = await running;
      expect({ ran: res.ran, exitCode: res.exitCode }).toEqual({ ran: warm ? 'warm' : 'spawned', exitCode: null });
      expect(res.durationMs).toBeGreaterThanOrEqual(3000);
      expect(res.durationMs).toBeLessThan(30_000);
      // Spawned, the process is labelled with the command; warm, the killed process is the warm one
      // (an idle warm process from an earlier command stays tracked, by design, until it is used).
      const label = warm ? 'prisma CLI (warm process)' : 'prisma migrate status';
      expect(trackedChildProcesses().filter((c) => c.label === label)).toEqual([]);
      if (warm) {
        // The killed warm process is replaced: the next command runs, in a new one.
        const next = await runPrismaCli(APP, ['--version'], { warm });
        expect({ ran: next.ran, exitCode: next.exitCode }).toEqual({ ran: 'warm', exitCode: 0 });
        // …and idle again once it answered.
        expect(trackedChildProcesses().find((c) => c.label === 'prisma CLI (warm process)')).toEqual({
          pid: expect.any(Number),
          label: 'prisma CLI (warm process)',
          startedAt: expect.any(Number),
        });
      }
    });
  }
});
