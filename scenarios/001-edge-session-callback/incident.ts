/**
 * Incident 001 — an Auth.js v5 session callback that queries the database
 * from the Edge middleware. Postmortem: 001_94afe4549f0b720e.txt.
 * The story is in README.md; the steps, in order, are in steps/. Every step
 * runs on both hosts unless it says `needs`: in-process (Edge code in an
 * EdgeVM sandbox, Node code here, see in-process-app.ts) and built
 * (`next build` + `next start`, the middleware in Next's own Edge sandbox);
 * see world.ts.
 */
import { defineIncident } from '@incident-replay/incident';
import { callbackQueriesThroughNeon, noSchemaDrift } from './steps/before-fix';
import { endpointUnreachable, queryAloneInEdge, rethrowSignsOut } from './steps/symptom';
import { tcpClientInEdgeVm, tcpClientUnderNextStart } from './steps/tcp-client';
import { roleChangeNeedsSignIn, tokenOnlyEndpointDown, tokenOnlyNoQueries } from './steps/fix';
import { SOURCE, setup } from './world';

export default defineIncident({
  id: '001-edge-session-callback',
  title: 'Auth.js session callback querying the database from the Edge runtime',
  postmortem: SOURCE,
  summary:
    'A DB-reading session callback runs in the Edge middleware on every request. neon-http works there; when the Neon endpoint cannot be reached the documented line is logged and admins lose their role (or are signed out). The token-only callback fixes it at the cost of stale roles.',
  stack: 'Next.js 16 + Auth.js 5 beta + Drizzle neon-http, Edge middleware',
  apps: ['authjs-edge'],
  hosts: ['in-process', 'built'],
  map: {
    seen: {
      text: 'The admin is sent to `/forbidden` (307) on every request; the log says `Database connection error in session callback: "Failed query: select … from "users" "users" …`',
      claim: '001.documented-log-line',
    },
    cause: {
      text: 'The Edge runtime could not reach the Neon HTTP endpoint (`NeonDbError: … fetch failed`, no SQLSTATE: Postgres never saw the query); neon-http itself works in Edge',
      claim: '001.neon-http-fails-in-edge',
    },
    missed: {
      text: 'No 500 anywhere: Auth.js v5 keeps a session without `id` and `role`; a callback that rethrows signs the user out instead (`JWTSessionError`, 307 to `/login`)',
      step: 5,
    },
    fix: {
      text: 'A token-only session callback (role from the JWT): no query on the Edge path; a demoted admin keeps access until a new sign-in',
      claim: '001.role-change-needs-new-sign-in',
    },
    documentedFix: {
      text: 'the token-only callback removes the errors and the query per request',
      claim: '001.token-only-removes-queries',
    },
    diagnosis: { text: 'neon-http fails in the Edge runtime', claim: '001.neon-http-fails-in-edge' },
  },
  setup,
  steps: [
    callbackQueriesThroughNeon,
    noSchemaDrift,
    endpointUnreachable,
    queryAloneInEdge,
    rethrowSignsOut,
    tcpClientInEdgeVm,
    tcpClientUnderNextStart,
    tokenOnlyEndpointDown,
    tokenOnlyNoQueries,
    roleChangeNeedsSignIn,
  ],
});
