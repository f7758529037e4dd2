import { registerCleanup } from '../cleanup.js';
import { HarnessError } from '../errors.js';
import type { RunningServer } from '../server.js';
import { describeServer } from './describe.js';
import { newClusterPassword } from './local-cluster.js';

/** How long `stop()` waits for Docker to stop and remove the container, in ms. */
const CONTAINER_STOP_BUDGET_MS = 20_000;

/** The image the container provider runs; override with PG_IMAGE. */
export const DEFAULT_IMAGE = 'postgres:17-alpine';

/**
 * Starts Postgres in a container with @testcontainers/postgresql, data on a
 * tmpfs and durability off. testcontainers is imported lazily so machines
 * without Docker never load it. The superuser password is random per run.
 * `stop()` gives Docker {@link CONTAINER_STOP_BUDGET_MS} and then gives up
 * with a message naming the container (a hung engine must not hang the run).
 * Call only after {@link pingDocker} answered:
 * testcontainers waits forever on an endpoint that never answers.
 *
 * @param reason why this provider was chosen
 * @throws HarnessError when the container cannot start
 */
export async function startContainer(reason: string, image = process.env.PG_IMAGE ?? DEFAULT_IMAGE): Promise<RunningServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  let started: Awaited<ReturnType<InstanceType<typeof PostgreSqlContainer>['start']>>;
  try {
    started = await new PostgreSqlContainer(image)
      .withDatabase('postgres')
      .withUsername('postgres')
      .withPassword(newClusterPassword())
      .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'])
      .start();
  } catch (err) {
    throw new HarnessError(
      `the container provider could not start ${image}: ${(err as Error).message}`,
      'Check `docker info`, or force another provider with PG_PROVIDER=embedded.',
      err,
    );
  }
  const container = started;
  const id = container.getId().slice(0, 12);
  const undo = registerCleanup(`container ${id}`, async () => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave up'>((r) => (timer = setTimeout(() => r('gave up'), CONTAINER_STOP_BUDGET_MS)));
    const outcome = await Promise.race([container.stop({ remove: true, removeVolumes: true }), gaveUp]).finally(() => clearTimeout(timer));
    if (outcome === 'gave up') throw new Error(`Docker did not stop container ${id} within ${CONTAINER_STOP_BUDGET_MS} ms; remove it with: docker rm -f ${id}`);
  });
  const adminUrl = container.getConnectionUri();
  const info = await describeServer('container', adminUrl, `${container.getHost()}:${container.getPort()}`, reason, image);
  return { ...info, stop: undo };
}
