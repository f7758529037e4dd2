import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { Databases, trackChildProcess } from '@incident-replay/pg-harness';
import { defineIncident, enableProfiling, replayIncident, step, unionMs } from '../src/index.js';

describe('unionMs', () => {
  it('counts overlapping intervals once and ignores empty ones', () => {
    expect(unionMs([])).toBe(0);
    expect(
      unionMs([
        [0, 10],
        [5, 15],
        [20, 25],
        [21, 22],
        [30, 30],
      ]),
    ).toBe(20);
  });
});

describe('a profiled replay', () => {
  it('records per step the SQL, the HTTP requests and the child processes it waited for, and setup and teardown', async () => {
    enableProfiling();
    const server = http.createServer((_req, res) => setTimeout(() => res.end('ok'), 30));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const incident = defineIncident<{ url: string }>({
      id: '998-profiled',
      title: 'profiled',
      postmortem: 'none',
      summary: 'one step of each kind of work',
      async setup(env) {
        return { url: (await env.databases.create('profiled')).url };
      },
      steps: [
        step('check', 'two queries, one slow', async (t, w) => {
          await t.sql('fast', w.url, 'SELECT 1');
          await t.sql('slow', w.url, 'SELECT pg_sleep(0.2)');
        }),
        step('check', 'one HTTP request', async (t) => {
          t.value('answer', await (await fetch(url)).text());
        }),
        step('check', 'one child process', async (t) => {
          // Burns 150 ms of CPU (not of wall time: on a loaded machine that would be less CPU).
          const child = spawn(process.execPath, ['-e', 'while (process.cpuUsage().user < 150000);']);
          trackChildProcess(child, 'node -e busy-loop');
          const code = await new Promise((r) => child.once('exit', r));
          t.value('exit', code);
        }),
      ],
    });
    const databases = new Databases(inject('postgres'));
    try {
      const j = await replayIncident(incident, inject('postgres'), databases);
      expect(j.outcome).toBe('held');
      const [sql, req, child] = j.steps.map((s) => s.profile!);
      expect(sql!.sqlCount).toBeGreaterThanOrEqual(2);
      expect(sql!.sqlMs).toBeGreaterThanOrEqual(190);
      expect(sql!.sqlMs).toBeLessThanOrEqual(sql!.wallMs);
      expect(sql!.children).toEqual([]);
      expect([req!.httpCount, req!.httpMs >= 25, req!.sqlCount]).toEqual([1, true, 0]);
      expect(child!.children.map((c) => [c.label, c.exitCode])).toEqual([['node -e busy-loop', 0]]);
      expect(child!.children[0]!.ms).toBeGreaterThanOrEqual(140);
      if (process.platform === 'linux') expect(child!.childCpuMs).toBeGreaterThanOrEqual(100);
      expect(j.profile?.setup?.sqlCount).toBeGreaterThanOrEqual(1); // CREATE DATABASE
      expect(j.profile?.teardown?.sqlCount).toBeGreaterThanOrEqual(1); // DROP DATABASE
    } finally {
      server.close();
      await databases.dropAll();
    }
  });
});
