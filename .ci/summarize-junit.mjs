// Sums the JUnit reports the vitest packages wrote under CI and prints one
// line: "tests: N passed, N failed, N skipped", after the failed tests each
// with its report, file, name and the first lines of its failure, so the tail
// of a CI log names what failed (turbo prints a package's output long before).
// The reports are found and read by .ci/junit.mjs (also used by `pnpm soak --test`).
import fs from 'node:fs';
import { findJUnitReports, parseJUnit } from './junit.mjs';

const files = findJUnitReports('.');
let passed = 0,
  failed = 0,
  skipped = 0;
const failures = [];
for (const f of files) {
  for (const c of parseJUnit(fs.readFileSync(f, 'utf8'))) {
    if (c.status === 'failed') {
      failed++;
      const lines = c.failure.slice(0, 12);
      failures.push(`FAILED ${f}: ${c.classname} > ${c.name}\n${lines.map((l) => `    ${l}`).join('\n')}`);
    } else if (c.status === 'skipped') skipped++;
    else passed++;
  }
}
for (const f of failures) console.log(f);
console.log(`junit reports: ${files.length} (${files.join(', ')})`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
