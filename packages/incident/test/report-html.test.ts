import { describe, expect, it } from 'vitest';
import type { Journal } from '../src/journal.js';
import { claimVerdict, mapMarkdown } from '../src/map.js';
import { htmlReport } from '../src/report-html.js';

const hostile = '</script><img src=x onerror=alert(1)> & "quotes"';

function journal(host: 'in-process' | 'built', variantVerdicts: [string | undefined, boolean][]): Journal {
  return {
    incident: {
      id: '900-x',
      title: `A title ${hostile}`,
      postmortem: '900_x.txt',
      summary: 'Summary.',
      map: {
        seen: { text: 'sign-in answers 500', step: 1 },
        cause: { text: 'a missing column', claim: '900.cause' },
        missed: { text: 'the session endpoint answers 200', step: 1 },
        fix: { text: 'run the migration', step: 2 },
        documentedFix: { text: 'the documented fix', claim: '900.fix-works' },
      },
    },
    host,
    postgres: { provider: 'embedded', version: '17', description: 'embedded' },
    outcome: 'held',
    startedAt: '',
    finishedAt: '',
    durationMs: 10,
    setupMs: 1,
    steps: [
      {
        index: 1,
        kind: 'symptom',
        name: `sign-in ${hostile}`,
        outcome: 'held',
        startedAt: '',
        durationMs: 5,
        checks: [{ description: 'status', expected: 500, actual: 500, held: true }],
        claims: [{ id: '900.cause', source: '900_x.txt', claim: 'the cause', observed: {}, holds: true, expectedToHold: true, evidence: 'seen' }],
        evidence: [{ type: 'error', label: 'q', errorClass: 'DatabaseError', message: hostile, sqlstate: '42703' }],
        notes: [],
        logs: Array.from({ length: 40 }, (_, i) => ({ source: 'stderr', text: i === 3 ? 'error: column "x" does not exist' : `noise ${i}`, atMs: i })),
      },
      {
        index: 2,
        kind: 'fix',
        name: 'fix',
        outcome: 'held',
        startedAt: '',
        durationMs: 5,
        checks: [],
        evidence: [],
        notes: [],
        logs: [],
        claims: variantVerdicts.map(([variant, holds]) => ({
          id: '900.fix-works',
          ...(variant ? { variant } : {}),
          source: '900_x.txt',
          claim: 'the fix works',
          observed: {},
          holds,
          expectedToHold: holds,
          evidence: 'e',
        })),
      },
    ],
  };
}

describe('claimVerdict', () => {
  it('folds hosts together and lists variants only when their verdicts differ', () => {
    expect(claimVerdict([journal('in-process', [[undefined, true]]), journal('built', [[undefined, true]])], '900.fix-works')).toBe('holds');
    expect(
      claimVerdict(
        [
          journal('built', [
            ['v1', false],
            ['v2', false],
            ['v0', true],
          ]),
        ],
        '900.fix-works',
      ),
    ).toBe('does not hold on v1, v2; holds on v0');
    expect(claimVerdict([journal('built', [])], '900.fix-works')).toBeUndefined();
  });
});

describe('mapMarkdown', () => {
  it('renders one row per incident with the proof of each cell as a link and the verdict', () => {
    const j = journal('built', [[undefined, false]]);
    const md = mapMarkdown(
      [{ id: j.incident.id, title: j.incident.title, map: j.incident.map! }],
      (_r, c) => (c.claim ? `#${c.claim}` : undefined),
      () => 'does not hold',
    );
    const lines = md.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('a missing column ([`900.cause`](#900.cause))');
    expect(lines[2]).toContain('sign-in answers 500 (step 1)');
    expect(lines[2]).toContain('the documented fix — **does not hold** ([`900.fix-works`](#900.fix-works))');
  });
});

describe('htmlReport', () => {
  const html = htmlReport([journal('in-process', [[undefined, false]]), journal('built', [[undefined, false]])], {
    postgres: 'pg',
    startedAt: '2026-01-01T00:00:00Z',
    outcome: 'held',
  });

  it('is one page with no external resource: inline style and script, a CSP without network', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe)\b|<script[^>]*\bsrc=|https?:\/\/(?!errors)/i);
    expect(html).toContain("default-src 'none'");
    const script = html.split('<script>')[1]!.split('</script>')[0]!;
    expect(() => new Function(script)).not.toThrow(); // the page script at least parses
    expect(html.match(/<code>docs\/glossary\.md<\/code> in the repository/g)).toHaveLength(1);
  });

  it('embeds journal text only as JSON that cannot close its script element', () => {
    const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(data).toBeDefined();
    expect(data).not.toContain('<');
    expect(html.split('</script>')).toHaveLength(3); // the data's and the page script's own
    const parsed = JSON.parse(data!);
    expect(parsed.incidents[0].steps[0].name).toBe(`sign-in ${hostile}`);
  });

  it('carries the map with the observed verdict and links to the first host', () => {
    const parsed = JSON.parse(/id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(parsed.map).toHaveLength(1);
    expect(parsed.map[0].verdict).toBe('does not hold');
    expect(parsed.map[0].cells[1]).toEqual({ text: 'a missing column', label: '900.cause', href: '#claim-900-x-in-process-900.cause' });
    expect(parsed.map[0].cells[0].href).toBe('#step-900-x-in-process-1');
  });

  it('trims logs to what teaches and says how many lines are left out and where the whole log is', () => {
    const step = JSON.parse(/id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!).incidents[0].steps[0];
    expect(step.log).toEqual(['[stderr] error: column "x" does not exist']);
    expect(step.logNote).toBe('39 of 40 lines left out (39 without a code or message); the whole log is steps[0].logs in 900-x.in-process.json');
  });

  it('shows evidence inline, folding only what is long', () => {
    const step = JSON.parse(/id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!).incidents[0].steps[0];
    expect(step.evidence).toHaveLength(1);
    expect(step.evidence[0].text).toMatch(/^DatabaseError SQLSTATE 42703: /);
    expect(step.evidence[0].more).toBeUndefined();
    expect(html).toContain("el('code', { text: e.text })");
  });

  it('renders one row per claim with a verdict column per library version, as report.md does', () => {
    const page = htmlReport(
      [
        journal('in-process', [
          ['Better Auth 1.4.0', false],
          ['Better Auth 0.8.8', true],
        ]),
      ],
      { postgres: 'pg', startedAt: 'now' },
    );
    const inc = JSON.parse(/id="report-data">([\s\S]*?)<\/script>/.exec(page)![1]!).incidents[0];
    expect(inc.variants).toEqual(['Better Auth 1.4.0', 'Better Auth 0.8.8']);
    expect(inc.claims.map((c: { id: string }) => c.id)).toEqual(['900.cause', '900.fix-works']);
    const fix = inc.claims[1];
    expect(fix.verdicts.map((v: { holds: boolean; step: number } | null) => v && [v.holds, v.step])).toEqual([
      [false, 2],
      [true, 2],
    ]);
  });
});
