/**
 * Debian's Chromium, headless, driven by playwright-core: the one browser the Mermaid test and the
 * report.html test use. playwright-core never downloads a browser (unlike `npx playwright install`,
 * @mermaid-js/mermaid-cli or puppeteer, which fail offline); `.ci/run` installs the `chromium`
 * package with apt when it is missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A launched browser and its throwaway profile; `close()` ends the browser and removes the profile. */
export interface HeadlessChromium {
  /** The persistent context over the fresh profile (playwright's way to pass `--user-data-dir`). */
  context: BrowserContext;
  /** A new page that may only load `file://` and `data:` URLs: every other request is aborted and listed in `blocked`. */
  offlinePage(): Promise<{ page: Page; blocked: string[] }>;
  /** Ends the browser, then removes the profile, also when ending the browser throws (that error is rethrown). */
  close(): Promise<void>;
}

/**
 * Launches Chromium headless with a fresh profile (its `--user-data-dir`, removed on close), no sandbox (root in CI), and no background
 * traffic (QUIC, component updates, sync, first-run pings).
 *
 * @throws Error naming {@link CHROMIUM} and how to install it, when the binary is missing — the
 *   browser tests fail rather than skip: the browser is part of what CI checks
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium, as .ci/run does), or CHROMIUM_PATH pointing at a Chromium`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-chromium-'));
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
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
