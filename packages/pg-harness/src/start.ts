import { HarnessError } from './errors.js';
import type { ProviderName, RunningServer } from './server.js';
import { dockerEndpoint, pingDocker } from './providers/docker-ping.js';

const PROVIDERS: readonly ProviderName[] = ['container', 'embedded', 'system', 'url'];

/** Options for {@link startPostgres}; every field defaults from the environment. */
export interface StartOptions {
  /** Force a provider (default: `PG_PROVIDER`, else chosen automatically). */
  provider?: ProviderName;
  /** The environment to read `PG_PROVIDER`, `TEST_DATABASE_URL`, `DOCKER_HOST`, `PG_BIN_DIR` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Budget for the Docker `/_ping` probe in ms (default 1500). */
  dockerPingTimeoutMs?: number;
}

/**
 * Decides which provider to use, without starting anything.
 * Order: `PG_PROVIDER` when set (forced: no fallback); else `url` when
 * `TEST_DATABASE_URL` is set; else `container` when a Docker endpoint answers
 * `GET /_ping` in time; else `embedded`.
 *
 * @returns the provider, whether it was forced, and the reason in words
 * @throws HarnessError when `PG_PROVIDER` names no provider
 */
export async function chooseProvider(
  options: StartOptions = {},
): Promise<{ provider: ProviderName; forced: boolean; reason: string }> {
  const env = options.env ?? process.env;
  const forced = options.provider ?? (env.PG_PROVIDER?.trim() || undefined);
  if (forced) {
    if (!PROVIDERS.includes(forced as ProviderName)) {
      throw new HarnessError(`PG_PROVIDER=${forced} is not a provider`, `Use one of: ${PROVIDERS.join(', ')}; or unset it to choose automatically.`);
    }
    return { provider: forced as ProviderName, forced: true, reason: `forced by ${options.provider ? 'option' : 'PG_PROVIDER'}` };
  }
  if (env.TEST_DATABASE_URL) return { provider: 'url', forced: false, reason: 'TEST_DATABASE_URL is set' };
  const endpoint = dockerEndpoint(env);
  if (endpoint && (await pingDocker(endpoint, options.dockerPingTimeoutMs))) {
    const where = endpoint.kind === 'socket' ? endpoint.socketPath : `${endpoint.host}:${endpoint.port}`;
    return { provider: 'container', forced: false, reason: `Docker answered /_ping at ${where}` };
  }
  const why = endpoint ? 'the Docker endpoint did not answer /_ping' : 'no Docker endpoint';
  return { provider: 'embedded', forced: false, reason: `${why}; embedded binaries from npm` };
}

/**
 * Starts (or borrows) one PostgreSQL server for this run and says in one line
 * which provider and version it used (`server.description`).
 *
 * @throws HarnessError when the chosen provider cannot start; a forced provider never falls back
 */
export async function startPostgres(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const { provider, reason } = await chooseProvider(options);
  switch (provider) {
    case 'container':
      return (await import('./providers/container.js')).startContainer(reason);
    case 'embedded':
      return (await import('./providers/embedded.js')).startEmbedded(reason);
    case 'system':
      return (await import('./providers/system.js')).startSystem(reason, env);
    case 'url':
      return (await import('./providers/url.js')).useUrl(env.TEST_DATABASE_URL, reason);
  }
}
