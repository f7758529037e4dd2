import { findSystemBinDir } from '../src/index.js';

/**
 * The machine's PostgreSQL server binaries folder, or undefined when there is
 * none: tests of the system provider are skipped then (Debian's are here).
 */
export const systemBinDir: string | undefined = (() => {
  try {
    return findSystemBinDir();
  } catch {
    return undefined;
  }
})();
