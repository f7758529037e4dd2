/**
 * Both documented fixes: the tolerant JWT callback, then 0012 run by hand and recorded by Drizzle's migrator.
 */
import { setsCookie, step } from '@incident-replay/incident';
import { MIGRATION_0012, migrateDatabase, runSqlFile } from '../migrations';
import { ALICE, SESSION_COOKIE, SOURCE, VERIFY_COLUMN, WARNING_LINE, drift, forgotPassword, sessionEmail, sessionWith, signIn, type World } from '../world';

export const codeFixWithoutColumn = step<World>(
  'fix',
  'Code fix deployed, column still missing: sign-in and forgot-password work, with a warning',
  async (t, w) => {
    await w.app.deploy('fixed');
    const browser = w.app.browser();
    const res = await signIn(t, browser);
    t.check('sign-in status', res.status, 302);
    t.checkThat('a session cookie is set', setsCookie(res.headers, SESSION_COOKIE), res.headers.getSetCookie());
    const session = await sessionWith(t, browser, 'session after sign-in');
    t.check('the session returns the user', sessionEmail(session), ALICE.email);
    t.check('…with its id', (session.json as { user?: { id?: string } }).user?.id, w.aliceId);
    const forgot = await forgotPassword(t, browser);
    t.check('forgot-password status', forgot.status, 200);
    t.check('a reset token was stored', await t.sql('reset tokens', w.url, 'SELECT count(*)::int AS n FROM password_reset_tokens'), [{ n: 1 }]);
    // One warning per JWT callback run: at sign-in and at the session read.
    t.check('the warning naming the column is logged on each JWT callback', t.logsMatching(WARNING_LINE).length, 2);
    t.claim({
      id: '000.code-fix-works-without-column',
      source: SOURCE,
      claim: 'The code changes work with or without the column',
      observed: { signIn: res.status, session: session.status, sessionUser: sessionEmail(session), forgotPassword: forgot.status },
      holds: (o) => o.signIn === 302 && o.session === 200 && o.sessionUser === ALICE.email && o.forgotPassword === 200,
      evidence: (o) => `column missing: sign-in ${o.signIn}, session ${o.session} with ${o.sessionUser ?? 'no user'}, forgot-password ${o.forgotPassword}`,
      expectedToHold: true,
    });
    t.note(
      'While the column is missing every token carries session version 1 and the database cannot hold another value, so session invalidation is not enforced until migration 0012 runs.',
    );
  },
);

export const run0012Directly = step<World>('fix', 'Run 0012_add_session_versioning.sql directly, as the postmortem does', async (t, w) => {
  const before = await t.sql<{ n: number }>('users before', w.url, 'SELECT count(*)::int AS n FROM users');
  const notices = await runSqlFile(w.url, MIGRATION_0012);
  t.check('first run: no notices (everything was created)', notices, []);
  t.check('verification query returns the documented row', await t.sql('verification query (postmortem)', w.url, VERIFY_COLUMN), [
    { column_name: 'session_version', data_type: 'integer', column_default: '1' },
  ]);
  t.check('the index exists', await t.sql('index', w.url, `SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_users_session_version'`), [
    { indexdef: 'CREATE INDEX idx_users_session_version ON public.users USING btree (id, session_version)' },
  ]);
  const again = await runSqlFile(w.url, MIGRATION_0012);
  t.value('notices on the second run', again);
  t.check('running it again only skips, with notices', again, [
    'column "session_version" of relation "users" already exists, skipping',
    'relation "idx_users_session_version" already exists, skipping',
  ]);
  const after = await t.sql<{ n: number }>('users after', w.url, 'SELECT count(*)::int AS n FROM users');
  t.check('no user rows lost', after, before);
  t.check('existing users have version 1', await t.sql('versions', w.url, 'SELECT session_version FROM users'), [{ session_version: 1 }]);
  t.claim({
    id: '000.run-0012-directly',
    source: SOURCE,
    claim: 'Running migration 0012 directly on the production database is the safe, recommended fix',
    observed: { secondRunNotices: again, usersBefore: before[0]?.n, usersAfter: after[0]?.n },
    holds: (o) => o.secondRunNotices.length > 0 && o.secondRunNotices.every((n) => n.endsWith('already exists, skipping')) && o.usersAfter === o.usersBefore,
    evidence: (o) => `a second run only skips (${o.secondRunNotices.length} "already exists, skipping" notices); users ${o.usersBefore} → ${o.usersAfter}`,
    expectedToHold: true,
  });
});

export const ledgerLacks0012 = step<World>('check', 'After the manual run the schema is clean, but the migration ledger still lacks 0012', async (t, w) => {
  const { report, schema } = await drift(t, w);
  t.check('no schema finding', schema, []);
  t.check(
    'the only finding: 0012 not in __drizzle_migrations',
    report.findings.map((f) => [f.kind, f.migration]),
    [['migration-not-applied', '0012_add_session_versioning']],
  );
});

export const migratorReapplies0012 = step<World>(
  'fix',
  "Drizzle's migrator, unaware of the manual run, applies 0012 again without error and records it",
  async (t, w) => {
    await migrateDatabase(w.url);
    t.check(
      '__drizzle_migrations now records 13 migrations',
      await t.sql('migration ledger', w.url, 'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations'),
      [{ applied: 13 }],
    );
    t.check('still one session_version column', await t.sql('verification query (postmortem)', w.url, VERIFY_COLUMN), [
      { column_name: 'session_version', data_type: 'integer', column_default: '1' },
    ]);
  },
);

export const driftClean = step<World>('check', 'The drift check is clean once the ledger records 0012', async (t, w) => {
  const { report } = await drift(t, w);
  t.check('drift check exit code (0 = no drift)', report.exitCode, 0);
  t.check('no findings', report.findings, []);
});
