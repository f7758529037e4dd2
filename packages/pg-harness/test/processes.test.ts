import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isAlive, isPid, isSameProcess, processIdentity, signalProcess, writeFileAtomic, type ProcessIdentity } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A node child that prints its first line and stays until killed; `detached` makes it a group leader. */
async function node(code: string, detached = false) {
  const child = spawn(process.execPath, ['-e', code], { detached, stdio: ['ignore', 'pipe', 'ignore'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  const firstLine = await new Promise<string>((r) => child.stdout.once('data', (c: Buffer) => r(c.toString().trim())));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
  return { child, firstLine, exited, identity: processIdentity(child.pid!)! };
}
const STAYS = `console.log('up'); setInterval(() => {}, 1000)`;

describe('signalProcess: the one place a numeric pid is signalled', () => {
  it.each([0, -1, -42, Number.NaN, 1.5, Number.POSITIVE_INFINITY])('refuses pid %s (a throw, never a signal)', (pid) => {
    expect(isPid(pid)).toBe(false);
    expect(() => signalProcess({ pid, start: 'linux:x:1' }, 'SIGKILL')).toThrow(RangeError);
    expect(processIdentity(pid)).toBeUndefined();
  });

  it('signals the recorded process, and nothing when the record names another start time (a reused pid)', async () => {
    const { identity, exited } = await node(STAYS);
    const impostor: ProcessIdentity = { pid: identity.pid, start: `${identity.start}0` };
    expect(isSameProcess(impostor)).toBe(false);
    expect(signalProcess(impostor, 'SIGTERM')).toBe(false);
    // A start nobody could read (no /proc, no ps) can never be verified: refused too.
    expect(signalProcess({ pid: identity.pid, start: 'unknown' }, 'SIGTERM')).toBe(false);
    expect(isAlive(identity)).toBe(true);
    expect(signalProcess(identity, 'SIGTERM')).toBe(true);
    expect(await exited).toBe('SIGTERM');
    expect(isAlive(identity)).toBe(false);
    expect(signalProcess(identity, 'SIGKILL')).toBe(false);
  });

  it('signals a process group through its leader; after the leader exited, only while its members remain', async () => {
    // The leader starts a member in its group and exits; the member stays.
    const leader = await node(
      `const c = require('node:child_process').spawn(process.execPath, ['-e', "setInterval(() => {}, 1000)"], { stdio: 'ignore' }); console.log(c.pid); setTimeout(() => process.exit(0), 200)`,
      true,
    );
    const member = processIdentity(Number(leader.firstLine))!;
    onTestFinished(() => void signalProcess(member, 'SIGKILL'));
    await leader.exited;
    expect(isAlive(leader.identity)).toBe(false);
    expect(isAlive(leader.identity, { group: true }), 'the group, through its gone leader').toBe(true);
    expect(signalProcess(leader.identity, 'SIGKILL', { group: true })).toBe(true);
    // Gone once init has reaped it (a zombie still counts as a group member).
    const groupAlive = () => isAlive(leader.identity, { group: true });
    for (const until = Date.now() + 3000; groupAlive() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(member)).toBe(false);
    expect(groupAlive(), 'the group is empty').toBe(false);
  });

  it('a pid file written atomically holds the whole content and leaves no temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-harness-atomic-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'mark.pid');
    writeFileAtomic(file, JSON.stringify(processIdentity(process.pid)));
    writeFileAtomic(file, JSON.stringify(processIdentity(process.pid)));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(processIdentity(process.pid));
    expect(fs.readdirSync(dir)).toEqual(['mark.pid']);
  });
});

describe('the repository signals numeric pids only through the helper', () => {
  const needle = ['process', 'kill('].join('.');
  it(`has no ${needle} outside packages/pg-harness/src/processes.ts`, () => {
    const root = path.resolve(here, '..', '..', '..');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(ts|mts|cts|js|mjs|cjs|tsx)$/.test(f) && !f.includes('node_modules/') && fs.existsSync(path.join(root, f)));
    const offenders = files.filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes(needle));
    expect(offenders).toEqual(['packages/pg-harness/src/processes.ts']);
  });
});
