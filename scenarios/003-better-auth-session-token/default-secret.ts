import { execFile } from 'node:child_process';
import path from 'node:path';
import { trackChildProcess } from '@incident-replay/pg-harness';

/** What Better Auth did when started in production with no secret at all. */
export interface DefaultSecretProbe {
  /** The secret the auth context ended up with, when it started. */
  secret?: string;
  /** The error it threw instead, when it refused to start. */
  threw?: string;
  /** Everything the process printed. */
  output: string;
}

// Better Auth alone (memory adapter, no `secret` option), as the app would run
// it without its own fallback: only the library's default is in play.
const PROBE = `
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
const auth = betterAuth({ baseURL: 'http://localhost:3000', database: memoryAdapter({ user: [], session: [], account: [], verification: [] }), emailAndPassword: { enabled: true } });
try { const ctx = await auth.$context; console.log('PROBE secret=' + ctx.secret); }
catch (e) { console.log('PROBE threw ' + e.name + ': ' + e.message); }
`;

/**
 * Starts the Better Auth version installed in `appDir` in a child process with
 * `NODE_ENV=production` and no `BETTER_AUTH_SECRET` / `AUTH_SECRET` /
 * `BETTER_AUTH_SECRETS` (Better Auth reads NODE_ENV once, at import, so this
 * cannot be done in the test process).
 *
 * @param appDir an app folder whose node_modules holds `better-auth`
 * @throws Error when the process fails or prints no PROBE line
 */
export async function probeDefaultSecret(appDir: string): Promise<DefaultSecretProbe> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const k of ['BETTER_AUTH_SECRET', 'AUTH_SECRET', 'BETTER_AUTH_SECRETS', 'TEST', 'NODE_OPTIONS']) delete env[k];
  const output = await new Promise<string>((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: appDir, env, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`default-secret probe in ${appDir} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
    // Tracked like every child of a replay: a signal, a step's time limit or the run's end stops it.
    trackChildProcess(child, `node -e <default-secret probe> (${path.basename(appDir)}, NODE_ENV=production)`);
  });
  const line = output.split('\n').find((l) => l.startsWith('PROBE '));
  if (!line) throw new Error(`default-secret probe in ${appDir} printed no result:\n${output}`);
  return line.startsWith('PROBE secret=') ? { secret: line.slice('PROBE secret='.length), output } : { threw: line.slice('PROBE threw '.length), output };
}
