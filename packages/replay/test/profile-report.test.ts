import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Journal, SpanProfile } from '@incident-replay/incident';
import { childrenByCommand, commandKey, criticalPath, floor, largestSpans, profileReport, type ProfiledJob, type RunProfile } from '../src/profile-report.js';

const span = (p: Partial<SpanProfile>): SpanProfile => ({
  wallMs: 0,
  cpuMs: 0,
  childCpuMs: 0,
  children: [],
  sqlMs: 0,
  sqlCount: 0,
  httpMs: 0,
  httpCount: 0,
  ...p,
});

function job(label: string, startMs: number, endMs: number, slot: number, steps: SpanProfile[]): ProfiledJob {
  const journal = {
    incident: { id: label, title: label, postmortem: 'x.txt', summary: '' },
    steps: steps.map((profile, i) => ({ index: i + 1, name: `step ${i + 1}`, kind: 'check', outcome: 'held', profile })),
  } as unknown as Journal;
  return { label, journal, startMs, endMs, slot };
}

const run = (jobsRun: ProfiledJob[], over: Partial<RunProfile> = {}): RunProfile => ({
  machine: '2 cores',
  cores: 2,
  jobs: 2,
  startupMs: 800,
  serverStartMs: 1000,
  finalCleanupMs: 200,
  totalMs: 30_000,
  cpuMs: 40_000,
  serverCpuMs: 3000,
  jobsRun,
  ...over,
});

describe('the profile report', () => {
  // Under the temp dir the report folds (os.tmpdir(): TMPDIR when set, not always /tmp).
  const schema = path.join(os.tmpdir(), 'prisma-dir-x1', 'prisma', 'schema.prisma');
  const deploy = (ms: number) => ({ label: `prisma migrate deploy --schema ${schema}`, ms, exitCode: 0 });
  const jobs = [
    job('000', 0, 2000, 0, [span({ wallMs: 2000, cpuMs: 1500 })]),
    job('001', 0, 3000, 1, [span({ wallMs: 3000, cpuMs: 2000 })]),
    job('002', 2000, 20_000, 0, [span({ wallMs: 4000, childCpuMs: 3000, children: [deploy(1000), deploy(2000)] })]),
    job('003', 3000, 27_000, 1, [span({ wallMs: 2000, childCpuMs: 1800, children: [{ label: 'prisma migrate status', ms: 1900, exitCode: 1 }] })]),
  ];

  it('groups child processes by command with throwaway paths folded, CPU shared by wall within a step', () => {
    expect(commandKey('prisma migrate deploy --schema /tmp/prisma-dir-x1/prisma/schema.prisma', '/tmp')).toBe(
      'prisma migrate deploy --schema <tmp>/prisma/schema.prisma',
    );
    expect(childrenByCommand(jobs)).toEqual([
      { label: expect.stringMatching(/^prisma migrate deploy --schema /), count: 2, totalMs: 3000, medianMs: 2000, cpuMs: 3000 },
      { label: 'prisma migrate status', count: 1, totalMs: 1900, medianMs: 1900, cpuMs: 1800 },
    ]);
  });

  it('takes the critical path through the slot that ended last, gaps included', () => {
    const p = criticalPath(run(jobs));
    expect(p.parts.map(([what]) => what)).toEqual(['startup (node, tsx, imports)', 'Postgres server start', '001', '003', 'final cleanup']);
    expect(p.totalMs).toBe(800 + 1000 + 3000 + 24_000 + 200);
  });

  it('puts the floor at the larger of the unsplittable chain and CPU ÷ cores', () => {
    expect(floor(run(jobs))).toMatchObject({ chainMs: 800 + 1000 + 24_000 + 200, cpuBoundMs: 20_000, floorMs: 26_000, longest: '003' });
    expect(floor(run(jobs, { cpuMs: 60_000 })).floorMs).toBe(30_000);
    expect(floor(run(jobs, { cpuMs: null })).cpuBoundMs).toBeNull();
  });

  it('lists the spans that used the most CPU, own plus child processes', () => {
    expect(largestSpans(jobs, 2).map((x) => [x.label, x.span, x.cpuMs])).toEqual([
      ['002', 'step 1 step 1', 3000],
      ['001', 'step 1 step 1', 2000],
    ]);
  });

  it('prints every step, the run, the critical path and the floor', () => {
    const text = profileReport(run(jobs));
    expect(text).toContain('up to 2 incident runs at a time');
    expect(text).toMatch(/002 {2}18\.0 s wall; cpu 0 ms, child processes' cpu 3\.00 s/);
    expect(text).toMatch(/2× prisma migrate deploy --schema <tmp>\/prisma\/schema\.prisma +wall +3\.00 s \(median 2\.00 s\), cpu 3\.00 s/);
    expect(text).toContain('Critical path (29.0 s)');
    expect(text).toContain('Floor 26.0 s');
  });
});
