import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { findWorkspaceRoot, type Incident } from '@incident-replay/incident';

/**
 * The repository root (the folder holding pnpm-workspace.yaml above this file). The drift package
 * has the same lookup (findRepoRoot) and keeps it, since it is installed alone; importing it here
 * would load the whole drift check (its parsers) at every start of the replay command.
 */
export const REPO_ROOT = (() => {
  const root = findWorkspaceRoot(path.dirname(fileURLToPath(import.meta.url)));
  if (!root) throw new Error('pnpm-workspace.yaml not found above packages/replay');
  return root;
})();

/** Where the incidents are: `REPLAY_SCENARIOS_DIR` (the fault-injection suite's fixtures), else `<repo>/scenarios`. */
export function scenariosRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.REPLAY_SCENARIOS_DIR ? path.resolve(env.REPLAY_SCENARIOS_DIR) : path.join(REPO_ROOT, 'scenarios');
}

/**
 * Lists incident ids: the folders under the scenarios folder that hold an
 * `incident.ts`, sorted (so `000-…` replays first).
 */
export function listIncidentIds(dir = scenariosRoot()): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'incident.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * Picks incidents by the words a user typed: an exact id, an id prefix
 * (`000`), or a word contained in the id (`session`).
 *
 * @throws Error naming the word that matched nothing, with the list of ids
 */
export function selectIncidents(words: string[], ids = listIncidentIds()): string[] {
  if (words.length === 0) return ids;
  const picked = new Set<string>();
  for (const w of words) {
    const hits = ids.filter((id) => id === w || id.startsWith(w) || id.includes(w));
    if (hits.length === 0) throw new Error(`no incident matches "${w}". Known incidents: ${ids.join(', ')}`);
    for (const h of hits) picked.add(h);
  }
  return ids.filter((id) => picked.has(id));
}

/** Imports `<scenarios folder>/<id>/incident.ts` and returns its default export. */
export async function loadIncident(id: string, dir = scenariosRoot()): Promise<Incident<unknown>> {
  const file = path.join(dir, id, 'incident.ts');
  const mod = (await import(pathToFileURL(file).href)) as { default?: Incident<unknown> };
  if (!mod.default?.steps) throw new Error(`${file} has no default export made with defineIncident()`);
  return mod.default;
}
