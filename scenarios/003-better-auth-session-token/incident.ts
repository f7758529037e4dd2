/**
 * Incident 003 — Better Auth sessions "not found", and a fix that made it worse.
 * Postmortem: 003_7bbeb936609481b9.txt. The story is in README.md;
 * the steps are in story.ts, run once per Better Auth version (versions.ts).
 */
import { randomBytes } from 'node:crypto';
import { defineIncident } from '@incident-replay/incident';
import type { BetterAuthApp } from '@incident-replay/better-auth-app';
import { migrateDeployUpTo } from './migrations.js';
import { BASE_URL, SOURCE, sessionTokenStory, type Ctx, type World } from './story.js';
import { VERSIONS } from './versions.js';

export default defineIncident<Ctx>({
  id: '003-better-auth-session-token',
  title: 'Better Auth session token vs id: the documented fix is a regression on Better Auth >= 1.0',
  postmortem: SOURCE,
  summary:
    'The guard that logged "Session: Not found" was the app\'s own, querying Session.id; Better Auth >= 1.0 finds sessions by token. The documented migration breaks sign-in on 1.4.0 and 1.7.25; keeping token and asking Better Auth recovers. 0.8.8 is the world the quoted docs describe.',

  async setup(env) {
    const ctx: Ctx = {};
    for (const v of VERSIONS) {
      // Production as deployed: the app's first migration through `prisma migrate deploy`.
      const template = await env.databases.createTemplate(`ba${v.version.replace(/\./g, '')}`, async (url) => {
        const res = await migrateDeployUpTo(v.appDir, url, v.initMigration);
        if (res.exitCode !== 0) throw new Error(`prisma migrate deploy (up to ${v.initMigration}) failed for ${v.appDir}:\n${res.output}`);
      });
      const prod = await template.clone(`ba${v.version.replace(/\./g, '')}_prod`);
      const running = new Set<BetterAuthApp>();
      const world: World = {
        v,
        databases: env.databases,
        prod,
        secret: randomBytes(32).toString('base64url'),
        start(options = {}) {
          const secret = options.secret === undefined ? world.secret : options.secret;
          const app = v.createApp({
            env: { DATABASE_URL: (options.db ?? prod).url, BETTER_AUTH_URL: BASE_URL, ...(secret === null ? {} : { BETTER_AUTH_SECRET: secret }) },
            guard: options.guard,
            prismaClient: options.prismaClient,
          });
          running.add(app);
          return app;
        },
        async stopAll() {
          for (const app of running) await app.close();
          running.clear();
        },
      };
      env.onTeardown(() => world.stopAll());
      ctx[v.version] = world;
    }
    return ctx;
  },

  steps: VERSIONS.flatMap((v) => sessionTokenStory(v)),
});
