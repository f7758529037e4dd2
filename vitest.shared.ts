/**
 * Settings every package's vitest config shares. Under CI each package also
 * writes a JUnit report (junit.xml, git-ignored) that .ci/run sums up and the
 * GitHub workflow publishes.
 */
export const reporters: (string | [string, Record<string, unknown>])[] = process.env.CI
  ? ['default', ['junit', { outputFile: 'junit.xml' }]]
  : ['default'];
