import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type Services } from '../../src/server/app';
import { systemActor } from '../../src/server/platform/actor';
import { FixedClock } from '../../src/server/platform/clock';
import { loadConfig, type Config } from '../../src/server/platform/config';
import type { App } from '../../src/server/platform/http';
import { DEMO_PASSWORD, seedDemoPlatform } from '../../src/server/seed/demo-platform';
import { seedMinimalDemo } from './minimal-demo';
import { createTestDatabase, type TestDatabase } from './db';

export interface Session {
  cookie: string;
  csrf: string;
  username: string;
}

export interface TestContext extends TestDatabase {
  app: App;
  services: Services;
  config: Config;
  clock: FixedClock;
  login(username: string, password?: string): Promise<Session>;
  /** app.inject with the session's cookie and CSRF header. */
  as(
    session: Session | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Closes the app and drops the database; fails when any response through `as` was a 5xx (no 500 anywhere). */
  close(): Promise<void>;
}

export const TEST_NOW = new Date('2026-03-10T03:00:00Z');

/**
 * The real app on a fresh database of the run's engine. `minimal` (default): five units and the demo
 * accounts, no area catalogue (fast). `full`: the reference areas, the Hanoi police structure with history
 * and the demo accounts, as `binhan start` loads them.
 */
export async function createTestContext(overrides: Partial<Config> = {}, opts: { demo?: 'minimal' | 'full' } = {}): Promise<TestContext> {
  const tdb = await createTestDatabase();
  const clock = new FixedClock(TEST_NOW);
  const config = loadConfig({}, { logLevel: 'silent', webDistDir: '/nonexistent', loginRatePerMinute: 10_000, ...overrides });
  const { app, services } = await buildApp({ database: tdb.database, config, clock, logger: process.env.DBG ? { level: 'error' } : false });
  if (opts.demo === 'full') await seedDemoPlatform(tdb.database.db, services, systemActor('seed'), clock);
  else await seedMinimalDemo(services, systemActor('seed'));

  const serverErrors: string[] = [];
  const as: TestContext['as'] = async (session, method, url, body, headers = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    if (res.statusCode >= 500) serverErrors.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  };

  const login = async (username: string, password = DEMO_PASSWORD): Promise<Session> => {
    const res = await as(null, 'POST', '/api/auth/login', { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.cookies.find((c) => c.name === 'binhan_session');
    if (!setCookie) throw new Error('no session cookie');
    return { cookie: `binhan_session=${setCookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken, username };
  };

  return {
    ...tdb,
    app,
    services,
    config,
    clock,
    login,
    as,
    close: async () => {
      await app.close();
      await tdb.drop();
      if (serverErrors.length) throw new Error(`server errors (no 500 anywhere):\n${serverErrors.join('\n')}`);
    },
  };
}
