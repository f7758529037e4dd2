/**
 * How long it takes to get a Postgres and a fresh database for an incident,
 * in one run: server start, a harness clone of a template (what each
 * incident's setup pays), a bare `CREATE DATABASE … TEMPLATE …` on the same
 * server, an empty CREATE DATABASE, and rebuilding the same 20-table schema
 * from scratch instead of cloning.
 *
 * Usage: pnpm --filter @incident-replay/pg-harness run bench [--rounds 20] [--json FILE]
 * (provider chosen as for tests; PG_PROVIDER forces one). It prints the
 * figures; `--json FILE` also writes them as {@link ProvisioningFigures}.
 * `pnpm bench` (packages/replay/bench/bench.ts) runs this file with `--json`
 * and puts its figures in the same table as the replay and the test suites.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Databases, startPostgres } from '../src/index.js';

/** DDL of a 20-table schema, about the size of the incident apps. */
const SCHEMA = Array.from(
  { length: 20 },
  (_, i) =>
    `CREATE TABLE t${i} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, n int DEFAULT 0, created_at timestamptz DEFAULT now()); CREATE INDEX t${i}_name ON t${i} (name);`,
).join('\n');

/**
 * What one provisioning run measured. Every time is wall time in
 * milliseconds (performance.now); each array has one sample per round.
 */
export interface ProvisioningFigures {
  /** The server's one-line description (provider, version, address; no password). */
  server: string;
  /** The provider that started it: `embedded`, `system`, `container` or `url`. */
  provider: string;
  /** How many rounds the per-database arrays hold. */
  rounds: number;
  /** Starting (or, for `url`, connecting to) the Postgres server, ms. */
  startMs: number;
  /** The harness's clone of a 20-table template database (`Template.clone`), ms per round. */
  cloneMs: number[];
  /** A bare `CREATE DATABASE … TEMPLATE …` of the same template, ms per round. */
  bareMs: number[];
  /** An empty database from the harness (`Databases.create`), ms per round. */
  emptyMs: number[];
  /** An empty database plus running the 20-table DDL in it, ms per round. */
  rebuildMs: number[];
}

async function onDb(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql);
  await c.end();
}

/**
 * Starts a Postgres server (provider chosen as for tests), measures
 * `rounds` rounds of each way to get a database, then drops every database
 * it made and stops the server, also when a measurement throws.
 *
 * @param rounds positive integer: samples per database measurement
 * @returns the figures, in ms
 * @throws RangeError when `rounds` is not a positive integer; the harness's
 *   error when no Postgres can be started; pg's error when a query fails
 */
export async function measureProvisioning(rounds: number): Promise<ProvisioningFigures> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
  const t0 = performance.now();
  const server = await startPostgres();
  const startMs = performance.now() - t0;
  const dbs = new Databases(server);
  try {
    const tpl = await dbs.createTemplate('bench', (url) => onDb(url, SCHEMA));
    const figures: ProvisioningFigures = {
      server: server.description,
      provider: server.provider,
      rounds,
      startMs,
      cloneMs: [],
      bareMs: [],
      emptyMs: [],
      rebuildMs: [],
    };
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      for (let i = 0; i < rounds; i++) {
        let t = performance.now();
        const d = await tpl.clone('clone');
        figures.cloneMs.push(performance.now() - t);
        await d.drop();

        const name = `${dbs.prefix}bare_${i}`;
        t = performance.now();
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.name}`);
        figures.bareMs.push(performance.now() - t);
        await admin.query(`DROP DATABASE ${name}`);

        t = performance.now();
        const e = await dbs.create('empty');
        const emptyMs = performance.now() - t;
        figures.emptyMs.push(emptyMs);
        t = performance.now();
        await onDb(e.url, SCHEMA);
        figures.rebuildMs.push(performance.now() - t + emptyMs);
        await e.drop();
      }
    } finally {
      await admin.end();
    }
    return figures;
  } finally {
    await dbs.dropAll();
    await server.stop();
  }
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms   p95 ${q(0.95).toFixed(1)} ms   min ${s[0]!.toFixed(1)} ms`;
}

/**
 * The figures as this script has always printed them: the server, the
 * rounds, then one line per measurement (median, p95, min).
 */
export function provisioningLines(f: ProvisioningFigures): string[] {
  return [
    f.server,
    `rounds: ${f.rounds}`,
    `server start (${f.provider})             ${f.startMs.toFixed(0)} ms`,
    `harness clone of a 20-table template   ${stats(f.cloneMs)}`,
    `bare CREATE DATABASE … TEMPLATE …      ${stats(f.bareMs)}`,
    `empty CREATE DATABASE                  ${stats(f.emptyMs)}`,
    `empty database + rebuild 20 tables     ${stats(f.rebuildMs)}`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, json: { type: 'string' } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
  const figures = await measureProvisioning(rounds);
  console.log(provisioningLines(figures).join('\n'));
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
