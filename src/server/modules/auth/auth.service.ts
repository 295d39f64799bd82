import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TChangePasswordRequest, TLoginRequest, TSessionUser } from '../../../contracts/auth';
import { checkPasswordPolicy } from '../../../domain/access/password-policy';
import type { TRole } from '../../../domain/access/roles';
import { userActor, type Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/passwords';
import { checkTotp, newTotpSecret, totpUrl } from '../../platform/totp';
import * as repo from './auth.repository';

export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Minimum time between two writes of a session's last-seen time. */
const TOUCH_INTERVAL_MS = 60_000;

export function weakPasswordError(password: string, username: string, path: string): AppError | null {
  const failures = checkPasswordPolicy(password, username);
  if (failures.length === 0) return null;
  return new AppError('WEAK_PASSWORD', { fields: failures.map((f) => ({ path, vi: f.vi, en: f.en })) });
}

export class AuthService {
  constructor(private readonly deps: { db: Db; clock: Clock; config: Config }) {}

  /**
   * Signs a user in. Wrong passwords are counted on the user row (shared by every app process);
   * after `loginMaxFailures` the account is locked for `loginLockMinutes`, and lock events are audited.
   */
  async login(ctx: RequestContext, input: TLoginRequest): Promise<{ token: string; csrfToken: string; userId: string }> {
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const user = await repo.findUserByUsername(db, input.username.toLowerCase());
    if (!user) {
      await verifyPassword(await dummyHash(), input.password); // same cost as a real check
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: user.lockedUntil.toISOString() } });
    }
    const actor = userActor({
      userId: user.id,
      username: user.username,
      fullName: user.fullName,
      unitId: user.unitId,
      unitPath: user.unitPath,
      roles: user.roles as TRole[],
      requestId: ctx.requestId,
      ip: ctx.ip ?? undefined,
    });
    const passwordOk = await verifyPassword(user.passwordHash, input.password);
    if (passwordOk && !user.active) throw new AppError('ACCOUNT_DISABLED');
    let totpFailed = false;
    if (passwordOk && user.totpSecret) {
      if (!input.totp) throw new AppError('TOTP_REQUIRED');
      totpFailed = !checkTotp(user.totpSecret, input.totp, now);
    }
    if (!passwordOk || totpFailed) {
      const locked = await db.transaction().execute(async (trx) => {
        const row = await repo.lockUserRow(trx, user.id);
        const failures = (row.lockedUntil && row.lockedUntil <= now ? 0 : row.failedLogins) + 1;
        if (failures >= config.loginMaxFailures) {
          const until = new Date(now.getTime() + config.loginLockMinutes * 60_000);
          await repo.setLoginState(trx, user.id, 0, until);
          await appendAudit(
            trx,
            actor,
            { action: 'auth.locked', entityType: 'user', entityId: user.id, note: { failures, lockedUntil: until.toISOString(), ip: ctx.ip } },
            now,
          );
          return until;
        }
        await repo.setLoginState(trx, user.id, failures, null);
        await appendAudit(
          trx,
          actor,
          { action: 'auth.login_failed', entityType: 'user', entityId: user.id, note: { failures, ip: ctx.ip, totp: totpFailed } },
          now,
        );
        return null;
      });
      if (locked) throw new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: locked.toISOString() } });
      throw new AppError(totpFailed ? 'TOTP_INVALID' : 'INVALID_CREDENTIALS');
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const sessionId = sessionIdOf(token);
    const expiresAt = new Date(now.getTime() + config.sessionMaxHours * 3_600_000);
    await db.transaction().execute(async (trx) => {
      if (user.failedLogins !== 0 || user.lockedUntil) await repo.setLoginState(trx, user.id, 0, null);
      await repo.insertSession(trx, { id: sessionId, userId: user.id, csrfToken, now, expiresAt, ip: ctx.ip, userAgent: ctx.userAgent });
      await appendAudit(
        trx,
        actor,
        { action: 'auth.login', entityType: 'session', entityId: sessionId.slice(0, 16), note: { ip: ctx.ip } },
        now,
      );
    });
    return { token, csrfToken, userId: user.id };
  }

  /** Resolves a session cookie to the acting user, or null when absent, expired, idle or disabled. */
  async authenticate(token: string, ctx: RequestContext): Promise<{ actor: Actor; csrfToken: string } | null> {
    const { db, clock, config } = this.deps;
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const sessionId = sessionIdOf(token);
    const s = await repo.findSessionWithUser(db, sessionId);
    if (!s) return null;
    const now = clock.now();
    const idleEnd = s.lastSeenAt.getTime() + config.sessionIdleMinutes * 60_000;
    if (s.expiresAt <= now || idleEnd <= now.getTime() || !s.active) {
      await repo.deleteSession(db, sessionId);
      return null;
    }
    if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await repo.touchSession(db, sessionId, now);
    return {
      csrfToken: s.csrfToken,
      actor: userActor({
        userId: s.userId,
        username: s.username,
        fullName: s.fullName,
        unitId: s.unitId,
        unitPath: s.unitPath,
        roles: s.roles as TRole[],
        requestId: ctx.requestId,
        sessionId,
        ip: ctx.ip ?? undefined,
      }),
    };
  }

  static csrfMatches(expected: string, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async me(actor: Actor): Promise<TSessionUser> {
    const u = await repo.findUserById(this.deps.db, actor.userId ?? '');
    if (!u) throw new AppError('UNAUTHENTICATED');
    return {
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      unitId: u.unitId,
      unitName: u.unitName,
      roles: u.roles as TRole[],
      permissions: [...actor.permissions],
      totpEnabled: Boolean(u.totpSecret),
    };
  }

  async logout(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    const sessionId = actor.sessionId;
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.deleteSession(trx, sessionId);
      await appendAudit(trx, actor, { action: 'auth.logout', entityType: 'session', entityId: sessionId.slice(0, 16) }, this.deps.clock.now());
    });
  }

  /** Ends every session of the actor, on every app process (sessions live in the database). */
  async logoutEverywhere(actor: Actor): Promise<number> {
    const userId = actor.userId ?? '';
    return this.deps.db.transaction().execute(async (trx) => {
      const n = await repo.deleteSessionsOfUser(trx, userId);
      await appendAudit(trx, actor, { action: 'auth.logout_all', entityType: 'user', entityId: userId, note: { sessions: n } }, this.deps.clock.now());
      return n;
    });
  }

  async changePassword(actor: Actor, input: TChangePasswordRequest): Promise<void> {
    const { db, clock } = this.deps;
    const u = await repo.findUserById(db, actor.userId ?? '');
    if (!u) throw new AppError('UNAUTHENTICATED');
    if (!(await verifyPassword(u.passwordHash, input.currentPassword)))
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'body.currentPassword', vi: 'Mật khẩu hiện tại không đúng', en: 'Current password is wrong' }],
      });
    const weak = weakPasswordError(input.newPassword, u.username, 'body.newPassword');
    if (weak) throw weak;
    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction().execute(async (trx) => {
      await repo.updatePassword(trx, u.id, passwordHash, clock.now());
      // Other sessions end: a changed password must lock out whoever knew the old one.
      await trx.deleteFrom('session').where('userId', '=', u.id).where('id', '!=', actor.sessionId ?? '').execute();
      await appendAudit(trx, actor, { action: 'user.password_changed', entityType: 'user', entityId: u.id }, clock.now());
    });
  }

  async totpSetup(actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.updateTotp(trx, actor.userId ?? '', { totpPendingSecret: secret }, this.deps.clock.now());
      await appendAudit(trx, actor, { action: 'user.totp_setup', entityType: 'user', entityId: actor.userId }, this.deps.clock.now());
    });
    return { secret, otpauthUrl: totpUrl(secret, actor.username) };
  }

  async totpEnable(actor: Actor, code: string): Promise<void> {
    const { db, clock } = this.deps;
    const u = await repo.findUserById(db, actor.userId ?? '');
    if (!u?.totpPendingSecret) throw new AppError('RULE_VIOLATION', { vi: 'Chưa khởi tạo xác thực hai lớp', en: 'Two-factor setup not started' });
    if (!checkTotp(u.totpPendingSecret, code, clock.now())) throw new AppError('TOTP_INVALID');
    await db.transaction().execute(async (trx) => {
      await repo.updateTotp(trx, u.id, { totpSecret: u.totpPendingSecret, totpPendingSecret: null }, clock.now());
      await appendAudit(trx, actor, { action: 'user.totp_enabled', entityType: 'user', entityId: u.id }, clock.now());
    });
  }

  async totpDisable(actor: Actor, password: string): Promise<void> {
    const { db, clock } = this.deps;
    const u = await repo.findUserById(db, actor.userId ?? '');
    if (!u) throw new AppError('UNAUTHENTICATED');
    if (!(await verifyPassword(u.passwordHash, password)))
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'body.password', vi: 'Mật khẩu không đúng', en: 'Wrong password' }],
      });
    await db.transaction().execute(async (trx) => {
      await repo.updateTotp(trx, u.id, { totpSecret: null, totpPendingSecret: null }, clock.now());
      await appendAudit(trx, actor, { action: 'user.totp_disabled', entityType: 'user', entityId: u.id }, clock.now());
    });
  }
}
