import { sql } from 'kysely';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createServices } from '../../src/server/app';
import { systemActor } from '../../src/server/platform/actor';
import { FixedClock } from '../../src/server/platform/clock';
import { loadConfig } from '../../src/server/platform/config';
import type { App } from '../../src/server/platform/http';
import { describeError, redactDetail, redactUrl } from '../../src/server/platform/log-redaction';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';
import { TEST_NOW } from '../support/app';
import { createTestDatabase, ENGINE, type TestDatabase } from '../support/db';
import { seedMinimalDemo } from '../support/minimal-demo';

// The values of the request: none of them may reach the log.
const FULL_NAME = 'Nguyễn Thị Hoa Tố Giác';
const USERNAME = 'hoa.0912345678';
const PASSWORD = 'Ngựa sắt chín đỉnh núi xanh';

describe(`log redaction (${ENGINE})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const lines: string[] = [];
  beforeAll(async () => {
    tdb = await createTestDatabase();
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig({}, { logLevel: 'info', webDistDir: '/nonexistent', loginRatePerMinute: 10_000 });
    ({ app } = await buildApp({
      database: tdb.database,
      config,
      clock: new FixedClock(TEST_NOW),
      logger: { level: 'info', stream },
    }));
    await seedMinimalDemo(
      createServices({ database: tdb.database, config, clock: new FixedClock(TEST_NOW) }),
      systemActor('seed'),
    );
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('should log a failed write with its error and request id but none of the values of the statement', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = `binhan_session=${login.cookies.find((c) => c.name === 'binhan_session')!.value}`;
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    const unitId = (
      await tdb.database.db.selectFrom('unit').select('id').where('code', '=', 'CAP-HOANKIEM').executeTakeFirstOrThrow()
    ).id;
    // A write the database refuses with an error the app does not translate: a 500, logged with the error.
    await sql`alter table app_user add constraint test_refuse_hoa check (full_name not like '%Tố Giác%')`.execute(
      tdb.database.db,
    );
    lines.length = 0;
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie, 'x-csrf-token': csrf, 'x-request-id': 'req-redaction-1' },
      payload: { username: USERNAME, fullName: FULL_NAME, unitId, roles: ['officer'], password: PASSWORD },
    });
    expect(res.statusCode).toBe(500);
    const log = lines.join('\n');
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request failed');
    expect(failed, log).toBeDefined();
    expect(failed!.reqId).toBe('req-redaction-1');
    expect(failed!.err).toMatchObject({
      code: '23514',
      constraint: 'test_refuse_hoa',
      detail: 'Failing row contains (…)',
    });
    for (const value of [FULL_NAME, USERNAME, PASSWORD, '0912345678', 'Tố Giác', '$argon2id'])
      expect(log).not.toContain(value);
    expect(log).not.toMatch(/"params"|"parameters"/);
  });

  it('should log a request URL with its query parameter names but not their values', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    const cookie = `binhan_session=${login.cookies.find((c) => c.name === 'binhan_session')!.value}`;
    lines.length = 0;
    const res = await app.inject({
      method: 'GET',
      url: '/api/incidents?q=0912345678&pageSize=5&0987654321',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const log = lines.join('\n');
    const incoming = lines
      .map((l) => JSON.parse(l) as { req?: { url?: string } })
      .find((l) => l.req?.url?.startsWith('/api/incidents'));
    expect(incoming?.req?.url, log).toBe('/api/incidents?q=…&pageSize=…&…');
    expect(log).not.toContain('0912345678');
    expect(log).not.toContain('0987654321');
    expect(redactUrl('/api/x?a=1&%3Cscript%3E=2&&b')).toBe('/api/x?a=…&…&b=…');
    expect(redactUrl('/api/x')).toBe('/api/x');
  });

  it('should keep which key and which table, not the values, in a driver detail', () => {
    expect(redactDetail('Key (username)=(hoa.0912345678) already exists.')).toBe('Key (username)=(…) already exists.');
    expect(redactDetail('Key (report_id)=(5f0c) is not present in table "incident".')).toBe(
      'Key (report_id)=(…) is not present in table "incident".',
    );
    expect(redactDetail('Failing row contains (1, 0912345678, Nguyễn).')).toBe('Failing row contains (…)');
    expect(redactDetail('something else with 0912345678')).toBe('[redacted]');
  });

  it('should print a failed statement on the command line without its values', async () => {
    const err = await sql`select ${'0912345678'}::uuid`.execute(tdb.database.db).catch((e: unknown) => e);
    const text = describeError(err);
    expect(text).toContain('22P02');
    expect(text).not.toContain('0912345678');
  });
});
