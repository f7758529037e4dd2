/**
 * `pnpm new-incident <nnn-name> --stack drizzle|prisma|next [--app NAME]` —
 * creates a scenario and its app from the templates in packages/replay/templates:
 * `apps/<app>/` (package.json with exact pins and a `"."` export, schema, first migration,
 * drift.config.ts, the database client that reads `DATABASE_URL` on first use and its close
 * function; Prisma: the `generate` script) and `scenarios/<nnn-name>/` (README whose claims table
 * has the row the map's documented fix cites, incident.ts with a `map` of TODO placeholders and a
 * step that fails with "write your steps", incident.test.ts), adds the app to
 * scenarios/package.json, and, when every dependency of the app is resolved in pnpm-lock.yaml
 * already, adds the app there too (so `pnpm install --offline` links it). The result typechecks
 * and runs once `pnpm install` has linked the new app.
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
  <nnn-name>  the incident id: the next free three-digit number and a kebab-case name, e.g. 006-lost-sessions
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
  stack: Stack;
  /** Whether pnpm-lock.yaml got the app (false: a dependency is not in it yet, and `pnpm install` must resolve it online). */
  lockfile: boolean;
  /** Every file written, relative to the repository root, sorted. */
  files: string[];
}

/**
 * Creates the scenario and app skeletons under `root`.
 *
 * @param id `<nnn>-<kebab-name>`, e.g. `006-lost-sessions`
 * @param options.app the app folder under apps/ (default: the name part of `id`)
 * @param options.root the repository root (default: this checkout's)
 * @throws NewIncidentError for a malformed id or app name, an unknown stack, a number or folder already taken
 */
export function createIncident(id: string, stack: string, options: { app?: string; root?: string } = {}): Created {
  const root = options.root ?? REPO_ROOT;
  const m = /^(\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(id);
  if (!m) throw new NewIncidentError(`"${id}" is not an incident id: use <nnn>-<kebab-name>, e.g. 006-lost-sessions`);
  const [, nnn, name] = m as unknown as [string, string, string];
  if (!STACKS.includes(stack as Stack)) throw new NewIncidentError(`--stack must be one of ${STACKS.join(', ')}${stack ? `, not "${stack}"` : ''}`);
  const app = options.app ?? name;
  // Dots too, for a library version in the name (apps/better-auth-1.7).
  if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(app))
    throw new NewIncidentError(`--app "${app}" must be lower-case letters, digits, dashes and dots (e.g. better-auth-1.7)`);
  const scenarios = path.join(root, 'scenarios');
  const taken = fs.readdirSync(scenarios).find((d) => d.startsWith(`${nnn}-`));
  if (taken) throw new NewIncidentError(`incident number ${nnn} is taken by scenarios/${taken}: pick the next free number`);
  if (fs.existsSync(path.join(root, 'apps', app))) throw new NewIncidentError(`apps/${app} exists already: pass --app <another-name>`);

  const layers = stack === 'next' ? ['drizzle', 'next'] : [stack];
  const vars: Record<string, string> = {
    __ID__: id,
    __NNN__: nnn,
    __APP__: app,
    __NAME__: name.replace(/-/g, ' '),
    __STACK__: stackLine(stack as Stack, readTemplateManifest(layers)),
  };
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
        fs.readFileSync(src, 'utf8').replace(/__(ID|NNN|APP|NAME|STACK)__/g, (k) => vars[k]!),
      );
      const rel = path.relative(root, dest).split(path.sep).join('/');
      if (!files.includes(rel)) files.push(rel);
    }
  };
  const appDir = path.join(root, 'apps', app);
  // `next` is the Drizzle app with a Next.js route handler: its own files override the Drizzle ones.
  for (const s of layers) copy(path.join(TEMPLATES, s, 'app'), appDir);
  copy(path.join(TEMPLATES, 'common', 'scenario'), path.join(scenarios, id));

  const pkgFile = path.join(scenarios, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string> };
  pkg.dependencies = Object.fromEntries(
    Object.entries({ ...pkg.dependencies, [`@incident-replay/app-${app}`]: 'workspace:*' }).sort(([a], [b]) => a.localeCompare(b)),
  );
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  files.push('scenarios/package.json');

  const lockFile = path.join(root, 'pnpm-lock.yaml');
  let lockfile = false;
  if (fs.existsSync(lockFile)) {
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as Manifest;
    const updated = addAppToLockfile(fs.readFileSync(lockFile, 'utf8'), app, manifest);
    if (updated !== undefined) {
      fs.writeFileSync(lockFile, updated);
      files.push('pnpm-lock.yaml');
      lockfile = true;
    }
  }
  return { id, app, stack: stack as Stack, lockfile, files: files.sort() };
}

/** The dependency fields of a package.json. */
export interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The app's package.json of a stack's template layers: the last layer that has one (`next` replaces Drizzle's). */
function readTemplateManifest(layers: readonly string[]): Manifest {
  let manifest: Manifest = {};
  for (const layer of layers) {
    const file = path.join(TEMPLATES, layer, 'app', 'package.json.tmpl');
    if (fs.existsSync(file)) manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  }
  return manifest;
}

/** The libraries a stack line names (package, display name), in the order it names them. */
const STACK_LIBRARIES: readonly [string, string][] = [
  ['next', 'Next.js'],
  ['drizzle-orm', 'Drizzle'],
  ['@prisma/client', 'Prisma'],
];
/** What each stack's ORM talks to Postgres through. */
const STACK_DRIVER: Record<Stack, string> = { drizzle: '(node-postgres)', next: '(node-postgres)', prisma: '(JS engine, adapter-pg)' };

/**
 * The incident's `stack` line for a new app, from the pins of its package.json: each library of
 * {@link STACK_LIBRARIES} it depends on as `Name major.minor`, then the driver, e.g.
 * `Next.js 16.4 + Drizzle 0.45 (node-postgres)`.
 */
export function stackLine(stack: Stack, manifest: Manifest): string {
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  const libs = STACK_LIBRARIES.filter(([pkg]) => deps[pkg]).map(([pkg, label]) => `${label} ${deps[pkg]!.split('.').slice(0, 2).join('.')}`);
  return `${libs.join(' + ')} ${STACK_DRIVER[stack]}`;
}

const unquote = (s: string) => s.trim().replace(/^'(.*)'$/, '$1');

/**
 * pnpm-lock.yaml (lockfile v9) with the importer `apps/<app>` added and `@incident-replay/app-<app>`
 * linked into the `scenarios` importer, so that `pnpm install --offline` (even with
 * `--frozen-lockfile`) links the app without asking the registry. Each dependency's entry is
 * copied from an importer that has the same name and specifier (a `workspace:` link only from
 * another app under apps/, whose relative path is the same), so only versions the lockfile
 * already resolved are used. Without this, pnpm needs the registry's metadata of every new
 * dependency even when the lockfile holds its version (observed with pnpm 10.34.9 offline:
 * ERR_PNPM_NO_OFFLINE_META for `@types/node@20.19.43`).
 *
 * @param lock the lockfile's text
 * @param manifest the new app's package.json
 * @returns the new text, or undefined when a dependency has no entry to copy (then `pnpm install`
 *   resolves it, online), the lockfile has no `scenarios` importer, or it has the app already
 */
export function addAppToLockfile(lock: string, app: string, manifest: Manifest): string | undefined {
  const lines = lock.split('\n');
  const start = lines.indexOf('importers:');
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || lines[end]!.startsWith(' '))) end++;
  while (lines[end - 1] === '') end--;
  // Each importer: its path, its line, and its groups (dependencies, devDependencies, …) of entries
  // (the raw lines of one dependency: its key, `specifier:`, `version:`).
  type Entry = { name: string; lines: string[] };
  const importers: { path: string; at: number; groups: Map<string, { at: number; deps: Entry[] }> }[] = [];
  const lastGroup = () => [...(importers.at(-1)?.groups.values() ?? [])].at(-1);
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!;
    const imp = /^ {2}(\S.*):$/.exec(line);
    const group = /^ {4}(\w+):$/.exec(line);
    const dep = /^ {6}(\S.*):$/.exec(line);
    if (imp) importers.push({ path: imp[1]!, at: i, groups: new Map() });
    else if (group) importers.at(-1)?.groups.set(group[1]!, { at: i, deps: [] });
    else if (dep) lastGroup()?.deps.push({ name: unquote(dep[1]!), lines: [line] });
    else if (/^ {8}\S/.test(line)) lastGroup()?.deps.at(-1)?.lines.push(line);
  }
  const scenarios = importers.find((i) => i.path === 'scenarios')?.groups.get('dependencies');
  if (!scenarios || importers.some((i) => i.path === `apps/${app}`)) return undefined;
  const specifierOf = (e: Entry) => unquote(e.lines.find((l) => l.startsWith('        specifier: '))?.slice('        specifier: '.length) ?? '');
  const entryFor = (name: string, specifier: string) =>
    (specifier.startsWith('workspace:') ? importers.filter((i) => i.path.startsWith('apps/')) : importers)
      .flatMap((i) => [...i.groups.values()].flatMap((g) => g.deps))
      .find((e) => e.name === name && specifierOf(e) === specifier)?.lines;

  const block: string[] = [`  apps/${app}:`];
  for (const group of ['dependencies', 'devDependencies'] as const) {
    const deps = Object.entries(manifest[group] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    if (deps.length === 0) continue;
    block.push(`    ${group}:`);
    for (const [name, specifier] of deps) {
      const entry = entryFor(name, specifier);
      if (!entry) return undefined;
      block.push(...entry);
    }
  }
  block.push('');
  const link = `@incident-replay/app-${app}`;
  const linkLines = [`      '${link}':`, '        specifier: workspace:*', `        version: link:../apps/${app}`];
  // The link goes before the first scenarios dependency that sorts after it; the importer before
  // the first importer that does. Inserted bottom-up (scenarios is the last importer) so line
  // numbers found above stay right.
  const before = scenarios.deps.find((d) => d.name > link);
  const linkAt = before ? lines.indexOf(before.lines[0]!, scenarios.at) : scenarios.at + 1 + scenarios.deps.reduce((n, d) => n + d.lines.length, 0);
  lines.splice(linkAt, 0, ...linkLines);
  const next = importers.find((i) => i.path > `apps/${app}`);
  if (!next || next.at > linkAt) return undefined; // not the layout pnpm writes (apps/ before scenarios)
  lines.splice(next.at, 0, ...block);
  return lines.join('\n');
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
    [
      made.lockfile ? 'pnpm install --offline' : 'pnpm install',
      `links apps/${made.app} into scenarios/${made.stack === 'prisma' ? ' and generates its Prisma client' : ''}`,
    ],
    [`pnpm replay ${nnn}`, 'runs, and fails with "write your steps"'],
    [`pnpm --filter @incident-replay/scenarios test ${nnn}`, 'the same under vitest (only its files)'],
    ['pnpm docs:generate', "writes the incident's rows into README.md (the map, the incidents table, the Layout)"],
  ];
  if (made.stack === 'prisma')
    hints.push([`pnpm --filter @incident-replay/app-${made.app} generate`, 'regenerates the Prisma client after an edit of prisma/schema.prisma']);
  const width = Math.max(...hints.map(([c]) => c.length)) + 2;
  return `next:\n${hints.map(([c, why]) => `  ${c.padEnd(width)}# ${why}`).join('\n')}\nthen write the app, the steps (packages/incident/README.md), the map and the scenario README (story, claims table), and run pnpm docs:generate again: docs/adding-an-incident.md lists every step.\n`;
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
