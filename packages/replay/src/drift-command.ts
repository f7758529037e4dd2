/**
 * `pnpm replay drift --app <app> --database-url <url> [--json]` — the
 * read-only schema drift check of @incident-replay/drift as a command;
 * `pnpm replay drift rehearse --app <app> --base <ref> …` — its deploy
 * rehearsal (`schema-drift rehearse`) in that app's folder.
 * Exit code 0 no drift, 1 drift found, 2 could not check (bad usage, unknown
 * app, unreachable database, wrong password …) with one line saying why.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeOut } from '@incident-replay/incident';
import { checkDrift, findRepoRoot, formatReport, listDriftApps, reportJson, runCli } from '@incident-replay/drift';

const USAGE = `usage: pnpm replay drift --app <app> --database-url <postgres://…> [--json] [--fail-on any|breaks]
  --app NAME          an app under apps/ with a drift.config.ts (--list shows them)
  --database-url URL  the database to compare with; only read, inside a READ ONLY transaction
  --json              print the report as JSON instead of text
  --fail-on breaks    exit 0 when every finding only differs from the ORM's declaration (default: any finding fails)
  --list              list the apps that can be checked
exit code: 0 no drift, 1 drift found, 2 could not check

pnpm replay drift rehearse --app <app> --base <git ref> [schema-drift rehearse options]
  rehearses a deploy of the app (schema-drift rehearse --help: packages/drift/README.md)`;

/** The drift subcommand's options. */
function parseDriftArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      app: { type: 'string' },
      'database-url': { type: 'string' },
      json: { type: 'boolean' },
      'fail-on': { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * Runs the drift command on its arguments (everything after `drift`) and
 * returns the exit code; prints the report (text or `--json`) to stdout.
 *
 * @param argv e.g. `['--app', 'prisma-login', '--database-url', url, '--json']`
 * @returns 0 no drift, 1 drift found, 2 bad usage or could not check
 */
export async function runDriftCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'rehearse') return runRehearse(argv.slice(1));
  let args: ReturnType<typeof parseDriftArgs>;
  try {
    args = parseDriftArgs(argv);
  } catch (err) {
    writeOut(`drift: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  if (v.list) {
    writeOut(`${listDriftApps(findRepoRoot()).join('\n')}\n`);
    return 0;
  }
  if (!v.app || !v['database-url']) {
    writeOut(`drift: ${!v.app ? '--app' : '--database-url'} is required\n${USAGE}\n`);
    return 2;
  }
  const failOn = v['fail-on'] ?? 'any';
  if (failOn !== 'any' && failOn !== 'breaks') {
    writeOut(`drift: --fail-on must be "any" or "breaks", not "${failOn}"\n${USAGE}\n`);
    return 2;
  }
  const report = await checkDrift({ app: v.app, databaseUrl: v['database-url'], failOn });
  writeOut(v.json ? reportJson(report) : formatReport(report));
  return report.exitCode;
}

/**
 * `pnpm replay drift rehearse --app <app> …`: `schema-drift rehearse` with the rest of the
 * arguments, run in `apps/<app>` of this repository (its drift.config.ts says what to compare).
 *
 * @returns the rehearsal's exit code; 2 for a missing or unknown `--app`
 */
async function runRehearse(argv: string[]): Promise<number> {
  const at = argv.indexOf('--app');
  const app = at >= 0 ? argv[at + 1] : undefined;
  const root = findRepoRoot();
  const apps = listDriftApps(root);
  if (!app || !apps.includes(app)) {
    writeOut(`drift rehearse: --app must name one of ${apps.join(', ')}${app ? `, not "${app}"` : ''}\n`);
    return 2;
  }
  const rest = argv.filter((_, i) => i !== at && i !== at + 1);
  return runCli(['rehearse', ...rest], {
    cwd: path.join(root, 'apps', app),
    env: process.env,
    stdout: (t) => writeOut(t),
    stderr: (t) => process.stderr.write(t),
  });
}
