import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnobservedClaims, lintClaims } from '../src/claim-lint.js';

// Made when the tests start, not when the file is collected: a run whose filter skips every test here
// collects the file but runs no afterAll, and would leave the folder behind.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-lint-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** Writes a small scenario file with one claim call whose spec is `fields` (observed/holds/evidence), and lints it. */
function lint(fields: string, preamble = ''): string[] {
  const file = path.join(dir, `case-${++n}.ts`);
  fs.writeFileSync(
    file,
    `${preamble}
export async function step(t: any, res: { status: number }) {
  t.claim({
    id: '000.x',
    source: 'x.txt',
    claim: 'c',
    ${fields},
    expectedToHold: true,
  });
}
`,
  );
  return findUnobservedClaims([file]).map((p) => `${p.line}: ${p.problem}`);
}

const GOOD = {
  observed: 'observed: { status: res.status }',
  holds: 'holds: (o) => o.status === 500',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test, not a template
  evidence: 'evidence: (o) => `status ${o.status}`',
};
const spec = (over: Partial<typeof GOOD>) => Object.values({ ...GOOD, ...over }).join(',\n    ');

describe('findUnobservedClaims', () => {
  it('accepts a verdict and evidence computed from an observation (destructuring included)', () => {
    expect(lint(spec({}))).toEqual([]);
    expect(lint(spec({ holds: 'holds: ({ status }) => status === 500', evidence: 'evidence: function ([a] = []) { return String(a); }' }))).toEqual([]);
    expect(lint(spec({ observed: 'observed: { status: res.status, fixed: 1 }' }))).toEqual([]);
  });

  it('rejects holds: () => false (no parameter)', () => {
    expect(lint(spec({ holds: 'holds: () => false' }))).toEqual(['8: holds takes no parameter, so it cannot depend on the observation']);
  });

  it('rejects holds: (o) => true and (o) => !!0 (the parameter is never used)', () => {
    expect(lint(spec({ holds: 'holds: (o) => true' }))).toEqual(["8: holds's body never uses its parameter (o), so it does not depend on the observation"]);
    expect(lint(spec({ holds: 'holds: (o) => !!0' }))).toEqual(["8: holds's body never uses its parameter (o), so it does not depend on the observation"]);
    // A property named like the parameter is not a use of it; neither is a rebinding of the name.
    expect(lint(spec({ holds: 'holds: (o) => res.o === 1' }))).toHaveLength(1);
    expect(lint(spec({ holds: 'holds: (o) => [1].some((o) => o > 0)' }))).toHaveLength(1);
  });

  it('rejects evidence: () => "fixed" and an evidence that is not a function', () => {
    expect(lint(spec({ evidence: "evidence: () => 'fixed'" }))).toEqual(['9: evidence takes no parameter, so it cannot depend on the observation']);
    expect(lint(spec({ evidence: "evidence: 'fixed'" }))).toEqual(["9: evidence must be an arrow or function expression of the observation, not 'fixed'"]);
  });

  it('rejects a constant observation: observed: true, { n: 0 }, !!0, a template without substitutions, a constant const', () => {
    expect(lint(spec({ observed: 'observed: true' }))).toEqual(['7: observed is a constant (true), not something the step measured']);
    expect(lint(spec({ observed: 'observed: { n: 0 }' }))).toEqual(['7: observed is a constant ({ n: 0 }), not something the step measured']);
    expect(lint(spec({ observed: 'observed: !!0' }))).toHaveLength(1);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test, not a template
    expect(lint(spec({ observed: 'observed: { list: [1, `a`, -2, null], s: `${1}` }' }))).toHaveLength(1);
    expect(lint(spec({ observed: 'observed: { tables: TABLES }' }), "const TABLES = ['a', 'b'];")).toEqual([
      '7: observed is a constant ({ tables: TABLES }), not something the step measured',
    ]);
  });

  it('rejects a spec it cannot see: not an object literal, a spread, the old three-argument call', () => {
    const file = path.join(dir, 'opaque.ts');
    fs.writeFileSync(
      file,
      [
        'declare const t: any, made: any, res: { status: number };',
        't.claim(made);',
        "t.claim({ ...made, id: '000.x' });",
        "t.claim('x.txt', 'c', { holds: res.status === 500, expectedToHold: true, evidence: 'e' });",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test, not a template
        'const spec = { observed: { s: res.status }, holds: (o: { s: number }) => o.s === 1, evidence: (o: { s: number }) => `${o.s}` };',
        't.claim(spec);',
      ].join('\n'),
    );
    expect(lintClaims([file])).toEqual({
      claimCalls: 4,
      problems: [
        { file, line: 2, problem: "claim()'s argument is not an object literal, so its verdict cannot be verified (made)" },
        { file, line: 3, problem: 'claim() spec spreads made in; its holds/observed cannot be verified' },
        { file, line: 4, problem: 'claim() takes one spec object; this call passes 3 arguments' },
      ],
    });
  });
});
