/**
 * Which browser the browser tests launch (test/chromium.ts): `CHROMIUM_PATH` when set, said in one line when it does
 * not exist; otherwise @sparticuz/chromium's, unpacked once per version into a folder that concurrent callers share
 * and that nothing else accumulates beside.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveChromium } from './chromium.js';

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
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-chromium-cache-'));
    onTestFinished(() => fs.rmSync(cache, { recursive: true, force: true }));
    fs.mkdirSync(path.join(cache, 'sparticuz-1.0.0')); // an older pin's
    const abandoned = path.join(cache, 'sparticuz-153.0.0.partial-1-dead');
    fs.mkdirSync(abandoned); // a killed unpack's, an hour old
    fs.utimesSync(abandoned, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

    const [a, b] = await Promise.all([resolveChromium({}, cache), resolveChromium({}, cache)]);
    expect(b).toEqual(a);
    const pkg = path.dirname(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'))); // its entry is build/index.js
    const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
    expect(a.source).toBe(`@sparticuz/chromium ${version}`);
    const dir = path.join(cache, `sparticuz-${version}`);
    expect(a.executablePath).toBe(path.join(dir, 'chromium'));
    expect(fs.readdirSync(cache)).toEqual([`sparticuz-${version}`]);
    expect(fs.statSync(a.executablePath).mode & 0o111).not.toBe(0);
    expect(fs.existsSync(path.join(dir, 'lib', 'libnss3.so'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'fonts', 'Open_Sans'))).toContain('OpenSans-Regular.ttf');
    expect(fs.readFileSync(path.join(dir, 'fonts.conf'), 'utf8')).toContain(`<dir>${path.join(dir, 'fonts')}</dir>`);
    expect(a.env).toEqual({ LD_LIBRARY_PATH: path.join(dir, 'lib'), FONTCONFIG_PATH: dir });

    const mtime = fs.statSync(a.executablePath).mtimeMs;
    await expect(resolveChromium({ LD_LIBRARY_PATH: '/opt/x' }, cache)).resolves.toMatchObject({ env: { LD_LIBRARY_PATH: `${path.join(dir, 'lib')}:/opt/x` } });
    expect(fs.statSync(a.executablePath).mtimeMs).toBe(mtime);
  }, 60_000);
});
