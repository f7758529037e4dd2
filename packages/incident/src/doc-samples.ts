/**
 * Sample output in the docs, checked against output a test really produced.
 *
 * A block of sample output in a Markdown file is a fenced code block right
 * after a marker line naming the sample and the test file that checks it:
 *
 *     <!-- sample: replay-server-killed (checked by packages/replay/test/faults.test.ts) -->
 *     ```text
 *     …
 *     ```
 *
 * That test calls {@link expectSample} with the output it got. The block may be
 * abridged: a line that is only `…` stands for any number of lines, and a `…`
 * inside a line for any text. Both sides are masked first ({@link maskVolatile}),
 * so times, ports, pids and run ids never make a sample stale.
 *
 * Follows the "docs quote the tests" practice of testcontainers-node (README
 * examples between region markers) and squawk's generated sample output.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** One marked sample block of a Markdown file. */
export interface DocSample {
  /** The sample's name, unique across the docs. */
  name: string;
  /** The test file that checks it, relative to the repository root. */
  checkedBy: string;
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the marker. */
  line: number;
  /** The block's lines, without the fences. */
  lines: string[];
}

/** A fenced block of a Markdown file (any info string). */
export interface FencedBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string after the fence (`sh`, `json`, `` for none). */
  info: string;
  lines: string[];
  /** The sample marker on the line before the fence, when there is one. */
  sample?: { name: string; checkedBy: string };
}

const MARKER = /^<!-- sample: ([a-z0-9][a-z0-9-]*) \(checked by ([^)\s]+)\) -->$/;

/**
 * The fenced code blocks of one Markdown text, with their sample markers.
 *
 * @param file the file's path as it should be reported (repository-relative).
 * @param text the Markdown text.
 * @returns the blocks in order; an unclosed block runs to the end of the text.
 */
export function fencedBlocks(file: string, text: string): FencedBlock[] {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence); j++) body.push(lines[j]!);
    const marker = i > 0 ? MARKER.exec(lines[i - 1]!.trim()) : null;
    blocks.push({
      file,
      line: i + 1,
      info: open[3]!,
      lines: body,
      ...(marker ? { sample: { name: marker[1]!, checkedBy: marker[2]! } } : {}),
    });
    i = j;
  }
  return blocks;
}

/**
 * Every marked sample of the given Markdown files.
 *
 * @param root the repository root.
 * @param files Markdown files relative to `root`.
 * @throws Error when two markers share a name.
 */
export function docSamples(root: string, files: readonly string[]): DocSample[] {
  const samples: DocSample[] = [];
  for (const file of files) {
    for (const b of fencedBlocks(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (!b.sample) continue;
      const twin = samples.find((s) => s.name === b.sample!.name);
      if (twin) throw new Error(`sample "${b.sample.name}" is marked twice: ${twin.file}:${twin.line} and ${file}:${b.line - 1}`);
      samples.push({ name: b.sample.name, checkedBy: b.sample.checkedBy, file, line: b.line - 1, lines: b.lines });
    }
  }
  return samples;
}

/**
 * Output with what changes from run to run replaced by placeholders:
 * durations (`1.6 s`, `957 ms` → `<t>`; the spaces before one become a
 * single space, so a column of right-aligned times matches whatever the
 * widths of the times were), `host:port` (→ `127.0.0.1:<port>`),
 * run ids and database names (`ir_9f3a…` → `ir_<id>`), ISO timestamps and
 * results folders (→ `<time>`), pids (`pid 123` → `pid <pid>`), and temporary
 * folders (→ `<tmp>`). ANSI colours are dropped.
 */
export function maskVolatile(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes
      .replace(/\u001b\[[0-9;]*m/g, '')
      .replace(/\d{4}-\d\d-\d\dT\d\d[-:]\d\d[-:]\d\d(?:[.-]\d+)?Z/g, '<time>')
      .replace(/\b(?:127\.0\.0\.1|localhost):\d+/g, '127.0.0.1:<port>')
      .replace(/\bir_[0-9a-z_]+/g, 'ir_<id>')
      .replace(/\bpid \d+/g, 'pid <pid>')
      .replace(/(?:\/tmp|\/dev\/shm|\/var\/tmp)\/[^\s'"),]+/g, '<tmp>')
      .replace(/( *)\b\d+(?:\.\d+)? ?(?:ms|s|min)\b/g, (_, pad: string) => (pad ? ' <t>' : '<t>'))
  );
}

function lineMatcher(docLine: string): RegExp {
  const parts = maskVolatile(docLine.trimEnd()).split('…');
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Where an abridged sample departs from real output, or undefined when it
 * matches: each sample line must match an output line, in order; a line that
 * is only `…` lets any number of output lines pass in between, and two
 * sample lines not separated by one must match adjacent output lines.
 *
 * @param sample the doc block's lines.
 * @param output the real output (any line endings).
 * @returns a one-line description of the first sample line that matched nothing.
 */
export function sampleMismatch(sample: readonly string[], output: string): string | undefined {
  const out = maskVolatile(output)
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  let at = 0;
  let gap = true; // the first sample line may match anywhere
  for (const [k, line] of sample.entries()) {
    if (line.trim() === '…') {
      gap = true;
      continue;
    }
    const re = lineMatcher(line);
    let found = -1;
    for (let i = at; i < out.length; i++) {
      if (re.test(out[i]!)) {
        found = i;
        break;
      }
      if (!gap) break;
    }
    if (found < 0) return `sample line ${k + 1} ${JSON.stringify(line.trim())} matches no output line ${gap ? 'after' : 'right after'} output line ${at}`;
    at = found + 1;
    gap = false;
  }
  return undefined;
}

/**
 * Checks a sample of the docs against real output: finds the block marked
 * `<!-- sample: NAME (checked by …) -->` in the given Markdown files and
 * throws when it does not match ({@link sampleMismatch}).
 *
 * @param root the repository root.
 * @param files Markdown files (repository-relative) to look in.
 * @param name the sample's name.
 * @param output what the test really got.
 * @throws Error naming the file, line and first mismatching sample line, and
 *   showing the masked output to paste; or when no block carries that name.
 */
export function checkSample(root: string, files: readonly string[], name: string, output: string): void {
  const sample = docSamples(root, files).find((s) => s.name === name);
  if (!sample) throw new Error(`no Markdown block is marked <!-- sample: ${name} (checked by …) -->`);
  const mismatch = sampleMismatch(sample.lines, output);
  if (mismatch)
    throw new Error(
      `the sample "${name}" in ${sample.file}:${sample.line} no longer matches the real output: ${mismatch}.\n` +
        `Update the block (abridge with lines of "…"). The real output, masked:\n${maskVolatile(output)}`,
    );
}

/**
 * The repository's Markdown files, tracked or new (not ignored), relative to
 * `root`, sorted. Reads `git ls-files`.
 *
 * @throws Error when `root` is not inside a git work tree.
 */
export function markdownFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.md'], { cwd: root, encoding: 'utf8' });
  return [...new Set(out.split('\n').filter((f) => f && fs.existsSync(path.join(root, f))))].sort();
}
