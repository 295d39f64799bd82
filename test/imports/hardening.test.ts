import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/domain/csv';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';
import { runImport, upload } from './helpers';
import { bombSheetXml, xlsxOf } from './zip-bomb';

// Issue 19: bounded reading of import files (zip bomb, huge cells and lines), the failure path of a batch,
// the (source, external ID) oracle and the scope of saved mappings.
describe(`import hardening (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;
  let officer: Session;
  let hoanKiemUnit: string;
  let baDinhUnit: string;
  const statuses: number[] = [];

  beforeAll(async () => {
    t = await createTestContext({ importMaxBytes: 8 * 1024 * 1024 }, { demo: 'full' });
    admin = await t.login('admin');
    officer = await t.login('canbo');
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
  const xlsx = async (build: (wb: ExcelJS.Workbook) => void) => {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  describe('the end of a batch', () => {
    const header = ['Mã', 'Ngày', 'Mã địa bàn', 'Nội dung'];
    const mapping = (source: string) => ({
      source,
      externalIdColumn: 'Mã',
      fields: [
        { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
        { column: 'Mã địa bàn', field: 'areaCode' },
        { column: 'Nội dung', field: 'narrative' },
      ],
    });
    it('should report a row holding a NUL byte with its row and column, and end the batch (both modes)', async () => {
      // Before: the report quoted the bad area code, NUL included; jsonb refused it, the end of the batch was
      // never recorded, and the batch stayed `running` until found `interrupted`.
      const csv = formatCsv([
        header,
        ['N-1', '01/03/2026 08:00', '00070', 'bình thường'],
        ['N-2', '01/03/2026 09:00', '00070', 'có\u0000NUL'],
        ['N-3', '01/03/2026 10:00', '00\u000070', 'mã địa bàn có NUL'],
        ['N-4', '01/03/2026 10:00', '00070', 'ổn'],
      ]);
      for (const mode of ['all_or_nothing', 'valid_rows'] as const) {
        const up = await send(t, officer, 'nul.csv', csv);
        expect(up.statusCode, up.body).toBe(200);
        const { batch } = await runImport(t, officer, {
          uploadId: up.json().uploadId,
          mapping: mapping(`nul-${mode}`),
          mode,
          defaults: { unitId: hoanKiemUnit },
        });
        expect(batch.status, mode).toBe(mode === 'all_or_nothing' ? 'refused' : 'done');
        expect(batch).toMatchObject({ reported: 2, imported: mode === 'all_or_nothing' ? 0 : 2 });
        expect(
          batch.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
        ).toEqual([
          [3, 'Nội dung', 'INVALID_CHARACTER'],
          [4, 'Mã địa bàn', 'INVALID_CHARACTER'],
        ]);
        expect(batch.finishedAt).not.toBeNull();
      }
      // A NUL in a mapping is refused up front, naming the field.
      const up = await send(t, officer, 'nul.csv', csv);
      const bad = await t.as(officer, 'POST', '/api/imports', {
        uploadId: up.json().uploadId,
        mapping: { ...mapping('nul\u0000'), source: 'a\u0000b' },
        mode: 'valid_rows',
        defaults: { unitId: hoanKiemUnit },
      });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().error.fields[0].path).toBe('body.mapping.source');
    });

    it('should close the batch as failed with its cause when its end cannot be recorded as is (any error, both modes)', async () => {
      // The database refuses any report for a moment: the end is recorded without it, never left `running`.
      const db = t.database.db;
      await sql`alter table import_batch add constraint test_no_report check (report is null or jsonb_array_length(report) = 0) not valid`.execute(
        db,
      );
      try {
        const csv = formatCsv([
          header,
          ['F-1', '01/03/2026 08:00', '99999', 'mã địa bàn sai'],
          ['F-2', '01/03/2026 08:00', '00070', 'ổn'],
        ]);
        for (const mode of ['all_or_nothing', 'valid_rows'] as const) {
          const up = await send(t, officer, 'f.csv', csv);
          const { batch } = await runImport(t, officer, {
            uploadId: up.json().uploadId,
            mapping: mapping(`end-${mode}`),
            mode,
            defaults: { unitId: hoanKiemUnit },
          });
          expect(batch.status, mode).toBe('failed');
          expect(batch.error).toContain('could not be recorded in full');
          expect(batch.error).toContain('test_no_report');
          expect(batch.finishedAt).not.toBeNull();
          const audit = await db.selectFrom('auditLog').select('action').where('entityId', '=', batch.id).execute();
          expect(audit.map((a) => a.action)).toEqual(['import.failed']);
        }
      } finally {
        await sql`alter table import_batch drop constraint test_no_report`.execute(db);
      }
    });
  });

  describe('scope', () => {
    const header = ['Mã', 'Ngày', 'Mã địa bàn', 'Nội dung'];
    const mapping = (source: string) => ({
      source,
      externalIdColumn: 'Mã',
      fields: [
        { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
        { column: 'Mã địa bàn', field: 'areaCode' },
        { column: 'Nội dung', field: 'title' },
      ],
    });
    const file = (ids: string[]) =>
      formatCsv([header, ...ids.map((id) => [id, '01/03/2026 08:00', '00070', `Vụ ${id}`])]);

    it('should answer rows whose (source, ID) exists in another unit exactly as rows that exist nowhere', async () => {
      const hk = await send(t, officer, 'hk.csv', file(['O-1', 'O-2']));
      const first = await runImport(t, officer, {
        uploadId: hk.json().uploadId,
        mapping: mapping('oracle'),
        mode: 'valid_rows',
        defaults: { unitId: hoanKiemUnit },
      });
      expect(first.batch).toMatchObject({ status: 'done', imported: 2 });
      const other = await t.login('canbo.badinh');
      // O-1 and O-2 exist in Hoàn Kiếm; O-8 and O-9 nowhere: Ba Đình's import cannot tell them apart.
      for (const mode of ['all_or_nothing', 'valid_rows'] as const) {
        const source = `oracle-${mode}`;
        if (mode === 'all_or_nothing') {
          const seed = await send(t, officer, 'hk.csv', file(['O-1', 'O-2']));
          await runImport(t, officer, {
            uploadId: seed.json().uploadId,
            mapping: mapping(source),
            mode,
            defaults: { unitId: hoanKiemUnit },
          });
        }
        const up = await send(t, other, 'bd.csv', file(['O-1', 'O-8', 'O-2', 'O-9']));
        const { batch } = await runImport(t, other, {
          uploadId: up.json().uploadId,
          mapping: mapping(mode === 'valid_rows' ? 'oracle' : source),
          mode,
          defaults: { unitId: baDinhUnit },
        });
        expect(batch, mode).toMatchObject({ status: 'done', imported: 4, skipped: 0, reported: 0, errorCount: 0 });
        // Importing again within one's own unit is idempotent, as before.
        const again = await send(t, other, 'bd.csv', file(['O-1', 'O-8', 'O-2', 'O-9']));
        const second = await runImport(t, other, {
          uploadId: again.json().uploadId,
          mapping: mapping(mode === 'valid_rows' ? 'oracle' : source),
          mode,
          defaults: { unitId: baDinhUnit },
        });
        expect(second.batch, mode).toMatchObject({ status: 'done', imported: 0, skipped: 4 });
      }
    });

    it('should keep saved mappings to their unit: others neither see, use, change nor delete them; foreign ones are for administrators', async () => {
      const other = await t.login('canbo.badinh');
      const created = await t.as(officer, 'POST', '/api/imports/mappings', {
        name: 'Sổ tiếp nhận',
        mapping: mapping('so-hk'),
      });
      expect(created.statusCode, created.body).toBe(200);
      expect(created.json()).toMatchObject({ unitId: hoanKiemUnit });
      const id = created.json().id as string;
      const unknown = '00000000-0000-4000-8000-000000000000';
      const names = async (s: Session) =>
        (await t.as(s, 'GET', '/api/imports/mappings')).json().items.map((m: { name: string }) => m.name);
      expect(await names(officer)).toContain('Sổ tiếp nhận');
      expect(await names(other)).not.toContain('Sổ tiếp nhận');
      expect(await names(admin)).toContain('Sổ tiếp nhận');
      // Another unit's mapping answers exactly like a missing one.
      for (const target of [id, unknown]) {
        const put = await t.as(other, 'PUT', `/api/imports/mappings/${target}`, {
          name: 'Chiếm',
          mapping: mapping('x'),
        });
        expect([put.statusCode, put.json().error.code]).toEqual([404, 'NOT_FOUND']);
        const del = await t.as(other, 'DELETE', `/api/imports/mappings/${target}`);
        expect([del.statusCode, del.json().error.code]).toEqual([404, 'NOT_FOUND']);
        const up = await send(t, other, 'bd.csv', file(['M-1']));
        const use = await t.as(other, 'POST', '/api/imports', {
          uploadId: up.json().uploadId,
          mappingId: target,
          mode: 'valid_rows',
          defaults: { unitId: baDinhUnit },
        });
        expect([use.statusCode, use.json().error.fields]).toEqual([
          400,
          [{ path: 'body.mappingId', vi: 'Không có bảng ánh xạ này', en: 'No such saved mapping' }],
        ]);
      }
      // Names are unique within a unit only (a clash would tell another unit's names).
      const same = await t.as(other, 'POST', '/api/imports/mappings', {
        name: 'Sổ tiếp nhận',
        mapping: mapping('so-bd'),
      });
      expect(same.statusCode, same.body).toBe(200);
      expect(
        (await t.as(officer, 'POST', '/api/imports/mappings', { name: 'Sổ tiếp nhận', mapping: mapping('so-hk') }))
          .statusCode,
      ).toBe(409);
      // The administrators' foreign-data mapping: invisible and untouchable for an officer.
      const sf = (await t.as(admin, 'GET', '/api/imports/mappings'))
        .json()
        .items.find((m: { mapping: { foreign?: unknown } }) => m.mapping.foreign);
      expect(sf).toBeTruthy();
      expect(sf.unitId).toBeNull();
      expect(await names(officer)).not.toContain(sf.name);
      expect(
        (await t.as(officer, 'PUT', `/api/imports/mappings/${sf.id}`, { name: sf.name, mapping: mapping('sf') }))
          .statusCode,
      ).toBe(404);
      expect((await t.as(officer, 'DELETE', `/api/imports/mappings/${sf.id}`)).statusCode).toBe(404);
      expect(
        (await t.as(officer, 'POST', '/api/imports/mappings', { name: 'Nước ngoài', mapping: sf.mapping })).statusCode,
      ).toBe(403);
      // Administrators change any mapping; the owner deletes their own.
      expect(
        (
          await t.as(admin, 'PUT', `/api/imports/mappings/${id}`, {
            name: 'Sổ tiếp nhận (HK)',
            mapping: mapping('so-hk'),
          })
        ).statusCode,
      ).toBe(200);
      expect((await t.as(officer, 'DELETE', `/api/imports/mappings/${id}`)).statusCode).toBe(204);
    });

    it('should let one of several concurrent deletes of a mapping win: one 204 and one audit entry, the others 404', async () => {
      const created = await t.as(admin, 'POST', '/api/imports/mappings', {
        name: 'Xóa đồng thời',
        mapping: mapping('race'),
      });
      const id = created.json().id as string;
      const deletions = () =>
        t.database.db
          .selectFrom('auditLog')
          .select('action')
          .where('entityId', '=', id)
          .where('action', '=', 'import_mapping.deleted')
          .execute();
      // On PostgreSQL the four run in parallel transactions (before: each found the row, each deleted it, each
      // wrote an audit entry); on the embedded engine one after the other.
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => t.as(admin, 'DELETE', `/api/imports/mappings/${id}`)),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([204, 404, 404, 404]);
      expect(await deletions()).toHaveLength(1);
    });
  });

  describe('bounded reading', () => {
    it('should refuse a zip bomb from its central directory, quickly, without inflating it', async () => {
      // 700 rows of one 30,000-character cell ≈ 21 MB of sheet XML deflated to ~23 KB (ratio ~ 900:1).
      const sheet = bombSheetXml(700);
      const bomb = xlsxOf(sheet);
      expect(sheet.length / bomb.length).toBeGreaterThan(300);
      const t0 = performance.now();
      const res = await send(t, officer, 'bomb.xlsx', bomb);
      const ms = performance.now() - t0;
      expect(res.statusCode, res.body).toBe(413);
      const err = res.json().error;
      expect(err.code).toBe('IMPORT_ARCHIVE_TOO_LARGE');
      expect(err.details).toMatchObject({
        limit: 'ratio',
        setting: 'IMPORT_XLSX_MAX_RATIO',
        max: 200,
        entry: 'xl/worksheets/sheet1.xml',
      });
      expect(err.vi).toContain('IMPORT_XLSX_MAX_RATIO');
      expect(err.en).toContain('zip bomb');
      expect(res.body.length).toBeLessThan(4000);
      expect(ms).toBeLessThan(2000);
    });

    it('should stop inflating a part that expands beyond the size its directory declares', async () => {
      // The directory declares 100 KB (ratio within bounds); the data inflates to ~21 MB.
      const bomb = xlsxOf(bombSheetXml(700), 100_000);
      const res = await send(t, officer, 'liar.xlsx', bomb);
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().error.details).toMatchObject({ limit: 'declaredSize', entry: 'xl/worksheets/sheet1.xml' });
    });

    it('should bound the total uncompressed size, the sheets, a cell, the columns of an XLSX row', async () => {
      const bounded = await createTestContext({
        importLimits: {
          maxCellChars: 1000,
          maxColumns: 20,
          maxRows: 50,
          maxLineChars: 5000,
          xlsxMaxEntries: 1000,
          xlsxMaxUncompressedBytes: 2 * 1024 * 1024,
          xlsxMaxRatio: 200,
          xlsxMaxSheets: 3,
          xlsxMaxSharedStringsBytes: 1024 * 1024,
        },
      });
      try {
        const canbo = await bounded.login('canbo');
        const code = async (file: Buffer, name = 'x.xlsx') => {
          const r = await upload(bounded, canbo, name, file);
          statuses.push(r.statusCode);
          return { status: r.statusCode, ...(r.json().error ?? {}) };
        };
        // 3 MB of varied text (ratio ~2): the declared total exceeds 2 MB.
        const varied = Buffer.from(
          Array.from({ length: (3 * 1024 * 1024) / 16 }, (_, i) =>
            ((i * 2654435761) >>> 0).toString(16).padStart(16, '0'),
          ).join(''),
        );
        expect(await code(xlsxOf(varied))).toMatchObject({
          status: 413,
          details: { limit: 'uncompressedBytes', max: 2 * 1024 * 1024 },
        });
        const sheets = await xlsx((wb) => ['a', 'b', 'c', 'd'].forEach((n) => wb.addWorksheet(n).addRow(['x'])));
        expect(await code(sheets)).toMatchObject({
          status: 422,
          code: 'IMPORT_LIMIT_EXCEEDED',
          details: { limit: 'sheets', max: 3 },
        });
        const longCell = await xlsx((wb) => {
          const ws = wb.addWorksheet('s');
          ws.addRow(['Mã', 'Nội dung']);
          ws.addRow(['1', 'x'.repeat(1001)]);
        });
        const c = await code(longCell);
        expect(c).toMatchObject({
          status: 422,
          details: { limit: 'cellChars', max: 1000, row: 2, column: 2, setting: 'IMPORT_MAX_CELL_CHARS' },
        });
        expect(c.vi).toContain('dòng 2, cột 2');
        const wide = await xlsx((wb) => wb.addWorksheet('s').addRow(Array.from({ length: 21 }, (_, i) => `c${i}`)));
        expect(await code(wide)).toMatchObject({ status: 422, details: { limit: 'columns', max: 20, row: 1 } });
        // CSV: a 2 MB header line, 25 columns, a long line of short cells.
        expect(await code(Buffer.from(`${'A'.repeat(2 * 1024 * 1024)}\r\n1\r\n`), 'h.csv')).toMatchObject({
          status: 422,
          details: { limit: 'cellChars', row: 1, column: 1 },
        });
        expect(
          await code(Buffer.from(`${Array.from({ length: 25 }, (_, i) => `c${i}`).join(',')}\r\n`), 'w.csv'),
        ).toMatchObject({ status: 422, details: { limit: 'columns', row: 1 } });
        expect(
          await code(Buffer.from(`${Array.from({ length: 10 }, () => 'y'.repeat(900)).join(',')}\r\n`), 'l.csv'),
        ).toMatchObject({ status: 422, details: { limit: 'lineChars', row: 1 } });
        // Rows: the preview reads 20, the import refuses the 51st data row and records why.
        const many = formatCsv([
          ['Mã', 'Ngày', 'Mã địa bàn'],
          ...Array.from({ length: 60 }, (_, i) => [`M-${i}`, '01/03/2026 08:00', '00070']),
        ]);
        const up = await upload(bounded, canbo, 'many.csv', many);
        expect(up.statusCode, up.body).toBe(200);
        expect(up.json().sampleRows).toHaveLength(20);
      } finally {
        await bounded.close();
      }
    });

    it('should cut the preview to 20 rows and bounded cells, and fail an import whose later row exceeds a bound, naming it (both modes)', async () => {
      const header = ['Mã', 'Ngày', 'Mã địa bàn', 'Nội dung'];
      const rows = Array.from({ length: 40 }, (_, i) => [
        `P-${i}`,
        '01/03/2026 08:00',
        '00070',
        i === 30 ? 'z'.repeat(40_000) : 'y'.repeat(5_000),
      ]);
      const up = await send(t, officer, 'long.csv', formatCsv([header, ...rows]));
      expect(up.statusCode, up.body).toBe(200);
      const body = up.json();
      expect(body.sampleRows).toHaveLength(20);
      expect(body.sampleRows[0][3]).toHaveLength(200);
      expect(body.sampleRows[0][3].endsWith('…')).toBe(true);
      expect(up.body.length).toBeLessThan(20 * 4 * 210 + 2000);
      const mapping = {
        source: 'long-cells',
        externalIdColumn: 'Mã',
        fields: [
          { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
          { column: 'Mã địa bàn', field: 'areaCode' },
          { column: 'Nội dung', field: 'narrative' },
        ],
      };
      for (const mode of ['all_or_nothing', 'valid_rows'] as const) {
        const again = await send(t, officer, 'long.csv', formatCsv([header, ...rows]));
        const { batch } = await runImport(t, officer, {
          uploadId: again.json().uploadId,
          mapping,
          mode,
          defaults: { unitId: hoanKiemUnit },
        });
        expect(batch.status, mode).toBe('failed');
        expect(batch.error).toContain('IMPORT_MAX_CELL_CHARS');
        expect(batch.error).toContain('dòng 32');
      }
    });

    it('should still read a spreadsheet program’s XLSX: shared strings, dates, numbers, booleans, formulas, sparse cells', async () => {
      const file = await xlsx((wb) => {
        wb.addWorksheet('first');
        const ws = wb.getWorksheet('first')!;
        ws.addRow(['Mã', 'Ngày', 'Số', 'Cờ', 'Công thức', 'Trống', 'Cuối']);
        ws.addRow([
          'A-1',
          new Date(Date.UTC(2026, 1, 20, 9, 30, 15)),
          1234.5,
          true,
          { formula: '1+1', result: 2 },
          null,
          'Tràng Tiền & <Hàng Bài>',
        ]);
        ws.addRow([]);
        ws.addRow(['A-2', '20/02/2026 10:00', 0.001, false, { formula: '"a"&"b"', result: 'ab' }, null, null]);
        wb.addWorksheet('second').addRow(['not read']);
      });
      const res = await send(t, officer, 'ok.xlsx', file);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        format: 'xlsx',
        headers: ['Mã', 'Ngày', 'Số', 'Cờ', 'Công thức', 'Trống', 'Cuối'],
        sampleRows: [
          ['A-1', '2026-02-20T09:30:15', '1234.5', 'true', '2', '', 'Tràng Tiền & <Hàng Bài>'],
          ['A-2', '20/02/2026 10:00', '0.001', 'false', 'ab'],
        ],
      });
    });
  });
});
