// Prisma CLI configuration: the JS (wasm) schema engine over node-postgres
// (packages/prisma-offline), because the native engines cannot be downloaded
// here. DATABASE_URL is read when the CLI asks for the adapter, so
// `prisma generate` runs without a database. Migrations sit next to the schema.
import { defineConfig } from 'prisma/config';
import { adapterFromDatabaseUrl } from '@incident-replay/prisma-offline/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: adapterFromDatabaseUrl,
});
