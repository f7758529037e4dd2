/**
 * Sample output in the docs stays true: every block of output in a Markdown
 * file is marked `<!-- sample: NAME (checked by FILE) -->`, and FILE checks it
 * against what a test really produced (`expectSample('NAME', output)` in
 * replay-run.ts, `checkSample` of @incident-replay/incident elsewhere).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docSamples, fencedBlocks, markdownFiles, maskVolatile, sampleMismatch } from '@incident-replay/incident';
import { REPO_ROOT } from '../src/discover.js';

/** Info strings of blocks that show output (commands are `sh`, code is `ts`, `json` may be either). */
const OUTPUT_INFO = new Set(['', 'text', 'console', 'output', 'json']);
const NOT_OUTPUT = /^<!-- not output: .+ -->$/;
/** The first line of a region `pnpm docs:generate` writes: what is in it is generated, not pasted. */
const GENERATED = /^<!-- [a-z-]+:start\b.*-->$/;

describe('sampleMismatch', () => {
  const output = ['a run 1.6 s at 127.0.0.1:35619', 'noise', 'db ir_1aae72f0w1_x dropped', 'end of run (exit 2)'].join('\n');

  it('matches an abridged sample with masked times, ports and ids', () => {
    expect(sampleMismatch(['a run 9 ms at 127.0.0.1:1', '…', 'db ir_abc dropped', 'end of … (exit 2)'], output)).toBeUndefined();
  });

  it('names the sample line that matches nothing', () => {
    expect(sampleMismatch(['a run 9 ms at 127.0.0.1:1', '…', 'end of run (exit 1)'], output)).toMatch(/^sample line 3 "end of run \(exit 1\)"/);
  });

  it('requires adjacent lines where the sample has no "…" between them', () => {
    expect(sampleMismatch(['a run 1 s at 127.0.0.1:1', 'db ir_x dropped'], output)).toMatch(/right after/);
  });

  it('matches a column of right-aligned times whatever the widths of the times', () => {
    const table = ['  setup       87 ms   19 ms', '   1 step 1  1.28 s  181 ms'].join('\n');
    expect(sampleMismatch(['  setup      187 ms    9 ms', '   1 step 1   95 ms  2.1 s'], table)).toBeUndefined();
    expect(sampleMismatch(['  setup 187 ms 9 ms', '   1 step 1 95 ms 2.1 s'], table)).toBeUndefined();
    expect(sampleMismatch(['  setup   87 ms   19 ms   0 ms'], table)).toMatch(/^sample line 1/);
  });

  it('masks what changes between runs, and nothing else', () => {
    expect(maskVolatile('pid 4242 at localhost:5432, 957 ms, /tmp/ir-x/y, 2026-12-04T20-28-34-386Z, step 2')).toBe(
      'pid <pid> at 127.0.0.1:<port>, <t>, <tmp>, <time>, step 2',
    );
  });
});

describe('the sample output of the docs', () => {
  const files = markdownFiles(REPO_ROOT);

  it('marks every block of output with the test that checks it', () => {
    const unmarked: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const lines = text.split('\n');
      for (const b of fencedBlocks(file, text)) {
        const before = lines[b.line - 2]?.trim() ?? '';
        if (!OUTPUT_INFO.has(b.info) || b.sample || NOT_OUTPUT.test(before) || GENERATED.test(before)) continue;
        unmarked.push(`${file}:${b.line} (\`\`\`${b.info})`);
      }
    }
    expect(unmarked, 'blocks of output with no <!-- sample: NAME (checked by FILE) --> or <!-- not output: why --> line before them').toEqual([]);
  });

  it('names, for every sample, a test file that checks it by name', () => {
    const samples = docSamples(REPO_ROOT, files);
    expect(samples.length).toBeGreaterThan(0);
    const unchecked = samples
      .filter((s) => {
        const test = path.join(REPO_ROOT, s.checkedBy);
        return !fs.existsSync(test) || !fs.readFileSync(test, 'utf8').includes(`'${s.name}'`);
      })
      .map((s) => `${s.file}:${s.line} ${s.name} → ${s.checkedBy}`);
    expect(unchecked, 'samples whose test file does not exist or never names them').toEqual([]);
  });
});
