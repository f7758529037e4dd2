/**
 * `pnpm new-incident <nnn-name> --stack drizzle|prisma|next [--app NAME]` —
 * creates a scenario and its app from the templates in packages/replay/templates:
 * `apps/<app>/` (package.json with exact pins, schema, first migration,
 * drift.config.ts) and `scenarios/<nnn-name>/` (README with an empty claims
 * table, incident.ts whose placeholder step fails with "write your steps",
 * incident.test.ts), and adds the app to scenarios/package.json. The result
 * typechecks and runs once `pnpm install` has linked the new app.
 *
 * Exit codes: 0 created, or `--help`/`-h` printed the usage; 2 bad input (one
 * line says what and how to fix it; an unknown option also prints the usage).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeOut } from '@incident-replay/incident';
import { REPO_ROOT } from './discover.js';
import { runAsCommand } from './command.js';

const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');

/**
 * The command's usage, printed by `--help`/`-h` (exit 0) and after an unknown
 * option (exit 2).
 */
export const USAGE = `usage: pnpm new-incident <nnn-name> --stack drizzle|prisma|next [--app NAME]
  <nnn-name>  the incident id: the next free three-digit number and a kebab-case name, e.g. 004-lost-sessions
  --stack S   the app's stack: drizzle, prisma, or next (the Drizzle app with a Next.js route handler)
  --app NAME  the app folder under apps/ (default: the name part of the id)
  -h, --help  print this and exit
creates apps/<app>/ and scenarios/<nnn-name>/ from packages/replay/templates and adds the app to scenarios/package.json
exit code: 0 created (or --help), 2 bad input`;

/** The stacks a skeleton can be made for; `next` is the Drizzle app plus a Next.js route handler. */
export const STACKS = ['drizzle', 'prisma', 'next'] as const;
export type Stack = (typeof STACKS)[number];

/** Bad input: the message is the one line to print. */
export class NewIncidentError extends Error {
  override name = 'NewIncidentError';
}

/** What {@link createIncident} made. */
export interface Created {
  id: string;
  app: string;
  /** Every file written, relative to the repository root, sorted. */
  files: string[];
}

/**
 * Creates the scenario and app skeletons under `root`.
 *
 * @param id `<nnn>-<kebab-name>`, e.g. `004-lost-sessions`
 * @param options.app the app folder under apps/ (default: the name part of `id`)
 * @param options.root the repository root (default: this checkout's)
 * @throws NewIncidentError for a malformed id or app name, an unknown stack, a number or folder already taken
 */
export function createIncident(id: string, stack: string, options: { app?: string; root?: string } = {}): Created {
  const root = options.root ?? REPO_ROOT;
  const m = /^(\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(id);
  if (!m) throw new NewIncidentError(`"${id}" is not an incident id: use <nnn>-<kebab-name>, e.g. 004-lost-sessions`);
  const [, nnn, name] = m as unknown as [string, string, string];
  if (!STACKS.includes(stack as Stack)) throw new NewIncidentError(`--stack must be one of ${STACKS.join(', ')}${stack ? `, not "${stack}"` : ''}`);
  const app = options.app ?? name;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(app)) throw new NewIncidentError(`--app "${app}" must be lower-case letters, digits and dashes`);
  const scenarios = path.join(root, 'scenarios');
  const taken = fs.readdirSync(scenarios).find((d) => d.startsWith(`${nnn}-`));
  if (taken) throw new NewIncidentError(`incident number ${nnn} is taken by scenarios/${taken}: pick the next free number`);
  if (fs.existsSync(path.join(root, 'apps', app))) throw new NewIncidentError(`apps/${app} exists already: pass --app <another-name>`);

  const vars: Record<string, string> = { __ID__: id, __NNN__: nnn, __APP__: app, __NAME__: name.replace(/-/g, ' ') };
  const files: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      if (entry.isDirectory()) {
        copy(src, path.join(to, entry.name));
        continue;
      }
      if (!entry.name.endsWith('.tmpl')) continue;
      const dest = path.join(to, entry.name.slice(0, -'.tmpl'.length));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(
        dest,
        fs.readFileSync(src, 'utf8').replace(/__(ID|NNN|APP|NAME)__/g, (k) => vars[k]!),
      );
      const rel = path.relative(root, dest).split(path.sep).join('/');
      if (!files.includes(rel)) files.push(rel);
    }
  };
  const appDir = path.join(root, 'apps', app);
  // `next` is the Drizzle app with a Next.js route handler: its own files override the Drizzle ones.
  for (const s of stack === 'next' ? ['drizzle', 'next'] : [stack]) copy(path.join(TEMPLATES, s, 'app'), appDir);
  copy(path.join(TEMPLATES, 'common', 'scenario'), path.join(scenarios, id));

  const pkgFile = path.join(scenarios, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string> };
  pkg.dependencies = Object.fromEntries(
    Object.entries({ ...pkg.dependencies, [`@incident-replay/app-${app}`]: 'workspace:*' }).sort(([a], [b]) => a.localeCompare(b)),
  );
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  files.push('scenarios/package.json');
  return { id, app, files: files.sort() };
}

/**
 * What to do after {@link createIncident}, as the command prints it: one command a line with a
 * comment, then the writing left to do. The vitest command names the incident without a `--`:
 * pnpm 10 passes a `--` on to the script, and `vitest run -- 004` runs every scenario file
 * (observed with pnpm 10.34.9 and vitest 4.1.12: `test -- 000` ran all 6 scenario files, 181
 * tests; `test 000` ran 000's one file, 26 tests).
 *
 * @param made what {@link createIncident} made (its id and app)
 * @returns the lines, ending with a newline
 */
export function nextSteps(made: Created): string {
  const nnn = made.id.slice(0, 3);
  const hints: [string, string][] = [
    ['pnpm install', `links apps/${made.app} into scenarios/`],
    [`pnpm replay ${nnn}`, 'runs, and fails with "write your steps"'],
    [`pnpm --filter @incident-replay/scenarios test ${nnn}`, 'the same under vitest (only its files)'],
  ];
  const width = Math.max(...hints.map(([c]) => c.length)) + 2;
  return `next:\n${hints.map(([c, why]) => `  ${c.padEnd(width)}# ${why}`).join('\n')}\nthen write the steps (packages/incident/README.md), the README's story and its claims table.\n`;
}

/** The command's options. */
function parseNewIncidentArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { stack: { type: 'string' }, app: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseNewIncidentArgs>;
  try {
    args = parseNewIncidentArgs(argv);
  } catch (err) {
    writeOut(`new-incident: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  try {
    if (args.positionals.length !== 1) throw new NewIncidentError('usage: pnpm new-incident <nnn-name> --stack drizzle|prisma|next [--app NAME]');
    const made = createIncident(args.positionals[0]!, args.values.stack ?? '', { app: args.values.app });
    writeOut(`created ${made.files.length} files:\n${made.files.map((f) => `  ${f}`).join('\n')}\n\n${nextSteps(made)}`);
    return 0;
  } catch (err) {
    if (!(err instanceof NewIncidentError)) throw err;
    writeOut(`new-incident: ${err.message}\n`);
    return 2;
  }
}

runAsCommand(import.meta.url, main);
