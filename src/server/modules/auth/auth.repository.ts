import type { Db } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema.generated';
import type { Kysely, Transaction } from 'kysely';

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

/** Locks the user row for the rest of the transaction (failed-login counting across processes). */
export function lockUserRow(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('appUser')
    .select(['id', 'failedLogins', 'lockedUntil'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function setLoginState(trx: Q, id: string, failedLogins: number, lockedUntil: Date | null) {
  return trx.updateTable('appUser').set({ failedLogins, lockedUntil }).where('id', '=', id).execute();
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

export function updateTotp(trx: Q, id: string, fields: { totpSecret?: string | null; totpPendingSecret?: string | null }, now: Date) {
  return trx
    .updateTable('appUser')
    .set({ ...fields, updatedAt: now })
    .where('id', '=', id)
    .execute();
}
