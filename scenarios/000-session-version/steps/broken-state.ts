/**
 * Broken state: Drizzle's migrator stopped at 0011, and the drift check that would have caught it.
 */
import { step } from '@incident-replay/incident';
import { bcrypt, migrateDatabase, mintSessionJwt } from '../migrations';
import { ALICE, SECRET, VERIFY_COLUMN, drift, type World } from '../world';

export const migratedThrough0011 = step<World>('broken-state', "Production ran Drizzle's migrator through 0011 only; a user exists", async (t, w) => {
  await migrateDatabase(w.url, '0011_add_users_last_login_at');
  const ledger = await t.sql('migration ledger', w.url, 'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations');
  t.check('__drizzle_migrations records 12 migrations (0000–0011)', ledger, [{ applied: 12 }]);
  t.check('users.session_version does not exist', await t.sql('verification query (postmortem)', w.url, VERIFY_COLUMN), []);
  const [alice] = await t.sql<{ id: string }>('seed user', w.url, 'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id', [
    ALICE.email,
    'Alice',
    bcrypt.hashSync(ALICE.password, 4),
  ]);
  w.aliceId = alice!.id;
  // A token issued before this deploy, minted with the app's own next-auth.
  w.earlierJwt = await mintSessionJwt({ sub: w.aliceId, id: w.aliceId, email: ALICE.email, sessionVersion: 1 }, SECRET);
});

export const driftCatchesIt = step<World>(
  'check',
  'A pre-deploy drift check would have caught it: users.session_version missing, 0012 not applied',
  async (t, w) => {
    const { report } = await drift(t, w);
    t.check('drift check exit code (1 = drift)', report.exitCode, 1);
    const missing = report.findings.find((f) => f.kind === 'missing-column' && f.table === 'users' && f.column === 'session_version');
    t.checkThat(
      'finds users.session_version missing, expected from lib/db/schema.ts',
      missing?.source.file === 'apps/nextauth-drizzle/lib/db/schema.ts',
      missing ?? report.findings,
    );
    t.check(
      '…with the repair SQL (never run by the check)',
      missing?.repairSql,
      'ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;',
    );
    t.checkThat(
      'finds 0012 missing from __drizzle_migrations',
      report.findings.some((f) => f.kind === 'migration-not-applied' && f.migration === '0012_add_session_versioning'),
      report.findings.map((f) => f.kind),
    );
  },
);
