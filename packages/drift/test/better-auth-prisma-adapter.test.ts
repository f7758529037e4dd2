/**
 * Better Auth through the Prisma adapter, without a database: where its expectations point
 * (schema.prisma's model and field, so a finding has the declaration's line) and how its `index`
 * fields are met (any full index that leads with the column, e.g. Prisma's composite
 * `@@index([userId, expiresAt])`, which Better Hub's schema declares instead of one on userId).
 */
import { describe, expect, it } from 'vitest';
import { compareConstraints } from '../src/compare-constraints.js';
import type { ActualCatalog, ActualColumn, ActualIndex, ActualTable } from '../src/model.js';
import { expectedFromBetterAuth, type BetterAuthTable } from '../src/sources/better-auth.js';
import type { DmmfDatamodel, DmmfField } from '../src/sources/prisma.js';

/** What getAuthTables(options) of better-auth 1.5.1 says of `session` (the fields this test reads). */
const TABLES: Record<string, BetterAuthTable> = {
  session: {
    modelName: 'session',
    fields: {
      token: { type: 'string', required: true, unique: true },
      userId: { type: 'string', required: true, index: true, references: { model: 'user', field: 'id', onDelete: 'cascade' } },
      impersonatedBy: { type: 'string', required: false },
    },
  },
  user: { modelName: 'user', fields: { email: { type: 'string', required: true, unique: true } } },
  subscription: { modelName: 'subscription', fields: { plan: { type: 'string', required: true } } },
};

const field = (name: string): DmmfField => ({
  name,
  kind: 'scalar',
  type: 'String',
  isList: false,
  isRequired: true,
  isUpdatedAt: false,
  hasDefaultValue: false,
});
/** Better Hub's `Session` and `User` (`@@map`ped), without `impersonatedBy`; no `Subscription` model. */
const DM: DmmfDatamodel = {
  models: [
    { name: 'Session', dbName: 'session', fields: [field('id'), field('token'), field('userId')] },
    { name: 'User', dbName: 'user', fields: [field('id'), field('email')] },
  ],
  enums: [],
};

const column = (t: ReturnType<typeof expectedFromBetterAuth>[number], name: string) => t.columns.find((c) => c.name === name)!;

describe("Better Auth's expectations through the Prisma adapter", () => {
  it("name schema.prisma's model and field when the schema file is known, so findings get its line", () => {
    const [session, user, subscription] = expectedFromBetterAuth(TABLES, DM, 'src/lib/auth.ts', 'public', 'family:string', undefined, 'prisma/schema.prisma');
    expect(session!.source).toEqual({ file: 'prisma/schema.prisma', model: 'Session' });
    expect(column(session!, 'token').source).toEqual({ file: 'prisma/schema.prisma', model: 'Session', field: 'token' });
    expect(session!.indexes![0]!.source).toEqual({ file: 'prisma/schema.prisma', model: 'Session', field: 'userId' });
    expect(user!.uniques![0]!.source).toEqual({ file: 'prisma/schema.prisma', model: 'User', field: 'email' });
    // A field the model does not declare: the model's line.
    expect(column(session!, 'impersonatedBy').source).toEqual({ file: 'prisma/schema.prisma', model: 'Session' });
    // A Better Auth model schema.prisma lacks: the auth configuration.
    expect(subscription!.source).toEqual({ file: 'src/lib/auth.ts', model: 'better-auth subscription (subscription)' });
  });

  it('name the auth configuration without the schema file (as before)', () => {
    const [session] = expectedFromBetterAuth(TABLES, DM, 'src/lib/auth.ts');
    expect(column(session!, 'token').source).toEqual({ file: 'src/lib/auth.ts', model: 'better-auth session (session)', field: 'token' });
  });
});

describe("Better Auth's `index` fields against the live indexes", () => {
  const [session] = expectedFromBetterAuth({ session: TABLES.session! }, DM, 'src/lib/auth.ts');
  const live: ActualTable = {
    schema: 'public',
    name: 'session',
    columns: new Map(
      ['id', 'token', 'userId', 'expiresAt', 'impersonatedBy'].map((n): [string, ActualColumn] => [
        n,
        { name: n, type: 'text', notNull: true, default: null, identity: false, generated: false },
      ]),
    ),
  };
  const index = (name: string, columns: string[], more: Partial<ActualIndex> = {}): ActualIndex => ({
    name,
    columns,
    unique: false,
    primary: false,
    partial: false,
    valid: true,
    ...more,
  });
  const missingIndexes = (indexes: ActualIndex[]) => {
    const catalog: ActualCatalog = {
      constraints: new Map([['public.session', { indexes: [index('session_token_key', ['token'], { unique: true }), ...indexes], foreignKeys: [] }]]),
      enums: new Map(),
      indexNames: new Map(),
    };
    return compareConstraints([session!], new Map([['public.session', live]]), catalog)
      .filter((f) => f.kind === 'missing-index')
      .map((f) => f.column);
  };

  it('are met by a composite index that leads with the column (Better Hub: session_userId_expiresAt_idx)', () => {
    expect(session!.indexes).toEqual([expect.objectContaining({ columns: ['userId'], lookupOnly: true })]);
    expect(missingIndexes([index('session_userId_expiresAt_idx', ['userId', 'expiresAt'])])).toEqual([]);
    expect(missingIndexes([index('session_userId_idx', ['userId'])])).toEqual([]);
  });

  it('are not met by an index where the column comes second, a partial one, or an invalid one', () => {
    expect(missingIndexes([index('session_expiresAt_userId_idx', ['expiresAt', 'userId'])])).toEqual(['userId']);
    expect(missingIndexes([index('session_userId_live_idx', ['userId', 'expiresAt'], { partial: true })])).toEqual(['userId']);
    expect(missingIndexes([index('session_userId_expiresAt_idx', ['userId', 'expiresAt'], { valid: false })])).toEqual(['userId']);
    expect(missingIndexes([])).toEqual(['userId']);
  });
});
