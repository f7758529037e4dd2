import type { RunningServer } from './server.js';
import { detectProvider, getProvider } from './providers/registry.js';
import { clusterRoot } from './providers/local-cluster.js';
import { removeLeftovers } from './leftovers.js';

/** Options for {@link startPostgres}; every field defaults from the environment. */
export interface StartOptions {
  /** Force a provider by name (default: `PG_PROVIDER`, else chosen automatically). */
  provider?: string;
  /** The environment to read `PG_PROVIDER`, `TEST_DATABASE_URL`, `DOCKER_HOST`, `PG_BIN_DIR` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Budget for the Docker `/_ping` probe in ms (default 1500). */
  dockerPingTimeoutMs?: number;
  /**
   * Why the caller forces {@link StartOptions.provider}, in words, for the one-line description
   * (default `forced by option`), e.g. `a throwaway server for schema-drift rehearse`.
   */
  reason?: string;
  /**
   * The server the `url` provider borrows when the caller has its own setting for it (a command-line
   * flag, say) instead of `TEST_DATABASE_URL`; the provider's messages then name it "the server URL".
   * Only the `url` provider reads it.
   */
  serverUrl?: string;
}

/**
 * Decides which provider to use, without starting anything.
 * Order: `PG_PROVIDER` when set (forced: no fallback); else the registered
 * providers' `detect` in registration order (see providers/registry.ts):
 * `url` when `TEST_DATABASE_URL` is set; `container` when a Docker endpoint
 * answers `GET /_ping` in time; else `embedded`.
 *
 * @returns the provider's name, whether it was forced, and the reason in words
 * @throws HarnessError when `PG_PROVIDER` names no registered provider
 */
export async function chooseProvider(options: StartOptions = {}): Promise<{ provider: string; forced: boolean; reason: string }> {
  const env = options.env ?? process.env;
  const forced = options.provider ?? (env.PG_PROVIDER?.trim() || undefined);
  if (forced) {
    const reason = options.provider ? (options.reason ?? 'forced by option') : 'forced by PG_PROVIDER';
    return { provider: getProvider(forced).name, forced: true, reason };
  }
  const { provider, reason } = await detectProvider({ env, probeTimeoutMs: options.dockerPingTimeoutMs });
  return { provider: provider.name, forced: false, reason };
}

/**
 * Starts (or borrows) one PostgreSQL server for this run and says in one line
 * which provider and version it used (`server.description`). First it removes
 * what this machine's dead runs left (see leftovers.ts): their clusters under
 * the cluster root, and, on a borrowed server (`url`), their databases; it says
 * so in one line on stderr when there was any.
 *
 * @throws HarnessError when the chosen provider cannot start; a forced provider never falls back
 */
export async function startPostgres(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const { provider, reason } = await chooseProvider(options);
  await removeLeftovers({ clusterRoot: clusterRoot(env) });
  const server = await getProvider(provider).start(reason, { env, probeTimeoutMs: options.dockerPingTimeoutMs, serverUrl: options.serverUrl });
  if (provider === 'url') await removeLeftovers({ adminUrl: server.adminUrl });
  return server;
}
