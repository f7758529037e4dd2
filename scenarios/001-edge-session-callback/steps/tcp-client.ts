/**
 * The variant the postmortem did not try: a TCP client (node-postgres) where neon-http was, in the EdgeVM and under `next start`.
 */
import { BuiltNextApp, step } from '@incident-replay/incident';
import { APP_DIR, loadInProcessApp } from '../in-process-app';
import { SESSION_COOKIE, type World } from '../world';

export const tcpClientInEdgeVm = step<World>(
  'symptom',
  'Variant: a TCP client (node-postgres) in the same place does not even load in the Edge runtime',
  async (t, w) => {
    const err = await loadInProcessApp({ env: { ...w.env, SESSION_CALLBACK: 'database' }, edgeDbClient: 'node-postgres' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.checkThat('loading the middleware bundle fails', err !== undefined, err === undefined ? 'loaded' : 'threw');
    const rec = t.error('loading the Edge bundle with drizzle-orm/node-postgres', err);
    t.checkMatch(
      'pg needs a Node.js built-in the Edge runtime does not have',
      rec.message,
      /Dynamic require of "(events|node:[a-z/_]+|[a-z_]+)" is not supported/,
    );
    t.note(
      'A different failure from the postmortem’s: no log line, no query; the module never loads. On the built host the same swap builds, and fails when the middleware loads (next step).',
    );
  },
  { needs: 'in-process' },
);

export const tcpClientUnderNextStart = step<World>(
  'symptom',
  'Variant: the node-postgres build succeeds, but Next cannot load its Edge middleware: every route it matches answers 500',
  async (t, w) => {
    // The same app with `@/lib/db` swapped for node-postgres (AUTHJS_EDGE_DB_CLIENT, see next.config.ts), built beside the shipped one.
    const variant = await BuiltNextApp.start<'database'>({
      appDir: APP_DIR,
      distDir: '.next-node-postgres',
      buildEnv: { AUTHJS_EDGE_DB_CLIENT: 'node-postgres' },
      readyPath: '/login',
      env: (callback) => ({ ...w.env, SESSION_CALLBACK: callback }),
    });
    try {
      await variant.deploy('database');
      const browser = variant.browser();
      await browser.setCookie(SESSION_COOKIE, w.adaToken);
      for (const [path, status] of [
        ['/admin', 500],
        ['/api/me', 500],
        ['/login', 200],
      ] as const) {
        const res = await t.http(`GET ${path} (node-postgres build)`, await browser.request(path), { method: 'GET', url: path });
        t.check(`GET ${path} answers ${status}${status === 200 ? ' (the middleware does not match it)' : ''}`, res.status, status);
      }
      t.checkLogged(
        'the middleware module fails to load',
        /Failed to load external module node:util\/types: TypeError: Native module not found: node:util\/types/,
      );
    } finally {
      await variant.stop();
    }
  },
  { needs: 'built', timeoutMs: 600_000 },
);
