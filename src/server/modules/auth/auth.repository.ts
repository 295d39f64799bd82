import type { Db } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema.generated';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';

type Q = Kysely<DB> | Transaction<DB>;

const userColumns = [
  'appUser.id',
  'appUser.username',
  'appUser.fullName',
  'appUser.unitId',
  'appUser.roles',
  'appUser.active',
  'appUser.passwordHash',
  'appUser.failedLogins',
  'appUser.lockedUntil',
  'appUser.totpSecret',
  'appUser.totpPendingSecret',
  'appUser.totpLastStep',
  'unit.name as unitName',
  'unit.path as unitPath',
] as const;

export function findUserByUsername(db: Q, username: string) {
  return db
    .selectFrom('appUser')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select(userColumns)
    .where('appUser.username', '=', username)
    .executeTakeFirst();
}

export function findUserById(db: Q, id: string) {
  return db
    .selectFrom('appUser')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select(userColumns)
    .where('appUser.id', '=', id)
    .executeTakeFirst();
}

/** The lock rule of failed sign-ins, for the counters of `app_user` and of `login_failure` alike. */
export interface FailurePolicy {
  now: Date;
  maxFailures: number;
  /** When a lock set now ends. */
  lockUntil: Date;
}

/**
 * The SET list of one failed attempt on a row with `failed_logins` and `locked_until`, as one expression over the
 * row's values: the count starts again after an expired lock, and reaching the maximum sets the lock. Applied
 * only to rows without a lock in force (the statements' WHERE), so a failure in flight never clears a lock.
 */
function failureSet(alias: string, p: FailurePolicy): { count: RawBuilder<number>; lockedUntil: RawBuilder<Date | null> } {
  const t = sql.ref(alias);
  const count = sql<number>`(case when ${t}.locked_until is null then ${t}.failed_logins else 0 end) + 1`;
  return { count, lockedUntil: sql<Date | null>`case when ${count} >= ${p.maxFailures} then ${p.lockUntil}::timestamptz else null end` };
}

export interface FailureResult {
  failedLogins: number;
  lockedUntil: Date | null;
}

/**
 * Counts one failed sign-in of an account in one statement. Returns the new state, or undefined when a lock was
 * already in force (then nothing changes: the lock is never shortened or cleared by a failure).
 */
export async function recordUserFailure(db: Q, id: string, p: FailurePolicy): Promise<FailureResult | undefined> {
  const f = failureSet('app_user', p);
  const r = await sql<FailureResult>`
    update app_user set failed_logins = ${f.count}, locked_until = ${f.lockedUntil}
    where id = ${id} and (locked_until is null or locked_until <= ${p.now})
    returning failed_logins, locked_until`.execute(db);
  return r.rows[0];
}

/** The same for a username without an account (`key` = SHA-256 of the lower-cased name); prunes expired locks. */
export async function recordUnknownFailure(db: Q, key: string, p: FailurePolicy): Promise<FailureResult | undefined> {
  const f = failureSet('f', p);
  const r = await sql<FailureResult>`
    insert into login_failure as f (key, failed_logins, locked_until, updated_at)
    values (${key}, 1, case when 1 >= ${p.maxFailures} then ${p.lockUntil}::timestamptz else null end, ${p.now})
    on conflict (key) do update set failed_logins = ${f.count}, locked_until = ${f.lockedUntil}, updated_at = ${p.now}
      where f.locked_until is null or f.locked_until <= ${p.now}
    returning failed_logins, locked_until`.execute(db);
  // A row whose lock has ended counts like no row at all (the next failure starts at 1): safe to drop.
  await db.deleteFrom('loginFailure').where('lockedUntil', '<', p.now).where('key', '!=', key).execute();
  return r.rows[0];
}

export function findUnknownFailure(db: Q, key: string) {
  return db.selectFrom('loginFailure').select(['failedLogins', 'lockedUntil']).where('key', '=', key).executeTakeFirst();
}

/**
 * A successful sign-in: clears the failure count and records the TOTP step used, only when no lock is in force
 * and the step is newer than the last accepted one (one statement, so parallel requests cannot both pass).
 * Returns false when the lock or the step refused it.
 */
export async function acceptLogin(db: Q, id: string, now: Date, totpStep: number | null): Promise<boolean> {
  const r = await sql<{ id: string }>`
    update app_user set failed_logins = 0, locked_until = null,
      totp_last_step = coalesce(${totpStep}::bigint, totp_last_step)
    where id = ${id} and (locked_until is null or locked_until <= ${now})
      and (${totpStep}::bigint is null or totp_last_step is null or totp_last_step < ${totpStep}::bigint)
    returning id`.execute(db);
  return r.rows.length === 1;
}

/** Rows whose TOTP secrets are still stored in plaintext (before encryption at rest existed). */
export function findPlaintextTotpSecrets(db: Q) {
  return db
    .selectFrom('appUser')
    .select(['id', 'totpSecret', 'totpPendingSecret'])
    .where((eb) => eb.or([eb('totpSecret', 'not like', 'enc1:%'), eb('totpPendingSecret', 'not like', 'enc1:%')]))
    .execute();
}

export async function countTotpSecrets(db: Q): Promise<number> {
  const r = await db
    .selectFrom('appUser')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('totpSecret', 'is not', null), eb('totpPendingSecret', 'is not', null)]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findSessionWithUser(db: Db, sessionId: string) {
  return db
    .selectFrom('session')
    .innerJoin('appUser', 'appUser.id', 'session.userId')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select([
      'session.id as sessionId',
      'session.csrfToken',
      'session.lastSeenAt',
      'session.expiresAt',
      'appUser.id as userId',
      'appUser.username',
      'appUser.fullName',
      'appUser.unitId',
      'appUser.roles',
      'appUser.active',
      'unit.path as unitPath',
    ])
    .where('session.id', '=', sessionId)
    .executeTakeFirst();
}

export function insertSession(
  trx: Q,
  s: { id: string; userId: string; csrfToken: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  return trx
    .insertInto('session')
    .values({
      id: s.id,
      userId: s.userId,
      csrfToken: s.csrfToken,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      ip: s.ip,
      userAgent: s.userAgent,
    })
    .execute();
}

export function touchSession(db: Db, sessionId: string, now: Date) {
  return db.updateTable('session').set({ lastSeenAt: now }).where('id', '=', sessionId).execute();
}

export function deleteSession(db: Q, sessionId: string) {
  return db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Q, userId: string): Promise<number> {
  const r = await db.deleteFrom('session').where('userId', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function deleteExpiredSessions(db: Db, now: Date) {
  return db.deleteFrom('session').where('expiresAt', '<', now).execute();
}

export function updatePassword(trx: Q, id: string, passwordHash: string, now: Date) {
  return trx
    .updateTable('appUser')
    .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export function updateTotp(
  trx: Q,
  id: string,
  fields: { totpSecret?: string | null; totpPendingSecret?: string | null; totpLastStep?: number | null },
  now: Date,
) {
  return trx
    .updateTable('appUser')
    .set({ ...fields, updatedAt: now })
    .where('id', '=', id)
    .execute();
}
