/**
 * Incident 002's world: the "production" database and the login backend,
 * on the host the runner chose, plus the facts of the postmortem
 * (002_89ba75fe544c3693.txt) the steps check against.
 */
import { startServerProcess, type IncidentEnv, type ObservedResponse, type StepContext } from '@incident-replay/incident';
import { freePort } from '@incident-replay/pg-harness';
import { APP_DIR, disconnectPrisma, startLoginServer } from '@incident-replay/app-prisma-login';
import type { CommandResult } from './probes';

export const SOURCE = '002_89ba75fe544c3693.txt';
const JWT_SECRET = 'replay-secret-002-not-for-production-0002';

/** The users seeded before the release; the replay logs in as the first. */
export const USERS = [
  { id: 'usr_alice', email: 'alice@example.com', password: 'alice-pose-generator-1', name: 'Alice' },
  { id: 'usr_bob', email: 'bob@example.com', password: 'bob-avatar-creator-22', name: 'Bob' },
  { id: 'usr_carol', email: 'carol@example.com', password: 'carol-unlimited-333', name: 'Carol' },
] as const;
export const ALICE = USERS[0];

/** The five fields schema.prisma gained on User, as information_schema orders them. */
export const FIVE_COLUMNS = ['unlimitedPoseActive', 'unlimitedPoseDailyQuota', 'unlimitedPoseExpiresAt', 'unlimitedPoseQuotaResetAt', 'unlimitedPoseQuotaUsed'];

/** Each of the five fields with the value schema.prisma's defaults give a user that never set it. */
export const FIVE_DEFAULTS = [
  ['unlimitedPoseActive', false],
  ['unlimitedPoseDailyQuota', 100],
  ['unlimitedPoseExpiresAt', null],
  ['unlimitedPoseQuotaResetAt', null],
  ['unlimitedPoseQuotaUsed', 0],
];

/** Prisma's P2022 text for the first column of model User that the table lacks. */
export const P2022_MESSAGE = 'The column `users.unlimitedPoseActive` does not exist in the current database.';

/** The Avatar Creator / Pose Generator tables migration 20251014 creates. */
export const NEW_TABLES = [
  'avatar_generations',
  'avatar_projects',
  'avatar_usage_history',
  'avatars',
  'generated_poses',
  'pose_categories',
  'pose_generations',
  'pose_generator_projects',
  'pose_library',
];

/** The three versions of 20251014 the prevention steps deploy on fresh databases. */
export type Variant = 'original' | 'postmortem' | 'prisma';

/** One fresh database with every migration deployed, 20251014 in one {@link Variant}. */
export interface FreshDeploy {
  url: string;
  deploy: CommandResult;
  /** `prisma migrate status` right after the deploy (the uncorrected variant only). */
  status?: CommandResult;
}

/** The login backend as the steps reach it, the same way on every host. */
export interface LoginApp {
  /** `http://<host>:<port>` */
  url: string;
  /**
   * Sends a request and records it with `t.http`. On the built host the server is another
   * process whose output goes into the step's log (`logSource`); the request returns once that
   * output is quiet, so `t.checkLogged` sees what the request caused.
   */
  request(t: StepContext, label: string, path: string, init?: RequestInit): Promise<ObservedResponse>;
}

export interface World {
  /** The "production" database. */
  url: string;
  app: LoginApp;
  /** Measured before the fix script's first run (hotfix steps). */
  beforeFix?: { users: number; relfilenode: number };
  /** The prevention steps' fresh databases, one per variant. */
  fresh?: Record<Variant, FreshDeploy>;
}

/**
 * Creates the production database and starts the login backend on `env.host`:
 * `in-process` serves the app's Hono handler from the runner's process over real
 * HTTP (its `console.error` lands in the step's log directly); `built` runs it as
 * users deploy it, `src/server.ts` in its own Node process (`node --import tsx`: the
 * app's `pnpm start` without the tsx CLI's extra process), its stdout and stderr piped
 * into the log of the step running at the time.
 */
export async function setup(env: IncidentEnv): Promise<World> {
  const db = await env.databases.create('lumiku_production');
  const appEnv = { DATABASE_URL: db.url, JWT_SECRET };
  // Both hosts: the steps' own Prisma Client probes and tokens run in the runner's process.
  env.setAppEnv(appEnv);
  env.onTeardown(disconnectPrisma);
  if (env.host === 'in-process') {
    const server = await startLoginServer();
    env.onTeardown(() => server.close());
    return { url: db.url, app: { url: server.url, request: (t, label, path, init) => send(t, server.url, label, path, init) } };
  }
  const port = await freePort();
  const server = await startServerProcess({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/server.ts'],
    cwd: APP_DIR,
    port,
    env: { ...appEnv, PORT: String(port) },
    readyPath: '/health',
    logSource: 'login server (node src/server.ts)',
  });
  env.onTeardown(() => server.stop());
  const request: LoginApp['request'] = async (t, label, path, init) => {
    const observed = await send(t, server.url, label, path, init);
    await server.quiet(); // the lines this request caused, in the step's log before it checks them
    return observed;
  };
  return { url: db.url, app: { url: server.url, request } };
}

/** One request to the backend, recorded in the step. */
async function send(t: StepContext, base: string, label: string, path: string, init: RequestInit = {}): Promise<ObservedResponse> {
  const res = await fetch(new URL(path, base), init);
  return t.http(label, res, { method: init.method ?? 'GET', url: path });
}
