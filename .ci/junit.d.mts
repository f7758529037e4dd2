/** One test case of a vitest JUnit report. See .ci/junit.mjs. */
export interface JUnitCase {
  /** The test file, relative to its package (vitest's `classname`), e.g. `test/soak.test.ts`. */
  classname: string;
  /** The test's full name, describe blocks joined by ` > `. */
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** The failure's message then its text, one entry per non-blank line; empty unless failed. */
  failure: string[];
}

/** Every junit.xml under `<root>/packages`, `<root>/scenarios` and `<root>/apps` (not node_modules, not dot folders); paths joined with `root`. */
export declare function findJUnitReports(root?: string): string[];

/** The XML entities vitest's JUnit reporter writes, decoded. */
export declare function decodeXml(t: string): string;

/** The test cases of one JUnit report's text, in report order (see .ci/junit.mjs). */
export declare function parseJUnit(xml: string): JUnitCase[];
