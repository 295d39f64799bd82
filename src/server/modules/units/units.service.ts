import { randomUUID } from 'node:crypto';
import { requirePermission, requireUnitInScope } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/errors';
import * as repo from './units.repository';

export class UnitService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** Units in the actor's subtree, in tree order. */
  async list(actor: Actor) {
    requirePermission(actor, 'units.read');
    const rows = await repo.listUnitsUnder(this.deps.db, actor.unitPath);
    return rows.map(({ path: _path, ...u }) => u);
  }

  /** Creates a unit under a parent in the actor's scope (a root only for the system actor). */
  async create(actor: Actor, input: { code: string; name: string; parentId: string | null }) {
    requirePermission(actor, 'units.manage');
    return this.deps.db.transaction().execute(async (trx) => {
      let parentPath = '/';
      if (input.parentId) {
        const parent = await repo.findUnit(trx, input.parentId);
        if (!parent) throw notFound('đơn vị cấp trên');
        requireUnitInScope(actor, parent.path);
        parentPath = parent.path;
      } else if (actor.kind !== 'system') {
        throw new AppError('FORBIDDEN');
      }
      if (await repo.findUnitByCode(trx, input.code)) throw new AppError('CONFLICT', { vi: `Mã đơn vị ${input.code} đã tồn tại`, en: `Unit code ${input.code} exists` });
      const id = randomUUID();
      const unit = { id, code: input.code, name: input.name, parentId: input.parentId, path: `${parentPath}${id}/` };
      await repo.insertUnit(trx, unit);
      await appendAudit(trx, actor, { action: 'unit.created', entityType: 'unit', entityId: id, after: unit }, this.deps.clock.now());
      return unit;
    });
  }
}
