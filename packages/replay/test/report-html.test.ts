/**
 * report.html from a real run, opened offline in the Chromium of test/chromium.ts: the map, a claim's verdict
 * badge, the filter by incident and by library version, no request beyond file://, no script
 * error. Leaves report.png in the run's folder (replay-results/test-report-html-…/).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../src/discover.js';
import { launchChromium, type HeadlessChromium } from './chromium.js';
import { codesShown, glossaryGaps } from './glossary.js';
import { checkMarkdownLinks } from './markdown-docs.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const cli = path.join(REPO_ROOT, 'packages/replay/src/cli.ts');
const out = path.join(REPO_ROOT, 'replay-results', `test-report-html-${new Date().toISOString().replace(/[:.]/g, '-')}`);

/** The incident sections the filter leaves visible, by their `data-incident`. */
async function visibleIncidents(page: Page): Promise<string[]> {
  return page.$$eval('section.incident', (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => (e as HTMLElement).dataset.incident!));
}

/** How many `selector` elements inside visible incident sections are visible / hidden. */
async function shownHidden(page: Page, selector: string): Promise<{ shown: number; hidden: number }> {
  return page.$$eval(selector, (els) => ({
    shown: els.filter((e) => !(e as HTMLElement).closest('[hidden]')).length,
    hidden: els.filter((e) => (e as HTMLElement).closest('[hidden]')).length,
  }));
}

describe('report.html of a real run (000 and 003, in-process)', () => {
  let chromium: HeadlessChromium;
  let page: Page;
  let blocked: string[];
  const errors: string[] = [];

  beforeAll(async () => {
    await run(process.execPath, [tsx, cli, '000', '003', '--out', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, PG_PROVIDER: process.env.PG_PROVIDER ?? 'embedded' },
      maxBuffer: 64 * 1024 * 1024,
    });
    chromium = await launchChromium();
    ({ page, blocked } = await chromium.offlinePage());
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(path.join(out, 'report.html')).href);
  }, 600_000);

  afterAll(async () => {
    await chromium?.close();
  });

  it('is written beside report.md, self-contained and of reasonable size', () => {
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(fs.existsSync(path.join(out, 'report.md'))).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link\b/i);
    expect(html.length).toBeLessThan(600_000);
  });

  it('shows no code, error or word that docs/glossary.md lacks an entry for, in report.md, the incident pages or on the page', async () => {
    const md = ['report.md', '000-session-version.md', '003-better-auth-session-token.md'].map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
    expect(codesShown(md)).toEqual(expect.arrayContaining(['42703', 'JWT_SESSION_ERROR', 'SchemaMismatchError']));
    expect(glossaryGaps(md)).toEqual([]);
    expect(glossaryGaps(await page.evaluate(() => document.body.textContent ?? ''))).toEqual([]);
  });

  it("report.md is the map, the run, each incident's steps and claims; the incident's page keeps the lines that teach and leaves out bundle source", () => {
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    const page = fs.readFileSync(path.join(out, '003-better-auth-session-token.md'), 'utf8');
    expect(page).toContain('Unknown argument `token`');
    expect(page).toContain('FAILED_TO_GET_SESSION');
    expect(page).toMatch(/^\[console\.error\] .*P2022/m);
    expect(page).not.toContain('s.bold(');
    expect(page).not.toMatch(/^\[[^\]]+\]\s+at .*node_modules\//m);
    expect(page).toMatch(
      /\d+ of \d+ lines left out \(.*bundle source.*\); whole log: `steps\[\d+\]\.logs` in `003-better-auth-session-token\.in-process\.json`/,
    );
    // The default run's report.md must stay within 100 KB as incidents join: measured at 24.6 KB for
    // 000 and 003 when the step details moved to the incident pages, 56.6 KB for all six (004, 005 added).
    expect(Buffer.byteLength(md)).toBeLessThan(30_000);
    expect(checkMarkdownLinks(path.join(out, 'report.md'))).toEqual([]);
    expect(checkMarkdownLinks(path.join(out, '003-better-auth-session-token.md'))).toEqual([]);
    // The map links each cell to a claim in report.md or a step on the incident's page (all landing, above).
    const mapLinks = md
      .split('\n')
      .filter((l) => /^\| 00\d-/.test(l) && l.includes(']('))
      .flatMap((l) => [...l.matchAll(/\]\(([^)]*#[^)]+)\)/g)]);
    expect(mapLinks.length).toBeGreaterThanOrEqual(10);
  });

  it('shows the map with observed verdicts, linking to the proof', async () => {
    const rows = await page.$$eval('#map-table tbody tr', (trs) =>
      trs.map((tr) => ({
        id: (tr as HTMLElement).dataset.incident,
        text: tr.textContent ?? '',
        links: [...tr.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      })),
    );
    expect(rows.map((r) => r.id)).toEqual(['000-session-version', '003-better-auth-session-token']);
    expect(rows[0]!.text).toContain('200 {}');
    expect(rows[0]!.text).toMatch(/Run 0012 directly with psql -f\s*holds/);
    expect(rows[1]!.text).toContain('does not hold on Better Auth 1.4.0, Better Auth 1.7.25; holds on Better Auth 0.8.8');
    for (const href of rows.flatMap((r) => r.links)) expect(await page.locator(`[id="${href!.slice(1)}"]`).count(), `map link ${href}`).toBe(1);
  });

  it("shows a claim's verdict badge: NextAuth's 200 {} makes 000.all-jwt-callbacks-500 not hold", async () => {
    const row = page.locator('[id="claim-000-session-version-in-process-000.all-jwt-callbacks-500"]');
    await expect(row.locator('.verdict').textContent()).resolves.toBe('does not hold');
    await expect(row.locator('.evidence').textContent()).resolves.toContain('answered 200 {}');
    await expect(page.locator('[id="claim-000-session-version-in-process-000.sign-in-500"] .verdict').textContent()).resolves.toBe('holds');
  });

  it('filters by incident: only its timeline stays', async () => {
    expect(await visibleIncidents(page)).toEqual(['000-session-version', '003-better-auth-session-token']);
    await page.selectOption('#f-incident', '000-session-version');
    expect(await visibleIncidents(page)).toEqual(['000-session-version']);
    await expect(page.locator('#map-table tbody tr:visible').count()).resolves.toBe(1);
    await page.selectOption('#f-incident', '');
  });

  it("shows evidence inline: 000's session body {} without a click", async () => {
    const values = await page.$$eval('[id^="step-000-session-version-in-process-"] ul.observed > li > code', (els) => els.map((e) => e.textContent ?? ''));
    expect(values).toContain('GET /api/auth/session → 200 {}');
  });

  it("shows 003's claims once each, with a verdict column per version", async () => {
    const rows = await page.$$eval('[id="incident-003-better-auth-session-token-in-process"] tr.claim', (trs) =>
      trs.map((tr) => (tr as HTMLElement).dataset.claim),
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows).size).toBe(rows.length);
    const heads = await page.$$eval('[id="incident-003-better-auth-session-token-in-process"] table.claims th[data-variant]', (ths) =>
      ths.map((t) => t.textContent),
    );
    expect(heads).toEqual(['Better Auth 1.4.0', 'Better Auth 1.7.25', 'Better Auth 0.8.8']);
  });

  it("filters by library version: 003's steps and claims of the other versions are hidden", async () => {
    await page.selectOption('#f-variant', 'Better Auth 0.8.8');
    expect(await visibleIncidents(page)).toEqual(['003-better-auth-session-token']);
    const steps = await shownHidden(page, 'section.incident li.step');
    expect(steps.shown).toBeGreaterThan(5);
    expect(steps.hidden).toBeGreaterThan(steps.shown);
    const names = await page.$$eval('li.step', (els) =>
      els.filter((e) => !(e as HTMLElement).closest('[hidden]')).map((e) => e.querySelector('.name')!.textContent!),
    );
    expect(names.every((n) => n.includes('0.8.8'))).toBe(true);
    const columns = await page.$$eval('table.claims [data-variant]', (els) =>
      els.filter((e) => !(e as HTMLElement).closest('[hidden]')).map((e) => (e as HTMLElement).dataset.variant),
    );
    expect(new Set(columns)).toEqual(new Set(['Better Auth 0.8.8']));
    await page.selectOption('#f-variant', '');
  });

  it('loads nothing but the file, raises no script error, and leaves report.png', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(out, 'report.png') });
    expect(fs.statSync(path.join(out, 'report.png')).size).toBeGreaterThan(10_000);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
