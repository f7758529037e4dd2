/**
 * Incident 003 — Better Auth sessions "not found", and a fix that made it worse.
 * Postmortem: 003_7bbeb936609481b9.txt. The story is in README.md; its steps
 * (story.ts) run once per Better Auth version (versions.ts), on either host:
 * the app's handler in-process, or its Node server as a child process (app-host.ts).
 */
import { defineIncident } from '@incident-replay/incident';
import { sessionTokenStory } from './story.js';
import { VERSIONS } from './versions.js';
import { SOURCE, createWorlds } from './world.js';

export default defineIncident({
  id: '003-better-auth-session-token',
  title: 'Better Auth session token vs id: the documented fix is a regression on Better Auth >= 1.0',
  postmortem: SOURCE,
  summary:
    'The guard that logged "Session: Not found" was the app\'s own, querying Session.id; Better Auth >= 1.0 finds sessions by token. The documented migration breaks sign-in on 1.4.0 and 1.7.25; keeping token and asking Better Auth recovers. 0.8.8 is the world the quoted docs describe.',
  stack: 'Better Auth 1.4 / 1.7 / 0.8 + Prisma 6.19 (one app per version)',
  apps: ['better-auth-1.4', 'better-auth-1.7', 'better-auth-0.8'],
  hosts: ['in-process', 'built'],
  map: {
    seen: { text: 'Protected routes answer 401 and the server logs `Session: Not found`', claim: '003.better-auth-could-not-find-session' },
    cause: {
      text: "The app's own guard looked the cookie's token up as `Session.id`; Better Auth ≥ 1.0 keeps it in `session.token` and finds the session (get-session 200)",
      claim: '003.lookup-by-session-id',
    },
    missed: {
      text: 'A 401 looks like a signed-out user, not an error; the documented fix then deletes every session and makes sign-in answer 500 (1.4.0) or throw `SchemaMismatchError` (1.7.25)',
      claim: '003.fix-sign-in-works',
    },
    fix: {
      text: 'Keep `session.token`; let the guard ask Better Auth (`auth.api.getSession`): the cookie from before the fix still works, no session lost',
      claim: '003.invalidating-sessions-necessary',
    },
    documentedFix: {
      text: 'A migration that empties `session` and drops `token`, `prisma generate`, restart, everyone signs in again',
      claim: '003.fix-sign-in-works',
    },
  },
  setup: createWorlds,
  steps: VERSIONS.flatMap((v) => sessionTokenStory(v)),
});
