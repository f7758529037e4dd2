import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neon, neonConfig, NeonDbError } from '@neondatabase/serverless';
import { Databases, startPostgres, type RunningServer } from '@incident-replay/pg-harness';
import { startNeonHttpProxy, type NeonHttpProxy } from '../src/index.js';

// The double is judged by the real client: @neondatabase/serverless 1.2.0's
// neon() must read its answers exactly as it reads Neon's.
let server: RunningServer;
let databases: Databases;
let proxy: NeonHttpProxy;
let url: string;

beforeAll(async () => {
  server = await startPostgres();
  databases = new Databases(server);
  url = (await databases.create('neon_proxy')).url;
  proxy = await startNeonHttpProxy();
  neonConfig.fetchEndpoint = proxy.fetchEndpoint;
});

afterAll(async () => {
  await proxy?.stop();
  await databases?.dropAll();
  await server?.stop();
});

describe('neon-http test double, read through @neondatabase/serverless 1.2.0', () => {
  it('returns rows the client parses with Postgres types (int, text, null, timestamptz)', async () => {
    const sql = neon(url);
    const rows = await sql`select 41 + ${1}::int as n, 'x' as s, null::text as z, '2025-10-05T00:00:00Z'::timestamptz as at`;
    expect(rows).toEqual([{ n: 42, s: 'x', z: null, at: new Date('2025-10-05T00:00:00Z') }]);
  });

  it('answers a Postgres error with 400 and the SQLSTATE, which the client raises as NeonDbError', async () => {
    const sql = neon(url);
    await sql`create table t (id int primary key)`;
    const err = await sql`select missing_column from t`.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NeonDbError);
    expect((err as NeonDbError).code).toBe('42703');
    expect((err as NeonDbError).message).toBe('column "missing_column" does not exist');
  });

  it('runs sql.transaction batches atomically', async () => {
    const sql = neon(url);
    await sql.transaction([sql`insert into t values (1)`, sql`insert into t values (2)`]);
    const err = await sql.transaction([sql`insert into t values (3)`, sql`insert into t values (1)`]).catch((e: unknown) => e);
    expect((err as NeonDbError).code).toBe('23505');
    expect(await sql`select id from t order by id`).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('counts the statements it receives', async () => {
    const sql = neon(url);
    proxy.resetQueries();
    await sql`select ${7}::int as n`;
    expect(proxy.queries).toEqual([expect.objectContaining({ query: 'select $1::int as n', params: ['7'], outcome: 'ok' })]);
  });

  it('unreachable: the client fails to connect (fetch failed); back up, it works again', async () => {
    const sql = neon(url);
    await proxy.setMode('unreachable');
    const err = await sql`select 1`.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NeonDbError);
    expect((err as Error).message).toBe('Error connecting to database: TypeError: fetch failed');
    await proxy.setMode('up');
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  });

  it('failing: a non-400 answer becomes "Server error (HTTP status …)"', async () => {
    const sql = neon(url);
    await proxy.setMode('failing');
    const err = await sql`select 1`.catch((e: unknown) => e);
    expect((err as Error).message).toBe('Server error (HTTP status 503): endpoint is failing (test double in failing mode)');
    await proxy.setMode('up');
  });
});
