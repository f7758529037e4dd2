import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  isAlive,
  killChildProcesses,
  processIdentity,
  registerCleanup,
  runAllCleanups,
  runTrackedCommand,
  trackChildProcess,
  trackedChildProcesses,
  type ProcessIdentity,
} from '../src/index.js';

/** A node child running `code`; `detached` gives it a process group of its own. */
function node(code: string, detached = false) {
  const child = spawn(process.execPath, ['-e', code], { detached, stdio: ['ignore', 'pipe', 'ignore'] });
  const firstLine = new Promise<string>((r) => child.stdout.once('data', (c: Buffer) => r(c.toString().trim())));
  return { child, firstLine };
}

/** Whether the process that had `pid` when `identity` was read still runs (a zombie does not). */
const alive = (identity: ProcessIdentity | undefined) => identity !== undefined && isAlive(identity);

const IGNORES_SIGTERM = `process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)`;
const WITH_GRANDCHILD = `
  const { spawn } = require('node:child_process');
  process.on('SIGTERM', () => {});
  const g = spawn(process.execPath, ['-e', ${JSON.stringify(IGNORES_SIGTERM)}], { stdio: 'ignore' });
  console.log(g.pid);
  setInterval(() => {}, 1000);
`;

describe('child-process registry', () => {
  it('lists a tracked child until it exits, with its label and start time', async () => {
    const { child, firstLine } = node(`console.log('up'); setTimeout(() => {}, 300)`);
    const before = Date.now();
    trackChildProcess(child, 'short-lived');
    await firstLine;
    expect(trackedChildProcesses()).toContainEqual({ pid: child.pid, label: 'short-lived', startedAt: expect.any(Number) });
    expect(trackedChildProcesses().find((c) => c.pid === child.pid)!.startedAt).toBeGreaterThanOrEqual(before);
    await new Promise((r) => child.once('exit', r));
    expect(trackedChildProcesses().map((c) => c.pid)).not.toContain(child.pid);
  });

  it('SIGTERM first; SIGKILL to the whole group after the grace period for a detached child that ignores it', async () => {
    const { child, firstLine } = node(WITH_GRANDCHILD, true);
    trackChildProcess(child, 'stubborn');
    const grandchild = processIdentity(Number(await firstLine));
    const childId = processIdentity(child.pid!);
    expect(grandchild && childId).toBeTruthy();
    const started = Date.now();
    await killChildProcesses([child.pid!], 400);
    const took = Date.now() - started;
    expect({ signal: child.signalCode, childAlive: alive(childId) }).toEqual({ signal: 'SIGKILL', childAlive: false });
    await expect.poll(() => alive(grandchild), { timeout: 2000 }).toBe(false);
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(3000);
  });

  it('a child that obeys SIGTERM ends without waiting for the grace period; untracked pids are left alone', async () => {
    const { child, firstLine } = node(`console.log('up'); setInterval(() => {}, 1000)`);
    trackChildProcess(child, 'polite');
    await firstLine;
    const started = Date.now();
    await killChildProcesses([child.pid!, process.pid], 5000); // our own pid is not tracked: never signalled
    expect(child.signalCode).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('runAllCleanups kills tracked children before it runs the undos', async () => {
    const { child, firstLine } = node(IGNORES_SIGTERM, true);
    trackChildProcess(child, 'left running');
    await firstLine;
    const childId = processIdentity(child.pid!);
    let aliveAtUndo: boolean | undefined;
    registerCleanup('records whether the child was still alive', () => {
      aliveAtUndo = alive(childId);
    });
    await runAllCleanups();
    expect({
      aliveAtUndo,
      tracked: trackedChildProcesses()
        .map((c) => c.pid)
        .includes(child.pid!),
    }).toEqual({ aliveAtUndo: false, tracked: false });
  });
});

describe('runTrackedCommand', () => {
  it('collects stdout and stderr in the order they came, and the exit code', async () => {
    const r = await runTrackedCommand(process.execPath, ['-e', "console.log('one'); console.error('two'); process.exit(3)"], { label: 'node -e' });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'one\n', stderr: 'two\n' });
    expect(r.output).toMatch(/one\n[\s\S]*two\n/);
    expect(trackedChildProcesses().map((c) => c.label)).not.toContain('node -e');
  });

  it('kills the command and what it started at the timeout (exit code null)', async () => {
    const r = await runTrackedCommand(process.execPath, ['-e', WITH_GRANDCHILD], { timeoutMs: 1000 });
    expect(r.exitCode).toBeNull();
    expect(Number(r.stdout.trim()), 'the grandchild started (its pid printed)').toBeGreaterThan(0);
    const grandchild = processIdentity(Number(r.stdout.trim()));
    expect(alive(grandchild)).toBe(false);
  });

  it('rejects when the command cannot be spawned', async () => {
    await expect(runTrackedCommand('/no/such/binary', [])).rejects.toThrow(/ENOENT/);
  });
});
