/**
 * `pnpm soak [N] [incident…]` — runs the whole replay N times in a row
 * (default 20), each as its own `pnpm replay` process, and prints how many
 * runs held, each incident's median and max time, and every step that did
 * not hold in some run (a flaky step), with the machine's cores and load.
 * Exit code 0 when every run held, 1 otherwise, 2 for bad usage.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Journal, RunHeader } from '@incident-replay/incident';
import { writeOut } from '@incident-replay/incident';
import { ms } from './timeline.js';
import { REPO_ROOT } from './discover.js';
import { runAsCommand } from './command.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

/** One replay run's result as the soak keeps it. */
interface SoakRun {
  exitCode: number | null;
  wallMs: number;
  journal?: RunHeader & { incidents: Journal[] };
}

/** Median of a non-empty list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The soak's closing table: pass count, per-incident median/max, and flaky
 * steps (`<incident> step <n> "<name>": <outcomes across runs>`).
 */
export function soakSummary(runs: SoakRun[]): string[] {
  const held = runs.filter((r) => r.exitCode === 0).length;
  const lines = [
    `${held}/${runs.length} runs held; run time median ${ms(median(runs.map((r) => r.wallMs)))}, max ${ms(Math.max(...runs.map((r) => r.wallMs)))}`,
  ];
  const perIncident = new Map<string, number[]>();
  const stepOutcomes = new Map<string, string[]>();
  for (const r of runs) {
    for (const j of r.journal?.incidents ?? []) {
      perIncident.set(j.incident.id, [...(perIncident.get(j.incident.id) ?? []), j.durationMs]);
      for (const s of j.steps) {
        const key = `${j.incident.id} step ${s.index} "${s.name}"`;
        stepOutcomes.set(key, [...(stepOutcomes.get(key) ?? []), s.outcome]);
      }
    }
  }
  lines.push('', '| incident | runs | median | max |', '|---|---|---|---|');
  for (const [id, xs] of perIncident) lines.push(`| ${id} | ${xs.length} | ${ms(median(xs))} | ${ms(Math.max(...xs))} |`);
  // A step skipped in every run is skipped by design (it needs another host), not flaky.
  const alwaysSkipped = [...stepOutcomes].filter(([, os]) => os.every((o) => o === 'skipped'));
  const flaky = [...stepOutcomes].filter(([, os]) => os.some((o) => o !== 'held') && !os.every((o) => o === 'skipped'));
  lines.push('', flaky.length ? 'steps that did not hold in some run:' : 'flaky steps: none');
  for (const [key, os] of flaky) {
    const counts: Record<string, number> = {};
    for (const o of os) counts[o] = (counts[o] ?? 0) + 1;
    lines.push(
      `  ${key}: ${Object.entries(counts)
        .map(([o, n]) => `${o} ×${n}`)
        .join(', ')}`,
    );
  }
  if (alwaysSkipped.length) lines.push(`skipped in every run (they need another host): ${alwaysSkipped.map(([key]) => key).join('; ')}`);
  const failed = runs.map((r, i) => [i + 1, r] as const).filter(([, r]) => r.exitCode !== 0);
  for (const [i, r] of failed) lines.push(`  run ${i}: exit ${r.exitCode}${r.journal?.failure ? ` — ${r.journal.failure}` : ''}`);
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const n = argv[0] && /^\d+$/.test(argv[0]) ? Number(argv.shift()) : 20;
  if (n < 1) {
    writeOut('usage: pnpm soak [N] [incident…]   (N ≥ 1, default 20)\n');
    return 2;
  }
  const outRoot = path.join(REPO_ROOT, 'replay-results', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  writeOut(
    `soak: ${n} runs of pnpm replay${argv.length ? ` ${argv.join(' ')}` : ''} on ${os.cpus().length} cores (load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}); results in ${path.relative(process.cwd(), outRoot)}\n`,
  );
  const runs: SoakRun[] = [];
  for (let i = 1; i <= n; i++) {
    const out = path.join(outRoot, `run-${String(i).padStart(2, '0')}`);
    const t0 = performance.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...argv, '--out', out], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('exit', (code) => resolve(code));
    });
    const file = path.join(out, 'journal.json');
    const journal = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SoakRun['journal']) : undefined;
    runs.push({ exitCode, wallMs: performance.now() - t0, journal });
    writeOut(`  run ${String(i).padStart(2)}/${n}: exit ${exitCode} in ${ms(performance.now() - t0)}${journal?.failure ? ` — ${journal.failure}` : ''}\n`);
  }
  writeOut(
    `\n${soakSummary(runs).join('\n')}\nload average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  return runs.every((r) => r.exitCode === 0) ? 0 : 1;
}

runAsCommand(import.meta.url, main);
