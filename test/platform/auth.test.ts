import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as authRepo from '../../src/server/modules/auth/auth.repository';
import { ConfigError, loadConfig } from '../../src/server/platform/config';
import { resolveSecretBox, SecretBox, TOTP_KEY_FILE } from '../../src/server/platform/secret-box';
import { totpCodeAt } from '../../src/server/platform/totp';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

describe(`AuthService through the routes (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;

  beforeAll(async () => {
    // A configured TOTP key, as PostgreSQL needs one (BINHAN_TOTP_KEY).
    t = await createTestContext({ loginMaxFailures: 5, loginLockMinutes: 15, totpKey: randomBytes(32) });
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const auditActions = async (entityId: string) =>
    (
      (await t.as(admin, 'GET', `/api/audit?entityType=user&entityId=${entityId}&limit=50`)).json() as {
        items: { action: string }[];
      }
    ).items.map((e) => e.action);
  const userId = async (username: string) =>
    (
      (await t.as(admin, 'GET', `/api/users?q=${username}`)).json() as { items: { id: string; username: string }[] }
    ).items.find((u) => u.username === username)!.id;

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
    expect(codes).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
    ]);
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
    expect((await t.as(null, 'POST', '/api/auth/login', { username: 'xem', password: DEMO_PASSWORD })).statusCode).toBe(
      423,
    );
    t.clock.advanceMinutes(16);
    expect((await t.as(null, 'POST', '/api/auth/login', { username: 'xem', password: DEMO_PASSWORD })).statusCode).toBe(
      200,
    );
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
    expect(weak.json().error.fields.map((f: { vi: string }) => f.vi)).toContain(
      'Mật khẩu phải có ít nhất 12 ký tự (không tính khoảng trắng ở hai đầu và khoảng trắng lặp)',
    );
    // The passwords the issue found accepted: common words with digits, keyboard runs, padding, NUL bytes (422, never 500).
    const refused = {
      Password123: 'common',
      Qwerty123456: 'pattern',
      'Matkhau@2026': 'common',
      'BinhAn@2026!': 'common',
      'Aa1         ': 'length',
      'Badinh#83kq29x': 'username',
    };
    // NUL bytes are refused for every input before any schema (platform/input-guard.ts): 400 naming the field; the
    // policy refuses control characters too, for callers that do not pass through HTTP.
    const nul = `Aa1${'\u0000'.repeat(9)}`;
    const nulRes = await t.as(s, 'POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: nul });
    expect(nulRes.statusCode).toBe(400);
    expect(nulRes.json().error.fields[0].path).toBe('body.newPassword');
    const { checkPasswordPolicy: policy } = await import('../../src/domain/access/password-policy');
    expect(policy(nul, 'canbo.badinh').map((f) => f.rule)).toContain('control');
    for (const [newPassword, rule] of Object.entries(refused)) {
      const res = await t.as(s, 'POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword });
      expect(res.statusCode, JSON.stringify(newPassword)).toBe(422);
      expect(res.json().error.fields.length).toBeGreaterThan(0);
      expect(res.json().error.fields.every((f: { path: string }) => f.path === 'body.newPassword')).toBe(true);
      const { checkPasswordPolicy } = await import('../../src/domain/access/password-policy');
      expect(checkPasswordPolicy(newPassword, 'canbo.badinh').map((f) => f.rule)).toContain(rule);
    }
    const wrongCurrent = await t.as(s, 'POST', '/api/auth/password', {
      currentPassword: 'x',
      newPassword: 'Sông Hồng chảy về biển',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.fields[0].path).toBe('body.currentPassword');
    expect(
      (
        await t.as(s, 'POST', '/api/auth/password', {
          currentPassword: DEMO_PASSWORD,
          newPassword: 'Sông Hồng chảy về biển',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await t.as(null, 'POST', '/api/auth/login', { username: 'canbo.badinh', password: 'Sông Hồng chảy về biển' }))
        .statusCode,
    ).toBe(200);
    // An administrator is held to the same policy.
    admin = await t.login('admin'); // earlier tests moved the clock past the idle limit
    const weakCreate = await t.as(admin, 'POST', '/api/users', {
      username: 'moi.tao',
      fullName: 'Người Mới',
      unitId: (await t.as(admin, 'GET', '/api/auth/me')).json().user.unitId,
      roles: ['viewer'],
      password: 'Password123',
    });
    expect(weakCreate.statusCode).toBe(422);
    expect(weakCreate.json().error.fields[0].path).toBe('body.password');
  });

  it('should ask for the TOTP code once two-factor is enabled, and never say whether the password was right', async () => {
    admin = await t.login('admin'); // earlier tests moved the clock past the idle limit
    const s = await t.login('canbo');
    // Setting up needs the current password (re-authentication).
    expect((await t.as(s, 'POST', '/api/auth/totp/setup')).statusCode).toBe(400);
    const wrongPw = await t.as(s, 'POST', '/api/auth/totp/setup', { password: 'not-my-password' });
    expect(wrongPw.statusCode).toBe(400);
    expect(wrongPw.json().error.fields[0].path).toBe('body.password');
    const setup = (await t.as(s, 'POST', '/api/auth/totp/setup', { password: DEMO_PASSWORD })).json() as {
      secret: string;
      otpauthUrl: string;
    };
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const code = () => totpCodeAt(setup.secret, t.clock.now());
    expect((await t.as(s, 'POST', '/api/auth/totp/enable', { code: code() })).statusCode).toBe(400); // no password
    expect(
      (await t.as(s, 'POST', '/api/auth/totp/enable', { code: code(), password: 'not-my-password' })).statusCode,
    ).toBe(400);
    expect(
      (await t.as(s, 'POST', '/api/auth/totp/enable', { code: '000000', password: DEMO_PASSWORD })).json().error.code,
    ).toBe('TOTP_INVALID');
    expect((await t.as(s, 'POST', '/api/auth/totp/enable', { code: code(), password: DEMO_PASSWORD })).statusCode).toBe(
      204,
    );

    // No code: the same answer whatever the password.
    for (const password of [DEMO_PASSWORD, 'wrong-password'])
      expect((await t.as(null, 'POST', '/api/auth/login', { username: 'canbo', password })).json().error.code).toBe(
        'TOTP_REQUIRED',
      );
    // A code: the same answer for a wrong password with the right code and the right password with a wrong code.
    t.clock.advanceMinutes(1); // the code that enabled two-factor counts as used
    const wrongPassword = await t.as(null, 'POST', '/api/auth/login', {
      username: 'canbo',
      password: 'wrong-password',
      totp: code(),
    });
    const wrongCode = await t.as(null, 'POST', '/api/auth/login', {
      username: 'canbo',
      password: DEMO_PASSWORD,
      totp: '123456',
    });
    expect([wrongPassword.statusCode, wrongPassword.json().error.code]).toEqual([401, 'TOTP_INVALID']);
    expect([wrongCode.statusCode, wrongCode.json().error.code]).toEqual([401, 'TOTP_INVALID']);
    const good = await t.as(null, 'POST', '/api/auth/login', {
      username: 'canbo',
      password: DEMO_PASSWORD,
      totp: code(),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().user.totpEnabled).toBe(true);
    // Both failures were counted (and the success cleared them).
    const id = await userId('canbo');
    expect((await auditActions(id)).filter((a) => a === 'auth.login_failed').length).toBeGreaterThanOrEqual(2);
  });

  it('should refuse a TOTP code used once already, also when two sign-ins race with it', async () => {
    const s = await t.login('sukien');
    const setup = (await t.as(s, 'POST', '/api/auth/totp/setup', { password: DEMO_PASSWORD })).json() as {
      secret: string;
    };
    const enableCode = totpCodeAt(setup.secret, t.clock.now());
    expect(
      (await t.as(s, 'POST', '/api/auth/totp/enable', { code: enableCode, password: DEMO_PASSWORD })).statusCode,
    ).toBe(204);
    // The code that enabled it cannot sign in.
    const reuseEnable = await t.as(null, 'POST', '/api/auth/login', {
      username: 'sukien',
      password: DEMO_PASSWORD,
      totp: enableCode,
    });
    expect(reuseEnable.json().error.code).toBe('TOTP_INVALID');
    t.clock.advanceMinutes(1);
    const code = totpCodeAt(setup.secret, t.clock.now());
    const body = { username: 'sukien', password: DEMO_PASSWORD, totp: code };
    const raced = await Promise.all([1, 2, 3].map(() => t.as(null, 'POST', '/api/auth/login', body)));
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
    const again = await t.as(null, 'POST', '/api/auth/login', body);
    expect(again.json().error.code).toBe('TOTP_INVALID');
    // The previous step's code (still inside the ±1 drift window) is older than the accepted one: refused too.
    const previous = totpCodeAt(setup.secret, new Date(t.clock.now().getTime() - 30_000));
    if (previous !== code)
      expect((await t.as(null, 'POST', '/api/auth/login', { ...body, totp: previous })).json().error.code).toBe(
        'TOTP_INVALID',
      );
    expect((await t.as(admin, 'POST', `/api/users/${await userId('sukien')}/unlock`)).statusCode).toBe(200);
  });

  it('should replace or remove two-factor only with the current password', async () => {
    const login = async (secret: string) => {
      t.clock.advanceMinutes(1);
      const res = await t.as(null, 'POST', '/api/auth/login', {
        username: 'kiemduyet',
        password: DEMO_PASSWORD,
        totp: totpCodeAt(secret, t.clock.now()),
      });
      return res;
    };
    const s = await t.login('kiemduyet');
    const first = (await t.as(s, 'POST', '/api/auth/totp/setup', { password: DEMO_PASSWORD })).json() as {
      secret: string;
    };
    expect(
      (
        await t.as(s, 'POST', '/api/auth/totp/enable', {
          code: totpCodeAt(first.secret, t.clock.now()),
          password: DEMO_PASSWORD,
        })
      ).statusCode,
    ).toBe(204);
    const s2 = await login(first.secret);
    expect(s2.statusCode).toBe(200);
    const session = {
      cookie: `binhan_session=${s2.cookies.find((c) => c.name === 'binhan_session')!.value}`,
      csrf: s2.json().csrfToken,
      username: 'kiemduyet',
    };
    // A session alone (no password) can neither start a replacement nor finish one nor turn it off.
    expect((await t.as(session, 'POST', '/api/auth/totp/setup', {})).statusCode).toBe(400);
    expect((await t.as(session, 'POST', '/api/auth/totp/disable', { password: 'guess-guess-guess' })).statusCode).toBe(
      400,
    );
    const second = (await t.as(session, 'POST', '/api/auth/totp/setup', { password: DEMO_PASSWORD })).json() as {
      secret: string;
    };
    expect(
      (
        await t.as(session, 'POST', '/api/auth/totp/enable', {
          code: totpCodeAt(second.secret, t.clock.now()),
          password: 'guess-guess-guess',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await t.as(session, 'POST', '/api/auth/totp/enable', {
          code: totpCodeAt(second.secret, t.clock.now()),
          password: DEMO_PASSWORD,
        })
      ).statusCode,
    ).toBe(204);
    expect((await login(first.secret)).json().error.code).toBe('TOTP_INVALID'); // the old key is gone
    expect((await login(second.secret)).statusCode).toBe(200);
    expect((await auditActions(await userId('kiemduyet'))).filter((a) => a === 'user.totp_enabled').length).toBe(2);
    expect((await t.as(session, 'POST', '/api/auth/totp/disable', { password: DEMO_PASSWORD })).statusCode).toBe(204);
    expect(
      (await t.as(null, 'POST', '/api/auth/login', { username: 'kiemduyet', password: DEMO_PASSWORD })).statusCode,
    ).toBe(200);
    expect((await t.as(admin, 'POST', `/api/users/${await userId('kiemduyet')}/unlock`)).statusCode).toBe(200);
  });

  const PHONE_LOST_PASSWORD = 'Ngọn đèn xanh bên cầu Thê Húc năm ấy';
  it('should let an administrator reset a lost two-factor key: the old key and sessions end, audited, scope checked', async () => {
    // An account of its own: other tests count failures on the demo accounts.
    const created = await t.as(admin, 'POST', '/api/users', {
      username: 'mat.dien.thoai',
      fullName: 'Người Mất Điện Thoại',
      unitId: (await t.as(admin, 'GET', '/api/auth/me')).json().user.unitId,
      roles: ['viewer'],
      password: PHONE_LOST_PASSWORD,
    });
    expect(created.statusCode, created.body).toBe(200);
    const s = await t.login('mat.dien.thoai', PHONE_LOST_PASSWORD);
    const setup = (await t.as(s, 'POST', '/api/auth/totp/setup', { password: PHONE_LOST_PASSWORD })).json() as {
      secret: string;
    };
    expect(
      (
        await t.as(s, 'POST', '/api/auth/totp/enable', {
          code: totpCodeAt(setup.secret, t.clock.now()),
          password: PHONE_LOST_PASSWORD,
        })
      ).statusCode,
    ).toBe(204);
    t.clock.advanceMinutes(1);
    const withKey = await t.as(null, 'POST', '/api/auth/login', {
      username: 'mat.dien.thoai',
      password: PHONE_LOST_PASSWORD,
      totp: totpCodeAt(setup.secret, t.clock.now()),
    });
    expect(withKey.statusCode).toBe(200);
    const session = {
      cookie: `binhan_session=${withKey.cookies.find((c) => c.name === 'binhan_session')!.value}`,
      csrf: withKey.json().csrfToken,
      username: 'mat.dien.thoai',
    };
    expect((await t.as(session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    const id = await userId('mat.dien.thoai');
    // Only users.manage; an administrator cannot reset their own.
    expect((await t.as(session, 'POST', `/api/users/${id}/reset-totp`)).statusCode).toBe(403);
    expect((await t.as(admin, 'POST', `/api/users/${await userId('admin')}/reset-totp`)).json().error.code).toBe(
      'RULE_VIOLATION',
    );
    const reset = await t.as(admin, 'POST', `/api/users/${id}/reset-totp`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().totpEnabled).toBe(false);
    expect((await t.as(session, 'GET', '/api/auth/me')).statusCode).toBe(401); // the session opened with the key ended
    expect(
      (await t.as(null, 'POST', '/api/auth/login', { username: 'mat.dien.thoai', password: PHONE_LOST_PASSWORD }))
        .statusCode,
    ).toBe(200);
    expect(await auditActions(id)).toContain('user.totp_reset');
    expect((await t.as(admin, 'POST', '/api/users/00000000-0000-4000-8000-000000000000/reset-totp')).statusCode).toBe(
      404,
    );
  });

  it('should store TOTP secrets encrypted (AES-256-GCM), and seal plaintext ones from before at start-up', async () => {
    const rows = await sql<{
      secret: string;
    }>`select totp_secret as secret from app_user where totp_secret is not null`.execute(t.database.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(r.secret).toMatch(/^enc1:[A-Za-z0-9_-]+$/);
    // A plaintext secret stored before this change still signs in, and the start-up step seals it.
    const legacy = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await sql`update app_user set totp_secret = ${legacy}, totp_last_step = null where username = 'xem'`.execute(
      t.database.db,
    );
    t.clock.advanceMinutes(1);
    const ok = await t.as(null, 'POST', '/api/auth/login', {
      username: 'xem',
      password: DEMO_PASSWORD,
      totp: totpCodeAt(legacy, t.clock.now()),
    });
    expect(ok.statusCode).toBe(200);
    expect(await t.services.auth.prepareTotpSecrets()).toBe(1);
    const sealed = await sql<{ s: string }>`select totp_secret as s from app_user where username = 'xem'`.execute(
      t.database.db,
    );
    expect(sealed.rows[0]!.s).toMatch(/^enc1:/);
    t.clock.advanceMinutes(1);
    expect(
      (
        await t.as(null, 'POST', '/api/auth/login', {
          username: 'xem',
          password: DEMO_PASSWORD,
          totp: totpCodeAt(legacy, t.clock.now()),
        })
      ).statusCode,
    ).toBe(200);
    // A sealed value does not open with another key, nor for another user.
    const box = new SecretBox(randomBytes(32), 'env');
    expect(() => new SecretBox(randomBytes(32), 'env').open(box.seal(legacy, 'u1'), 'u1')).toThrow();
    expect(() => box.open(box.seal(legacy, 'u1'), 'u2')).toThrow();
    expect(box.open(box.seal(legacy, 'u1'), 'u1')).toBe(legacy);
    await sql`update app_user set totp_secret = null, totp_last_step = null where username = 'xem'`.execute(
      t.database.db,
    );
  });

  it('should need BINHAN_TOTP_KEY on PostgreSQL once two-factor is used, and keep a 0600 key file for the embedded database', async () => {
    expect(() => loadConfig({ BINHAN_TOTP_KEY: 'too-short' })).toThrow(/BINHAN_TOTP_KEY/);
    expect(loadConfig({ BINHAN_TOTP_KEY: 'ab'.repeat(32) }).totpKey?.length).toBe(32);
    expect(loadConfig({ BINHAN_TOTP_KEY: randomBytes(32).toString('base64') }).totpKey?.length).toBe(32);
    // PostgreSQL without a key: nothing to seal with.
    expect(resolveSecretBox({ totpKey: undefined }, { engine: 'postgres', dataDir: null }).source).toBe('none');
    const noKey = await createTestContext({ totpKey: undefined }, {});
    try {
      if (noKey.database.engine === 'postgres') {
        const s = await noKey.login('canbo');
        // A 503 in the error model (not through `as`, which counts every 5xx as a defect).
        const res = await noKey.app.inject({
          method: 'POST',
          url: '/api/auth/totp/setup',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          payload: JSON.stringify({ password: DEMO_PASSWORD }),
        });
        expect([res.statusCode, res.json().error.code]).toEqual([503, 'TOTP_KEY_MISSING']);
        expect(res.json().error.message).toContain('BINHAN_TOTP_KEY');
        await sql`update app_user set totp_secret = 'JBSWY3DPEHPK3PXP' where username = 'canbo'`.execute(
          noKey.database.db,
        );
        await expect(noKey.services.auth.prepareTotpSecrets()).rejects.toThrow(ConfigError);
        await expect(noKey.services.auth.prepareTotpSecrets()).rejects.toThrow(/BINHAN_TOTP_KEY/);
        await sql`update app_user set totp_secret = null where username = 'canbo'`.execute(noKey.database.db);
      } else {
        // The in-memory embedded database keeps an in-memory key: two-factor works with zero setup.
        const s = await noKey.login('canbo');
        expect((await noKey.as(s, 'POST', '/api/auth/totp/setup', { password: DEMO_PASSWORD })).statusCode).toBe(200);
      }
    } finally {
      await noKey.close();
    }
    // The embedded database on disk: a key file created once, mode 0600, read back the same.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-key-'));
    try {
      const a = resolveSecretBox({ totpKey: undefined }, { engine: 'pglite', dataDir: dir });
      expect(a.source).toBe('file');
      expect(fs.existsSync(path.join(dir, TOTP_KEY_FILE))).toBe(false); // created on first use only
      const sealed = a.seal('JBSWY3DPEHPK3PXP', 'u');
      expect(fs.statSync(path.join(dir, TOTP_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(resolveSecretBox({ totpKey: undefined }, { engine: 'pglite', dataDir: dir }).open(sealed, 'u')).toBe(
        'JBSWY3DPEHPK3PXP',
      );
      fs.writeFileSync(path.join(dir, TOTP_KEY_FILE), 'garbage');
      expect(() => resolveSecretBox({ totpKey: undefined }, { engine: 'pglite', dataDir: dir }).seal('x', 'u')).toThrow(
        ConfigError,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should rate-limit sign-in attempts per client', async () => {
    const limited = await createTestContext({ loginRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          (await limited.as(null, 'POST', '/api/auth/login', { username: 'ghost', password: 'x' })).statusCode,
        );
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
    // Disabled: the same answer as a wrong password, whatever the password, and counted like one.
    for (const password of [DEMO_PASSWORD, 'wrong-password', DEMO_PASSWORD, 'wrong-password']) {
      const res = await t.as(null, 'POST', '/api/auth/login', { username: 'lanhdao', password });
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    expect(
      (await t.as(null, 'POST', '/api/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD })).statusCode,
    ).toBe(423);
  });

  it('should answer an unknown username exactly like a known one, 423 after the fifth failure included', async () => {
    const answers = async (username: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.as(null, 'POST', '/api/auth/login', { username, password: `wrong-${i}` });
        out.push([res.statusCode, res.json().error.code]);
      }
      return out;
    };
    const known = await answers('canbo.badinh'); // an existing account without two-factor
    const unknown = await answers('nobody.here');
    expect(unknown).toEqual(known);
    expect(unknown.slice(4)).toEqual([
      [423, 'ACCOUNT_LOCKED'],
      [423, 'ACCOUNT_LOCKED'],
    ]);
    // The same name in another case is the same counter; the lock ends like an account's.
    expect((await t.as(null, 'POST', '/api/auth/login', { username: 'NOBODY.here', password: 'x' })).statusCode).toBe(
      423,
    );
    t.clock.advanceMinutes(16);
    expect(
      (await t.as(null, 'POST', '/api/auth/login', { username: 'nobody.here', password: 'x' })).json().error.code,
    ).toBe('INVALID_CREDENTIALS');
  });

  it('should never clear a lock in force, neither by a failure nor by a success that were in flight', async () => {
    admin = await t.login('admin');
    const id = await userId('xem');
    const until = new Date(t.clock.now().getTime() + 10 * 60_000);
    await sql`update app_user set failed_logins = 5, locked_until = ${until} where id = ${id}`.execute(t.database.db);
    const policy = { now: t.clock.now(), maxFailures: 5, lockUntil: new Date(t.clock.now().getTime() + 15 * 60_000) };
    // A failure that meets the lock changes nothing (before: it wrote failures = 1 and no lock).
    expect(await authRepo.recordUserFailure(t.database.db, id, policy)).toBeUndefined();
    // A right password checked before the lock was set cannot lift it (before: success reset both columns).
    expect(await authRepo.acceptLogin(t.database.db, id, t.clock.now(), null)).toBe(false);
    const row = await sql<{
      n: number;
      until: Date;
    }>`select failed_logins as n, locked_until as until from app_user where id = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toEqual({ n: 5, until });
    expect((await t.as(admin, 'POST', `/api/users/${id}/unlock`)).statusCode).toBe(200);
  });

  it('should keep the lock when wrong passwords arrive in parallel (a failure in flight never lifts it)', async () => {
    admin = await t.login('admin');
    const id = await userId('phantich');
    expect((await t.as(admin, 'POST', `/api/users/${id}/unlock`)).statusCode).toBe(200);
    const wrong = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.as(null, 'POST', '/api/auth/login', { username: 'phantich', password: `wrong-${i}` }),
      ),
    );
    expect(wrong.filter((r) => r.statusCode === 423).length).toBeGreaterThanOrEqual(8);
    const right = await t.as(null, 'POST', '/api/auth/login', { username: 'phantich', password: DEMO_PASSWORD });
    expect([right.statusCode, right.json().error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect((await auditActions(id)).filter((a) => a === 'auth.locked').length).toBeGreaterThanOrEqual(1);
  });
});
