import { describe, expect, it } from 'vitest';
import type { Journal } from '@incident-replay/incident';
import { soakSummary } from '../src/soak.js';

/** A run whose one incident has the given step outcomes. */
const run = (outcomes: Journal['steps'][number]['outcome'][], exitCode = 0) => ({
  exitCode,
  wallMs: 1000,
  journal: {
    incidents: [{ incident: { id: '001' }, durationMs: 900, steps: outcomes.map((outcome, i) => ({ index: i + 1, name: `s${i + 1}`, outcome })) }],
  } as never,
});

describe('soakSummary', () => {
  it('names a step that failed in some run as flaky, and one skipped in every run as skipped by design', () => {
    const lines = soakSummary([run(['held', 'skipped', 'held']), run(['held', 'skipped', 'did-not-hold'], 1)]);
    expect(lines[0]).toBe('1/2 runs held; run time median 1.0 s, max 1.0 s');
    expect(lines).toContain('steps that did not hold in some run:');
    expect(lines.some((l) => l.includes('001 step 3 "s3": held ×1, did-not-hold ×1'))).toBe(true);
    expect(lines.some((l) => l.includes('step 2') && !l.startsWith('skipped in every run'))).toBe(false);
    expect(lines).toContain('skipped in every run (they need another host): 001 step 2 "s2"');
  });

  it('says "flaky steps: none" when every step held or was always skipped', () => {
    expect(soakSummary([run(['held', 'skipped']), run(['held', 'skipped'])])).toContain('flaky steps: none');
  });
});
