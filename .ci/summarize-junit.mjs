// Sums the JUnit reports the vitest packages wrote under CI and prints one
// line: "tests: N passed, N failed, N skipped", after the failed tests each
// with its report, file, name and the first lines of its failure, so the tail
// of a CI log names what failed (turbo prints a package's output long before).
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
const failures = [];
/** The XML entities vitest's JUnit reporter writes, decoded. */
const decodeXml = (t) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
for (const f of files) {
  const xml = fs.readFileSync(f, 'utf8');
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[3] ?? '';
    if (/<(failure|error)\b/.test(body)) {
      failed++;
      const attr = (name) => decodeXml(m[1].match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? '?');
      const fail = body.match(/<(failure|error)\b([^>]*)>([\s\S]*?)<\/\1>/) ?? body.match(/<(failure|error)\b([^>]*)\/>/);
      const message = fail?.[2].match(/\bmessage="([^"]*)"/)?.[1] ?? '';
      const detail = decodeXml(`${message}\n${fail?.[3] ?? ''}`);
      const lines = detail
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(0, 12);
      failures.push(`FAILED ${f}: ${attr('classname')} > ${attr('name')}\n${lines.map((l) => `    ${l}`).join('\n')}`);
    } else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
}
for (const f of failures) console.log(f);
console.log(`junit reports: ${files.length} (${files.join(', ')})`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
