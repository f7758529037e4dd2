// Prisma CLI configuration: the JS (wasm) schema engine over node-postgres,
// because the native engines cannot be downloaded here. DATABASE_URL is read
// when the CLI asks for the adapter, not when this file loads.
import { defineConfig } from 'prisma/config';
import { adapterFromDatabaseUrl } from '@incident-replay/prisma-offline/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: adapterFromDatabaseUrl,
});
