/**
 * The repository's tracked Markdown: links and anchors that land, and no paragraph copied from
 * one file into another (one fact, one home). A run's report.md gets the link check in
 * replay.test.ts, on the report that test's replay writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/discover.js';
import { anchorsOf, checkMarkdownLinks, copiedParagraphs, paragraphsOf, trackedMarkdown } from './markdown-docs.js';

const files = trackedMarkdown(REPO_ROOT);

describe('the checker itself', () => {
  it('offers GitHub heading slugs and explicit anchors, and ignores links inside code', () => {
    const md = '# A — Title: `x`!\n\n## A — Title: `x`!\n\n| <a id="step-1"></a>1 |\n|---|\n\n```\n[x](nowhere.md)\n```\n\n`[y](nowhere.md)`\n';
    expect([...anchorsOf(md)]).toEqual(['a--title-x', 'a--title-x-1', 'step-1']);
    expect(checkMarkdownLinks(path.join(REPO_ROOT, 'x.md'), md)).toEqual([]);
  });

  it('finds a missing file and a missing anchor, relative to the file', () => {
    const file = path.join(REPO_ROOT, 'scenarios', 'x.md');
    const md = '# Here\n\n[a](#here) [b](#gone) [c](README.md#nope) [d](missing.md) [e](000-session-version/incident.ts#L3) [f](https://example.com/#x)\n';
    expect(checkMarkdownLinks(file, md).map((p) => p.replace(`${file}:`, ''))).toEqual([
      '3: #gone: x.md has no anchor "gone"',
      '3: README.md#nope: README.md has no anchor "nope"',
      '3: missing.md: no such file or folder',
    ]);
  });

  it('finds a paragraph in two files, not one inside a marker region or a code block', () => {
    const long = 'A paragraph long enough to count as a copy when it turns up again in another file, which is what this test is about, no more.';
    const a = paragraphsOf('a.md', `# A\n\n${long}\n`);
    const b = paragraphsOf('b.md', `# B\n\ntext\n\n${long.replace(/ /g, '\n')}\n`);
    const marked = paragraphsOf('c.md', `<!-- x:start -->\n${long}\n<!-- x:end -->\n\n\`\`\`\n${long}\n\`\`\`\n`);
    expect(copiedParagraphs([...a, ...b])).toEqual([`a.md:3 and b.md:5: "${long.slice(0, 80)}…"`]);
    expect(copiedParagraphs([...a, ...marked])).toEqual([]);
  });
});

describe("the repository's Markdown", () => {
  it('has tracked files to check', () => {
    expect(files).toContain('README.md');
  });

  it('has no relative link or #anchor that goes nowhere', () => {
    const problems = files.flatMap((f) => checkMarkdownLinks(path.join(REPO_ROOT, f))).map((p) => path.relative(REPO_ROOT, p));
    expect(problems).toEqual([]);
  });

  it('holds no paragraph of 120 characters or more in two files', () => {
    const paragraphs = files.flatMap((f) => paragraphsOf(f, fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(copiedParagraphs(paragraphs)).toEqual([]);
  });
});
