import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { probeServer, signalProcess, startPostgres, type ProviderName } from '../src/index.js';
import { systemBinDir } from './system-binaries.js';

/** `<key> <shmid>` of the cluster's System V segment, line 7 of postmaster.pid. */
function sysvSegment(dataDir: string): { key: number; id: number } {
  const [key, id] = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[6]!.trim().split(/\s+/).map(Number);
  return { key: key!, id: id! };
}

/** Whether Linux lists that exact segment (id and key) in /proc/sysvipc/shm. */
function sysvListed(seg: { key: number; id: number }): boolean {
  return fs
    .readFileSync('/proc/sysvipc/shm', 'utf8')
    .split('\n')
    .slice(1)
    .some((l) => {
      const [key, id] = l.trim().split(/\s+/).map(Number);
      return key === seg.key && id === seg.id;
    });
}

/**
 * Runs a parallel query, which needs dynamic shared memory segments beyond
 * the control segment, and meanwhile lists the cluster's pg_dynshmem.
 *
 * @returns the DSM handles seen in pg_dynshmem (files `mmap.<handle>`)
 */
async function dsmHandlesDuringParallelQuery(adminUrl: string, dynshmem: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: adminUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(`SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
                   CREATE TABLE t AS SELECT g FROM generate_series(1, 300000) g; ANALYZE t`);
    const seen = new Set<string>();
    const poll = setInterval(() => {
      for (const f of fs.readdirSync(dynshmem)) seen.add(f);
    }, 2);
    const plan = await c.query<{ 'QUERY PLAN': string }>('EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM t, t AS u WHERE t.g = u.g');
    clearInterval(poll);
    for (const f of fs.readdirSync(dynshmem)) seen.add(f);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Workers Launched: [1-9]/);
    return [...seen].map((f) => f.replace(/^mmap\./, ''));
  } finally {
    await c.end().catch(() => undefined);
  }
}

describe.each([
  { provider: 'embedded' as ProviderName, skip: false },
  // The system provider needs PostgreSQL server binaries on the machine (Debian's are, here).
  { provider: 'system' as ProviderName, skip: !systemBinDir },
])('a SIGKILL of the $provider server', ({ provider, skip }) => {
  it.skipIf(skip)(
    'stop() still settles within seconds and leaves nothing of the cluster behind: no directory, no /dev/shm entry, no SysV segment',
    async () => {
      const server = await startPostgres({ provider });
      onTestFinished(() => server.stop()); // idempotent: a no-op once the test's own stop() ran
      const clusterDir = server.dataDir!;
      const dataDir = path.join(clusterDir, 'data');
      expect(server.pid).toBe(Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]));
      expect(server.address).toBe(`127.0.0.1:${new URL(server.adminUrl).port}`);

      // Dynamic shared memory lives in the cluster's directory (mmap), not as /dev/shm/PostgreSQL.<handle> (posix).
      const setting = await (async () => {
        const c = new pg.Client({ connectionString: server.adminUrl });
        await c.connect();
        const { rows } = await c.query<{ dynamic_shared_memory_type: string }>('SHOW dynamic_shared_memory_type');
        await c.end();
        return rows[0]!.dynamic_shared_memory_type;
      })();
      expect(setting).toBe('mmap');
      const handles = await dsmHandlesDuringParallelQuery(server.adminUrl, path.join(dataDir, 'pg_dynshmem'));
      expect(handles.length).toBeGreaterThan(1); // the control segment and the parallel query's
      const posixNames = handles.map((h) => `PostgreSQL.${h}`);
      const inDevShm = () => fs.readdirSync('/dev/shm').filter((n) => posixNames.includes(n));
      expect(inDevShm()).toEqual([]);
      const segment = sysvSegment(dataDir);
      expect(sysvListed(segment)).toBe(true);

      expect(signalProcess(server.serverProcess!, 'SIGKILL')).toBe(true);
      await expect.poll(async () => (await probeServer(server.adminUrl)).alive).toBe(false);
      expect(sysvListed(segment)).toBe(true); // a SIGKILLed postmaster cannot remove its segment: stop() must

      const started = Date.now();
      await server.stop();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(fs.existsSync(clusterDir)).toBe(false);
      expect(inDevShm()).toEqual([]);
      expect(sysvListed(segment)).toBe(false);
    },
  );
});
