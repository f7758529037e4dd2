import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trackedChildProcesses } from '@incident-replay/pg-harness';
import { runPrismaCli } from '../src/index.js';

// An app of this repository that depends on the Prisma CLI.
const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/prisma-login');

describe('runPrismaCli', () => {
  it('runs the CLI in its own process group and still collects its output and exit code', async () => {
    const res = await runPrismaCli(APP, ['--version']);
    expect({ exitCode: res.exitCode, output: res.output }).toEqual({ exitCode: 0, output: expect.stringMatching(/prisma\s+: 6\./) });
  });

  it('kills a CLI that outlives its timeout (exitCode null), and nothing of it stays tracked', async () => {
    const res = await runPrismaCli(APP, ['--version'], { timeoutMs: 50 });
    expect(res.exitCode).toBeNull();
    expect(res.durationMs).toBeLessThan(5000);
    expect(trackedChildProcesses().filter((c) => c.label.startsWith('prisma '))).toEqual([]);
  });
});
