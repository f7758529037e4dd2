// Reading the JUnit reports vitest writes under CI (junit.xml in each package
// folder; see vitest.shared.mjs): where they are, and their test cases. Used by
// .ci/summarize-junit.mjs and by `pnpm soak --test` (packages/replay/src/soak.ts).
import fs from 'node:fs';
import path from 'node:path';

/** The folders, under the repository root, that hold the workspace's packages. */
const ROOTS = ['packages', 'scenarios', 'apps'];

/**
 * Every junit.xml under `<root>/packages`, `<root>/scenarios` and `<root>/apps`,
 * skipping node_modules and dot folders.
 *
 * @param {string} root the repository root (default: the current folder)
 * @returns {string[]} the reports' paths, each `path.join(root, …)`
 */
export function findJUnitReports(root = '.') {
  const files = [];
  for (const top of ROOTS) {
    const start = path.join(root, top);
    if (!fs.existsSync(start)) continue;
    const stack = [start];
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
  return files;
}

/**
 * The XML entities vitest's JUnit reporter writes, decoded.
 *
 * @param {string} t attribute or element text
 * @returns {string}
 */
export const decodeXml = (t) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/**
 * The test cases of one JUnit report, in report order. A case with a
 * `<failure>` or `<error>` failed; one with `<skipped>` was skipped; any other
 * passed. `failure` is the failure's message followed by its text (the stack,
 * the diff), entities decoded, one entry per non-blank line, trailing spaces
 * trimmed; empty unless the case failed. A missing attribute reads `?`.
 *
 * @param {string} xml the report's text
 * @returns {{ classname: string, name: string, status: 'passed' | 'failed' | 'skipped', failure: string[] }[]}
 */
export function parseJUnit(xml) {
  const cases = [];
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[3] ?? '';
    const attr = (name) => decodeXml(m[1].match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? '?');
    const c = { classname: attr('classname'), name: attr('name'), status: 'passed', failure: [] };
    if (/<(failure|error)\b/.test(body)) {
      const fail = body.match(/<(failure|error)\b([^>]*)>([\s\S]*?)<\/\1>/) ?? body.match(/<(failure|error)\b([^>]*)\/>/);
      const message = fail?.[2].match(/\bmessage="([^"]*)"/)?.[1] ?? '';
      c.status = 'failed';
      c.failure = decodeXml(`${message}\n${fail?.[3] ?? ''}`)
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean);
    } else if (/<skipped\b/.test(body)) c.status = 'skipped';
    cases.push(c);
  }
  return cases;
}
