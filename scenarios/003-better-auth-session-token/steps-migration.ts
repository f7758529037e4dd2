/**
 * The documented fix, step 1: `prisma migrate deploy` with the app's own
 * prisma/ folder, on a copy of production. On 1.x that applies the
 * postmortem's migration; on 0.8.8 there is nothing to apply.
 */
import { step, type Step, type StepContext } from '@incident-replay/incident';
import { runPrismaCli } from '@incident-replay/prisma-offline';
import { SOURCE, dbName, drift, rowCounts, sessionColumns, tag, variant, type Ctx, type World } from './world.js';
import type { BetterAuthVersion } from './versions.js';

/**
 * Copies production (its apps stopped first: CREATE DATABASE … TEMPLATE needs it without
 * connections) and runs `prisma migrate deploy` on the copy; counts rows before and after.
 */
async function deployOnCopy(t: StepContext, world: World) {
  await world.stopAll();
  const db = await t.env.databases.create(`${dbName(world.v)}_documented_fix`, world.prod.name);
  const before = await rowCounts(t, db.url);
  const columnsBefore = await sessionColumns(t, db.url);
  t.checkThat('sessions exist before the fix', before.sessions > 0, before);
  world.copy = { db, columnsBefore };
  const deploy = await runPrismaCli(world.v.appDir, ['migrate', 'deploy'], { databaseUrl: db.url });
  t.command('prisma migrate deploy', deploy);
  t.check('migrate deploy exit code', deploy.exitCode, 0);
  return { db, before, after: await rowCounts(t, db.url), columnsAfter: await sessionColumns(t, db.url), output: deploy.output };
}

/** 1.x: the migration runs, and every session goes with it. */
export const migrationEmptiesSessions = (v: BetterAuthVersion): Step<Ctx> =>
  step('fix', `${tag(v)} documented fix, step 1: prisma migrate deploy on a copy of production deletes every session`, async (t, ctx) => {
    const { before, after, output } = await deployOnCopy(t, ctx[v.version]!);
    t.checkMatch('the fix migration was applied', output, v.fixMigration!);
    t.check('users untouched', after.users, before.users);
    t.check('accounts untouched', after.accounts, before.accounts);
    t.check('every session deleted', after.sessions, 0);
    t.claim({
      id: '003.migration-truncates-sessions',
      source: SOURCE,
      variant: variant(v),
      claim: 'The migration truncates every session, so all users must sign in again',
      observed: { before, after },
      holds: (o) => o.before.sessions > 0 && o.after.sessions === 0 && o.after.users === o.before.users,
      evidence: (o) =>
        `sessions ${o.before.sessions} → ${o.after.sessions}; users ${o.before.users} → ${o.after.users}; accounts ${o.before.accounts} → ${o.after.accounts}`,
      expectedToHold: true,
    });
  });

/** 1.x: what the migration did to the session table's columns. */
export const migrationDropsToken = (v: BetterAuthVersion): Step<Ctx> =>
  step('fix', `${tag(v)} the documented migration drops session.token; session.id had no database default to remove`, async (t, ctx) => {
    const { db, columnsBefore } = ctx[v.version]!.copy!;
    const columnsAfter = await sessionColumns(t, db.url);
    t.check('token column gone', 'token' in columnsAfter, false);
    t.claim({
      id: '003.migration-drops-token',
      source: SOURCE,
      variant: variant(v),
      claim: 'The migration drops the token column',
      observed: { columnsBefore: Object.keys(columnsBefore), columnsAfter: Object.keys(columnsAfter) },
      holds: (o) => o.columnsBefore.includes('token') && !o.columnsAfter.includes('token'),
      evidence: (o) => `session columns before: ${o.columnsBefore.join(', ')}; after: ${o.columnsAfter.join(', ')}`,
      expectedToHold: true,
    });
    t.claim({
      id: '003.migration-removes-uuid-default',
      source: SOURCE,
      variant: variant(v),
      claim: 'The migration removes @default(uuid()) from the id column',
      observed: { idDefaultBefore: columnsBefore.id ?? null, idDefaultAfter: columnsAfter.id ?? null },
      holds: (o) => o.idDefaultBefore !== o.idDefaultAfter,
      evidence: (o) =>
        `session.id database default before: ${String(o.idDefaultBefore)}, after: ${String(o.idDefaultAfter)} — Prisma's uuid() is filled in by Prisma Client, so no database default existed to remove`,
      expectedToHold: false,
    });
  });

/** 1.x: the drift check on the fixed copy — run before deploying, it would have stopped the fix. */
export const driftCatchesMissingToken = (v: BetterAuthVersion): Step<Ctx> =>
  step('fix', `${tag(v)} a drift check on the fixed copy finds Better Auth's session.token missing`, async (t, ctx) => {
    const check = await drift(t, v, ctx[v.version]!.copy!.db, 'after the documented migration');
    t.check("drift: Better Auth's session.token is missing, and with it the unique index schema.prisma declares on it", check.schema, [
      `missing-column session.token (apps/${v.app}/prisma/schema.prisma)`,
      `missing-unique session.token (apps/${v.app}/prisma/schema.prisma)`,
    ]);
    t.check('drift: exit code 1 (a pre-deploy check would have stopped this migration)', check.report.exitCode, 1);
    t.note(
      "A drift check run on a copy before deploying would have stopped the documented fix: Better Auth's own schema (getAuthTables) still expects session.token.",
    );
    t.claim({
      id: '003.fixed-schema-matches-docs',
      source: SOURCE,
      variant: variant(v),
      claim: 'The fixed schema matches Better Auth\'s documented session table ("id: the session token, also the cookie")',
      observed: { driftSchemaFindings: check.schema },
      holds: (o) => o.driftSchemaFindings.length === 0,
      evidence: (o) =>
        `the drift check on the fixed copy (Better Auth ${v.version}'s own tables from getAuthTables, and schema.prisma): ${o.driftSchemaFindings.join('; ') || 'none'}; the quoted sentence describes 0.x and was stale after better-auth PR #595 (1.0)`,
      expectedToHold: false,
    });
  });

/** 0.8.8: its own schema already is the postmortem's target, and the app ships no fix migration. */
export const nothingToApply = (v: BetterAuthVersion): Step<Ctx> =>
  step('fix', `${tag(v)} documented fix, step 1: prisma migrate deploy on a copy of production has nothing to apply`, async (t, ctx) => {
    const { db, before, after, columnsAfter, output } = await deployOnCopy(t, ctx[v.version]!);
    t.checkMatch("nothing to apply: the schema already is the postmortem's target", output, /No pending migrations/);
    t.check('rows untouched', after, before);
    t.check('session.id has no database default', columnsAfter.id, null);
    t.note(`Better Auth ${v.version}'s own session table has no token column; the app ships no fix migration.`);
    t.check('drift check: clean', (await drift(t, v, db, 'after migrate deploy')).report.exitCode, 0);
  });
