import type { Db } from '../../platform/db/database';

export function listEntries(
  db: Db,
  q: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number; actorUnitPathPrefix: string | null },
) {
  let query = db
    .selectFrom('auditLog')
    .select(['auditLog.seq', 'auditLog.at', 'auditLog.actorId', 'auditLog.actorName', 'auditLog.action', 'auditLog.entityType', 'auditLog.entityId', 'auditLog.diff', 'auditLog.requestId'])
    .orderBy('auditLog.seq', 'desc')
    .limit(q.limit);
  if (q.entityType) query = query.where('auditLog.entityType', '=', q.entityType);
  if (q.entityId) query = query.where('auditLog.entityId', '=', q.entityId);
  if (q.beforeSeq) query = query.where('auditLog.seq', '<', q.beforeSeq);
  if (q.actorUnitPathPrefix !== null) {
    const prefix = q.actorUnitPathPrefix;
    query = query
      .innerJoin('appUser', 'appUser.id', 'auditLog.actorId')
      .innerJoin('unit', 'unit.id', 'appUser.unitId')
      .where('unit.path', 'like', `${prefix}%`);
  }
  return query.execute();
}
