import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterRoot, findSystemBinDir, startPostgres } from '../src/index.js';
import { systemBinDir } from './system-binaries.js';

describe('system provider', () => {
  // Needs PostgreSQL server binaries on the machine (Debian's are, here and in CI).
  it.skipIf(!systemBinDir)('starts a throwaway cluster from the machine binaries and removes it on stop', async () => {
    const clusterDirs = () => fs.readdirSync(clusterRoot()).filter((d) => d.startsWith('incident-replay-pgsys-'));
    const before = clusterDirs();
    const server = await startPostgres({ provider: 'system' });
    expect(server.description).toContain(`binaries in ${systemBinDir}`);
    expect(clusterDirs().length).toBe(before.length + 1);
    await server.stop();
    expect(clusterDirs()).toEqual(before);
  });

  it('explains where it looked when PG_BIN_DIR holds no binaries', () => {
    expect(() => findSystemBinDir({ PG_BIN_DIR: '/nonexistent' })).toThrow(/PG_BIN_DIR=\/nonexistent does not hold initdb and postgres/);
  });
});
