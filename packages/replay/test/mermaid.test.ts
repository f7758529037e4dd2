/**
 * Every Mermaid block of every README (root, scenarios, packages) renders to an SVG in a real
 * browser — the Chromium of test/chromium.ts with the `mermaid` package loaded from node_modules, no network —
 * so a diagram that GitHub would show as "Unable to render" fails CI instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../src/discover.js';
import { launchChromium, type HeadlessChromium } from './chromium.js';

/** mermaid's browser bundle (UMD, defines `window.mermaid`), read from node_modules. */
const MERMAID_JS = path.join(path.dirname(createRequire(import.meta.url).resolve('mermaid/package.json')), 'dist/mermaid.min.js');

/** One fenced ```mermaid block: its file (repository-relative), first line (1-based) and source. */
interface Block {
  file: string;
  line: number;
  code: string;
}

/** The READMEs a reader opens: the root's, each scenario's and each package's. */
function readmes(): string[] {
  const inDirs = (dir: string) =>
    fs
      .readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(REPO_ROOT, dir, d.name, 'README.md')))
      .map((d) => `${dir}/${d.name}/README.md`);
  const docs = fs.existsSync(path.join(REPO_ROOT, 'docs'))
    ? fs
        .readdirSync(path.join(REPO_ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', 'scenarios/README.md', ...docs, ...inDirs('scenarios'), ...inDirs('packages')].filter((f) => fs.existsSync(path.join(REPO_ROOT, f)));
}

/** The ```mermaid blocks of a Markdown text, in order. */
export function mermaidBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```mermaid\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^\s*```\s*$/.test(lines[i + 1]!)) i++;
    blocks.push({ file, line: start + 1, code: lines.slice(start, i + 1).join('\n') });
    i++;
  }
  return blocks;
}

/** What rendering one block gave: the SVG's size, or the parse/render error. */
type Rendered = { svgChars: number; syntaxError: boolean } | { error: string };

async function render(page: Page, id: string, code: string): Promise<Rendered> {
  return page.evaluate(
    async ([id, code]) => {
      const m = (window as unknown as { mermaid: { parse(c: string): Promise<unknown>; render(id: string, c: string): Promise<{ svg: string }> } }).mermaid;
      try {
        await m.parse(code);
        const { svg } = await m.render(id, code);
        return { svgChars: svg.length, syntaxError: /Syntax error in text/.test(svg) || !svg.startsWith('<svg') };
      } catch (err) {
        return {
          error: String((err as Error)?.message ?? err)
            .split('\n')
            .slice(0, 4)
            .join(' '),
        };
      }
    },
    [id, code] as const,
  );
}

const blocks = readmes().flatMap((f) => mermaidBlocks(f, fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')));

describe('Mermaid diagrams in the READMEs', () => {
  let chromium: HeadlessChromium;
  let page: Page;
  const blocked: string[] = [];

  beforeAll(async () => {
    chromium = await launchChromium();
    const opened = await chromium.offlinePage();
    page = opened.page;
    blocked.push(...opened.blocked);
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: fs.readFileSync(MERMAID_JS, 'utf8') });
    await page.evaluate(() =>
      (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }),
    );
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
  });

  it('finds the diagrams: the scenario READMEs have theirs', () => {
    const files = new Set(blocks.map((b) => b.file));
    for (const id of ['000', '001', '002', '003'])
      expect(
        [...files].some((f) => f.startsWith(`scenarios/${id}-`)),
        `no Mermaid block in scenarios/${id}-*/README.md`,
      ).toBe(true);
  });

  it('renders every block to an SVG without a parse error, offline', async () => {
    const failures: string[] = [];
    for (const [i, b] of blocks.entries()) {
      const r = await render(page, `readme-diagram-${i}`, b.code);
      if ('error' in r) failures.push(`${b.file}:${b.line}: ${r.error}`);
      else if (r.syntaxError || r.svgChars < 500)
        failures.push(`${b.file}:${b.line}: rendered ${r.svgChars} chars${r.syntaxError ? ' with a syntax error' : ''}`);
    }
    expect(failures).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('fails a broken block, naming the error (the check can fail)', async () => {
    const [broken] = mermaidBlocks('inline.md', ['# x', '```mermaid', 'sequenceDiagram', '  Browser->>: no target', '```'].join('\n'));
    expect(broken).toMatchObject({ file: 'inline.md', line: 3 });
    const r = await render(page, 'broken-diagram', broken!.code);
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(/Parse error|Syntax error|Expecting/i);
  });
});
