import { requirePermission } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import * as repo from './audit.repository';

export class AuditService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /**
   * Audit entries, newest first. Administrators of the top unit (and the system) see everything; others —
   * an administrator of a lower unit included — see what was done by users of their unit subtree.
   */
  async list(actor: Actor, q: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number }) {
    requirePermission(actor, 'audit.read');
    const topUnit = actor.unitPath.split('/').filter(Boolean).length <= 1;
    const all = actor.kind === 'system' || (actor.roles.includes('administrator') && topUnit);
    const rows = await repo.listEntries(this.deps.db, { ...q, actorUnitPathPrefix: all ? null : actor.unitPath });
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
}
