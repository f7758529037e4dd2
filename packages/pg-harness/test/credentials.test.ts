import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startPostgres, type RunningServer } from '../src/index.js';
import { systemBinDir } from './system-binaries.js';

/** The uid the server runs as: the `postgres` OS user when the tests run as root. */
const serverUid = process.getuid!() === 0 ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })) : process.getuid!();

async function start(provider: 'embedded' | 'system', env?: NodeJS.ProcessEnv): Promise<RunningServer> {
  const server = await startPostgres({ provider, env });
  onTestFinished(() => server.stop());
  return server;
}

/** Every regular file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && fs.readFileSync(file).includes(needle)) found.push(file);
  }
  return found;
}

describe('credentials of a throwaway cluster', () => {
  it('each embedded cluster gets its own random password, which the description never shows', async () => {
    const [a, b] = await Promise.all([start('embedded'), start('embedded')]);
    const [pa, pb] = [new URL(a.adminUrl).password, new URL(b.adminUrl).password];
    expect(pa).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pa).not.toBe(pb);
    expect(pa).not.toBe('replay');
    for (const s of [a, b]) {
      const pw = new URL(s.adminUrl).password;
      expect(s.description).not.toContain(pw);
      expect(JSON.stringify({ ...s, adminUrl: undefined })).not.toContain(pw);
    }
  });

  it('the cluster directory is private (0700, owned by the server user) and no file in it holds the password in clear', async () => {
    const server = await start('embedded');
    const st = fs.statSync(server.dataDir!);
    expect({ mode: (st.mode & 0o777).toString(8), uid: st.uid }).toEqual({ mode: '700', uid: serverUid });
    expect(fs.existsSync(path.join(server.dataDir!, 'pwfile'))).toBe(false);
    expect(filesContaining(server.dataDir!, new URL(server.adminUrl).password)).toEqual([]);
  });

  // Needs PostgreSQL server binaries on the machine (Debian's are, here).
  it.skipIf(!systemBinDir)('initdb reads the password from a 0600 file owned by the server user, deleted once initdb is done (system provider)', async () => {
    // A wrapper initdb records the mode and owner of the --pwfile it is given, then runs the real one.
    const wrapperDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pwfile-probe-'));
    onTestFinished(() => fs.rmSync(wrapperDir, { recursive: true, force: true }));
    fs.chmodSync(wrapperDir, 0o755);
    const seen = path.join(wrapperDir, 'seen');
    fs.writeFileSync(seen, '');
    fs.chmodSync(seen, 0o666); // initdb runs as the postgres user when the tests run as root
    fs.writeFileSync(
      path.join(wrapperDir, 'initdb'),
      `#!/bin/sh\nfor a in "$@"; do case "$a" in --pwfile=*) f="\${a#--pwfile=}"; stat -c '%a %u' "$f" > ${seen}; echo "$f" >> ${seen};; esac; done\nexec ${systemBinDir}/initdb "$@"\n`,
      { mode: 0o755 },
    );
    fs.symlinkSync(path.join(systemBinDir!, 'postgres'), path.join(wrapperDir, 'postgres'));
    const server = await start('system', { ...process.env, PG_BIN_DIR: wrapperDir });
    const [modeAndOwner, pwFile] = fs.readFileSync(seen, 'utf8').trim().split('\n');
    expect(modeAndOwner).toBe(`600 ${serverUid}`);
    expect(path.dirname(pwFile!)).toBe(server.dataDir);
    expect(fs.existsSync(pwFile!)).toBe(false);
    expect(server.description).not.toContain(new URL(server.adminUrl).password);
  });
});
