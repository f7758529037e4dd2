/**
 * The root README's map is each incident's `map` (scenarios/<id>/incident.ts) rendered by
 * readmeMap: this test fails when the two differ, printing the table to paste between the
 * README's map markers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeMap, type MapRow } from '@incident-replay/incident';
import { REPO_ROOT, listIncidentIds, loadIncident } from '../src/discover.js';

const START = '<!-- map:start (generated from each incident.ts map; packages/replay/test/readme-map.test.ts checks it) -->';
const END = '<!-- map:end -->';

describe("the root README's map", () => {
  it('is the table every incident map renders, with the verdicts its scenario README states', async () => {
    const rows: MapRow[] = [];
    const missing: string[] = [];
    for (const id of listIncidentIds()) {
      const incident = await loadIncident(id);
      if (incident.map) rows.push({ id, title: incident.title, map: incident.map });
      else missing.push(id);
      for (const [key, cell] of Object.entries(incident.map ?? {})) {
        if (cell.step !== undefined)
          expect(incident.steps[cell.step - 1], `${id} map.${key} cites step ${cell.step}, which the incident does not have`).toBeDefined();
      }
    }
    expect(missing, 'incidents without a map (Incident.map in incident.ts)').toEqual([]);
    const expected = readmeMap(rows, (id) => fs.readFileSync(path.join(REPO_ROOT, 'scenarios', id, 'README.md'), 'utf8'));
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const [, after] = readme.split(START);
    expect(after, `README.md has no line ${START}`).toBeDefined();
    expect(after!.split(END)[0]!.trim()).toBe(expected);
  }, 180_000);
});
