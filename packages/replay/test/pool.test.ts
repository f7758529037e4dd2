import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planLanes, previousDurations, type PoolJob } from '../src/pool.js';

describe('previousDurations (the pool starts the longest incident run first)', () => {
  it('reads the newest run that has a journal, skipping unfinished ones and other folders', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-pool-'));
    onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
    const run = (name: string, incidents?: { id: string; host: string; durationMs: number }[]) => {
      fs.mkdirSync(path.join(root, name));
      if (incidents)
        fs.writeFileSync(
          path.join(root, name, 'journal.json'),
          JSON.stringify({ incidents: incidents.map((i) => ({ incident: { id: i.id }, host: i.host, durationMs: i.durationMs })) }),
        );
    };
    run('2026-12-01T10-00-00-000Z', [{ id: '002', host: 'in-process', durationMs: 1 }]);
    run('2026-12-01T11-00-00-000Z', [
      { id: '002', host: 'in-process', durationMs: 9500 },
      { id: '003', host: 'built', durationMs: 80_000 },
    ]);
    run('2026-12-01T12-00-00-000Z'); // interrupted before its journal
    run('test-2026-12-01T13-00-00-000Z-scenarios', [{ id: '002', host: 'in-process', durationMs: 5 }]);
    expect(previousDurations(root)).toEqual(
      new Map([
        ['002.in-process', 9500],
        ['003.built', 80_000],
      ]),
    );
    expect(previousDurations(path.join(root, 'missing'))).toEqual(new Map());
  });
});

describe('planLanes', () => {
  const job = (id: string, host: PoolJob['host'] = 'in-process'): PoolJob => ({ id, host, label: id });
  const plan = [job('000'), job('001'), job('002'), job('003')];

  it('puts the longest incident alone and the rest together, each lane in plan order', () => {
    const last = new Map([
      ['000.in-process', 2700],
      ['001.in-process', 2200],
      ['002.in-process', 9200],
      ['003.in-process', 14_400],
    ]);
    expect(planLanes(plan, last, 2)).toEqual([[3], [0, 1, 2]]);
  });

  it('without a previous run deals the incidents out in turn; never more lanes than incidents', () => {
    expect(planLanes(plan, new Map(), 2)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(planLanes(plan.slice(0, 1), new Map(), 4)).toEqual([[0]]);
  });

  it('keeps every host of an incident in one lane', () => {
    const both = [job('000'), job('000', 'built'), job('001'), job('001', 'built')];
    expect(planLanes(both, new Map(), 2)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});
