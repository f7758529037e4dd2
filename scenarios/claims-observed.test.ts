import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { lintClaims } from '@incident-replay/incident/claim-lint';

// Every claim verdict of every scenario is computed from what its step observed:
// parsed with the TypeScript compiler API (see packages/incident/src/claim-lint.ts).
const here = path.dirname(fileURLToPath(import.meta.url));
const files = fs
  .readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.split(path.sep).includes('node_modules'))
  .map((f) => path.join(here, f));

it('every t.claim in scenarios/ computes its verdict and evidence from an observed value', () => {
  const { claimCalls, problems } = lintClaims(files);
  // The four incidents make at least 39 claim calls; fewer means the scan missed them, and passed for nothing.
  expect(claimCalls).toBeGreaterThanOrEqual(39);
  expect(problems.map((p) => `${path.relative(here, p.file)}:${p.line}: ${p.problem}`)).toEqual([]);
});
