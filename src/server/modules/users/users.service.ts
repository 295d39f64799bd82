import { randomUUID } from 'node:crypto';
import type { TCreateUserRequest, TUpdateUserRequest, TUser } from '../../../contracts/users';
import type { TRole } from '../../../domain/access/roles';
import { isUnitInScope, notVisible, requirePermission, requireReferencesInScope } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/errors';
import { hashPassword } from '../../platform/passwords';
import { weakPasswordError } from '../auth/auth.service';
import * as unitRepo from '../units/units.repository';
import * as repo from './users.repository';

type Row = NonNullable<repo.UserRow>;

function toUser(r: Row, now: Date): TUser {
  return {
    id: r.id,
    username: r.username,
    fullName: r.fullName,
    unitId: r.unitId,
    unitName: r.unitName,
    roles: r.roles as TRole[],
    active: r.active,
    totpEnabled: Boolean(r.totpSecret),
    lockedUntil: r.lockedUntil && r.lockedUntil > now ? r.lockedUntil.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a user (never the password hash or the TOTP secret). */
function auditView(r: Row) {
  return { username: r.username, fullName: r.fullName, unitId: r.unitId, roles: r.roles, active: r.active };
}

export class UserService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** Users of the actor's unit subtree. */
  async list(actor: Actor, query: { q?: string; limit: number; offset: number }) {
    requirePermission(actor, 'users.read');
    const { items, total } = await repo.listUsers(this.deps.db, { pathPrefix: actor.unitPath, ...query });
    const now = this.deps.clock.now();
    return { items: items.map((r) => toUser(r, now)), total };
  }

  async get(actor: Actor, id: string): Promise<TUser> {
    requirePermission(actor, 'users.read');
    const r = await this.inScope(actor, id);
    return toUser(r, this.deps.clock.now());
  }

  private async inScope(
    actor: Actor,
    id: string,
    db: Parameters<typeof repo.findUser>[0] = this.deps.db,
  ): Promise<Row> {
    const r = await repo.findUser(db, id);
    // Out of scope answers as "not found": no existence oracle.
    if (!r || !isUnitInScope(actor, r.unitPath)) throw notVisible('người dùng');
    return r;
  }

  private async unitInScope(actor: Actor, unitId: string, db: Parameters<typeof unitRepo.findUnit>[0]) {
    await requireReferencesInScope([
      {
        path: 'body.unitId',
        id: unitId,
        allowed: async (id) => !!(await unitRepo.findUnit(db, id).then((u) => u && isUnitInScope(actor, u.path))),
      },
    ]);
  }

  /**
   * Creates an account. `demoSeed`: the demo accounts keep their published password (BinhAn@2026, which the
   * policy refuses as a common word plus digits); only the system actor of the demo seed may ask for it.
   */
  async create(actor: Actor, input: TCreateUserRequest, opts: { demoSeed?: boolean } = {}): Promise<TUser> {
    requirePermission(actor, 'users.manage');
    if (opts.demoSeed && actor.kind !== 'system') throw new AppError('FORBIDDEN');
    const weak = opts.demoSeed ? null : weakPasswordError(input.password, input.username, 'body.password');
    if (weak) throw weak;
    const passwordHash = await hashPassword(input.password);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      await this.unitInScope(actor, input.unitId, trx);
      if (await repo.findUserIdByUsername(trx, input.username))
        throw new AppError('CONFLICT', {
          vi: `Tên đăng nhập ${input.username} đã tồn tại`,
          en: `Username ${input.username} is taken`,
          fields: [{ path: 'body.username', vi: 'Đã tồn tại', en: 'Already exists' }],
        });
      const id = randomUUID();
      await repo.insertUser(trx, { id, ...input, roles: [...new Set(input.roles)], passwordHash, now });
      const row = (await repo.findUser(trx, id))!;
      await appendAudit(
        trx,
        actor,
        { action: 'user.created', entityType: 'user', entityId: id, after: auditView(row) },
        now,
      );
      return toUser(row, now);
    });
  }

  async update(actor: Actor, id: string, input: TUpdateUserRequest): Promise<TUser> {
    requirePermission(actor, 'users.manage');
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.inScope(actor, id, trx);
      if (input.unitId) await this.unitInScope(actor, input.unitId, trx);
      if (
        actor.userId === id &&
        (input.active === false ||
          (input.roles && !input.roles.includes('administrator') && before.roles.includes('administrator')))
      )
        throw new AppError('RULE_VIOLATION', {
          vi: 'Không thể tự vô hiệu hóa hoặc tự bỏ quyền quản trị của mình',
          en: 'You cannot disable yourself or remove your own administrator role',
        });
      await repo.updateUser(trx, id, { ...input, ...(input.roles ? { roles: [...new Set(input.roles)] } : {}) }, now);
      if (input.active === false) await trx.deleteFrom('session').where('userId', '=', id).execute();
      const after = (await repo.findUser(trx, id))!;
      await appendAudit(
        trx,
        actor,
        {
          action: 'user.updated',
          entityType: 'user',
          entityId: id,
          before: auditView(before),
          after: auditView(after),
        },
        now,
      );
      return toUser(after, now);
    });
  }

  async resetPassword(actor: Actor, id: string, newPassword: string): Promise<void> {
    requirePermission(actor, 'users.manage');
    const target = await this.inScope(actor, id);
    const weak = weakPasswordError(newPassword, target.username, 'body.newPassword');
    if (weak) throw weak;
    const passwordHash = await hashPassword(newPassword);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('appUser')
        .set({ passwordHash, passwordChangedAt: now, updatedAt: now, failedLogins: 0, lockedUntil: null })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('session').where('userId', '=', id).execute();
      await appendAudit(trx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id }, now);
    });
  }

  /**
   * Removes a user's two-factor key (a lost or replaced phone): the user signs in with the password alone and
   * sets up a new key. Their sessions end (a session opened with the old key must not outlive it); audited.
   * An administrator cannot reset their own: they turn it off themselves with their password.
   */
  async resetTotp(actor: Actor, id: string): Promise<TUser> {
    requirePermission(actor, 'users.manage');
    if (actor.userId === id)
      throw new AppError('RULE_VIOLATION', {
        vi: 'Không thể tự đặt lại xác thực hai lớp của mình; hãy tắt nó trong trang tài khoản bằng mật khẩu',
        en: 'You cannot reset your own two-factor sign-in; turn it off on your account page with your password',
      });
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.inScope(actor, id, trx);
      await trx
        .updateTable('appUser')
        .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null, updatedAt: now })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('session').where('userId', '=', id).execute();
      await appendAudit(
        trx,
        actor,
        { action: 'user.totp_reset', entityType: 'user', entityId: id, note: { hadTotp: Boolean(before.totpSecret) } },
        now,
      );
      return toUser((await repo.findUser(trx, id))!, now);
    });
  }

  /** Lifts a lock after failed sign-ins before it expires; audited. */
  async unlock(actor: Actor, id: string): Promise<TUser> {
    requirePermission(actor, 'users.manage');
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.inScope(actor, id, trx);
      await repo.updateUser(trx, id, { failedLogins: 0, lockedUntil: null }, now);
      await appendAudit(
        trx,
        actor,
        {
          action: 'user.unlocked',
          entityType: 'user',
          entityId: id,
          note: { wasLockedUntil: before.lockedUntil?.toISOString() ?? null },
        },
        now,
      );
      return toUser((await repo.findUser(trx, id))!, now);
    });
  }

  async findIdByUsername(actor: Actor, username: string): Promise<string> {
    requirePermission(actor, 'users.read');
    const r = await repo.findUserIdByUsername(this.deps.db, username);
    if (!r) throw notFound(`người dùng ${username}`);
    await this.inScope(actor, r.id);
    return r.id;
  }
}
