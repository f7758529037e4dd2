/** Reporters every vitest config uses: `default`, plus JUnit (junit.xml) under CI. See vitest.shared.mjs. */
export declare const reporters: (string | [string, Record<string, unknown>])[];
