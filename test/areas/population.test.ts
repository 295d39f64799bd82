import { PGlite } from '@electric-sql/pglite';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPopulationList } from '../../src/contracts/areas';
import type { TStatResult } from '../../src/contracts/stats';
import { parsePopulationCsv } from '../../src/domain/areas/population';
import { systemActor } from '../../src/server/platform/actor';
import { AppError } from '../../src/server/platform/errors';
import { DEMO_POPULATION_SOURCE, DEMO_POPULATION_TOTAL } from '../../src/server/seed/demo-population';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { insertPlanted, plantedIncident } from '../support/incidents';
import { createPgDatabase, ENGINE } from '../support/db';

/**
 * Population figures (PUT/GET /api/areas/population, the CSV import of `binhan areas population`) and the
 * rates per 10,000 inhabitants of GET /api/stats?per=population, on the demo's synthetic figures.
 */
describe(`population and rates per 10,000 inhabitants (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;
  let commander: Session;
  const GEN = '2025-07-01';
  const DAY = '2026-02-03';
  let codes: string[] = [];

  const countRows = async () =>
    Number((await t.database.db.selectFrom('areaPopulation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const population = async (who: Session, qs = 'date=2026-03-10') => {
    const res = await t.as(who, 'GET', `/api/areas/population?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TPopulationList;
  };

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    admin = await t.login('admin');
    commander = await t.login('lanhdao');
    codes = (
      await t.database.db.selectFrom('area').select('code').where('level', '=', 3).where('provinceCode', '=', '01').where('validFrom', '=', GEN).orderBy('code').execute()
    ).map((r) => r.code);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it("should seed labelled synthetic figures for Hanoi's 126 communes, about 8.5 million in all", async () => {
    const p = await population(commander);
    expect(codes.length).toBe(126);
    expect(p.communes).toBe(126);
    expect(p.missing).toBe(0);
    expect(p.items.length).toBe(126);
    expect(p.total).toBe(DEMO_POPULATION_TOTAL);
    expect(p.items.every((i) => i.source === DEMO_POPULATION_SOURCE && i.year === 2025 && i.validFrom === GEN)).toBe(true);
    // Before the communes of 2025-07-01, the figures do not apply.
    const old = await population(commander, 'date=2024-06-01');
    expect(old.items.length).toBe(0);
    expect(old.missing).toBe(old.communes);
  });

  it('should document the new routes in the OpenAPI document, in Vietnamese and English', async () => {
    const doc = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, { summary: string }>> };
    expect(doc.paths['/api/areas/population']!.get!.summary).toContain('Dân số');
    expect(doc.paths['/api/areas/population']!.put!.summary).toContain('import population figures');
    expect(doc.paths['/api/stats/density']!.get!.summary).toContain('Bản đồ mật độ');
    expect(doc.paths['/api/stats']!.get!.summary).toContain('per 10,000 inhabitants');
  });

  it('should refuse without a session (401) and for a non-administrator (403)', async () => {
    expect((await t.as(null, 'GET', '/api/areas/population')).statusCode).toBe(401);
    const body = { rows: [{ areaCode: codes[0], validFrom: GEN, year: 2026, population: 1000, source: 'x' }] };
    expect((await t.as(null, 'PUT', '/api/areas/population', body)).statusCode).toBe(401);
    const res = await t.as(commander, 'PUT', '/api/areas/population', body);
    expect(res.statusCode).toBe(403);
    expect((await t.as(await t.login('canbo'), 'PUT', '/api/areas/population', body)).statusCode).toBe(403);
  });

  it('should import good rows as an administrator, audited, the latest year winning from its year on', async () => {
    const before = await countRows();
    const res = await t.as(admin, 'PUT', '/api/areas/population', {
      rows: [
        { areaCode: codes[0], validFrom: GEN, year: 2026, population: 123_456, source: 'Thử nghiệm' },
        { areaCode: codes[1], validFrom: GEN, year: '2026', population: '65432', source: 'Thử nghiệm' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, inserted: 2, updated: 0, years: [2026] });
    expect(await countRows()).toBe(before + 2);
    const p = await population(commander);
    expect(p.items.find((i) => i.code === codes[0])).toMatchObject({ year: 2026, population: 123_456, source: 'Thử nghiệm' });
    const p2025 = await population(commander, 'date=2025-12-31');
    expect(p2025.items.find((i) => i.code === codes[0])).toMatchObject({ year: 2025, source: DEMO_POPULATION_SOURCE });
    const audit = await t.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'areas.population_imported').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2); // the demo's and this one
    // Again: replaced, not added.
    const again = await t.as(admin, 'PUT', '/api/areas/population', {
      rows: [{ areaCode: codes[0], validFrom: GEN, year: 2026, population: 120_000, source: 'Thử nghiệm 2' }],
    });
    expect(again.json()).toMatchObject({ inserted: 0, updated: 1 });
    expect(await countRows()).toBe(before + 2);
  });

  it('should name the row and column of every bad JSON row, and write nothing', async () => {
    const before = await countRows();
    const res = await t.as(admin, 'PUT', '/api/areas/population', {
      rows: [
        { areaCode: codes[2], validFrom: GEN, year: 2026, population: 5000, source: 'ok' },
        { areaCode: '99999', validFrom: GEN, year: 2026, population: 5000, source: 'ok' },
        { areaCode: codes[3], validFrom: '2025-06-30', year: 2026, population: 5000, source: 'ok' },
        { areaCode: codes[4], validFrom: GEN, year: 1800, population: 5000, source: 'ok' },
        { areaCode: codes[5], validFrom: GEN, year: 2026, population: 0, source: 'ok' },
        { areaCode: codes[6], validFrom: GEN, year: 2026, population: 12.5, source: 'ok' },
        { areaCode: codes[2], validFrom: GEN, year: 2026, population: 5000, source: 'ok' },
      ],
    });
    expect(res.statusCode, res.body).toBe(400);
    const err = (res.json() as { error: { code: string; fields: { path: string; vi: string; en: string }[] } }).error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fields.map((f) => f.path)).toEqual([
      'body.rows.1.areaCode',
      'body.rows.2.areaCode',
      'body.rows.3.year',
      'body.rows.4.population',
      'body.rows.5.population',
      'body.rows.6.areaCode',
    ]);
    expect(err.fields[0]!.vi).toContain('Dòng 2, cột area_code');
    expect(err.fields[0]!.en).toContain('Row 2, column area_code');
    expect(err.fields[5]!.vi).toContain('trùng với dòng 1');
    expect(await countRows()).toBe(before);
    // Malformed bodies are 400, not 500.
    expect((await t.as(admin, 'PUT', '/api/areas/population', { rows: [] })).statusCode).toBe(400);
    expect((await t.as(admin, 'PUT', '/api/areas/population', { rows: [{ areaCode: {} }] })).statusCode).toBe(400);
    expect((await t.as(admin, 'PUT', '/api/areas/population', '{"rows": [')).statusCode).toBe(400);
  });

  it('should report bad CSV rows by file line and column (binhan areas population), and write nothing', async () => {
    const before = await countRows();
    const csv = [
      'area_code,valid_from,year,population,source',
      `${codes[7]},${GEN},2026,"7.000",Cục Thống kê`,
      `${codes[8]},${GEN},2026,8000,Cục Thống kê`,
      `${codes[9]},${GEN},20x6,9000,`,
    ].join('\n');
    const parsed = parsePopulationCsv(csv, 'dan-so.csv');
    const err = await t.services.areas
      .importPopulation(systemActor('cli'), parsed.rows, { origin: 'csv', file: 'dan-so.csv', lines: parsed.lines })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const fields = (err as AppError).opts.fields!;
    expect(fields.map((f) => f.path)).toEqual(['dan-so.csv:2:population', 'dan-so.csv:4:year', 'dan-so.csv:4:source']);
    expect(fields[1]!.vi).toBe('Dòng 4, cột year: năm phải là số nguyên (nhận được "20x6")');
    expect(fields[1]!.en).toBe('Row 4, column year: the year must be a whole number (got "20x6")');
    expect(await countRows()).toBe(before);
    expect(() => parsePopulationCsv('area_code,year\n1,2', 'x.csv')).toThrow(/missing column "valid_from"/);
  });

  it('should give each commune its rate = count × 10,000 / population, null where the population is unknown', async () => {
    const unitId = (await t.database.db.selectFrom('unit').select('id').where('kind', '=', 'department').executeTakeFirstOrThrow()).id;
    const planted: Record<string, number> = { [codes[10]!]: 7, [codes[11]!]: 3, [codes[12]!]: 1 };
    const rows: Record<string, unknown>[] = [];
    for (const [code, n] of Object.entries(planted))
      for (let i = 0; i < n; i++) rows.push(plantedIncident({ refNo: `DS-${rows.length}`, areaCode: code, areaValidFrom: GEN, unitId, day: DAY }));
    await insertPlanted(t.database.db, rows);
    // One commune loses its figure: its rate is unknown.
    await t.database.db.deleteFrom('areaPopulation').where('areaCode', '=', codes[12]!).where('areaValidFrom', '=', GEN).execute();
    const pop = new Map((await population(commander)).items.map((i) => [i.code, i.population]));

    const res = await t.as(commander, 'GET', `/api/stats?metric=fires&period=custom&from=${DAY}&to=${DAY}&breakdown=area_current&targetDate=2026-03-10&per=population&limit=5000`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as TStatResult;
    expect(r.rows.length).toBe(3);
    for (const row of r.rows) {
      expect(row.current).toBe(planted[row.key]);
      if (row.key === codes[12]) expect(row.rate).toBeNull();
      else expect(row.rate).toBeCloseTo((planted[row.key]! * 10_000) / pop.get(row.key)!, 9);
    }
    expect(r.population).toEqual({ date: '2026-03-10', year: 2025, years: [2025], missing: 1, known: 125, sources: [DEMO_POPULATION_SOURCE] });

    // Without per: no rates. Not for rates or money, not without area_current.
    const plain = (await t.as(commander, 'GET', `/api/stats?metric=fires&period=custom&from=${DAY}&to=${DAY}&breakdown=area_current`)).json() as TStatResult;
    expect(plain.population).toBeUndefined();
    expect(plain.rows[0]!.rate).toBeUndefined();
    for (const qs of ['metric=clearance_rate&breakdown=area_current&per=population', 'metric=fires&breakdown=area&per=population', 'metric=fires&breakdown=area_current&per=people']) {
      const bad = await t.as(commander, 'GET', `/api/stats?${qs}`);
      expect(bad.statusCode, qs).toBe(400);
      expect(bad.body, qs).toContain('per');
    }
    expect((await t.as(null, 'GET', '/api/stats?metric=fires&breakdown=area_current&per=population')).statusCode).toBe(401);
    expect((await t.as(await t.login('kiemduyet'), 'GET', '/api/stats?metric=fires&breakdown=area_current&per=population')).statusCode).toBe(403);
  });
});

/** Runs the real `binhan` command and returns its exit code and output. */
function binhan(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve('bin/binhan.mjs'), ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe(`binhan areas population (${ENGINE})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-pop-'));
  let env: Record<string, string> = {};
  let drop: (() => Promise<void>) | null = null;
  /** One number from the database the command wrote to (after it exited). */
  const scalar = async (sqlText: string): Promise<number> => {
    if (ENGINE === 'pglite') {
      const db = await PGlite.create(path.join(dir, 'pgdata'));
      try {
        return Number(((await db.query<{ n: number }>(sqlText)).rows[0] as { n: number }).n);
      } finally {
        await db.close();
      }
    }
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    try {
      return Number((await c.query<{ n: number }>(sqlText)).rows[0]!.n);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    if (ENGINE === 'pglite') env = { BINHAN_DATA_DIR: dir };
    else {
      const created = await createPgDatabase();
      env = { DATABASE_URL: created.url };
      drop = created.drop;
    }
  });
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse a file with bad rows naming line and column (exit 2, nothing written), then import a good one', async () => {
    const bad = path.join(dir, 'dan-so-loi.csv');
    fs.writeFileSync(
      bad,
      ['area_code,valid_from,year,population,source', '00004,2025-07-01,2025,150000,Thử', '00008,2025-07-01,2025,-5,Thử', '99999,2025-07-01,2025,1000,Thử'].join('\n'),
    );
    const r = await binhan(['areas', 'population', bad], env);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('dan-so-loi.csv:3:population');
    expect(r.out).toContain('Dòng 3, cột population');
    expect(r.out).toContain('Row 4, column area_code');
    expect(await scalar('select count(*)::int as n from area_population')).toBe(0);

    const good = path.join(dir, 'dan-so.csv');
    fs.writeFileSync(good, ['source,area_code,valid_from,year,population', 'Thử,00004,2025-07-01,2025,150000', 'Thử,00008,2025-07-01,2025,90000'].join('\r\n'));
    const ok = await binhan(['areas', 'population', good], env);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('2 dòng / rows');
    expect(await scalar('select sum(population)::int as n from area_population')).toBe(240_000);
    expect(await scalar("select count(*)::int as n from audit_log where action = 'areas.population_imported'")).toBe(1);

    const missing = await binhan(['areas', 'population', path.join(dir, 'none.csv')], env);
    expect(missing.code).toBe(2);
  }, 300_000);
});
