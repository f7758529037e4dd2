import { describe, expect, it } from 'vitest';
import type { IncidentMap } from '../src/journal.js';
import { mapMarkdown, readmeMap, type MapRow } from '../src/map.js';

const map: IncidentMap = {
  seen: { text: 'the admin is turned away', step: 2 },
  cause: { text: 'the endpoint is unreachable', claim: '900.client-fails' },
  missed: { text: 'no 500', step: 1 },
  fix: { text: 'the token-only callback', claim: '900.fix-works' },
  documentedFix: { text: 'the token-only callback', claim: '900.fix-works' },
  diagnosis: { text: 'the client fails', claim: '900.client-fails' },
};
const row: MapRow = { id: '900-x', title: 'X', map };

const README = `# 900

## The steps

| step | kind | what happens |
|---|---|---|
| <a id="step-1"></a>1 | broken state | x |
| <a id="step-2"></a>2 | symptom | y |

## Claims

| id | claim | verdict | evidence |
|---|---|---|---|
| <a id="claim-900.client-fails"></a>\`900.client-fails\` | the client fails | **does not hold** | answered |
| \`900.fix-works\` | the fix works | holds | 200 |
`;

describe('readmeMap', () => {
  const md = readmeMap([row], () => README);
  const documentedFix = md.split('\n')[2]!.split(' | ').at(-1)!;

  it("gives the diagnosis and the fix a verdict each, from the README's claims table", () => {
    expect(documentedFix).toBe(
      'Diagnosis (the client fails): **does not hold** ([`900.client-fails`](scenarios/900-x/README.md#claim-900.client-fails)) · ' +
        'Fix (the token-only callback): **holds** ([`900.fix-works`](scenarios/900-x/README.md#claims)) |',
    );
    expect(readmeMap([row], () => README.replace('**does not hold**', 'holds'))).toContain('Diagnosis (the client fails): **holds**');
  });

  it("links a step to its anchor in the README's steps table", () => {
    expect(md).toContain('the admin is turned away ([step 2](scenarios/900-x/README.md#step-2))');
    expect(() => readmeMap([row], () => README.replace('<a id="step-2"></a>', ''))).toThrow(
      'map of 900-x cites step 2, which no steps table of scenarios/900-x/README.md anchors (<a id="step-2"></a>)',
    );
  });
});

describe('mapMarkdown', () => {
  it('keeps a single verdict after the fix when the map names no diagnosis, and shows a diagnosis without a verdict as unjudged', () => {
    const { diagnosis: _, ...noDiagnosis } = map;
    const link = () => undefined;
    expect(mapMarkdown([{ ...row, map: noDiagnosis }], link, () => 'holds')).toContain('| the token-only callback — **holds** (`900.fix-works`) |');
    expect(mapMarkdown([row], link, () => 'holds')).toContain(
      '| Diagnosis (the client fails) (`900.client-fails`) · Fix (the token-only callback): **holds** (`900.fix-works`) |',
    );
  });
});
