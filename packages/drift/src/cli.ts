/**
 * `schema-drift`: the read-only drift check as a command for any project.
 * Run in the project's folder; it finds the Prisma schema / Drizzle config
 * itself (see discover.ts) and compares them with the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkDrift } from './check.js';
import { FORMATS, formatMarkdown, isFormat, type FormatName } from './formats/index.js';
import { TOOL } from './formats/tool.js';

/** The usage text of `schema-drift --help`. */
export const USAGE = `usage: schema-drift [--database-url <postgres://…>] [options]
Compares what the project's ORM expects (Prisma, Drizzle, Better Auth) with a live PostgreSQL
database and its migration ledger, strictly read-only. Run it in the project's folder.

  --database-url URL        the database to check (default: $DATABASE_URL); only read, inside a READ ONLY transaction
  --format NAME             text (default), json, sarif, github, junit or markdown, to stdout
  --output NAME=FILE        also write a format to a file (repeatable): --output sarif=drift.sarif
  --fail-on any|breaks      which findings fail (exit 1): any (default), or only those that break the app
  --prisma-schema FILE      a schema.prisma (default: prisma.config.ts, package.json "prisma.schema", prisma/schema.prisma)
  --drizzle-config FILE     a drizzle.config.ts|js (default: drizzle.config.* in this folder)
  --config FILE             a drift.config.ts (default: drift.config.ts in this folder; wins over discovery)
  --better-auth MOD#EXPORT  Better Auth's tables for the project's options, e.g. src/lib/auth.ts#auth
  --timeout MS              connect and statement timeout (default 10000)
  --version, --help
exit code: 0 no drift, 1 drift found, 2 could not check (one line says why)

schema-drift rehearse --base <git ref> …   rehearses a deploy before it ships (schema-drift rehearse --help)`;

/** Where {@link runCli} reads and writes; defaults to the process's. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Runs `schema-drift` on its arguments and returns the exit code: 0 no drift, 1 drift found, 2 bad
 * usage or could not check. Writes the chosen format to stdout, each `--output` file, and with
 * `--format github` appends the Markdown summary to `$GITHUB_STEP_SUMMARY` when it is set. Bad
 * input gives one line on stderr. Never prints the database password.
 *
 * @param argv the arguments after the command name
 */
export async function runCli(
  argv: string[],
  io: CliIo = { cwd: process.cwd(), env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<number> {
  if (argv[0] === 'rehearse') return (await import('./rehearse/cli.js')).runRehearseCli(argv.slice(1), io, repositoryPrefix(io.cwd));
  const bad = (msg: string) => {
    // A URL given where a flag was expected must not show its password.
    io.stderr(`schema-drift: ${maskUrl(msg)} (see schema-drift --help)\n`);
    return 2;
  };
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions(argv);
  } catch (err) {
    return bad((err as Error).message.split('\n')[0]!);
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL.name} ${TOOL.version}\n`);
    return 0;
  }
  // Like Prisma and drizzle-kit, fall back to DATABASE_URL; say which one (masked) on stderr.
  const databaseUrl = values['database-url'] ?? io.env.DATABASE_URL;
  if (!databaseUrl) return bad('no database: give --database-url <postgres://…> or set DATABASE_URL');
  if (values['database-url'] === undefined) io.stderr(`schema-drift: checking DATABASE_URL (${maskUrl(databaseUrl)})\n`);
  if (!isFormat(values.format)) return bad(`--format must be one of ${Object.keys(FORMATS).join(', ')}, not "${values.format}"`);
  const failOn = values['fail-on'];
  if (failOn !== 'any' && failOn !== 'breaks') return bad(`--fail-on must be "any" or "breaks", not "${failOn}"`);
  const outputs: { format: FormatName; file: string }[] = [];
  for (const spec of values.output) {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, Math.max(eq, 0));
    if (eq < 1 || !spec.slice(eq + 1)) return bad(`--output takes FORMAT=FILE, e.g. sarif=drift.sarif, not "${spec}"`);
    if (!isFormat(name)) return bad(`--output ${spec}: the format must be one of ${Object.keys(FORMATS).join(', ')}`);
    outputs.push({ format: name, file: path.resolve(io.cwd, spec.slice(eq + 1)) });
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0))
    return bad(`--timeout must be a positive number of milliseconds, not "${values.timeout}"`);

  const report = await stdoutToStderr(() =>
    checkDrift({
      cwd: io.cwd,
      databaseUrl,
      failOn,
      timeoutMs,
      prismaSchema: values['prisma-schema'],
      drizzleConfig: values['drizzle-config'],
      config: values.config,
      betterAuth: values['better-auth'],
    }),
  );
  const options = { pathPrefix: repositoryPrefix(io.cwd) };
  const format = values.format;
  for (const o of outputs) {
    try {
      fs.mkdirSync(path.dirname(o.file), { recursive: true });
      fs.writeFileSync(o.file, FORMATS[o.format](report, options));
    } catch (err) {
      io.stderr(`schema-drift: could not write ${o.file}: ${(err as Error).message.split('\n')[0]}\n`);
      return 2;
    }
  }
  if (format === 'github' && io.env.GITHUB_STEP_SUMMARY) {
    try {
      fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, formatMarkdown(report, options));
    } catch (err) {
      io.stderr(`schema-drift: could not append to $GITHUB_STEP_SUMMARY: ${(err as Error).message.split('\n')[0]}\n`);
    }
  }
  // Machine-readable stdout stays clean: what was compared, or why not, goes to stderr.
  if (format !== 'text' && format !== 'markdown')
    io.stderr(
      report.exitCode === 2 ? `schema-drift: could not check ${report.app}: ${report.error}\n` : `schema-drift: ${report.app}: ${report.found ?? ''}\n`,
    );
  io.stdout(FORMATS[format](report, options));
  return report.exitCode;
}

/** A connection URL with its password replaced by `***`. */
export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/g, '$1***@');
}

/**
 * Runs `fn` with the process's stdout redirected to stderr: loading a project's config or schema
 * runs the project's own modules, and whatever they print must not end up inside the JSON or SARIF
 * document on stdout (drizzle-kit likewise keeps its output apart). The original write is restored
 * afterwards, also when `fn` throws.
 */
export async function stdoutToStderr<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/** The options of `schema-drift`, parsed strictly (an unknown option or a positional argument throws). */
function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      'database-url': { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string', multiple: true, default: [] },
      'fail-on': { type: 'string', default: 'any' },
      'prisma-schema': { type: 'string' },
      'drizzle-config': { type: 'string' },
      config: { type: 'string' },
      'better-auth': { type: 'string' },
      timeout: { type: 'string' },
      version: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

/**
 * The project folder's path inside its git repository with a trailing slash (`services/api/`), or
 * `''` at the root or outside a repository: SARIF and annotation paths must be relative to the
 * repository root for GitHub to place them.
 */
export function repositoryPrefix(cwd: string): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) {
      const rel = path.relative(dir, start).split(path.sep).join('/');
      return rel ? `${rel}/` : '';
    }
    if (path.dirname(dir) === dir) return '';
  }
}
