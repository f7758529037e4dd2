// Sums the JUnit reports the vitest packages wrote under CI and prints one
// line: "tests: N passed, N failed, N skipped".
import fs from 'node:fs';
import path from 'node:path';

const roots = ['packages', 'scenarios', 'apps'];
const files = [];
for (const root of roots) {
  if (!fs.existsSync(root)) continue;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop();
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name === 'junit.xml') files.push(p);
    }
  }
}
let passed = 0,
  failed = 0,
  skipped = 0;
for (const f of files) {
  const xml = fs.readFileSync(f, 'utf8');
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[2] ?? '';
    if (/<(failure|error)\b/.test(body)) failed++;
    else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
}
console.log(`junit reports: ${files.length} (${files.join(', ')})`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
