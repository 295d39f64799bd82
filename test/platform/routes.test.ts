import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/platform/actor';
import { findUnitByCode } from '../../src/server/modules/units/units.repository';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

describe(`HTTP routes (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;
  let officer: Session;
  let wardCommander: Session;
  let badinhUserId: string;
  let hoankiemUserId: string;

  beforeAll(async () => {
    t = await createTestContext({ bodyLimitBytes: 4096 });
    // A commander of one ward: may read users, but only those of the ward.
    const hk = await findUnitByCode(t.database.db, 'CAP-HOANKIEM');
    await t.services.users.create(systemActor(), {
      username: 'truongcong.hk',
      fullName: 'Trưởng Công an phường Hoàn Kiếm',
      unitId: hk!.id,
      roles: ['commander'],
      password: DEMO_PASSWORD,
    });
    admin = await t.login('admin');
    officer = await t.login('canbo');
    wardCommander = await t.login('truongcong.hk');
    const list = (await t.as(admin, 'GET', '/api/users?limit=200')).json() as { items: { id: string; username: string }[] };
    badinhUserId = list.items.find((u) => u.username === 'canbo.badinh')!.id;
    hoankiemUserId = list.items.find((u) => u.username === 'canbo')!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should answer 401 UNAUTHENTICATED without a session, for reads and writes', async () => {
    for (const [method, url] of [
      ['GET', '/api/users'],
      ['GET', '/api/units'],
      ['GET', '/api/audit'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/users'],
    ] as const) {
      const res = await t.as(null, method, url, method === 'POST' ? {} : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('should answer 403 FORBIDDEN for a role without the permission', async () => {
    const list = await t.as(officer, 'GET', '/api/users');
    expect(list.statusCode).toBe(403);
    expect(list.json().error.code).toBe('FORBIDDEN');
    const audit = await t.as(officer, 'GET', '/api/audit');
    expect(audit.statusCode).toBe(403);
    const create = await t.as(wardCommander, 'POST', '/api/users', {
      username: 'x.y.z',
      fullName: 'X',
      unitId: '00000000-0000-0000-0000-000000000000',
      roles: ['viewer'],
      password: 'Abcdefgh123',
    });
    expect(create.statusCode).toBe(403);
  });

  it('should answer a record outside the unit scope as one that does not exist (404), and list only the subtree', async () => {
    const other = await t.as(wardCommander, 'GET', `/api/users/${badinhUserId}`);
    expect(other.statusCode).toBe(404);
    const none = await t.as(wardCommander, 'GET', '/api/users/00000000-0000-4000-8000-000000000000');
    expect(other.json().error).toMatchObject({ code: 'NOT_FOUND', message: none.json().error.message });
    const own = await t.as(wardCommander, 'GET', `/api/users/${hoankiemUserId}`);
    expect(own.statusCode).toBe(200);
    const list = (await t.as(wardCommander, 'GET', '/api/users')).json() as { items: { username: string }[] };
    expect(list.items.map((u) => u.username).sort()).toEqual(['canbo', 'truongcong.hk']);
    const units = (await t.as(wardCommander, 'GET', '/api/units')).json() as { items: { code: string }[] };
    expect(units.items.map((u) => u.code)).toEqual(['CAP-HOANKIEM']);
  });

  it('should answer 400 with the field path for bad input, in Vietnamese and English', async () => {
    const res = await t.as(admin, 'POST', '/api/users', { username: 'A B', fullName: '', unitId: 'x', roles: ['king'], password: 'p' });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    const paths = err.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.fullName', 'body.roles.0']));
    expect(err.message).toBe('Dữ liệu không hợp lệ');
    expect(err.fields.find((f: { path: string }) => f.path === 'body.fullName').vi).toBe('Phải có ít nhất 1 ký tự');
    const q = await t.as(admin, 'GET', '/api/users?limit=100000');
    expect(q.statusCode).toBe(400);
    expect(q.json().error.fields[0].path).toBe('query.limit');
    const p = await t.as(admin, 'GET', '/api/users/not-a-uuid');
    expect(p.statusCode).toBe(400);
    expect(p.json().error.fields[0].path).toBe('params.id');
  });

  it('should answer in English when the client asks for it', async () => {
    const res = await t.as(admin, 'POST', '/api/users', { username: 'ab' }, { 'accept-language': 'en-GB,en' });
    expect(res.json().error.message).toBe('Invalid input');
  });

  it('should answer 400 MALFORMED_BODY for broken JSON', async () => {
    const res = await t.as(admin, 'POST', '/api/users', '{"username": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MALFORMED_BODY');
  });

  it('should answer 413 for an oversized body', async () => {
    const res = await t.as(admin, 'POST', '/api/users', { username: 'big', fullName: 'x'.repeat(10_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should answer 415 for a wrong content type', async () => {
    const res = await t.as(admin, 'POST', '/api/users', 'username=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('should answer 403 CSRF_INVALID for a write without the CSRF token, and write nothing', async () => {
    const before = (await t.as(admin, 'GET', '/api/users?limit=200')).json().total;
    const res = await t.as({ ...admin, csrf: '' }, 'POST', '/api/users', {
      username: 'csrf.victim',
      fullName: 'Nạn nhân',
      unitId: (await findUnitByCode(t.database.db, 'CATP-HN'))!.id,
      roles: ['viewer'],
      password: 'Abcdefgh1234',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
    const wrong = await t.as({ ...admin, csrf: 'x'.repeat(32) }, 'POST', '/api/auth/logout');
    expect(wrong.statusCode).toBe(403);
    expect((await t.as(admin, 'GET', '/api/users?limit=200')).json().total).toBe(before);
  });

  it('should answer 404 in the error model for an unknown API path, and give every response a request id', async () => {
    const res = await t.as(admin, 'GET', '/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(res.headers['x-request-id']).toBe(res.json().error.requestId);
    const echoed = await t.as(admin, 'GET', '/api/units', undefined, { 'x-request-id': 'trace-123' });
    expect(echoed.headers['x-request-id']).toBe('trace-123');
  });

  it('should send security headers', async () => {
    const res = await t.as(null, 'GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('should serve the OpenAPI document and its reference UI', async () => {
    const doc = await t.as(null, 'GET', '/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    const json = doc.json();
    expect(json.openapi).toMatch(/^3\./);
    expect(Object.keys(json.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/users/{id}', '/api/audit']));
    expect(json.paths['/api/users'].post.requestBody).toBeDefined();
    const ui = await t.as(null, 'GET', '/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('should report ready with the engine and no pending migration', async () => {
    const res = await t.as(null, 'GET', '/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: { engine: ENGINE, reachable: true }, migrations: { pending: [] } });
  });

  it('should audit every write with the request id', async () => {
    const res = await t.as(admin, 'PATCH', `/api/users/${hoankiemUserId}`, { fullName: 'Lê Minh Tuấn (sửa)' }, { 'x-request-id': 'req-audit-1' });
    expect(res.statusCode).toBe(200);
    const audit = (await t.as(admin, 'GET', `/api/audit?entityType=user&entityId=${hoankiemUserId}`)).json();
    const entry = audit.items.find((e: { action: string }) => e.action === 'user.updated');
    expect(entry.requestId).toBe('req-audit-1');
    expect(entry.actorName).toBe('admin');
    expect(entry.diff).toEqual({ before: { fullName: 'Lê Minh Tuấn' }, after: { fullName: 'Lê Minh Tuấn (sửa)' } });
  });
});
