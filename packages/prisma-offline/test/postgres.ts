import { afterAll, beforeAll } from 'vitest';
import { Databases, startPostgres, type RunningServer } from '@incident-replay/pg-harness';

/**
 * A Postgres server for the tests of the `describe` block it is called in: started before them
 * (pg-harness's provider choice), its databases dropped and the server stopped after them.
 *
 * @returns `databases()`: the block's database manager (throws before the block's tests run)
 */
export function withPostgres(): { databases(): Databases } {
  let server: RunningServer | undefined;
  let databases: Databases | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    databases = new Databases(server);
  });
  afterAll(async () => {
    await databases?.dropAll();
    await server?.stop();
  });
  return {
    databases() {
      if (!databases) throw new Error('withPostgres(): the server is not started yet (use it inside a test)');
      return databases;
    },
  };
}
