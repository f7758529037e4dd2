/**
 * The pure parts of `pnpm bench` (packages/replay/bench/lib.ts): statistics,
 * options, the table, and reading journal.json, vitest's output and
 * /proc/self/stat. Nothing is run or timed here.
 */
import { describe, expect, it } from 'vitest';
import {
  PARTS,
  UsageError,
  childrenCpuSeconds,
  formatDuration,
  formatMachine,
  formatTable,
  parseBenchArgs,
  parseRunJournal,
  parseVitestDurations,
  summarize,
} from '../bench/lib.js';

describe('summarize', () => {
  it('gives min, median and max of an odd count, whatever the order', () => {
    expect(summarize([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5 });
    expect(summarize([7])).toEqual({ min: 7, median: 7, max: 7 });
  });

  it('takes the mean of the two middle samples for an even count', () => {
    expect(summarize([4, 1, 10, 2])).toEqual({ min: 1, median: 3, max: 10 });
  });

  it('refuses an empty list and non-finite samples', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('parseBenchArgs', () => {
  it('has the documented defaults', () => {
    expect(parseBenchArgs([])).toEqual({ runs: 3, warmup: 1, only: [...PARTS], rounds: 20, help: false });
  });

  it('reads every option, as --flag value or --flag=value, and keeps --only in table order', () => {
    expect(parseBenchArgs(['--runs', '5', '--warmup=0', '--only', 'provisioning,replay', '--rounds=4', '--json', 'out.json'])).toEqual({
      runs: 5,
      warmup: 0,
      only: ['replay', 'provisioning'],
      rounds: 4,
      json: 'out.json',
      help: false,
    });
    expect(parseBenchArgs(['--help']).help).toBe(true);
  });

  it.each([
    [['--runs', '0'], /--runs must be a whole number ≥ 1, got "0"/],
    [['--runs', '2.5'], /--runs must be a whole number ≥ 1, got "2.5"/],
    [['--warmup', '-1'], /--warmup must be a whole number ≥ 0, got "-1"/],
    [['--warmup=x'], /--warmup must be a whole number ≥ 0, got "x"/],
    [['--only', 'replay,tests'], /--only takes a comma-separated list of replay, test, provisioning, rehearse; not "tests"/],
    [['--only='], /--only .*got nothing/],
    [['--runs'], /--runs needs a value/],
    [['--fast'], /unknown option --fast: the options are/],
    [['replay'], /unexpected argument "replay"/],
    [['--json='], /--json needs a file name/],
  ])('refuses %j with one line saying what to do', (argv, message) => {
    let thrown: unknown;
    try {
      parseBenchArgs(argv);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });
});

describe('formatTable', () => {
  it('prints min, median and max in the row unit and the median CPU, — without CPU', () => {
    const table = formatTable([
      { what: 'pnpm replay (whole process)', runs: '3', unit: 's', samplesMs: [61_240, 58_000, 59_960], cpuS: [70.04, 72.5, 69.1] },
      { what: 'provisioning › harness clone', runs: '2 × 2', unit: 'ms', samplesMs: [21.04, 19.96, 30, 18] },
      { what: 'a | b', runs: '1', unit: 's', samplesMs: [50] },
    ]);
    expect(table.split('\n')).toEqual([
      '| what | runs | min | median | max | CPU (median) |',
      '|---|---|---|---|---|---|',
      '| pnpm replay (whole process) | 3 | 58.0 s | 60.0 s | 61.2 s | 70.0 s |',
      '| provisioning › harness clone | 2 × 2 | 18.0 ms | 20.5 ms | 30.0 ms | — |',
      '| a \\| b | 1 | 0.1 s | 0.1 s | 0.1 s | — |',
    ]);
  });

  it('formats durations with one decimal', () => {
    expect(formatDuration(1234, 's')).toBe('1.2 s');
    expect(formatDuration(12.345, 'ms')).toBe('12.3 ms');
  });

  it('names the machine: cores, CPU, memory, Node, load at start and end', () => {
    expect(
      formatMachine({
        cores: 2,
        cpuModel: 'Some CPU',
        memoryBytes: 8 * 2 ** 30,
        node: 'v20.20.0',
        platform: 'linux x64',
        loadStart: [0.5, 1, 1.5],
        loadEnd: [2, 1.25, 1],
      }),
    ).toBe('machine: 2 cores (Some CPU), 8.0 GiB RAM, Node v20.20.0, linux x64; load average 0.50 1.00 1.50 at start, 2.00 1.25 1.00 at end');
  });
});

describe('parseRunJournal', () => {
  const incident = (id: string, host: string, durationMs: number, setupMs: number) => ({
    incident: { id },
    host,
    outcome: 'held',
    durationMs,
    setupMs,
    steps: [],
  });

  it("reads each incident's duration and setup, naming a host other than in-process", () => {
    const text = JSON.stringify({
      postgres: 'pg',
      startedAt: 'x',
      outcome: 'held',
      exitCode: 0,
      incidents: [incident('000-a', 'in-process', 3800, 151), incident('000-a', 'built', 9000, 400)],
    });
    expect(parseRunJournal(text)).toEqual([
      { label: '000-a', durationMs: 3800, setupMs: 151 },
      { label: '000-a [built]', durationMs: 9000, setupMs: 400 },
    ]);
  });

  it('refuses a run that did not hold, naming its failure', () => {
    const text = JSON.stringify({ outcome: 'error', failure: 'infrastructure: gone', incidents: [incident('000-a', 'in-process', 1, 1)] });
    expect(() => parseRunJournal(text)).toThrow('the run\'s outcome is "error", not "held": infrastructure: gone');
  });

  it('refuses text that is not JSON, no incidents, and an incident without times', () => {
    expect(() => parseRunJournal('{')).toThrow(/not JSON/);
    expect(() => parseRunJournal(JSON.stringify({ outcome: 'held', incidents: [] }))).toThrow(/no incidents/);
    expect(() => parseRunJournal(JSON.stringify({ outcome: 'held', incidents: [{ incident: { id: '001-b' }, durationMs: 5 }] }))).toThrow(
      /incident #1 \(001-b\) has no numeric durationMs and setupMs/,
    );
  });
});

describe('parseVitestDurations', () => {
  it("reads each package's Duration from turbo's prefixed output, colours and all", () => {
    const output = [
      '@incident-replay/drift:test: \u001b[2m   Duration \u001b[22m 12.34s\u001b[2m (transform 315ms, setup 0ms)\u001b[22m',
      '@incident-replay/neon-http-proxy:test:    Duration  812ms (transform 3ms)',
      '@incident-replay/incident:test:  ✓ test/duration.test.ts (2 tests) 5ms',
      ' Tasks:    2 successful, 2 total',
    ].join('\n');
    expect([...parseVitestDurations(output)]).toEqual([
      ['@incident-replay/drift', 12_340],
      ['@incident-replay/neon-http-proxy', 812],
    ]);
  });
});

describe('childrenCpuSeconds', () => {
  it('adds cutime and cstime (fields 16 and 17, in 1/100 s), even when the command name has spaces', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3)); // fields 3 … 52, each equal to its number
    fields[13] = '250'; // cutime
    fields[14] = '75'; // cstime
    expect(childrenCpuSeconds(`1234 (node (bench) x) ${fields.join(' ')}`)).toBe(3.25);
  });

  it('refuses text that is not /proc/<pid>/stat', () => {
    expect(() => childrenCpuSeconds('hello')).toThrow(/not the contents of \/proc/);
  });
});
