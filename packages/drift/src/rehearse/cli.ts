/**
 * `schema-drift rehearse`: the rehearsal as a command, run in the project's folder of a git work tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { maskUrl, stdoutToStderr, type CliIo } from '../cli.js';
import { REHEARSAL_FORMATS, type RehearsalFormat } from './formats.js';
import { openScratchServer, type ScratchServer } from '../scratch-server.js';
import { rehearse, type DeployOrder, type RehearsalReport, type ScratchServerLike } from './rehearse.js';

/** The usage text of `schema-drift rehearse --help`. */
export const REHEARSE_USAGE = `usage: schema-drift rehearse --base <git ref> [--head <git ref>] [options]
Rehearses a deploy before it ships: BASE's migrations (or, with --database-url, a copy of production's
schema without rows) on a throwaway PostgreSQL, HEAD's pending migrations on a copy of that, then three
questions: is the release complete, does the running build survive the migration, may the code ship
before the migration. A verdict for each deploy order. Run it in the project's folder of a git work tree.

  --base REF                what production runs (a branch, tag or commit; CI needs fetch-depth: 0)
  --head REF                what is about to ship (default: the work tree, uncommitted changes included)
  --order ORDER             the pipeline's order: migrate-first (default) or deploy-first
  --database-url URL        production, only read (READ ONLY transaction): BEFORE is a copy of its schema;
                            never taken from $DATABASE_URL
  --server-url URL          a scratch server to use instead of the embedded one (only its own databases are made and dropped)
  --install-base            install BASE's dependencies when its lockfile pins other library versions
  --format NAME             text (default), json, sarif, github, junit or markdown, to stdout
  --output NAME=FILE        also write a format to a file (repeatable)
  --fail-on any|breaks      which findings fail (exit 1), as the drift check counts them
  --prisma-schema FILE, --drizzle-config FILE, --config FILE, --better-auth MOD#EXPORT   as the drift check
  --timeout MS              connect and statement timeout for production (default 10000)
exit code: 0 the release is complete and the pipeline's order breaks nothing, 1 it does not or a migration
fails, 2 could not rehearse (one line says why)`;

/**
 * Runs `schema-drift rehearse` and returns its exit code (0, 1, 2 as {@link REHEARSE_USAGE} says).
 * Starts the embedded PostgreSQL (or uses `--server-url`) and stops it, or drops what it made there,
 * before returning, whatever happened.
 *
 * @param argv the arguments after `rehearse`
 */
export async function runRehearseCli(argv: string[], io: CliIo, pathPrefix: string): Promise<number> {
  const bad = (msg: string) => {
    io.stderr(`schema-drift rehearse: ${maskUrl(msg)} (see schema-drift rehearse --help)\n`);
    return 2;
  };
  let v: ReturnType<typeof parse>;
  try {
    v = parse(argv);
  } catch (err) {
    return bad((err as Error).message.split('\n')[0]!);
  }
  if (v.help) {
    io.stdout(`${REHEARSE_USAGE}\n`);
    return 0;
  }
  if (!v.base) return bad('--base <git ref> is required: the revision production runs');
  const order = v.order as DeployOrder;
  if (order !== 'migrate-first' && order !== 'deploy-first') return bad(`--order must be migrate-first or deploy-first, not "${v.order}"`);
  const failOn = v['fail-on'];
  if (failOn !== 'any' && failOn !== 'breaks') return bad(`--fail-on must be "any" or "breaks", not "${failOn}"`);
  const isFormat = (f: string): f is RehearsalFormat => Object.hasOwn(REHEARSAL_FORMATS, f);
  if (!isFormat(v.format)) return bad(`--format must be one of ${Object.keys(REHEARSAL_FORMATS).join(', ')}, not "${v.format}"`);
  const outputs: { format: RehearsalFormat; file: string }[] = [];
  for (const spec of v.output) {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, Math.max(eq, 0));
    if (eq < 1 || !spec.slice(eq + 1) || !isFormat(name))
      return bad(`--output takes FORMAT=FILE with a format of ${Object.keys(REHEARSAL_FORMATS).join(', ')}, not "${spec}"`);
    outputs.push({ format: name, file: path.resolve(io.cwd, spec.slice(eq + 1)) });
  }
  const timeoutMs = v.timeout === undefined ? undefined : Number(v.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0))
    return bad(`--timeout must be a positive number of milliseconds, not "${v.timeout}"`);

  // The server starts on first use: a rehearsal that cannot start (unknown ref, no ORM) starts none.
  let opened: Promise<ScratchServer> | undefined;
  const open = () => {
    opened ??= openScratchServer({ serverUrl: v['server-url'], env: io.env });
    return opened;
  };
  const server: ScratchServerLike = {
    describe: async () => (await open()).description,
    create: async (label, template) => (await open()).create(label, template),
  };
  let report: RehearsalReport;
  try {
    report = await stdoutToStderr(() =>
      rehearse({
        cwd: io.cwd,
        base: v.base!,
        head: v.head,
        order,
        databaseUrl: v['database-url'],
        server,
        failOn,
        installBase: v['install-base'],
        prismaSchema: v['prisma-schema'],
        drizzleConfig: v['drizzle-config'],
        config: v.config,
        betterAuth: v['better-auth'],
        timeoutMs,
      }),
    );
  } finally {
    if (opened) await (await opened.catch(() => undefined))?.stop();
  }
  const options = { pathPrefix };
  for (const o of outputs) {
    try {
      fs.mkdirSync(path.dirname(o.file), { recursive: true });
      fs.writeFileSync(o.file, REHEARSAL_FORMATS[o.format](report, options));
    } catch (err) {
      io.stderr(`schema-drift rehearse: could not write ${o.file}: ${(err as Error).message.split('\n')[0]}\n`);
      return 2;
    }
  }
  if (v.format === 'github' && io.env.GITHUB_STEP_SUMMARY) {
    try {
      fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, REHEARSAL_FORMATS.markdown(report, options));
    } catch (err) {
      io.stderr(`schema-drift rehearse: could not append to $GITHUB_STEP_SUMMARY: ${(err as Error).message.split('\n')[0]}\n`);
    }
  }
  // Why it could not rehearse is always one line on stderr; the summary too when stdout is for machines.
  if (report.exitCode === 2) io.stderr(`schema-drift rehearse: could not rehearse: ${maskUrl(report.error ?? '')}\n`);
  else if (v.format !== 'text' && v.format !== 'markdown') io.stderr(`schema-drift rehearse: ${report.summary}\n`);
  io.stdout(REHEARSAL_FORMATS[v.format](report, options));
  return report.exitCode;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      order: { type: 'string', default: 'migrate-first' },
      'database-url': { type: 'string' },
      'server-url': { type: 'string' },
      'install-base': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      output: { type: 'string', multiple: true, default: [] },
      'fail-on': { type: 'string', default: 'any' },
      'prisma-schema': { type: 'string' },
      'drizzle-config': { type: 'string' },
      config: { type: 'string' },
      'better-auth': { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}
