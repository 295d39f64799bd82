import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, formatCsv } from '../../src/domain/csv';
import { encode } from '../../src/domain/text/encodings';
import { SF_MAPPING, SF_MAPPING_NAME } from '../../src/server/seed/demo-imports';
import { ROWS as FIXTURE_ROWS } from '../fixtures/import/make-fixtures';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';
import { runImport, upload } from './helpers';

const SF_FILE = 'data/foreign/crime-sf-sfpd-incidents-2018-12/sfpd_incident_reports_2018-12.csv';

// TEST_NOW is 2026-03-10T03:00Z.
describe(`incident import (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;
  let officer: Session;
  let viewer: Session;
  let hoanKiemUnit: string;
  let baDinhUnit: string;
  const statuses: number[] = [];

  beforeAll(async () => {
    t = await createTestContext({ importMaxBytes: 8 * 1024 * 1024 }, { demo: 'full' });
    admin = await t.login('admin');
    officer = await t.login('canbo');
    viewer = await t.login('xem');
    const unit = async (code: string) =>
      (await t.database.db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    hoanKiemUnit = await unit('CA-00070');
    baDinhUnit = await unit('CA-00004');
  });
  afterAll(async () => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    await t?.close();
  });
  const send = async (...args: Parameters<typeof upload>) => {
    const res = await upload(...args);
    statuses.push(res.statusCode);
    return res;
  };
  const countSource = async (source: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('incident')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('source', '=', source)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('should import the San Francisco extract through the saved mapping, faithfully, and add nothing the second time', async () => {
    const csv = fs.readFileSync(SF_FILE);
    const up = await send(t, admin, 'sfpd.csv', csv);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ format: 'csv', encoding: 'utf-8', size: csv.length });
    expect(up.json().headers).toContain('Row ID');
    expect(up.json().sampleRows).toHaveLength(20);
    const mappings = (await t.as(admin, 'GET', '/api/imports/mappings')).json().items;
    const sf = mappings.find((m: { name: string }) => m.name === SF_MAPPING_NAME);
    expect(sf).toBeTruthy();

    const started = Date.now();
    const { res, batch } = await runImport(t, admin, {
      uploadId: up.json().uploadId,
      mappingId: sf.id,
      mode: 'valid_rows',
    });
    const seconds = (Date.now() - started) / 1000;
    expect(res.statusCode, res.body).toBe(200);
    console.log(
      `[${ENGINE}] SF extract: ${batch.imported} rows in ${seconds.toFixed(1)} s = ${Math.round(batch.imported / seconds)} rows/s`,
    );
    expect(batch.status).toBe('done');
    expect(batch.totalRows).toBe(11_884);
    expect(batch.imported + batch.reported).toBe(11_884);
    expect(batch.errors.length).toBe(Math.min(batch.errorCount, 200));
    for (const e of batch.errors) expect(e.vi.length * e.en.length * e.row).toBeGreaterThan(0);
    expect(await countSource('SFPD')).toBe(batch.imported);

    // Counts by source category and by police district equal those computed from the file itself.
    const records = parseCsv(csv.toString('utf8'));
    const header = records[0]!.fields;
    const col = (name: string) => header.indexOf(name);
    const byCat = new Map<string, number>();
    const byDistrict = new Map<string, number>();
    for (const r of records.slice(1)) {
      byCat.set(r.fields[col('Incident Category')]!, (byCat.get(r.fields[col('Incident Category')]!) ?? 0) + 1);
      byDistrict.set(r.fields[col('Police District')]!, (byDistrict.get(r.fields[col('Police District')]!) ?? 0) + 1);
    }
    const db = t.database.db;
    const cats = await db
      .selectFrom('incident')
      .select(['sourceCategory', (eb) => eb.fn.countAll().as('n')])
      .where('source', '=', 'SFPD')
      .where('occurredOn', '>=', '2018-12-01')
      .where('occurredOn', '<=', '2018-12-31')
      .groupBy('sourceCategory')
      .execute();
    expect(Object.fromEntries(cats.map((c) => [c.sourceCategory, Number(c.n)]))).toEqual(Object.fromEntries(byCat));
    const districts = await db
      .selectFrom('incident as i')
      .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'i.areaCode').onRef('a.validFrom', '=', 'i.areaValidFrom'))
      .select(['a.name', (eb) => eb.fn.countAll().as('n')])
      .where('i.source', '=', 'SFPD')
      .groupBy('a.name')
      .execute();
    expect(Object.fromEntries(districts.map((d) => [d.name, Number(d.n)]))).toEqual(Object.fromEntries(byDistrict));

    // The same through the statistics engine (aggregate tables, as the dashboard reads them): December 2018 by
    // police district, and by Bình An's category — the saved mapping's value map applied to the file's column.
    const stat = async (breakdown: string) => {
      const r = await t.as(
        admin,
        'GET',
        `/api/stats?metric=incidents&period=custom&from=2018-12-01&to=2018-12-31&comparison=none&breakdown=${breakdown}&limit=5000`,
      );
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as { rows: { key: string; current: number }[]; value: { current: number } };
      expect(body.value.current).toBe(batch.imported);
      return Object.fromEntries(body.rows.map((row) => [row.key, row.current]));
    };
    const districtCode = (name: string) => `sfpd:${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}@1900-01-01`;
    expect(await stat('area')).toEqual(Object.fromEntries([...byDistrict].map(([d, n]) => [districtCode(d), n])));
    const categoryMap = SF_MAPPING.fields.find((f) => f.field === 'category')!.values!;
    const byLocal = new Map<string, number>();
    for (const [cat, n] of byCat) byLocal.set(categoryMap[cat] ?? '', (byLocal.get(categoryMap[cat] ?? '') ?? 0) + n);
    expect(await stat('category')).toEqual(Object.fromEntries(byLocal));
    const one = await db
      .selectFrom('incident')
      .selectAll()
      .where('source', '=', 'SFPD')
      .where('externalId', '=', '74339603074')
      .executeTakeFirstOrThrow();
    expect(one).toMatchObject({
      areaCode: 'sfpd:INGLESIDE',
      sourceCategory: 'Robbery',
      category: '168',
      title: 'Robbery, W/ Force',
      occurredOn: '2018-12-01',
    });
    expect(one.occurredAt.toISOString()).toBe('2018-12-01T08:25:00.000Z');
    expect(one.lat).toBeCloseTo(37.73355, 4);
    const versions = await db
      .selectFrom('incidentVersion')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('incidentId', '=', one.id)
      .executeTakeFirstOrThrow();
    expect(Number(versions.n)).toBe(1);
    const unit = await db
      .selectFrom('unit')
      .select(['code', 'name'])
      .where('id', '=', one.unitId)
      .executeTakeFirstOrThrow();
    expect(unit).toEqual({ code: 'FOREIGN-SFPD', name: 'Dữ liệu nước ngoài: SFPD' });
    // Ref numbers are unique and in the TB series of the receipt year.
    expect(one.refNo).toMatch(/^TB-2018-\d{6}$/);

    // The same file again: nothing added.
    const again = await send(t, admin, 'sfpd.csv', csv);
    const second = await runImport(t, admin, { uploadId: again.json().uploadId, mappingId: sf.id, mode: 'valid_rows' });
    expect(second.batch).toMatchObject({
      status: 'done',
      imported: 0,
      skipped: batch.imported,
      reported: batch.reported,
    });
    expect(await countSource('SFPD')).toBe(batch.imported);

    // One audit entry per batch, with the counts.
    const audits = await db
      .selectFrom('auditLog')
      .select(['action', 'diff'])
      .where('entityId', '=', batch.id)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.action).toBe('import.done');
    expect((audits[0]!.diff as { note: Record<string, number> }).note).toMatchObject({
      imported: batch.imported,
      totalRows: 11_884,
    });
    // Foreign data is for administrators only.
    const byOfficer = await t.as(officer, 'POST', '/api/imports', {
      uploadId: again.json().uploadId,
      mappingId: sf.id,
      mode: 'valid_rows',
    });
    expect(byOfficer.statusCode).toBe(404); // not their upload
    const up3 = await send(t, officer, 'sfpd.csv', csv);
    const refused = await t.as(officer, 'POST', '/api/imports', {
      uploadId: up3.json().uploadId,
      mappingId: sf.id,
      mode: 'valid_rows',
    });
    // The foreign-data mapping is invisible to an officer: answered like a mapping that does not exist.
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].path).toBe('body.mappingId');
  }, 300_000);

  const fixtureMapping = (source: string) => ({
    source,
    externalIdColumn: 'Mã hồ sơ',
    fields: [
      { column: 'Ngày xảy ra', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
      { column: 'Ngày tiếp nhận', field: 'receivedAt', dateFormat: 'dd/MM/yyyy HH:mm' },
      {
        column: 'Loại tin',
        field: 'reportSource',
        values: { 'Tố giác': 'to_giac', 'Tin báo': 'tin_bao', 'Kiến nghị khởi tố': 'kien_nghi_khoi_to' },
      },
      { column: 'Phân loại', field: 'sourceCategory' },
      { column: 'Mã địa bàn', field: 'areaCode' },
      { column: 'Địa chỉ', field: 'address' },
      { column: 'Kinh độ', field: 'lon' },
      { column: 'Vĩ độ', field: 'lat' },
      { column: 'Số người chết', field: 'deaths' },
      { column: 'Thiệt hại (đồng)', field: 'damageVnd' },
      { column: 'Điều luật', field: 'article' },
      { column: 'Khoản', field: 'clause' },
      { column: 'Nội dung', field: 'narrative' },
    ],
  });

  it.each([
    ['vi-tcvn3.csv', 'tcvn3'],
    ['vi-vni.csv', 'vni'],
    ['vi-cp1258.csv', 'windows-1258'],
  ])('should import %s (%s) with the exact Vietnamese text', async (file, encoding) => {
    const up = await send(t, officer, file, fs.readFileSync(`test/fixtures/import/${file}`));
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().encoding).toBe(encoding);
    expect(up.json().headers).toEqual(expect.arrayContaining(['Mã hồ sơ', 'Ngày xảy ra', 'Số người chết']));
    const source = `fixture-${encoding}`;
    const { batch } = await runImport(t, officer, {
      uploadId: up.json().uploadId,
      mapping: fixtureMapping(source),
      mode: 'valid_rows',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(batch).toMatchObject({ status: 'done', totalRows: 10, imported: 9, reported: 1 });
    // HS-2024-0008 (negative deaths) starts on line 10: the narrative of HS-2024-0003 spans two lines.
    expect(batch.errors).toEqual([expect.objectContaining({ row: 10, column: 'Số người chết', code: 'NEGATIVE' })]);
    const rows = await t.database.db
      .selectFrom('incident')
      .selectAll()
      .where('source', '=', source)
      .orderBy('externalId')
      .execute();
    expect(rows).toHaveLength(9);
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    for (const src of FIXTURE_ROWS) {
      const r = byId.get(src[0]!);
      if (src[0] === 'HS-2024-0008') {
        expect(r).toBeUndefined();
        continue;
      }
      expect(r!.narrative).toBe(src[13]!.normalize('NFC'));
      expect(r!.address).toBe(src[6]!.normalize('NFC'));
      expect(r!.sourceCategory).toBe(src[4]);
      expect(r!.title).toBe(src[4]);
      expect(r!.article).toBe(src[11]);
    }
    const first = byId.get('HS-2024-0001')!;
    expect(first).toMatchObject({
      kind: 'crime_report',
      reportSource: 'to_giac',
      areaCode: '00049',
      severity: 'it_nghiem_trong',
      statGroup: 'trat_tu_xa_hoi',
      category: '173',
    });
    expect(first.occurredAt.toISOString()).toBe('2024-03-05T01:30:00.000Z');
    expect(first.refNo).toMatch(/^TB-2024-\d{6}$/);
  });

  const HEADER = ['Mã', 'Ngày', 'Mã địa bàn', 'Kinh độ', 'Vĩ độ', 'Số người chết', 'Địa chỉ'];
  const badMapping = (source: string) => ({
    source,
    externalIdColumn: 'Mã',
    fields: [
      { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
      { column: 'Mã địa bàn', field: 'areaCode' },
      { column: 'Kinh độ', field: 'lon', numberLocale: 'en' },
      { column: 'Vĩ độ', field: 'lat', numberLocale: 'en' },
      { column: 'Số người chết', field: 'deaths' },
      { column: 'Địa chỉ', field: 'address' },
    ],
    numberLocale: 'en',
  });
  const good = (id: string) => [id, '01/03/2026 08:00', '00070', '105.8524', '21.0287', '0', 'phố Đinh Tiên Hoàng'];
  const badCsv = formatCsv([
    HEADER,
    good('B-1'), // row 2
    ['B-2', '', '00070', '', '', '0', ''], // 3 missing date
    ['B-3', '01/04/2026 08:00', '00070', '', '', '0', ''], // 4 in the future
    ['B-4', '01/03/2026 08:00', '99999', '', '', '0', ''], // 5 unknown area
    ['B-5', '01/03/2026 08:00', '00070', '2.35', '48.85', '0', ''], // 6 outside Vietnam
    ['B-6', '01/03/2026 08:00', '00070', '', '', '-1', ''], // 7 negative deaths
    ['B-7', '01/03/2026 08:00', '00070', '', '', '0', 'x'.repeat(501)], // 8 too long
    ['B-8', '01/03/2026 08:00', '00070', '', '', 'abc', ''], // 9 wrong type
    good('B-1'), // 10 duplicate external ID
    good('B-9'), // 11
  ]);
  const EXPECTED = [
    [3, 'Ngày', 'MISSING_DATE'],
    [4, 'Ngày', 'IN_FUTURE'],
    [5, 'Mã địa bàn', 'UNKNOWN_AREA'],
    [6, 'Kinh độ', 'OUTSIDE_VIETNAM'],
    [7, 'Số người chết', 'NEGATIVE'],
    [8, 'Địa chỉ', 'TOO_LONG'],
    [9, 'Số người chết', 'WRONG_TYPE'],
    [10, 'Mã', 'DUPLICATE_ID'],
  ];

  it('should refuse the whole file in all-or-nothing mode, naming every bad row and column, and write nothing', async () => {
    const up = await send(t, officer, 'bad.csv', badCsv);
    const { batch } = await runImport(t, officer, {
      uploadId: up.json().uploadId,
      mapping: badMapping('bad-rows'),
      mode: 'all_or_nothing',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(batch).toMatchObject({ status: 'refused', totalRows: 10, imported: 0, reported: 8 });
    expect(batch.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual(
      EXPECTED,
    );
    expect(await countSource('bad-rows')).toBe(0);
    const report = await t.as(officer, 'GET', `/api/imports/${batch.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.charCodeAt(0)).toBe(0xfeff);
    const lines = parseCsv(report.body);
    expect(lines[0]!.fields).toEqual(['dòng/row', 'cột/column', 'lỗi/error (vi)', 'error (en)']);
    expect(lines.slice(1).map((l) => [Number(l.fields[0]), l.fields[1]])).toEqual(EXPECTED.map(([r, c]) => [r, c]));
    expect(lines[1]!.fields[2]).toBe('Thiếu ngày xảy ra');
  });

  it('should import the valid rows and report the rest in valid-rows mode, and complete nothing more on a re-run', async () => {
    const up = await send(t, officer, 'bad.csv', badCsv);
    const { batch } = await runImport(t, officer, {
      uploadId: up.json().uploadId,
      mapping: badMapping('bad-rows'),
      mode: 'valid_rows',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(batch).toMatchObject({ status: 'done', imported: 2, reported: 8, skipped: 0 });
    expect(await countSource('bad-rows')).toBe(2);
    const up2 = await send(t, officer, 'bad.csv', badCsv);
    const again = await runImport(t, officer, {
      uploadId: up2.json().uploadId,
      mapping: badMapping('bad-rows'),
      mode: 'all_or_nothing',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(again.batch).toMatchObject({ status: 'refused', imported: 0 });
    expect(await countSource('bad-rows')).toBe(2);
  });

  it('should read XLSX (first sheet, sheet row numbers) and unit codes in the actor’s scope only', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Vụ việc');
    ws.addRow(['Mã', 'Ngày', 'Mã địa bàn', 'Đơn vị', 'Nội dung']);
    ws.addRow(['X-1', new Date(Date.UTC(2026, 1, 20, 9, 30)), '00070', 'CA-00070', 'Mất ví tại phố Tràng Tiền']);
    ws.addRow(['X-2', '20/02/2026 10:00', '00070', 'CA-00004', 'Đơn vị ngoài phạm vi']);
    ws.addRow(['X-3', '20/02/2026 11:00', '00070', 'KHONG-CO', 'Đơn vị không tồn tại']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await send(t, officer, 'vu-viec.xlsx', buf);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ format: 'xlsx', headers: ['Mã', 'Ngày', 'Mã địa bàn', 'Đơn vị', 'Nội dung'] });
    const mapping = {
      source: 'xlsx-test',
      externalIdColumn: 'Mã',
      fields: [
        { column: 'Ngày', field: 'occurredAt' },
        { column: 'Mã địa bàn', field: 'areaCode' },
        { column: 'Đơn vị', field: 'unitCode' },
        { column: 'Nội dung', field: 'title' },
      ],
    };
    const { batch } = await runImport(t, officer, { uploadId: up.json().uploadId, mapping, mode: 'valid_rows' });
    expect(batch).toMatchObject({ status: 'done', imported: 1, reported: 2 });
    expect(batch.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, 'Đơn vị', 'UNKNOWN_UNIT'],
      [4, 'Đơn vị', 'UNKNOWN_UNIT'],
    ]);
    // Another ward's unit is reported exactly as a code that exists nowhere (no existence oracle).
    const [outside, nowhere] = batch.errors as { vi: string; en: string }[];
    expect([outside!.vi.replace('CA-00004', 'X'), outside!.en.replace('CA-00004', 'X')]).toEqual([
      nowhere!.vi.replace('KHONG-CO', 'X'),
      nowhere!.en.replace('KHONG-CO', 'X'),
    ]);
    const r = await t.database.db
      .selectFrom('incident')
      .selectAll()
      .where('source', '=', 'xlsx-test')
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ title: 'Mất ví tại phố Tràng Tiền', unitId: hoanKiemUnit });
    expect(r.occurredAt.toISOString()).toBe('2026-02-20T02:30:00.000Z');
  });

  it('should guard the routes: 401, 403, 415, 400, 413, scope, missing columns, saved mappings', async () => {
    const csv = formatCsv([HEADER, good('R-1')]);
    expect((await send(t, null, 'a.csv', csv)).statusCode).toBe(401);
    expect((await send(t, { ...officer, csrf: 'wrong' }, 'a.csv', csv)).statusCode).toBe(403);
    expect((await send(t, viewer, 'a.csv', csv)).statusCode).toBe(403);
    const json = await t.as(officer, 'POST', '/api/imports/uploads', { file: 'x' });
    expect(json.statusCode).toBe(415);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/imports/uploads',
      headers: {
        cookie: officer.cookie,
        'x-csrf-token': officer.csrf,
        'content-type': 'multipart/form-data; boundary=xyz',
      },
      payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
    });
    statuses.push(malformed.statusCode);
    expect(malformed.statusCode).toBe(400);
    const wrongField = await send(t, officer, 'a.csv', csv, 'document');
    expect(wrongField.statusCode).toBe(400);
    const tooLarge = await send(t, officer, 'big.csv', Buffer.alloc(9 * 1024 * 1024, 0x41));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const up = await send(t, officer, 'a.csv', csv);
    expect(up.statusCode).toBe(200);
    const uploadId = up.json().uploadId;
    const missing = await t.as(officer, 'POST', '/api/imports', {
      uploadId,
      mapping: { ...badMapping('r'), fields: [...badMapping('r').fields, { column: 'Thiệt hại', field: 'damageVnd' }] },
      mode: 'valid_rows',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.vi).toContain('"Thiệt hại"');
    expect(missing.json().error.en).toContain('"Thiệt hại"');
    const outOfScope = await t.as(officer, 'POST', '/api/imports', {
      uploadId,
      mapping: badMapping('r'),
      mode: 'valid_rows',
      defaults: { unitId: baDinhUnit },
    });
    // A default unit of another ward answers exactly as one that does not exist: 400 naming the field.
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().error.fields).toEqual([expect.objectContaining({ path: 'body.defaults.unitId' })]);
    const unknownUnit = await t.as(officer, 'POST', '/api/imports', {
      uploadId,
      mapping: badMapping('r'),
      mode: 'valid_rows',
      defaults: { unitId: randomUUID() },
    });
    expect(unknownUnit.json().error).toEqual({
      ...outOfScope.json().error,
      requestId: unknownUnit.json().error.requestId,
    });
    const badBody = await t.as(officer, 'POST', '/api/imports', { uploadId, mode: 'sometimes' });
    expect(badBody.statusCode).toBe(400);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: officer.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ uploadId, mapping: badMapping('r'), mode: 'valid_rows' }),
    });
    expect(noCsrf.statusCode).toBe(403);
    const otherUpload = await t.as(admin, 'POST', '/api/imports', {
      uploadId,
      mapping: badMapping('r'),
      mode: 'valid_rows',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(otherUpload.statusCode).toBe(404);

    // Saved mappings: create, unique name, update, list, delete; viewers cannot write.
    const created = await t.as(officer, 'POST', '/api/imports/mappings', {
      name: 'Sổ 113',
      mapping: badMapping('so-113'),
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(
      (await t.as(officer, 'POST', '/api/imports/mappings', { name: 'Sổ 113', mapping: badMapping('so-113') }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.as(viewer, 'POST', '/api/imports/mappings', { name: 'X', mapping: badMapping('x') })).statusCode,
    ).toBe(403);
    const updated = await t.as(officer, 'PUT', `/api/imports/mappings/${created.json().id}`, {
      name: 'Sổ 113 (2026)',
      mapping: badMapping('so-113'),
    });
    expect(updated.json().name).toBe('Sổ 113 (2026)');
    const { batch } = await runImport(t, officer, {
      uploadId,
      mappingId: created.json().id,
      mode: 'valid_rows',
      defaults: { unitId: hoanKiemUnit },
    });
    expect(batch).toMatchObject({ status: 'done', imported: 1 });
    expect((await t.as(officer, 'DELETE', `/api/imports/mappings/${created.json().id}`)).statusCode).toBe(204);
    expect(
      (await t.as(officer, 'GET', '/api/imports/mappings')).json().items.map((m: { name: string }) => m.name),
    ).not.toContain('Sổ 113 (2026)');

    // Batches in scope: the Ba Đình officer sees none of the Hoàn Kiếm batches.
    const other = await t.login('canbo.badinh');
    // Another ward's batch is answered exactly as one that does not exist (404, same message).
    const elsewhere = await t.as(other, 'GET', `/api/imports/${batch.id}`);
    const nowhere = await t.as(other, 'GET', '/api/imports/00000000-0000-4000-8000-000000000000');
    expect(elsewhere.statusCode).toBe(404);
    expect([elsewhere.json().error.code, elsewhere.json().error.message]).toEqual([
      nowhere.json().error.code,
      nowhere.json().error.message,
    ]);
    expect((await t.as(other, 'GET', `/api/imports/${batch.id}/report.csv`)).statusCode).toBe(404);
    const mine = (await t.as(officer, 'GET', '/api/imports')).json().items;
    expect(mine.some((b: { id: string }) => b.id === batch.id)).toBe(true);
    expect((await t.as(other, 'GET', '/api/imports')).json().items.some((b: { id: string }) => b.id === batch.id)).toBe(
      false,
    );
    expect((await t.as(officer, 'GET', '/api/imports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // Legacy encodings are accepted as uploads too (sniffed, not declared).
    const legacy = await send(
      t,
      officer,
      'tcvn3.csv',
      Buffer.from(encode('Mã,Nội dung\r\n1,Mất trộm xe máy tại phường\r\n', 'tcvn3')),
    );
    expect(legacy.json()).toMatchObject({ encoding: 'tcvn3', headers: ['Mã', 'Nội dung'] });
  });
});
