/**
 * Which browser the browser tests launch (test/chromium.ts): `CHROMIUM_PATH` when set, said in one line when it does
 * not exist; otherwise @sparticuz/chromium's, unpacked once per version into a folder that concurrent callers share
 * and that nothing else accumulates beside.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SPARTICUZ_DIR, resolveChromium } from './chromium.js';

describe('resolveChromium', () => {
  it('uses CHROMIUM_PATH as it is, with nothing added to the environment', async () => {
    await expect(resolveChromium({ CHROMIUM_PATH: process.execPath })).resolves.toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH', env: {} });
  });

  it('says in one line how to fix a CHROMIUM_PATH that does not exist', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'chromium');
    const err = await resolveChromium({ CHROMIUM_PATH: missing }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `CHROMIUM_PATH=${missing} does not exist: point it at a Chrome or Chromium binary, or unset it to use the Chromium that pnpm install brings`,
    );
  });

  it('unpacks the npm Chromium once for concurrent callers, and removes older versions and abandoned unpacks', async () => {
    // A package of @sparticuz/chromium's layout with small archives: the same unpacking, without 200 MB of brotli.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-chromium-cache-'));
    onTestFinished(() => fs.rmSync(work, { recursive: true, force: true }));
    const pkg = smallPackage(path.join(work, 'pkg'), '153.0.0');
    const cache = path.join(work, 'cache');
    fs.mkdirSync(path.join(cache, 'sparticuz-1.0.0'), { recursive: true }); // an older pin's
    const abandoned = path.join(cache, 'sparticuz-153.0.0.partial-1-dead');
    fs.mkdirSync(abandoned); // a killed unpack's, an hour old
    fs.utimesSync(abandoned, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

    const [a, b] = await Promise.all([resolveChromium({}, cache, pkg), resolveChromium({}, cache, pkg)]);
    expect(b).toEqual(a);
    expect(a.source).toBe('@sparticuz/chromium 153.0.0');
    const dir = path.join(cache, 'sparticuz-153.0.0');
    expect(a.executablePath).toBe(path.join(dir, 'chromium'));
    expect(fs.readdirSync(cache)).toEqual(['sparticuz-153.0.0']);
    expect(fs.statSync(a.executablePath).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(a.executablePath, 'utf8')).toBe(BINARY);
    expect(fs.existsSync(path.join(dir, 'lib', 'libnss3.so'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'fonts', 'Open_Sans'))).toContain('OpenSans-Regular.ttf');
    expect(fs.readFileSync(path.join(dir, 'fonts.conf'), 'utf8')).toContain(`<dir>${path.join(dir, 'fonts')}</dir>`);
    expect(a.env).toEqual({ LD_LIBRARY_PATH: path.join(dir, 'lib'), FONTCONFIG_PATH: dir });

    const mtime = fs.statSync(a.executablePath).mtimeMs;
    await expect(resolveChromium({ LD_LIBRARY_PATH: '/opt/x' }, cache, pkg)).resolves.toMatchObject({
      env: { LD_LIBRARY_PATH: `${path.join(dir, 'lib')}:/opt/x` },
    });
    expect(fs.statSync(a.executablePath).mtimeMs).toBe(mtime);
  });

  it('the installed package has the archives that unpacking reads', () => {
    for (const f of ['chromium.br', 'al2023.tar.br', 'fonts.tar.br']) expect(fs.existsSync(path.join(SPARTICUZ_DIR, 'bin', f)), f).toBe(true);
  });
});

const BINARY = '#!/bin/sh\necho chromium\n';

/** A folder laid out as @sparticuz/chromium (package.json, bin/*.br) with a tiny binary, library and font. */
function smallPackage(pkg: string, version: string): string {
  const bin = path.join(pkg, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@sparticuz/chromium', version }));
  fs.writeFileSync(path.join(bin, 'chromium.br'), zlib.brotliCompressSync(BINARY));
  const tarBr = (name: string, file: string) => {
    const src = path.join(pkg, `src-${name}`);
    fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    fs.writeFileSync(path.join(src, file), name);
    fs.writeFileSync(path.join(bin, `${name}.tar.br`), zlib.brotliCompressSync(execFileSync('tar', ['-c', '-C', src, file.split('/')[0]!])));
  };
  tarBr('al2023', 'lib/libnss3.so');
  tarBr('fonts', 'fonts/Open_Sans/OpenSans-Regular.ttf');
  return pkg;
}
