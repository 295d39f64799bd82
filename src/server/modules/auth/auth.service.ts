import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TChangePasswordRequest, TLoginRequest, TSessionUser } from '../../../contracts/auth';
import { checkPasswordPolicy } from '../../../domain/access/password-policy';
import type { TRole } from '../../../domain/access/roles';
import { userActor, type Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { ConfigError, type Config } from '../../platform/config';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/passwords';
import { SecretBox } from '../../platform/secret-box';
import { matchTotpStep, newTotpSecret, totpUrl } from '../../platform/totp';
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

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUserByUsername>>>;

/** Key of a username's failure counter when it has no account: SHA-256 of the lower-cased name. */
const unknownKeyOf = (username: string) => createHash('sha256').update(username.toLowerCase()).digest('hex');

export class AuthService {
  private readonly secrets: SecretBox;

  constructor(private readonly deps: { db: Db; clock: Clock; config: Config; secrets?: SecretBox }) {
    this.secrets = deps.secrets ?? new SecretBox(null, 'none');
  }

  private failurePolicy(now: Date): repo.FailurePolicy {
    const { config } = this.deps;
    return { now, maxFailures: config.loginMaxFailures, lockUntil: new Date(now.getTime() + config.loginLockMinutes * 60_000) };
  }

  private actorOf(user: UserRow, ctx: RequestContext): Actor {
    return userActor({
      userId: user.id,
      username: user.username,
      fullName: user.fullName,
      unitId: user.unitId,
      unitPath: user.unitPath,
      roles: user.roles as TRole[],
      requestId: ctx.requestId,
      ip: ctx.ip ?? undefined,
    });
  }

  /**
   * Counts a failed attempt on an account (one statement, audited in the same transaction) and returns the lock
   * in force after it, if any. A lock already in force is left as it is.
   */
  private async userFailure(user: UserRow, actor: Actor, now: Date, note: Record<string, unknown>): Promise<Date | null> {
    return this.deps.db.transaction().execute(async (trx) => {
      const r = await repo.recordUserFailure(trx, user.id, this.failurePolicy(now));
      if (!r) return (await repo.findUserById(trx, user.id))?.lockedUntil ?? now;
      const locked = r.lockedUntil !== null;
      await appendAudit(
        trx,
        actor,
        {
          action: locked ? 'auth.locked' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          note: { failures: r.failedLogins, ...(locked ? { lockedUntil: r.lockedUntil!.toISOString() } : {}), ...note },
        },
        now,
      );
      return r.lockedUntil;
    });
  }

  /**
   * Signs a user in. Every failure is counted in one statement (`LOGIN_MAX_FAILURES` locks for
   * `LOGIN_LOCK_MINUTES`, shared by every app process): on the account's row, or, for a username without an
   * account, on its `login_failure` row, so both answer alike, 423 included. A disabled account answers like a
   * wrong password whatever the password. With TOTP on, the answer never depends on the password alone:
   * no code → TOTP_REQUIRED (nothing counted), a code → success or TOTP_INVALID (counted); a code's time step
   * must be newer than the last accepted one (no replay).
   */
  async login(ctx: RequestContext, input: TLoginRequest): Promise<{ token: string; csrfToken: string; userId: string }> {
    const { db, clock, config } = this.deps;
    const now = clock.now();
    const username = input.username.toLowerCase();
    const user = await repo.findUserByUsername(db, username);
    const locked = (until: Date) => new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: until.toISOString() } });

    if (!user) {
      const key = unknownKeyOf(username);
      const state = await repo.findUnknownFailure(db, key);
      if (state?.lockedUntil && state.lockedUntil > now) throw locked(state.lockedUntil);
      await verifyPassword(await dummyHash(), input.password); // same cost as a real check
      const r = await repo.recordUnknownFailure(db, key, this.failurePolicy(now));
      const until = r ? r.lockedUntil : ((await repo.findUnknownFailure(db, key))?.lockedUntil ?? now);
      if (until) throw locked(until);
      throw new AppError('INVALID_CREDENTIALS');
    }

    if (user.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil);
    const actor = this.actorOf(user, ctx);
    // A disabled account fails like a wrong password: the answer never tells that a password was right.
    const passwordOk = (await verifyPassword(user.passwordHash, input.password)) && user.active;
    let totpStep: number | null = null;
    if (user.totpSecret) {
      if (!input.totp) throw new AppError('TOTP_REQUIRED');
      totpStep = matchTotpStep(this.secrets.open(user.totpSecret, user.id), input.totp, now);
    }
    const fail = async (note: Record<string, unknown>): Promise<never> => {
      const until = await this.userFailure(user, actor, now, { ip: ctx.ip, ...note });
      if (until) throw locked(until);
      throw new AppError(user.totpSecret ? 'TOTP_INVALID' : 'INVALID_CREDENTIALS');
    };
    if (!passwordOk || (user.totpSecret && totpStep === null)) {
      return fail(user.totpSecret ? { totp: true, ...(user.active ? {} : { disabled: true }) } : user.active ? {} : { disabled: true });
    }

    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const sessionId = sessionIdOf(token);
    const expiresAt = new Date(now.getTime() + config.sessionMaxHours * 3_600_000);
    const outcome = await db.transaction().execute(async (trx) => {
      if (!(await repo.acceptLogin(trx, user.id, now, totpStep))) {
        const current = await repo.findUserById(trx, user.id);
        return current?.lockedUntil && current.lockedUntil > now ? { lockedUntil: current.lockedUntil } : 'replay';
      }
      await repo.insertSession(trx, { id: sessionId, userId: user.id, csrfToken, now, expiresAt, ip: ctx.ip, userAgent: ctx.userAgent });
      await appendAudit(
        trx,
        actor,
        { action: 'auth.login', entityType: 'session', entityId: sessionId.slice(0, 16), note: { ip: ctx.ip } },
        now,
      );
      return 'ok';
    });
    // Locked while the password was being checked (a parallel failure reached the maximum): the lock holds.
    if (typeof outcome === 'object') throw locked(outcome.lockedUntil);
    if (outcome === 'replay') return fail({ totp: true, replay: true });
    return { token, csrfToken, userId: user.id };
  }

  /**
   * Re-authentication for account changes (password, two-factor): the current password, refused while the
   * account is locked, and a wrong one counted like a failed sign-in (a stolen session cannot guess it).
   */
  private async reauthenticate(actor: Actor, password: string, path: string): Promise<UserRow> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const u = await repo.findUserById(db, actor.userId ?? '');
    if (!u) throw new AppError('UNAUTHENTICATED');
    const lockedError = (until: Date) => new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: until.toISOString() } });
    if (u.lockedUntil && u.lockedUntil > now) throw lockedError(u.lockedUntil);
    if (await verifyPassword(u.passwordHash, password)) return u;
    const until = await this.userFailure(u, actor, now, { reauthentication: path });
    if (until) throw lockedError(until);
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ path, vi: 'Mật khẩu hiện tại không đúng', en: 'Current password is wrong' }],
    });
  }

  /**
   * Encrypts TOTP secrets still stored in plaintext (from before encryption at rest) with the configured key;
   * refuses to go on when secrets exist and no key can be had (PostgreSQL without BINHAN_TOTP_KEY). Run at start-up.
   */
  async prepareTotpSecrets(): Promise<number> {
    const { db, clock } = this.deps;
    if (!this.secrets.canSeal) {
      const n = await repo.countTotpSecrets(db);
      if (n > 0)
        throw new ConfigError(
          `BINHAN_TOTP_KEY: bắt buộc khi đã có tài khoản dùng xác thực hai lớp (${n}) / required once two-factor is in use (${n} accounts); ` +
            'set it to 32 random bytes (64 hex digits, e.g. `openssl rand -hex 32`) and keep it with the backups',
        );
      return 0;
    }
    const rows = await repo.findPlaintextTotpSecrets(db);
    for (const r of rows) {
      const seal = (v: string | null) => (v === null || SecretBox.isSealed(v) ? v : this.secrets.seal(v, r.id));
      await repo.updateTotp(db, r.id, { totpSecret: seal(r.totpSecret), totpPendingSecret: seal(r.totpPendingSecret) }, clock.now());
    }
    return rows.length;
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
    const u = await this.reauthenticate(actor, input.currentPassword, 'body.currentPassword');
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

  /** Starts (or restarts, to replace the secret) two-factor setup; needs the current password. */
  async totpSetup(actor: Actor, password: string): Promise<{ secret: string; otpauthUrl: string }> {
    const { db, clock } = this.deps;
    const u = await this.reauthenticate(actor, password, 'body.password');
    const secret = newTotpSecret();
    const sealed = this.secrets.seal(secret, u.id);
    await db.transaction().execute(async (trx) => {
      await repo.updateTotp(trx, u.id, { totpPendingSecret: sealed }, clock.now());
      await appendAudit(trx, actor, { action: 'user.totp_setup', entityType: 'user', entityId: u.id, note: { replacing: Boolean(u.totpSecret) } }, clock.now());
    });
    return { secret, otpauthUrl: totpUrl(secret, actor.username) };
  }

  /** Turns two-factor on with the pending secret (or replaces the current one); needs the current password and a code. */
  async totpEnable(actor: Actor, input: { code: string; password: string }): Promise<void> {
    const { db, clock } = this.deps;
    const u = await this.reauthenticate(actor, input.password, 'body.password');
    if (!u.totpPendingSecret) throw new AppError('RULE_VIOLATION', { vi: 'Chưa khởi tạo xác thực hai lớp', en: 'Two-factor setup not started' });
    const now = clock.now();
    const step = matchTotpStep(this.secrets.open(u.totpPendingSecret, u.id), input.code, now);
    if (step === null) throw new AppError('TOTP_INVALID');
    await db.transaction().execute(async (trx) => {
      // The step that enabled it counts as used: the same code cannot sign in afterwards.
      await repo.updateTotp(trx, u.id, { totpSecret: u.totpPendingSecret, totpPendingSecret: null, totpLastStep: step }, now);
      await appendAudit(trx, actor, { action: 'user.totp_enabled', entityType: 'user', entityId: u.id, note: { replaced: Boolean(u.totpSecret) } }, now);
    });
  }

  async totpDisable(actor: Actor, password: string): Promise<void> {
    const { db, clock } = this.deps;
    const u = await this.reauthenticate(actor, password, 'body.password');
    await db.transaction().execute(async (trx) => {
      await repo.updateTotp(trx, u.id, { totpSecret: null, totpPendingSecret: null, totpLastStep: null }, clock.now());
      await appendAudit(trx, actor, { action: 'user.totp_disabled', entityType: 'user', entityId: u.id }, clock.now());
    });
  }
}
