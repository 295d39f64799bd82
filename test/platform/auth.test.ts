import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/server/platform/totp';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

describe(`AuthService through the routes (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestContext({ loginMaxFailures: 5, loginLockMinutes: 15 });
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const auditActions = async (entityId: string) =>
    ((await t.as(admin, 'GET', `/api/audit?entityType=user&entityId=${entityId}&limit=50`)).json() as { items: { action: string }[] }).items.map(
      (e) => e.action,
    );
  const userId = async (username: string) =>
    ((await t.as(admin, 'GET', `/api/users?q=${username}`)).json() as { items: { id: string; username: string }[] }).items.find(
      (u) => u.username === username,
    )!.id;

  it('should sign in with a HttpOnly SameSite cookie and return the session user', async () => {
    const res = await t.as(null, 'POST', '/api/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'binhan_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const body = res.json();
    expect(body.user.roles).toEqual(['commander']);
    expect(body.user.unitName).toBe('Công an thành phố Hà Nội');
    expect(body.user.permissions).toContain('events.override');
    expect(body.csrfToken.length).toBeGreaterThan(20);
  });

  it('should refuse a wrong password without saying whether the user exists', async () => {
    const wrong = await t.as(null, 'POST', '/api/auth/login', { username: 'lanhdao', password: 'nope' });
    const unknown = await t.as(null, 'POST', '/api/auth/login', { username: 'ghost', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('should lock the account after repeated wrong passwords, audit it, and let an administrator unlock it', async () => {
    const id = await userId('phantich');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.as(null, 'POST', '/api/auth/login', { username: 'phantich', password: `wrong-${i}` });
      codes.push(res.json().error.code);
    }
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);
    // Locked: even the right password is refused, with the lock's end.
    const locked = await t.as(null, 'POST', '/api/auth/login', { username: 'phantich', password: DEMO_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(new Date(locked.json().error.details.lockedUntil).getTime()).toBe(t.clock.now().getTime() + 15 * 60_000);
    expect(locked.json().error.message).toContain('tạm khóa');
    const user = (await t.as(admin, 'GET', `/api/users/${id}`)).json();
    expect(user.lockedUntil).not.toBeNull();
    expect(await auditActions(id)).toContain('auth.locked');

    const unlock = await t.as(admin, 'POST', `/api/users/${id}/unlock`);
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    expect(await auditActions(id)).toContain('user.unlocked');
    const ok = await t.as(null, 'POST', '/api/auth/login', { username: 'phantich', password: DEMO_PASSWORD });
    expect(ok.statusCode).toBe(200);
  });

  it('should lift a lock by itself when its time has passed', async () => {
    for (let i = 0; i < 5; i++) await t.as(null, 'POST', '/api/auth/login', { username: 'xem', password: 'bad' });
    expect((await t.as(null, 'POST', '/api/auth/login', { username: 'xem', password: DEMO_PASSWORD })).statusCode).toBe(423);
    t.clock.advanceMinutes(16);
    expect((await t.as(null, 'POST', '/api/auth/login', { username: 'xem', password: DEMO_PASSWORD })).statusCode).toBe(200);
    // One more failure after the lock expired starts a new count instead of re-locking at once.
    const after = await t.as(null, 'POST', '/api/auth/login', { username: 'xem', password: 'bad' });
    expect(after.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('should end every session of the user on "log out everywhere"', async () => {
    const a = await t.login('sukien');
    const b = await t.login('sukien');
    expect((await t.as(b, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await t.as(a, 'POST', '/api/auth/logout-all')).statusCode).toBe(204);
    expect((await t.as(a, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(b, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('should end a session after logout and after idle time', async () => {
    const s = await t.login('kiemduyet');
    expect((await t.as(s, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await t.as(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const idle = await t.login('kiemduyet');
    t.clock.advanceMinutes(t.config.sessionIdleMinutes + 1);
    expect((await t.as(idle, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('should enforce the password policy and name the broken rules', async () => {
    const s = await t.login('canbo.badinh');
    const weak = await t.as(s, 'POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    expect(weak.json().error.fields.map((f: { vi: string }) => f.vi)).toContain('Mật khẩu phải có ít nhất 10 ký tự');
    const wrongCurrent = await t.as(s, 'POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'NewPassword2026' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.fields[0].path).toBe('body.currentPassword');
    expect((await t.as(s, 'POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'NewPassword2026' })).statusCode).toBe(204);
    expect((await t.as(null, 'POST', '/api/auth/login', { username: 'canbo.badinh', password: 'NewPassword2026' })).statusCode).toBe(200);
  });

  it('should ask for the TOTP code once two-factor is enabled', async () => {
    const s = await t.login('canbo');
    const setup = (await t.as(s, 'POST', '/api/auth/totp/setup')).json() as { secret: string; otpauthUrl: string };
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await t.as(s, 'POST', '/api/auth/totp/enable', { code: '000000' })).json().error.code).toBe('TOTP_INVALID');
    expect((await t.as(s, 'POST', '/api/auth/totp/enable', { code: totpCodeAt(setup.secret, t.clock.now()) })).statusCode).toBe(204);
    const noCode = await t.as(null, 'POST', '/api/auth/login', { username: 'canbo', password: DEMO_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('TOTP_REQUIRED');
    const badCode = await t.as(null, 'POST', '/api/auth/login', { username: 'canbo', password: DEMO_PASSWORD, totp: '123456' });
    expect(badCode.json().error.code).toBe('TOTP_INVALID');
    const good = await t.as(null, 'POST', '/api/auth/login', {
      username: 'canbo',
      password: DEMO_PASSWORD,
      totp: totpCodeAt(setup.secret, t.clock.now()),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().user.totpEnabled).toBe(true);
  });

  it('should rate-limit sign-in attempts per client', async () => {
    const limited = await createTestContext({ loginRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.as(null, 'POST', '/api/auth/login', { username: 'ghost', password: 'x' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('should refuse a disabled account and end its sessions', async () => {
    admin = await t.login('admin'); // earlier tests moved the clock past the idle limit
    const s = await t.login('lanhdao');
    const id = await userId('lanhdao');
    expect((await t.as(admin, 'PATCH', `/api/users/${id}`, { active: false })).statusCode).toBe(200);
    expect((await t.as(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const res = await t.as(null, 'POST', '/api/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD });
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });
});
