/**
 * The story of incident 004, in order: users on 1.6.28 → the bump to 1.7.0 without a migration
 * (sign-in 401, sign-up fails) → the 1.7 migration with its backfill → the bump to 1.7.3 with
 * `issuer` NOT NULL → `issuer` made nullable. The drift check and the rehearsal are in checks.ts.
 */
import { stripVTControlCharacters } from 'node:util';
import type { Step } from '@incident-replay/incident';
import { migrateDatabase } from '@incident-replay/better-auth-drizzle-app';
import {
  ALICE,
  AUTO_AUTHOR,
  B2B_SAAS,
  BA_11196,
  BA_11274,
  BOB,
  CAROL,
  DAVE,
  ERIN,
  FRANK,
  GRACE,
  NIBRUN,
  PAPERCLIP,
  V1_6_28,
  V1_7_0,
  V1_7_3,
  PRISMA_1_7_3,
  accounts,
  answered,
  driftOf,
  signIn,
  signUp,
  type World,
} from './world.js';

const WRONG = 'not-the-password';

/** A log line without its ANSI colours. */
const plain = (line: string) => stripVTControlCharacters(line);

export const usersOn1628: Step<World> = {
  kind: 'broken-state',
  name: '1.6.28: Alice and Bob sign up, Alice signs in',
  run: async (t, w) => {
    const app = await w.start(t, V1_6_28, 'generated-1.6');
    const ups = [await signUp(t, app, ALICE), await signUp(t, app, BOB)];
    t.check('both sign-ups answer 200', ups.map(answered), ['200', '200']);
    t.check('Alice signs in: 200', answered(await signIn(t, app, ALICE)), '200');
    const before = await accounts(t, w.prod.url);
    t.check('two credential accounts, no issuer column', before.accounts, { [ALICE.email]: '—', [BOB.email]: '—' });
  },
};

export const signIn401: Step<World> = {
  kind: 'symptom',
  name: '1.7.0 without a migration: every email sign-in 401, whatever the password',
  run: async (t, w) => {
    const fields = { '1.6.28': V1_6_28.accountFields(), '1.7.0': V1_7_0.accountFields(), '1.7.3': V1_7_3.accountFields() };
    t.value('account.issuer in getAuthTables (required?)', Object.fromEntries(Object.entries(fields).map(([v, f]) => [v, f.issuer ?? 'absent'])));
    t.claim({
      id: '004.issuer-required-by-1-7-0',
      source: PAPERCLIP,
      claim: '1.7.0 adds a required account.issuer; 1.7.3 drops it again',
      observed: { issuer: Object.fromEntries(Object.entries(fields).map(([v, f]) => [v, f.issuer ?? null])) },
      holds: (o) => o.issuer['1.6.28'] === null && o.issuer['1.7.0'] === true && o.issuer['1.7.3'] === null,
      evidence: (o) =>
        `getAuthTables account.issuer: ${Object.entries(o.issuer)
          .map(([v, r]) => `${v} ${r === null ? 'absent' : r ? 'required' : 'optional'}`)
          .join(', ')}`,
      expectedToHold: true,
    });
    const changed = Object.keys(fields['1.7.0']).filter((f) => !(f in fields['1.6.28']));
    t.claim({
      id: '004.core-table-migration-within-1x',
      source: BA_11196,
      claim: '1.7.0 needed a migration of the core tables',
      observed: { newRequired: changed.filter((f) => fields['1.7.0'][f]) },
      holds: (o) => o.newRequired.length > 0,
      evidence: (o) => `fields 1.7.0 requires that 1.6.28's account table lacks: ${o.newRequired.join(', ') || 'none'}`,
      expectedToHold: true,
    });

    const app = await w.start(t, V1_7_0, 'generated-1.6');
    const from = t.logs.length;
    const right = await signIn(t, app, ALICE, ALICE.password, 'Alice, right password');
    const wrong = await signIn(t, app, ALICE, WRONG, 'Alice, wrong password');
    const bob = await signIn(t, app, BOB, BOB.password, 'Bob, right password');
    const lines = t.logs.slice(from).map((l) => l.text);
    t.claim({
      id: '004.sign-in-401-whatever-the-password',
      source: PAPERCLIP,
      claim: 'After 1.6.28 → 1.7.0, every email sign-in is 401, whatever the password',
      observed: { right: answered(right), wrong: answered(wrong), bob: answered(bob), sameBody: right.res?.body === wrong.res?.body },
      holds: (o) => [o.right, o.wrong, o.bob].every((a) => a === '401 INVALID_EMAIL_OR_PASSWORD') && o.sameBody,
      evidence: (o) => `Alice right password: ${o.right}; wrong: ${o.wrong} (same body: ${o.sameBody}); Bob: ${o.bob}`,
      expectedToHold: true,
    });
    t.claim({
      id: '004.log-user-not-found',
      source: AUTO_AUTHOR,
      claim: 'The only log line is a warning, "User not found"',
      observed: {
        lines: lines.map((l) =>
          plain(l)
            .replace(/^.*?(WARN|ERROR|INFO)/, '$1')
            .slice(0, 80),
        ),
      },
      holds: (o) => o.lines.length > 0 && o.lines.every((l) => l.includes('User not found')),
      evidence: (o) => `${o.lines.length} lines for 3 sign-ins: ${[...new Set(o.lines)].join(' | ')}`,
      expectedToHold: true,
    });
  },
};

export const signUpFieldMissing: Step<World> = {
  kind: 'symptom',
  name: '1.7.0 with the 1.6 Drizzle schema: sign-up 500',
  run: async (t, w) => {
    const app = await w.start(t, V1_7_0, 'generated-1.6');
    const before = await accounts(t, w.prod.url);
    const from = t.logs.length;
    const up = await signUp(t, app, CAROL);
    const after = await accounts(t, w.prod.url);
    // The 500's body is empty: the adapter's error is in the log (or the in-process rejection).
    const logged = t.logs
      .slice(from)
      .map((l) => plain(l.text))
      .find((l) => l.includes('does not exist'));
    const message = up.err?.message ?? logged?.slice(logged.indexOf('The field')) ?? up.res?.body ?? '';
    t.claim({
      id: '004.sign-up-issuer-not-in-drizzle-schema',
      source: B2B_SAAS,
      claim: 'With the old Drizzle schema, sign-up fails: field "issuer" does not exist',
      observed: { answer: answered(up), message: message.slice(0, 90), users: [before.users, after.users] },
      holds: (o) => /field "issuer" does not exist in the "account" Drizzle schema/.test(o.message) && !o.answer.startsWith('200'),
      evidence: (o) => `sign-up: ${o.answer}, "${o.message}"; users ${o.users[0]} → ${o.users[1]}`,
      expectedToHold: true,
    });
    t.check('no account was written for Carol (her user row stays, without one)', CAROL.email in after.accounts, false);
  },
};

export const migrationWithBackfill: Step<World> = {
  kind: 'fix',
  name: 'the 1.7 migration with backfill: sign-in and sign-up work',
  run: async (t, w) => {
    await w.stopAll();
    await migrateDatabase(w.prod.url, '0001_account_issuer');
    const app = await w.start(t, V1_7_0, 'generated-1.7.0');
    const right = await signIn(t, app, ALICE);
    const wrong = await signIn(t, app, ALICE, WRONG, 'Alice, wrong password');
    const erin = await signUp(t, app, ERIN);
    const carol = await signUp(t, app, CAROL, 'sign-up Carol again (her user row was left by step 3)');
    const after = await accounts(t, w.prod.url);
    t.check('Erin is signed up, her account has issuer local:credential', [answered(erin), after.accounts[ERIN.email]], ['200', 'local:credential']);
    t.value("Carol's second sign-up (a user without an account)", answered(carol));
    t.claim({
      id: '004.migration-restores-sign-in',
      source: PAPERCLIP,
      claim: 'The migration with its local:credential backfill restores sign-in',
      observed: { right: answered(right), wrong: answered(wrong), issuers: [...new Set(Object.values(after.accounts))] },
      holds: (o) => o.right === '200' && o.wrong === '401 INVALID_EMAIL_OR_PASSWORD' && o.issuers.join() === 'local:credential',
      evidence: (o) => `after the backfill (issuers: ${o.issuers.join(', ')}): Alice right password ${o.right}, wrong ${o.wrong}`,
      expectedToHold: true,
    });
  },
};

export const signUpFailsOn173: Step<World> = {
  kind: 'symptom',
  name: '1.7.3 with issuer NOT NULL: SchemaMismatchError on every request',
  run: async (t, w) => {
    const checked = await w.start(t, V1_7_3, 'generated-1.7.0');
    const upChecked = await signUp(t, checked, DAVE);
    const inChecked = await signIn(t, checked, ALICE);
    const findings = JSON.stringify(upChecked.err?.findings ?? inChecked.err?.findings ?? null);
    t.checkThat('1.7.3 checks the Drizzle schema: account.issuer is an unexpected required column', findings.includes('unexpected-required-column'), findings);
    const unchecked = await w.start(t, V1_7_3, 'generated-1.7.0', { VALIDATE_SCHEMA: 'false' });
    const from = t.logs.length;
    const up = await signUp(t, unchecked, DAVE, 'sign-up Dave (validateSchema: false)');
    const logged = t.logs
      .slice(from)
      .map((l) => plain(l.text))
      .find((l) => /null value|violates not-null|issuer/.test(l));
    const alice = await signIn(t, unchecked, ALICE, ALICE.password, 'sign-in Alice (validateSchema: false)');
    const after = await accounts(t, w.prod.url);
    t.check('no account was written for Dave (his user row stays, without one)', DAVE.email in after.accounts, false);
    t.claim({
      id: '004.sign-up-fails-on-1-7-3',
      source: BA_11274,
      claim: 'On 1.7.3 with issuer NOT NULL, every sign-up fails',
      observed: {
        checked: answered(upChecked),
        unchecked: answered(up),
        error: (up.err?.message ?? logged?.replace(/^.*?(ERROR|error)/, '') ?? up.res?.body ?? '').slice(0, 100),
      },
      holds: (o) => !o.checked.startsWith('200') && !o.unchecked.startsWith('200'),
      evidence: (o) => `sign-up on 1.7.3: ${o.checked} (schema validation on); ${o.unchecked} with it off: "${o.error}"`,
      expectedToHold: true,
    });
    t.claim({
      id: '004.sign-in-works-on-1-7-3',
      source: NIBRUN,
      claim: 'On 1.7.3 with issuer NOT NULL, sign-in keeps working',
      observed: { checked: answered(inChecked), unchecked: answered(alice) },
      holds: (o) => o.checked === '200',
      evidence: (o) => `sign-in on 1.7.3: ${o.checked} with its default schema validation; ${o.unchecked} with validateSchema: false`,
      expectedToHold: false,
    });
  },
};

export const prismaOn173: Step<World> = {
  kind: 'symptom',
  name: '1.7.3 with Prisma, issuer required: sign-up 500, sign-in 200',
  run: async (t, w) => {
    const app = await w.start(t, PRISMA_1_7_3, undefined);
    const from = t.logs.length;
    const up = await signUp(t, app, GRACE, 'sign-up Grace (Prisma)');
    // Better Auth logs Prisma's PrismaClientValidationError and answers 500 itself.
    const missing = /Argument `?\w+`? is missing\./;
    const logged = t.logs
      .slice(from)
      .map((l) => plain(l.text).match(missing)?.[0])
      .find((m) => m !== undefined);
    const alice = await signIn(t, app, ALICE, ALICE.password, 'sign-in Alice (Prisma)');
    const after = await accounts(t, w.prod.url);
    t.check('no account was written for Grace', GRACE.email in after.accounts, false);
    const error = up.err?.message.match(missing)?.[0] ?? logged ?? up.err?.message ?? 'no error logged';
    t.claim({
      id: '004.prisma-sign-up-argument-issuer-missing',
      source: BA_11274,
      claim: 'On 1.7.3 with Prisma and a required issuer, sign-up fails with 500 `Argument issuer is missing.`, sign-in works',
      observed: { signUp: answered(up), error: error.slice(0, 80), signIn: answered(alice) },
      holds: (o) => o.signUp.startsWith('500') && /Argument `?issuer`? is missing/.test(o.error) && o.signIn === '200',
      evidence: (o) => `Prisma, default settings: sign-up ${o.signUp} ("${o.error}"); sign-in ${o.signIn}`,
      expectedToHold: true,
    });
    // Why 1.7.3's schema validation let it through here: it reads the client's data model, and a
    // field that does not say it is required counts as one an insert may omit.
    const field = PRISMA_1_7_3.accountIssuerInDataModel(w.prod.url);
    t.value("Account.issuer in the Prisma client's data model (what 1.7.3's check reads)", field ?? 'absent');
    t.check('the data model does not say whether issuer is required', field !== undefined && !('isRequired' in field), true);
    const drift = await driftOf(t, PRISMA_1_7_3, w.prod.url);
    t.claim({
      id: '004.drift-catches-required-issuer-prisma',
      source: BA_11274,
      claim: 'A drift check of the Prisma 1.7.3 app would have flagged the required issuer',
      observed: { exitCode: drift.exitCode, findings: drift.findings },
      holds: (o) => o.exitCode === 1 && o.findings.includes('extra-required-column account.issuer'),
      evidence: (o) => `drift check of the Prisma app: exit ${o.exitCode}; ${o.findings.join(', ') || 'no findings'}`,
      expectedToHold: true,
    });
  },
};

export const issuerNullable: Step<World> = {
  kind: 'fix',
  name: 'issuer nullable: 1.7.3 signs up and signs in',
  run: async (t, w) => {
    await w.stopAll();
    await migrateDatabase(w.prod.url, '0002_account_issuer_optional');
    const app = await w.start(t, V1_7_3, 'issuer-optional');
    const frank = await signUp(t, app, FRANK);
    const ins = [await signIn(t, app, ALICE), await signIn(t, app, BOB), await signIn(t, app, ERIN), await signIn(t, app, FRANK)];
    const after = await accounts(t, w.prod.url);
    t.claim({
      id: '004.documented-fix',
      source: BA_11274,
      claim: 'A nullable (or dropped) issuer lets 1.7.3 sign users up',
      observed: { signUp: answered(frank), signIns: ins.map(answered), issuer: FRANK.email in after.accounts ? after.accounts[FRANK.email] : 'no account' },
      holds: (o) => o.signUp === '200' && o.signIns.every((s) => s === '200'),
      evidence: (o) => `Frank's sign-up ${o.signUp} (issuer ${String(o.issuer)}); sign-ins of Alice, Bob, Erin, Frank: ${o.signIns.join(', ')}`,
      expectedToHold: true,
    });
  },
};
