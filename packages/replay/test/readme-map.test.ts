/**
 * The root README's generated regions (the map, the incidents table, the Layout's apps) are what
 * `pnpm docs:generate` writes from the incidents: this test fails when README.md differs, and
 * says to run the command. The rewriting itself (markers anywhere, only inside them, malformed
 * markers refused) is checked on small texts.
 */
import { describe, expect, it } from 'vitest';
import { DocsGenerateError, generateReadme, regionContents, rewriteRegions, todoPlaceholders, type DocIncident } from '../src/docs-generate.js';

describe("the root README's generated regions", () => {
  it('are what pnpm docs:generate writes (the map with the verdicts each scenario README states, the incidents table, the Layout apps)', async () => {
    const { current, generated, found } = await generateReadme();
    expect(found, 'README.md must have the map region (<!-- map:start … --> … <!-- map:end -->)').toContain('map');
    expect(current, 'README.md differs from what the generator writes: run `pnpm docs:generate`').toBe(generated);
  }, 180_000);
});

/** A minimal incident for the generator: one step, a map whose documented fix cites `004.fix-works`. */
function incident(over: Partial<DocIncident['incident']> = {}): DocIncident {
  const cell = { text: 'TODO: x', step: 1 };
  return {
    id: '004-lost-sessions',
    readme:
      '## Steps\n\n| step | kind | what happens |\n|---|---|---|\n| <a id="step-1"></a>1 | broken state | x |\n\n' +
      '## Claims\n\n| id | claim | verdict |\n|---|---|---|\n| <a id="claim-004.fix-works"></a>`004.fix-works` | the fix works | holds |\n',
    incident: {
      title: 'Lost sessions',
      postmortem: '004_x.txt',
      summary: 'A | B',
      stack: 'Hono + Prisma 6.19',
      apps: ['lost-sessions'],
      steps: [{ kind: 'symptom', name: 's', run: async () => {} }],
      map: { seen: cell, cause: cell, missed: cell, fix: cell, documentedFix: { text: 'the fix', claim: '004.fix-works' } },
      ...over,
    },
  };
}

describe('docs:generate', () => {
  it('rewrites only inside the markers, wherever they sit, and keeps the start marker as written', () => {
    const text = 'intro\n<!-- a:start (note) -->\nold\nlines\n<!-- a:end -->\nmiddle <!-- b:start --><!-- b:end --> end\n';
    const { text: out, found } = rewriteRegions(text, { a: 'NEW', b: 'B' });
    expect(found).toEqual(['a', 'b']);
    expect(out).toBe('intro\n<!-- a:start (note) -->\nNEW\n<!-- a:end -->\nmiddle <!-- b:start -->\nB\n<!-- b:end --> end\n');
    expect(rewriteRegions(out, { a: 'NEW', b: 'B' }).text).toBe(out);
  });

  it.each([
    ['<!-- a:start -->\nx\n', 'README.md has <!-- a:start … --> without its end marker'],
    ['x\n<!-- a:end -->\n', 'README.md has <!-- a:end … --> without its start marker'],
    ['<!-- zz:start -->\n<!-- zz:end -->\n', 'README.md has a region "zz" that no generator writes (known: a)'],
    ['<!-- a:start -->\n<!-- a:end -->\n<!-- a:start -->\n<!-- a:end -->\n', 'README.md has the region "a" twice'],
  ])('refuses malformed markers: %j', (text, problem) => {
    expect(() => rewriteRegions(text, { a: 'A' })).toThrow(new DocsGenerateError([problem]));
  });

  it('renders the incidents table and the Layout apps from each incident, escaping pipes', () => {
    const r = regionContents([incident()], ['lost-sessions']);
    expect(r.incidents.split('\n')[2]).toBe('| `004-lost-sessions` | `004_x.txt` | Hono + Prisma 6.19 | A \\| B |');
    expect(r['layout-apps']).toBe('```\napps/\n  lost-sessions/  004: Hono + Prisma 6.19\n```');
    expect(r.map).toContain('the fix — **holds** ([`004.fix-works`](scenarios/004-lost-sessions/README.md#claim-004.fix-works))');
  });

  it('names every missing piece, and the file to edit', () => {
    const bare = incident({ map: undefined, stack: undefined, apps: ['gone'] });
    expect(() => regionContents([bare], ['lost-sessions'])).toThrow(
      new DocsGenerateError([
        'scenarios/004-lost-sessions/incident.ts has no `map` (see the skeleton of `pnpm new-incident`)',
        "scenarios/004-lost-sessions/incident.ts has no `stack` (one line, e.g. 'Hono + Prisma 6.19 (JS engine, adapter-pg)')",
        'scenarios/004-lost-sessions/incident.ts names app "gone", which apps/ does not have',
        "apps/lost-sessions belongs to no incident: list it in an incident's `apps`",
      ]),
    );
    const badStep = incident();
    badStep.incident.map!.seen = { text: 'x', step: 2 };
    expect(() => regionContents([badStep], ['lost-sessions'])).toThrow(/map\.seen cites step 2, which the incident does not have \(1 steps\)/);
    const noRow = incident({ map: { ...incident().incident.map!, documentedFix: { text: 'y', claim: '004.other' } } });
    expect(() => regionContents([noRow], ['lost-sessions'])).toThrow(/map of 004-lost-sessions cites claim 004\.other/);
  });

  it("lists the skeleton's placeholders still saying TODO", () => {
    expect(todoPlaceholders([incident({ title: 'TODO: what users saw' })])).toEqual([
      '004-lost-sessions: title, map.seen, map.cause, map.missed, map.fix still say TODO (scenarios/004-lost-sessions/incident.ts)',
    ]);
    expect(todoPlaceholders([incident({ map: undefined })])).toEqual([]);
  });
});
