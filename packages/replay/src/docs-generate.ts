/**
 * `pnpm docs:generate` — rewrites the generated regions of the root README.md in place, from the
 * incidents themselves (scenarios/<id>/incident.ts and README.md). A region is the text between
 * `<!-- NAME:start … -->` and `<!-- NAME:end -->` (anything may follow `NAME:start` inside the
 * comment); the command rewrites only what is between the markers, wherever they sit, and leaves
 * every other line alone. packages/replay/test/readme-map.test.ts fails when README.md differs
 * from what this command writes.
 *
 * Regions ({@link REGIONS}): `map` (each incident's `map`, rendered by readmeMap), `incidents`
 * (the table of ids, postmortems, stacks and summaries), `layout-apps` (the `apps/` lines of the
 * Layout, from each incident's `apps` and `stack`).
 *
 * Exit codes: 0 written (or already up to date; placeholders still saying TODO are listed as
 * warnings), 1 an incident lacks what a region needs or a marker is malformed (one line each).
 */
import fs from 'node:fs';
import path from 'node:path';
import { readmeMap, writeOut, type Incident, type MapRow } from '@incident-replay/incident';
import { runAsCommand } from './command.js';
import { REPO_ROOT, listIncidentIds, loadIncident } from './discover.js';

/** The names of the regions this command writes, with what each holds. */
export const REGIONS = {
  map: 'the map: one row per incident (Incident.map), verdicts from the scenario README',
  incidents: 'the incidents table: id, postmortem, stack, summary',
  'layout-apps': "the Layout's apps/ lines: each incident's app folders and stack",
} as const;
export type RegionName = keyof typeof REGIONS;

/** An incident as the regions need it: its id, its definition and its scenario README's text. */
export interface DocIncident {
  id: string;
  incident: Pick<Incident<unknown>, 'title' | 'postmortem' | 'summary' | 'map' | 'stack' | 'apps' | 'steps'>;
  readme: string;
}

/** A generation that could not be done: one line per problem, each naming the file to edit. */
export class DocsGenerateError extends Error {
  override name = 'DocsGenerateError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Reads every incident under `<root>/scenarios` (in id order) with its scenario README.
 *
 * @param root the repository root (default: this checkout's)
 */
export async function readIncidents(root = REPO_ROOT): Promise<DocIncident[]> {
  const dir = path.join(root, 'scenarios');
  const out: DocIncident[] = [];
  for (const id of listIncidentIds(dir)) {
    out.push({ id, incident: await loadIncident(id, dir), readme: fs.readFileSync(path.join(dir, id, 'README.md'), 'utf8') });
  }
  return out;
}

/**
 * The content of every region, computed from the incidents.
 *
 * @param appFolders the folder names under `apps/`: each must belong to an incident
 * @throws DocsGenerateError listing every incident without a `map`, `stack` or `apps`, a map cell
 *   citing a step the incident lacks, an app named but missing, an app folder no incident names,
 *   and a map claim missing from the scenario README (readmeMap's error)
 */
export function regionContents(incidents: readonly DocIncident[], appFolders: readonly string[]): Record<RegionName, string> {
  const problems: string[] = [];
  const where = (id: string) => `scenarios/${id}/incident.ts`;
  for (const { id, incident } of incidents) {
    if (!incident.map) problems.push(`${where(id)} has no \`map\` (see the skeleton of \`pnpm new-incident\`)`);
    if (!incident.stack) problems.push(`${where(id)} has no \`stack\` (one line, e.g. 'Hono + Prisma 6.19 (JS engine, adapter-pg)')`);
    if (!incident.apps?.length) problems.push(`${where(id)} has no \`apps\` (its folders under apps/)`);
    for (const app of incident.apps ?? []) if (!appFolders.includes(app)) problems.push(`${where(id)} names app "${app}", which apps/ does not have`);
    for (const [key, cell] of Object.entries(incident.map ?? {})) {
      if (cell.step !== undefined && !incident.steps[cell.step - 1])
        problems.push(`${where(id)}: map.${key} cites step ${cell.step}, which the incident does not have (${incident.steps.length} steps)`);
    }
  }
  const named = new Set(incidents.flatMap((i) => i.incident.apps ?? []));
  for (const app of appFolders) if (!named.has(app)) problems.push(`apps/${app} belongs to no incident: list it in an incident's \`apps\``);
  let map = '';
  if (problems.length === 0) {
    const rows: MapRow[] = incidents.map(({ id, incident }) => ({ id, title: incident.title, map: incident.map! }));
    const readmes = new Map(incidents.map((i) => [i.id, i.readme]));
    try {
      map = readmeMap(rows, (id) => readmes.get(id)!);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length) throw new DocsGenerateError(problems);

  const incidentsTable = [
    '| id | postmortem | stack | what the replay shows |',
    '|---|---|---|---|',
    ...incidents.map(({ id, incident: i }) => `| \`${id}\` | \`${mdCell(i.postmortem)}\` | ${mdCell(i.stack!)} | ${mdCell(i.summary)} |`),
  ].join('\n');

  // One line per app folder; an incident's further apps (one per library version) say "as above".
  const appLines = incidents.flatMap(({ id, incident: i }) =>
    i.apps!.map((app, n) => [`${app}/`, `${id.slice(0, 3)}: ${n === 0 ? i.stack : 'as above, another version'}`] as const),
  );
  const width = Math.max(...appLines.map(([a]) => a.length)) + 2;
  const layout = ['```', 'apps/', ...appLines.map(([a, what]) => `  ${a.padEnd(width)}${what}`), '```'].join('\n');
  return { map, incidents: incidentsTable, 'layout-apps': layout };
}

/** Text for one table cell: pipes escaped, line breaks as spaces. */
function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Replaces the content of each `<!-- NAME:start … -->` … `<!-- NAME:end -->` region of `text`
 * whose NAME is in `contents`, keeping the marker lines and everything outside them.
 *
 * @returns the new text and the names of the regions found, in file order
 * @throws DocsGenerateError for a region NAME not in `contents` (no generator writes it), a
 *   start marker without its end, an end without a start, and a region that appears twice
 */
export function rewriteRegions(text: string, contents: Readonly<Record<string, string>>): { text: string; found: string[] } {
  const problems: string[] = [];
  const found: string[] = [];
  const re = /<!-- ([a-z0-9-]+):start\b[^>]*-->\n?([\s\S]*?)<!-- \1:end -->/g;
  const rewritten = text.replace(re, (whole, name: string) => {
    if (found.includes(name)) problems.push(`README.md has the region "${name}" twice`);
    found.push(name);
    if (!(name in contents)) {
      problems.push(`README.md has a region "${name}" that no generator writes (known: ${Object.keys(contents).join(', ')})`);
      return whole;
    }
    const start = whole.slice(0, whole.indexOf('-->') + 3);
    return `${start}\n${contents[name]}\n<!-- ${name}:end -->`;
  });
  // Markers left over once the regions are taken out: a start without its end or an end without its start.
  for (const m of text.replace(re, '').matchAll(/<!-- ([a-z0-9-]+):(start|end)\b[^>]*-->/g))
    problems.push(`README.md has <!-- ${m[1]}:${m[2]} … --> without its ${m[2] === 'start' ? 'end' : 'start'} marker`);
  if (problems.length) throw new DocsGenerateError(problems);
  return { text: rewritten, found };
}

/**
 * Placeholders the skeleton of `pnpm new-incident` left that the author has not filled: every
 * title, summary, stack, postmortem or map text still starting with `TODO`.
 *
 * @returns one line per incident that has any, e.g. `004-lost-sessions: title, map.seen still say TODO (scenarios/004-lost-sessions/incident.ts)`
 */
export function todoPlaceholders(incidents: readonly DocIncident[]): string[] {
  return incidents.flatMap(({ id, incident: i }) => {
    const fields: [string, string | undefined][] = [
      ['title', i.title],
      ['summary', i.summary],
      ['stack', i.stack],
      ['postmortem', i.postmortem],
      ...Object.entries(i.map ?? {}).map(([k, c]) => [`map.${k}`, c.text] as [string, string]),
    ];
    const todo = fields.filter(([, v]) => v?.startsWith('TODO')).map(([k]) => k);
    return todo.length ? [`${id}: ${todo.join(', ')} still say${todo.length === 1 ? 's' : ''} TODO (scenarios/${id}/incident.ts)`] : [];
  });
}

/**
 * What README.md should be: its text with every region rewritten from the incidents under `root`.
 *
 * @returns the current and the generated text, the regions found, and the TODO warnings
 * @throws DocsGenerateError (see {@link regionContents} and {@link rewriteRegions})
 */
export async function generateReadme(root = REPO_ROOT): Promise<{ current: string; generated: string; found: string[]; todo: string[] }> {
  const incidents = await readIncidents(root);
  const appsDir = path.join(root, 'apps');
  const appFolders = fs
    .readdirSync(appsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(appsDir, d.name, 'package.json')))
    .map((d) => d.name)
    .sort();
  const current = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const { text, found } = rewriteRegions(current, regionContents(incidents, appFolders));
  return { current, generated: text, found, todo: todoPlaceholders(incidents) };
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    writeOut(`usage: pnpm docs:generate\nrewrites the generated regions of README.md (${Object.keys(REGIONS).join(', ')}) from scenarios/*/incident.ts\n`);
    return 0;
  }
  try {
    const { current, generated, found, todo } = await generateReadme();
    if (generated !== current) fs.writeFileSync(path.join(REPO_ROOT, 'README.md'), generated);
    writeOut(`README.md ${generated === current ? 'was up to date' : 'rewritten'}: regions ${found.join(', ') || '(none found)'}\n`);
    for (const t of todo) writeOut(`warning: ${t}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof DocsGenerateError)) throw err;
    writeOut(`docs:generate: README.md not written:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
}

runAsCommand(import.meta.url, main);
