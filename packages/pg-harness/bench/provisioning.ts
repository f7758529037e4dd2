/**
 * Prints how long it takes to get a Postgres and a fresh database for an
 * incident, in one run: server start, a harness clone of a template
 * (what each incident's setup pays), a bare `CREATE DATABASE … TEMPLATE …`
 * on the same server, an empty CREATE DATABASE, and rebuilding the same
 * 20-table schema from scratch instead of cloning.
 *
 * Usage: pnpm bench [-- --rounds 20]   (provider chosen as for tests; PG_PROVIDER forces one)
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Databases, startPostgres } from '../src/index.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);

/** DDL of a 20-table schema, about the size of the incident apps. */
const SCHEMA = Array.from(
  { length: 20 },
  (_, i) =>
    `CREATE TABLE t${i} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, n int DEFAULT 0, created_at timestamptz DEFAULT now()); CREATE INDEX t${i}_name ON t${i} (name);`,
).join('\n');

async function onDb(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql);
  await c.end();
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms   p95 ${q(0.95).toFixed(1)} ms   min ${s[0]!.toFixed(1)} ms`;
}

const t0 = performance.now();
const server = await startPostgres();
const startMs = performance.now() - t0;
const dbs = new Databases(server);
try {
  const tpl = await dbs.createTemplate('bench', (url) => onDb(url, SCHEMA));
  const clone: number[] = [];
  const bare: number[] = [];
  const empty: number[] = [];
  const rebuild: number[] = [];
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const d = await tpl.clone('clone');
    clone.push(performance.now() - t);
    await d.drop();

    const name = `${dbs.prefix}bare_${i}`;
    t = performance.now();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.name}`);
    bare.push(performance.now() - t);
    await admin.query(`DROP DATABASE ${name}`);

    t = performance.now();
    const e = await dbs.create('empty');
    empty.push(performance.now() - t);
    t = performance.now();
    await onDb(e.url, SCHEMA);
    rebuild.push(performance.now() - t + empty.at(-1)!);
    await e.drop();
  }
  await admin.end();
  console.log(server.description);
  console.log(`rounds: ${rounds}`);
  console.log(`server start (${server.provider})             ${startMs.toFixed(0)} ms`);
  console.log(`harness clone of a 20-table template   ${stats(clone)}`);
  console.log(`bare CREATE DATABASE … TEMPLATE …      ${stats(bare)}`);
  console.log(`empty CREATE DATABASE                  ${stats(empty)}`);
  console.log(`empty database + rebuild 20 tables     ${stats(rebuild)}`);
} finally {
  await dbs.dropAll();
  await server.stop();
}
