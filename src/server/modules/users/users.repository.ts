import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

const columns = [
  'appUser.id',
  'appUser.username',
  'appUser.fullName',
  'appUser.unitId',
  'unit.name as unitName',
  'unit.path as unitPath',
  'appUser.roles',
  'appUser.active',
  'appUser.lockedUntil',
  'appUser.totpSecret',
  'appUser.createdAt',
] as const;

export type UserRow = Awaited<ReturnType<typeof findUser>>;

export function findUser(db: Q, id: string) {
  return db
    .selectFrom('appUser')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select(columns)
    .where('appUser.id', '=', id)
    .executeTakeFirst();
}

export async function listUsers(db: Q, o: { pathPrefix: string; q?: string; limit: number; offset: number }) {
  let query = db
    .selectFrom('appUser')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .where('unit.path', 'like', `${o.pathPrefix}%`);
  if (o.q) {
    const like = `%${o.q.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb('appUser.username', 'like', like), eb(sql`lower(app_user.full_name)`, 'like', like)]),
    );
  }
  const [items, total] = await Promise.all([
    query.select(columns).orderBy('appUser.username').limit(o.limit).offset(o.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function insertUser(
  trx: Q,
  u: {
    id: string;
    username: string;
    fullName: string;
    unitId: string;
    roles: string[];
    passwordHash: string;
    now: Date;
  },
) {
  await trx
    .insertInto('appUser')
    .values({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      unitId: u.unitId,
      roles: u.roles,
      passwordHash: u.passwordHash,
      createdAt: u.now,
      updatedAt: u.now,
      passwordChangedAt: u.now,
    })
    .execute();
}

export function updateUser(
  trx: Q,
  id: string,
  fields: Partial<{
    fullName: string;
    unitId: string;
    roles: string[];
    active: boolean;
    failedLogins: number;
    lockedUntil: Date | null;
  }>,
  now: Date,
) {
  return trx
    .updateTable('appUser')
    .set({ ...fields, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export function findUserIdByUsername(db: Q, username: string) {
  return db.selectFrom('appUser').select(['id']).where('username', '=', username).executeTakeFirst();
}
