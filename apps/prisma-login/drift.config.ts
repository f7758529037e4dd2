/**
 * What this app's ORM expects of its database, for the read-only drift check
 * (`pnpm replay drift --app prisma-login --database-url …`): the models of
 * prisma/schema.prisma (parsed by Prisma's own schema parser, @@map / @map
 * honoured) and Prisma Migrate's ledger _prisma_migrations against
 * prisma/migrations.
 */
export default {
  prisma: { schemaFile: 'prisma/schema.prisma' },
  migrations: { kind: 'prisma', folder: 'prisma/migrations' },
} as const;
