/**
 * Checks of the repository's Markdown as a reader meets it: every relative link and `#anchor`
 * lands ({@link checkMarkdownLinks}), and no paragraph is a copy of another file's
 * ({@link copiedParagraphs}). Markdown is parsed with mdast-util-from-markdown (CommonMark plus
 * GitHub's extensions), so links inside code blocks and code spans are not links; heading anchors
 * are GitHub's, computed with github-slugger. Used by docs.test.ts (the tracked files) and by
 * replay.test.ts (a run's report.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString as textOf } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';

/** The Markdown files git tracks under `repoRoot`, as paths relative to it (`git ls-files '*.md'`). */
export function trackedMarkdown(repoRoot: string): string[] {
  return execFileSync('git', ['ls-files', '*.md'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Parses GitHub-flavoured Markdown into an mdast tree (positions are 1-based lines). */
function parse(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Calls `visit` on every node of the tree, depth first, in document order. */
function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

const EXPLICIT_ANCHOR = /<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi;

/**
 * The anchors a Markdown text offers, as GitHub renders it: each heading's slug (github-slugger,
 * `-1`, `-2` … for repeated headings) and the `id` or `name` of every `<a>` tag in its HTML.
 */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  walk(parse(markdown), (node) => {
    if (node.type === 'heading') anchors.add(slugger.slug(textOf(node, { includeHtml: false })));
    if (node.type === 'html') for (const m of node.value.matchAll(EXPLICIT_ANCHOR)) anchors.add(m[1]!);
  });
  return anchors;
}

/** A link's target and the line it is on. */
interface LinkAt {
  url: string;
  line: number;
}

/** Every link and link reference definition of a Markdown text (autolinked absolute URLs included). */
function linksOf(markdown: string): LinkAt[] {
  const links: LinkAt[] = [];
  walk(parse(markdown), (node) => {
    if (node.type === 'link' || node.type === 'definition') links.push({ url: node.url, line: node.position?.start.line ?? 0 });
  });
  return links;
}

/**
 * Checks every relative link and fragment of one Markdown file: the target file or folder must
 * exist, and a fragment must be an anchor of the target (of the file itself for `#…`) when the
 * target is Markdown. Absolute URLs (`https:`, `mailto:` …) are not followed; a fragment of a
 * file that is not Markdown (GitHub's `#L10` line anchors) is not checked.
 *
 * @param file the Markdown file, absolute
 * @param text its text, when it is not to be read from `file`
 * @returns one problem per broken link, `<file>:<line>: <url>: <why>`, with `file` as given
 */
export function checkMarkdownLinks(file: string, text: string = fs.readFileSync(file, 'utf8')): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>([[file, anchorsOf(text)]]);
  const anchorsIn = (target: string) => {
    if (!anchorCache.has(target)) anchorCache.set(target, anchorsOf(fs.readFileSync(target, 'utf8')));
    return anchorCache.get(target)!;
  };
  for (const { url, line } of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue;
    const hash = url.indexOf('#');
    const rawPath = hash >= 0 ? url.slice(0, hash) : url;
    const fragment = hash >= 0 ? decodeURIComponent(url.slice(hash + 1)) : undefined;
    const target = rawPath === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(rawPath));
    const where = `${file}:${line}: ${url}`;
    if (target !== file && !fs.existsSync(target)) {
      problems.push(`${where}: no such file or folder`);
      continue;
    }
    if (fragment === undefined || !target.endsWith('.md') || (target !== file && fs.statSync(target).isDirectory())) continue;
    if (!anchorsIn(target).has(fragment)) problems.push(`${where}: ${path.basename(target)} has no anchor "${fragment}"`);
  }
  return problems;
}

/** A paragraph of a Markdown file: its text with whitespace collapsed, and where it starts. */
export interface ParagraphAt {
  file: string;
  line: number;
  text: string;
}

/** A generated region, `<!-- X:start … -->` to `<!-- X:end -->`: its text is another file's or a generator's. */
const MARKER_REGION = /<!--\s*([\w-]+):start[\s\S]*?<!--\s*\1:end\s*-->/g;

/**
 * The paragraphs of a Markdown text (prose: not code blocks, tables or headings; list items and
 * block quotes included), skipping generated marker regions, as plain text with whitespace
 * collapsed to single spaces.
 *
 * @param file the name to give each paragraph
 */
export function paragraphsOf(file: string, markdown: string): ParagraphAt[] {
  // Blank a marker region but keep its lines, so that line numbers stay the file's.
  const prose = markdown.replace(MARKER_REGION, (region) => region.replace(/[^\n]/g, ''));
  const out: ParagraphAt[] = [];
  walk(parse(prose), (node) => {
    if (node.type === 'paragraph')
      out.push({ file, line: node.position?.start.line ?? 0, text: textOf(node, { includeHtml: false }).replace(/\s+/g, ' ').trim() });
  });
  return out;
}

/**
 * Paragraphs of at least `minLength` characters that appear in two or more files.
 *
 * @param files the files' paragraphs (see {@link paragraphsOf})
 * @param minLength the shortest paragraph compared, in characters (after collapsing whitespace)
 * @returns one message per copied paragraph: the files and lines it is at, and its first words
 */
export function copiedParagraphs(files: readonly ParagraphAt[], minLength = 120): string[] {
  const byText = new Map<string, ParagraphAt[]>();
  for (const p of files) {
    if (p.text.length < minLength) continue;
    byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
  }
  return [...byText.values()]
    .filter((at) => new Set(at.map((p) => p.file)).size > 1)
    .map((at) => `${at.map((p) => `${p.file}:${p.line}`).join(' and ')}: "${at[0]!.text.slice(0, 80)}…"`);
}
