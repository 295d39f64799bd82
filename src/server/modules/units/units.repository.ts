import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

export function listUnitsUnder(db: Q, pathPrefix: string) {
  return db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'parentId', 'path'])
    .where('path', 'like', `${pathPrefix}%`)
    .orderBy('path')
    .execute();
}

export function findUnit(db: Q, id: string) {
  return db.selectFrom('unit').select(['id', 'code', 'name', 'parentId', 'path']).where('id', '=', id).executeTakeFirst();
}

export function findUnitByCode(db: Q, code: string) {
  return db.selectFrom('unit').select(['id', 'code', 'name', 'parentId', 'path']).where('code', '=', code).executeTakeFirst();
}

export async function insertUnit(trx: Q, u: { id: string; code: string; name: string; parentId: string | null; path: string }) {
  await trx.insertInto('unit').values(u).execute();
}

export async function countUnits(db: Q): Promise<number> {
  const r = await db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
