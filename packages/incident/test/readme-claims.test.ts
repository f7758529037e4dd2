import { describe, expect, it } from 'vitest';
import type { ClaimRecord } from '../src/journal.js';
import { checkReadmeClaims, checkReadmeSteps, parseReadmeClaims, parseReadmeSteps } from '../src/readme-claims.js';

const claim = (id: string, holds: boolean, variant?: string): ClaimRecord => ({
  id,
  ...(variant ? { variant } : {}),
  source: 'x.txt',
  claim: 'c',
  observed: { holds },
  holds,
  expectedToHold: holds,
  evidence: 'e',
});

const SINGLE = `# 002

| id | Claim | Verdict | Evidence |
| --- | --- | --- | --- |
| \`002.login-500\` | Login answers 500 | holds | 500 |
| \`002.status-checks-schema\` | status checks the schema | **does not hold** | exit 0 |
`;

const MATRIX = `
| id | Claim | Better Auth 1.4.0 | Better Auth 0.8.8 | Evidence |
|---|---|---|---|---|
| \`003.lookup-by-session-id\` | looks up by id | does not hold | holds | rows |
| \`003.migration-drops-token\` | drops token | holds | — (nothing to apply) | columns |
`;

describe('parseReadmeClaims', () => {
  it('reads ids, line numbers and a single Verdict column', () => {
    const parsed = parseReadmeClaims(SINGLE);
    expect(parsed.variants).toEqual([]);
    expect(parsed.rows.map((r) => [r.id, r.line, r.verdicts.get(undefined)])).toEqual([
      ['002.login-500', 5, 'holds'],
      ['002.status-checks-schema', 6, 'does not hold'],
    ]);
  });

  it('reads a version matrix: one verdict per variant column, — as not judged', () => {
    const parsed = parseReadmeClaims(MATRIX);
    expect(parsed.variants).toEqual(['Better Auth 1.4.0', 'Better Auth 0.8.8']);
    expect(parsed.rows.map((r) => [r.id, Object.fromEntries(r.verdicts)])).toEqual([
      ['003.lookup-by-session-id', { 'Better Auth 1.4.0': 'does not hold', 'Better Auth 0.8.8': 'holds' }],
      ['003.migration-drops-token', { 'Better Auth 1.4.0': 'holds', 'Better Auth 0.8.8': 'not judged' }],
    ]);
  });

  it('ignores tables without claim ids, and keeps escaped pipes inside a cell', () => {
    const parsed = parseReadmeClaims(
      `| when | exit |\n|---|---|\n| broken | 1 |\n\n| id | claim | verdict |\n|---|---|---|\n| \`000.a-b\` | \`x \\|\\| y\` | holds |\n`,
    );
    expect(parsed.rows.map((r) => [r.id, r.verdicts.get(undefined)])).toEqual([['000.a-b', 'holds']]);
  });
});

describe('checkReadmeClaims', () => {
  it('finds nothing when the README matches the journal', () => {
    expect(checkReadmeClaims(SINGLE, [claim('002.login-500', true), claim('002.status-checks-schema', false)])).toEqual([]);
    expect(
      checkReadmeClaims(MATRIX, [
        claim('003.lookup-by-session-id', false, 'Better Auth 1.4.0'),
        claim('003.lookup-by-session-id', true, 'Better Auth 0.8.8'),
        claim('003.migration-drops-token', true, 'Better Auth 1.4.0'),
      ]),
    ).toEqual([]);
  });

  it('reports a journal claim with no README row', () => {
    expect(checkReadmeClaims(SINGLE, [claim('002.login-500', true), claim('002.status-checks-schema', false), claim('002.dashboard-fails', true)])).toEqual([
      'claim `002.dashboard-fails` is in the journal but has no row in the README claims table',
    ]);
  });

  it('reports a README row whose id no claim has', () => {
    expect(checkReadmeClaims(SINGLE, [claim('002.login-500', true)])).toEqual(['README line 6: `002.status-checks-schema` names no claim of the journal']);
  });

  it('reports a verdict that differs', () => {
    expect(checkReadmeClaims(SINGLE, [claim('002.login-500', true), claim('002.status-checks-schema', true)])).toEqual([
      '`002.status-checks-schema`: README line 6 says it does not hold, the journal says it holds',
    ]);
  });

  it('reports a verdict that differs for one variant only', () => {
    expect(
      checkReadmeClaims(MATRIX, [
        claim('003.lookup-by-session-id', false, 'Better Auth 1.4.0'),
        claim('003.lookup-by-session-id', false, 'Better Auth 0.8.8'),
        claim('003.migration-drops-token', true, 'Better Auth 1.4.0'),
      ]),
    ).toEqual(['`003.lookup-by-session-id` (Better Auth 0.8.8): README line 4 says it holds, the journal says it does not hold']);
  });

  it('reports a variant column missing', () => {
    expect(
      checkReadmeClaims(MATRIX, [
        claim('003.lookup-by-session-id', false, 'Better Auth 1.4.0'),
        claim('003.lookup-by-session-id', true, 'Better Auth 0.8.8'),
        claim('003.lookup-by-session-id', false, 'Better Auth 1.7.25'),
        claim('003.migration-drops-token', true, 'Better Auth 1.4.0'),
      ]),
    ).toEqual(['the README claims table has no "Better Auth 1.7.25" column (the journal judges claims for that variant)']);
  });

  it('reports a variant marked not judged that the run judged, and a verdict for a variant it did not judge', () => {
    expect(
      checkReadmeClaims(MATRIX, [
        claim('003.lookup-by-session-id', false, 'Better Auth 1.4.0'),
        claim('003.migration-drops-token', true, 'Better Auth 1.4.0'),
        claim('003.migration-drops-token', true, 'Better Auth 0.8.8'),
      ]),
    ).toEqual([
      '`003.migration-drops-token` (Better Auth 0.8.8): README line 5 says not judged, the journal says it holds',
      '`003.lookup-by-session-id` (Better Auth 0.8.8): README line 4 says it holds, but this run did not judge it for that variant',
    ]);
  });

  it('reports a claims-table row without an id, and an id with two rows', () => {
    const readme = `${SINGLE}| 002.login-500 | no backticks | holds | x |\n| \`002.login-500\` | again | holds | x |\n`;
    expect(checkReadmeClaims(readme, [claim('002.login-500', true), claim('002.status-checks-schema', false)])).toEqual([
      'claims table row without a claim id in its first cell (line 7: 002.login-500)',
      '`002.login-500` has two README rows (lines 5 and 8)',
    ]);
  });

  it('reports every claim when the README has no claims table', () => {
    expect(checkReadmeClaims('# nothing here\n', [claim('001.a', true)])).toEqual([
      'claim `001.a` is in the journal but has no row in the README claims table',
    ]);
  });
});

describe('claim row anchors', () => {
  it('reads a row anchor and flags one that does not name the row', () => {
    const readme = SINGLE.replace('| `002.login-500`', '| <a id="claim-002.login-500"></a>`002.login-500`').replace(
      '| `002.status-checks-schema`',
      '| <a id="claim-002.login-500"></a>`002.status-checks-schema`',
    );
    expect(parseReadmeClaims(readme).rows.map((r) => r.anchor)).toEqual(['claim-002.login-500', 'claim-002.login-500']);
    expect(checkReadmeClaims(readme, [claim('002.login-500', true), claim('002.status-checks-schema', false)])).toEqual([
      'README line 6: the anchor of `002.status-checks-schema` is "claim-002.login-500", not "claim-002.status-checks-schema"',
    ]);
  });
});

describe('checkReadmeSteps', () => {
  const steps = [
    { index: 1, kind: 'broken-state' },
    { index: 2, kind: 'symptom' },
    { index: 3, kind: 'broken-state' },
    { index: 4, kind: 'symptom' },
  ];
  const PER_VARIANT = `
| 1.4.0 | 0.8.8 | kind | what happens |
|---|---|---|---|
| <a id="step-1"></a>1 | <a id="step-3"></a>3 | broken state | deployed |
| <a id="step-2"></a>2 | <a id="step-4"></a>4 | **symptom** | 401 |
`;

  it('accepts one anchor per step, in order within each column, with its number and kind', () => {
    expect(parseReadmeSteps(PER_VARIANT).map((r) => [r.index, r.column])).toEqual([
      [1, '1.4.0'],
      [3, '0.8.8'],
      [2, '1.4.0'],
      [4, '0.8.8'],
    ]);
    expect(checkReadmeSteps(PER_VARIANT, steps)).toEqual([]);
  });

  it('names a missing, extra, repeated, misnumbered, out-of-order or wrong-kind step', () => {
    const readme = `
| step | kind | what happens |
|---|---|---|
| <a id="step-2"></a>2 | fix | x |
| <a id="step-1"></a>one | broken-state | x |
| <a id="step-1"></a>1 | broken-state | x |
| <a id="step-9"></a>9 | check | x |
`;
    expect(checkReadmeSteps(readme, steps)).toEqual([
      'README line 4, step 2: kind "fix", the run\'s step 2 is symptom',
      'README line 5, step 1: comes after step 2 in column "step"; a column lists steps in the run\'s order',
      'README line 5, step 1: the anchor is shown as "one", not as its number',
      'README line 6, step 1: a second anchor for the step (the first is on line 5)',
      'README line 6, step 1: comes after step 2 in column "step"; a column lists steps in the run\'s order',
      'README line 7, step 9: the run has no step 9 (it has 4)',
      'step 3 (broken-state) has no row in the README steps table (<a id="step-3"></a>)',
      'step 4 (symptom) has no row in the README steps table (<a id="step-4"></a>)',
    ]);
  });

  it('ignores step anchors outside a table with a Kind column', () => {
    expect(parseReadmeSteps('| a | b |\n|---|---|\n| <a id="step-1"></a>1 | x |\n')).toEqual([]);
  });
});
