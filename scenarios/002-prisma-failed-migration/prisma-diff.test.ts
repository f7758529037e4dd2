/**
 * The replay's prevention step (steps/prevention.ts) measures drift with the
 * project's in-process drift check. This file shows Prisma itself agrees,
 * on the same two corrected migrations: `prisma db pull --print` then
 * `prisma migrate diff --from-schema-datamodel … --to-schema-datamodel
 * prisma/schema.prisma --exit-code` (about 2 s of CLI per database, which is
 * why the replay does not run it).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Databases } from '@incident-replay/pg-harness';
import { checkDrift } from '@incident-replay/drift';
import { prismaSchemaDrift, runPrismaCli } from '@incident-replay/prisma-offline';
import { APP_DIR } from '@incident-replay/app-prisma-login';
import { prismaDirWithFailedMigrationAs, type MigrationVersion } from './migration-dirs';

describe("002 prevention: Prisma's own migrate diff agrees with the drift check", () => {
  let dbs: Databases;
  const removals: (() => void)[] = [];

  /** A fresh database with the app's migrations, 20251014 carrying `alters` before its foreign keys. */
  async function deployedWith(label: string, version: MigrationVersion): Promise<string> {
    const db = await dbs.create(`diff_${label}`);
    const dir = prismaDirWithFailedMigrationAs(`diff-${label}`, version);
    removals.push(dir.remove);
    const deploy = await runPrismaCli(APP_DIR, ['migrate', 'deploy', '--schema', dir.schemaPath], { databaseUrl: db.url });
    expect(deploy.exitCode, deploy.output).toBe(0);
    return db.url;
  }

  beforeAll(() => {
    const server = inject('postgres');
    dbs = new Databases(server, server.runId);
  });

  afterAll(async () => {
    for (const fn of removals) fn();
    await dbs?.dropAll();
  });

  it("the postmortem's ALTERs: both find the same five columns (NOT NULL missing on three, TIMESTAMP(3) on two)", async () => {
    const url = await deployedWith('postmortem', 'postmortem-alters.sql');
    const prisma = await prismaSchemaDrift(APP_DIR, url);
    expect(prisma.drift).toBe(true);
    const ours = (await checkDrift({ app: 'prisma-login', databaseUrl: url })).findings.filter((f) => f.category === 'schema');
    expect(ours.map((f) => [f.kind, f.column])).toEqual([
      ['nullability', 'unlimitedPoseActive'],
      ['nullability', 'unlimitedPoseDailyQuota'],
      ['nullability', 'unlimitedPoseQuotaUsed'],
      ['type-mismatch', 'unlimitedPoseQuotaResetAt'],
      ['type-mismatch', 'unlimitedPoseExpiresAt'],
    ]);
    for (const f of ours) {
      const fix = f.kind === 'nullability' ? `ALTER COLUMN "${f.column}" SET NOT NULL` : `ALTER COLUMN "${f.column}" SET DATA TYPE TIMESTAMP(3)`;
      expect(prisma.script).toContain(fix);
    }
    // Nothing else in Prisma's script: one ALTER TABLE with exactly these five changes.
    expect(prisma.script.match(/ALTER COLUMN/g)).toHaveLength(5);
  });

  it('the ALTER Prisma generates: neither finds schema drift (migrate diff exit 0)', async () => {
    const url = await deployedWith('prisma', 'prisma-generated-alters.sql');
    const prisma = await prismaSchemaDrift(APP_DIR, url);
    expect(prisma.drift).toBe(false);
    expect(prisma.diff.exitCode).toBe(0);
    const ours = (await checkDrift({ app: 'prisma-login', databaseUrl: url })).findings.filter((f) => f.category === 'schema');
    expect(ours).toEqual([]);
  });
});
