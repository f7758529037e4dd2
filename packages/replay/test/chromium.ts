/**
 * The one browser the Mermaid test and the report.html test use, headless, driven by playwright-core
 * (which never downloads a browser): `CHROMIUM_PATH` when set, otherwise the Chromium that `pnpm install`
 * brings. That one is @sparticuz/chromium's headless_shell build for Linux x64, shipped brotli-compressed
 * in the npm package; {@link resolveChromium} unpacks it once, with the NSS libraries and the font the
 * package ships beside it, so the tests need no system package. Debian's /usr/bin/chromium is never
 * picked silently: a default run exercises the npm browser everywhere.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Where the npm browser is unpacked: one folder per @sparticuz/chromium version, reused by every later run
 * of this checkout (packages/replay/node_modules/.cache/incident-replay-chromium/, about 205 MB; not the
 * temp dir, which may be mounted noexec or held in RAM, and which .ci/scratch-check.mjs watches).
 */
export const CHROMIUM_CACHE = fileURLToPath(new URL('../node_modules/.cache/incident-replay-chromium', import.meta.url));

/** The installed @sparticuz/chromium package's folder (its entry is build/index.js). */
export const SPARTICUZ_DIR = path.dirname(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')));

/** The browser to launch: its binary, what it is, and the variables it needs on top of the tests' own environment. */
export interface ChromiumBinary {
  /** Absolute path of the executable. */
  executablePath: string;
  /** `CHROMIUM_PATH`, or `@sparticuz/chromium <version>`. */
  source: string;
  /** Extra environment for the browser process (the unpacked NSS libraries and font); empty for `CHROMIUM_PATH`. */
  env: Record<string, string>;
}

/**
 * The browser the tests launch: `env.CHROMIUM_PATH` when set and not empty (a user's or CI's own Chrome or
 * Chromium), otherwise @sparticuz/chromium's, unpacked under `cache` on first use (a few seconds; later calls
 * return at once). Several processes may call it at the same time: each unpacks into a folder of its own and
 * renames it into place, the first rename wins, and the others remove theirs. Each unpack removes what an
 * older version, or an unpack killed more than ten minutes ago, left in `cache`, so nothing accumulates.
 *
 * @param env - the environment to read `CHROMIUM_PATH` and `LD_LIBRARY_PATH` from (default `process.env`)
 * @param cache - the folder the npm browser is unpacked under (default {@link CHROMIUM_CACHE})
 * @param pkg - the @sparticuz/chromium package folder whose bin/ holds the archives (default {@link SPARTICUZ_DIR};
 *   a test passes a small one of the same layout)
 * @throws Error, one line saying how to fix it, when `CHROMIUM_PATH` names a path that does not exist, or when
 *   this machine cannot run the npm browser (not Linux x64, or glibc older than 2.34, which the bundled
 *   NSS libraries need)
 */
export async function resolveChromium(
  env: NodeJS.ProcessEnv = process.env,
  cache: string = CHROMIUM_CACHE,
  pkg: string = SPARTICUZ_DIR,
): Promise<ChromiumBinary> {
  const own = env.CHROMIUM_PATH;
  if (own) {
    if (!fs.existsSync(own))
      throw new Error(`CHROMIUM_PATH=${own} does not exist: point it at a Chrome or Chromium binary, or unset it to use the Chromium that pnpm install brings`);
    return { executablePath: own, source: 'CHROMIUM_PATH', env: {} };
  }
  const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
  const [major = 0, minor = 0] = (glibc ?? '0.0').split('.').map(Number);
  if (process.platform !== 'linux' || process.arch !== 'x64' || major < 2 || (major === 2 && minor < 34))
    throw new Error(
      `@sparticuz/chromium runs on Linux x64 with glibc 2.34 or newer, and this is ${process.platform} ${process.arch}${glibc ? ` with glibc ${glibc}` : ' without glibc'}: set CHROMIUM_PATH to a Chrome or Chromium binary`,
    );
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  const dir = await unpackOnce(pkg, cache, `sparticuz-${version}`);
  return {
    executablePath: path.join(dir, 'chromium'),
    source: `@sparticuz/chromium ${version}`,
    env: { LD_LIBRARY_PATH: [path.join(dir, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':'), FONTCONFIG_PATH: dir },
  };
}

/**
 * `cache/name`, made from @sparticuz/chromium's bin/ when missing: `chromium` (the binary), `lib/` (the NSS, NSPR and
 * expat libraries it links, built for Amazon Linux 2023), `fonts/` (Open Sans) and a `fonts.conf` naming only that
 * font, so text renders the same on every machine. Follows the package's own `Chromium.executablePath()` and `inflate()`
 * (same files, same tar-fs), but in a versioned folder made atomically instead of loose files in the temp dir.
 *
 * @throws the file system's or tar-fs's error when unpacking fails (the half-made folder is removed first)
 */
async function unpackOnce(pkg: string, cache: string, name: string): Promise<string> {
  const dir = path.join(cache, name);
  if (fs.existsSync(path.join(dir, 'chromium'))) return dir;
  fs.mkdirSync(cache, { recursive: true });
  for (const entry of fs.readdirSync(cache)) {
    const stat = fs.statSync(path.join(cache, entry), { throwIfNoEntry: false });
    const unpacking = entry.startsWith(`${name}.partial-`) && stat && Date.now() - stat.mtimeMs < 10 * 60_000;
    if (entry !== name && !unpacking) fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
  }
  const partial = path.join(cache, `${name}.partial-${process.pid}-${randomUUID().slice(0, 8)}`);
  const { extract } = createRequire(path.join(pkg, 'package.json'))('tar-fs') as { extract(dir: string, opts: { chown: boolean }): NodeJS.WritableStream };
  const bin = path.join(pkg, 'bin');
  try {
    fs.mkdirSync(partial);
    await Promise.all([
      pipeline(
        fs.createReadStream(path.join(bin, 'chromium.br')),
        createBrotliDecompress(),
        fs.createWriteStream(path.join(partial, 'chromium'), { mode: 0o755 }),
      ),
      pipeline(fs.createReadStream(path.join(bin, 'al2023.tar.br')), createBrotliDecompress(), extract(partial, { chown: false })),
      pipeline(fs.createReadStream(path.join(bin, 'fonts.tar.br')), createBrotliDecompress(), extract(partial, { chown: false })),
    ]);
    const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    fs.writeFileSync(
      path.join(partial, 'fonts.conf'), // replaces the package's, which names Lambda's folders
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${xml(path.join(dir, 'fonts'))}</dir>\n  <cachedir>${xml(path.join(dir, 'fonts-cache'))}</cachedir>\n</fontconfig>\n`,
    );
    try {
      fs.renameSync(partial, dir);
    } catch (err) {
      if (!fs.existsSync(path.join(dir, 'chromium'))) throw err; // else another process renamed its copy first: use that one
    }
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

/** A launched browser and its throwaway profile; `close()` ends the browser and removes the profile. */
export interface HeadlessChromium {
  /** Which browser runs: `CHROMIUM_PATH`, or `@sparticuz/chromium <version>`. */
  source: string;
  /** The persistent context over the fresh profile (playwright's way to pass `--user-data-dir`). */
  context: BrowserContext;
  /** A new page that may only load `file://` and `data:` URLs: every other request is aborted and listed in `blocked`. */
  offlinePage(): Promise<{ page: Page; blocked: string[] }>;
  /** Ends the browser, then removes the profile, also when ending the browser throws (that error is rethrown). */
  close(): Promise<void>;
}

/**
 * Launches the browser of {@link resolveChromium} headless with a fresh profile (its `--user-data-dir`, removed on
 * close), no sandbox (root in CI), no GPU, and no background traffic (QUIC, component updates, sync, first-run pings).
 * @sparticuz/chromium's own `args` are for AWS Lambda and are not used: its `--single-process` makes the whole browser
 * exit when the GPU fails to start, and its WebGL flags need SwiftShader, which is not unpacked.
 *
 * @throws what {@link resolveChromium} throws, or playwright's launch error — the browser tests fail rather than skip:
 *   the browser is part of what CI checks
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const browser = await resolveChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-chromium-'));
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    removeProfile(); // no browser to close: the profile goes now, not with close()
    throw err;
  }
  return {
    source: browser.source,
    context,
    async offlinePage() {
      const page = await context.newPage();
      const blocked: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      return { page, blocked };
    },
    async close() {
      try {
        await context.close();
      } finally {
        removeProfile();
      }
    },
  };
}
