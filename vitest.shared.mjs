/**
 * Settings every package's vitest config shares. Under CI each package also
 * writes a JUnit report (junit.xml, git-ignored) that .ci/run sums up and the
 * GitHub workflow publishes.
 *
 * @type {(string | [string, Record<string, unknown>])[]}
 */
export const reporters = process.env.CI ? ['default', ['junit', { outputFile: 'junit.xml' }]] : ['default'];
