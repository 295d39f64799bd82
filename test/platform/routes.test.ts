import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contracts/errors';
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
    }, { demoSeed: true });
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

  it('should refuse a NUL byte or another control character in any string with 400 naming the field, not a 500', async () => {
    const cases: ['GET' | 'POST', string, unknown, string][] = [
      ['GET', '/api/incidents?q=%00', undefined, 'query.q'],
      ['GET', '/api/users?q=a%00b', undefined, 'query.q'],
      ['GET', '/api/areas?q=%00', undefined, 'query.q'],
      ['GET', '/api/audit?entityId=%00', undefined, 'query.entityId'],
      ['GET', '/api/units?q=%1B%5B2J', undefined, 'query.q'],
      ['POST', '/api/incidents', { title: 'Trộm\u0000cắp', kind: 'crime_report' }, 'body.title'],
      ['POST', '/api/events/conflicts', { venueName: 'x', nested: [{ a: 'ok' }, { b: '\u0007' }] }, 'body.nested.1.b'],
      ['POST', '/api/incidents', { title: 'lone \ud800 surrogate' }, 'body.title'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await t.as(admin, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fields[0].path, `${method} ${url}`).toBe(field);
      expect(error.fields[0].vi).toMatch(/ký tự/);
      expect(error.fields[0].en).toMatch(/character/);
    }
    // Anonymous, before any session: a username with a NUL byte.
    const login = await t.as(null, 'POST', '/api/auth/login', { username: 'admin\u0000', password: 'x' });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.fields[0].path).toBe('body.username');
    // Tab, CR and LF are text: a narrative may hold them.
    const multiLine = await t.as(admin, 'GET', '/api/users?q=a%09b%0D%0Ac');
    expect(multiLine.statusCode).toBe(200);
  });

  it('should refuse a date in year 9999 (or before 1900) with 400 naming the field, on every route that takes dates', async () => {
    const cases: ['GET' | 'POST', string, unknown, string][] = [
      ['GET', '/api/incidents?from=9999-01-01', undefined, 'query.from'],
      ['GET', '/api/incidents/export?to=9999-12-31', undefined, 'query.to'],
      ['GET', '/api/events?from=2026-01-01&to=9999-12-31', undefined, 'query.to'],
      ['GET', '/api/stats?date=9999-12-31', undefined, 'query.date'],
      ['GET', '/api/stats/hotspots?date=9999-12-31', undefined, 'query.date'],
      ['GET', '/api/units?date=1899-12-31', undefined, 'query.date'],
      ['POST', '/api/events/conflicts', { startsAt: '9999-12-31T23:00:00Z', endsAt: '2026-03-10T10:00:00+07:00' }, 'body.startsAt'],
      ['POST', '/api/events/conflicts', { startsAt: '2026-03-10T10:00:00+07:00', endsAt: '2100-12-31T23:30:00-05:00' }, 'body.endsAt'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await t.as(admin, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      const paths = (res.json().error.fields as { path: string; vi: string; en: string }[]).filter((f) => f.path === field);
      expect(paths.length, `${method} ${url}: ${res.body}`).toBeGreaterThan(0);
      expect(paths.some((f) => f.en.includes('between 1900 and 2100') && f.vi.includes('1900'))).toBe(true);
    }
    const bounds = await t.as(admin, 'GET', '/api/incidents?from=1900-01-01&to=2100-12-31');
    expect(bounds.statusCode).toBe(200);
  });

  it('should answer 400 "nothing to change" on body for an empty PATCH, on every PATCH route', async () => {
    const unit = (await t.as(admin, 'GET', '/api/units')).json().items[0];
    const empty = await t.as(admin, 'PATCH', `/api/units/${unit.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ path: 'body', vi: 'không có gì để thay đổi', en: 'nothing to change' }]);
    const user = await t.as(admin, 'PATCH', `/api/users/${hoankiemUserId}`, { fullName: undefined });
    expect(user.statusCode).toBe(400);
    expect(user.json().error.fields[0].path).toBe('body');
    // Every PATCH operation of the document (new ones included) refuses {}.
    const doc = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const patchPaths = Object.entries(doc.paths).filter(([, ops]) => 'patch' in ops).map(([p]) => p);
    expect(patchPaths.length).toBeGreaterThanOrEqual(6);
    for (const p of patchPaths) {
      const url = p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.as(admin, 'PATCH', url, {});
      expect(res.statusCode, `PATCH ${p}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('should refuse a plan target threshold the column cannot hold with 400 on body.threshold (found by the fuzz test)', async () => {
    const res = await t.as(admin, 'POST', '/api/plans/targets', { title: 'Chỉ tiêu', threshold: -999_999_999_999_452 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toContain('body.threshold');
  });

  describe('over a real socket', () => {
    let port = 0;
    beforeAll(async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      port = (t.app.server.address() as net.AddressInfo).port;
    });

    /** Sends raw bytes, reads the whole answer (the server closes or answers with a length). */
    const raw = (request: string | Buffer, chunks: Buffer[] = []) =>
      new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        const received: Buffer[] = [];
        socket.on('data', (d) => received.push(d));
        socket.on('error', reject);
        socket.on('close', () => {
          const text = Buffer.concat(received).toString('utf8');
          const [head, ...rest] = text.split('\r\n\r\n');
          const [statusLine, ...lines] = head.split('\r\n');
          const headers: Record<string, string> = {};
          for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
          resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
        });
        socket.write(request);
        for (const c of chunks) socket.write(c);
        socket.end();
      });

    const expectErrorModel = (res: { status: number; headers: Record<string, string>; body: string }, code: keyof typeof ERROR_CODES) => {
      expect(res.status, res.body).toBe(ERROR_CODES[code].status);
      const error = JSON.parse(res.body).error;
      expect(error.code).toBe(code);
      expect(error.vi).toBe(ERROR_CODES[code].vi);
      expect(error.en).toBe(ERROR_CODES[code].en);
      expect(error.requestId).toBeTruthy();
      expect(res.headers['x-request-id']).toBe(error.requestId);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['cache-control']).toBe('no-store');
    };

    it('should answer bad percent-encoding in a path with 400 MALFORMED_REQUEST in the error model, with the security headers', async () => {
      const res = await raw('GET /api/units/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expectErrorModel(res, 'MALFORMED_REQUEST');
    });

    it('should answer a path segment over the router limit with 414 URI_TOO_LONG in the error model', async () => {
      const res = await raw(`GET /api/units/${'a'.repeat(500)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expectErrorModel(res, 'URI_TOO_LONG');
    });

    it('should answer huge headers and a huge URL with 431 HEADERS_TOO_LARGE in the error model (Node parser level)', async () => {
      const headers = await raw(`GET /api/units HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`);
      expectErrorModel(headers, 'HEADERS_TOO_LARGE');
      const url = await raw(`GET /api/incidents?q=${'q'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expectErrorModel(url, 'HEADERS_TOO_LARGE');
      const broken = await raw('GET /api/units HTTP/1.1\r\nHost: x\r\nBad Header\u0000: y\r\n\r\n');
      expectErrorModel(broken, 'MALFORMED_REQUEST');
    });

    it('should read and discard a refused 9 MB body, answer 413 and keep the connection for the next request', async () => {
      const size = 9 * 1024 * 1024;
      const answers = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let text = '';
        socket.on('data', (d) => {
          text += d.toString('utf8');
          if ((text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= 2) socket.end();
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
        socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`);
        socket.write(Buffer.alloc(size, 0x61));
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      const statuses = (answers.match(/HTTP\/1\.1 (\d{3})/g) ?? []).map((l) => Number(l.slice(9)));
      expect(statuses).toEqual([413, 200]);
      expect(answers).toContain('"code":"PAYLOAD_TOO_LARGE"');
    });

    it('should answer a 9 MB body with 413 in the error model, not a dropped connection', async () => {
      const size = 9 * 1024 * 1024;
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'p'.repeat(size) }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const error = ((await res.json()) as { error: { code: string; requestId: string } }).error;
      expect(error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(error.requestId).toBe(res.headers.get('x-request-id'));
    });
  });
});
