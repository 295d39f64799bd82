import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/csv';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

/** Reads an XLSX answer with ExcelJS, as a user's spreadsheet would. */
async function workbookOf(payload: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb;
}

/** The number of the row whose first cell is `text` (the table's header, below the header lines). */
function rowStarting(ws: ExcelJS.Worksheet, text: string): number {
  let found = 0;
  ws.eachRow((row, n) => {
    if (!found && row.getCell(1).value === text) found = n;
  });
  return found;
}

// TEST_NOW is 2026-03-10T03:00Z = 10:00 in Hanoi.
describe(`exports people can read (${ENGINE})`, () => {
  let t: TestContext;
  let officer: Session;
  let caseRef: string;
  let reportRef: string;

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    officer = await t.login('canbo');
    const unitId = (
      await t.database.db.selectFrom('unit').select('id').where('code', '=', 'CA-00070').executeTakeFirstOrThrow()
    ).id;
    // 08:19:37Z is 15:19 in Hà Nội: the time every export must show.
    const c = await t.as(officer, 'POST', '/api/incidents', {
      kind: 'criminal_case',
      occurredAt: '2025-11-07T08:19:37.000Z',
      receivedAt: '2025-11-07T10:00:00.000Z',
      areaCode: '00070',
      unitId,
      title: '=HYPERLINK("http://x") trộm cắp',
      article: '173',
      clause: 1,
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().severity).toBe('it_nghiem_trong');
    caseRef = c.json().refNo;
    const r = await t.as(officer, 'POST', '/api/incidents', {
      kind: 'crime_report',
      occurredAt: '2026-03-09T20:30:00+07:00',
      receivedAt: '2026-03-10T09:15:00+07:00',
      areaCode: '00070',
      unitId,
      title: 'Mất trộm xe máy',
      reportSource: 'to_giac',
    });
    expect(r.statusCode, r.body).toBe(200);
    reportRef = r.json().refNo;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should write the incident list as CSV in Hanoi time with labels and a header of dates and filters', async () => {
    const res = await t.as(officer, 'GET', '/api/incidents/export?format=csv&from=2025-11-01&to=2026-03-10&lang=vi');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parseCsv(res.body).map((r) => r.fields);
    expect(records[0]).toEqual(['Danh sách vụ việc']);
    expect(records[1]).toEqual(['Thời điểm xảy ra: từ 01/11/2025 đến 10/03/2026']);
    expect(records[2]).toEqual(['Bộ lọc: không']);
    expect(records[3]![0]).toBe('Xuất lúc: 10/03/2026 10:00 (giờ Việt Nam, UTC+7)');
    const headerAt = records.findIndex((r) => r[0] === 'Số hồ sơ');
    expect(headerAt).toBe(4);
    const header = records[headerAt]!;
    const col = (name: string) => header.indexOf(name);
    const row = records.find((r) => r[0] === caseRef)!;
    expect(row[col('Thời điểm xảy ra')]).toBe('07/11/2025 15:19');
    expect(row[col('Loại')]).toBe('Vụ án hình sự');
    expect(row[col('Mức độ')]).toBe('Ít nghiêm trọng');
    expect(row[col('Trạng thái')]).toBe('Đang điều tra');
    expect(row[col('Tội danh / phân loại')]).toBe('Điều 173 - Tội trộm cắp tài sản');
    expect(row[col('Độ mật')]).toBe('Thường');
    // A title that would run as a formula is written as text.
    expect(row[col('Tiêu đề')]).toBe(`'=HYPERLINK("http://x") trộm cắp`);
    const report = records.find((r) => r[0] === reportRef)!;
    expect(report[col('Thời điểm xảy ra')]).toBe('09/03/2026 20:30');
    expect(report[col('Hạn giải quyết')]).toMatch(/^\d{2}\/\d{2}\/2026$/);
    expect(res.body).not.toContain('it_nghiem_trong');
    expect(res.body).not.toContain('2025-11-07T');
  });

  it('should follow the language asked for (lang, else Accept-Language) and name the filters', async () => {
    const en = await t.as(
      officer,
      'GET',
      '/api/incidents/export?format=csv&kind=criminal_case&severity=it_nghiem_trong&lang=en',
    );
    const records = parseCsv(en.body).map((r) => r.fields);
    expect(records[0]).toEqual(['Incident list']);
    expect(records[1]).toEqual(['Occurred: all dates']);
    expect(records[2]).toEqual(['Filters: Kind: Criminal case; Severity: Less serious']);
    const header = records.find((r) => r[0] === 'Reference')!;
    const row = records.find((r) => r[0] === caseRef)!;
    expect(row[header.indexOf('Severity')]).toBe('Less serious');
    expect(row[header.indexOf('Status')]).toBe('Under investigation');
    expect(row[header.indexOf('Occurred')]).toBe('07/11/2025 15:19');
    expect(records.some((r) => r[0] === reportRef)).toBe(false);
    const byHeader = await t.as(officer, 'GET', '/api/incidents/export?format=csv', undefined, {
      'accept-language': 'en-GB,en;q=0.8',
    });
    expect(parseCsv(byHeader.body)[0]!.fields).toEqual(['Incident list']);
    const bad = await t.as(officer, 'GET', '/api/incidents/export?format=csv&lang=fr');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['query.lang']);
  });

  it('should write the incident list as XLSX with real date cells in Hanoi time and labels', async () => {
    const res = await t.as(officer, 'GET', '/api/incidents/export?format=xlsx&from=2025-11-01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ws = (await workbookOf(res.rawPayload)).worksheets[0]!;
    expect(ws.name).toBe('Danh sách vụ việc');
    expect(ws.getCell('A1').value).toBe('Danh sách vụ việc');
    expect(ws.getCell('A2').value).toBe('Thời điểm xảy ra: từ 01/11/2025');
    expect(String(ws.getCell('A4').value)).toMatch(/^Xuất lúc: 10\/03\/2026 10:00/);
    const headerAt = rowStarting(ws, 'Số hồ sơ');
    expect(headerAt).toBe(6);
    const header = (ws.getRow(headerAt).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const dataAt = rowStarting(ws, caseRef);
    const row = ws.getRow(dataAt);
    const occurred = row.getCell(col('Thời điểm xảy ra'));
    expect(occurred.value).toBeInstanceOf(Date);
    // A spreadsheet has no time zone: the cell holds the wall time of Hà Nội (ExcelJS reads it back as UTC).
    expect((occurred.value as Date).toISOString()).toBe('2025-11-07T15:19:37.000Z');
    expect(occurred.numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(row.getCell(col('Mức độ')).value).toBe('Ít nghiêm trọng');
    expect(row.getCell(col('Loại')).value).toBe('Vụ án hình sự');
    const due = ws.getRow(rowStarting(ws, reportRef)).getCell(col('Hạn giải quyết'));
    expect(due.value).toBeInstanceOf(Date);
    expect((due.value as Date).toISOString()).toMatch(/^2026-\d{2}-\d{2}T00:00:00.000Z$/);
    expect(due.numFmt).toBe('dd/mm/yyyy');
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('diff')
      .where('action', '=', 'incident.exported')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.diff).toMatchObject({ note: { format: 'xlsx', lang: 'vi' } });
  });

  it('should export a plan with its dates as date cells, labels in the language asked for and header lines', async () => {
    const commander = await t.login('lanhdao');
    const unitId = (
      await t.database.db.selectFrom('unit').select('id').where('code', '=', 'CA-00070').executeTakeFirstOrThrow()
    ).id;
    const plan = await t.as(commander, 'POST', '/api/plans', { year: 2027, title: 'Kế hoạch xuất thử 2027' });
    expect(plan.statusCode, plan.body).toBe(200);
    const planId = plan.json().id as string;
    const group = await t.as(commander, 'POST', `/api/plans/${planId}/groups`, {
      code: '1',
      title: 'Nhóm một',
      weight: 1,
    });
    expect(group.statusCode, group.body).toBe(200);
    const task = await t.as(commander, 'POST', `/api/plans/groups/${group.json().groups[0].id}/tasks`, {
      title: 'Nhiệm vụ có hạn',
      leadUnitId: unitId,
      startOn: '2026-01-01',
      dueOn: '2026-03-12',
    });
    expect(task.statusCode, task.body).toBe(200);
    for (const [lang, sheet, status, header] of [
      ['vi', 'Kế hoạch', 'Chưa bắt đầu', 'Nhóm'],
      ['en', 'Plan', 'Not started', 'Group'],
    ] as const) {
      const res = await t.as(commander, 'GET', `/api/plans/${planId}/export?lang=${lang}`);
      expect(res.statusCode, res.body).toBe(200);
      const wb = await workbookOf(res.rawPayload);
      const ws = wb.getWorksheet(sheet)!;
      expect(ws.getCell('A1').value).toBe(`Kế hoạch xuất thử 2027 — ${sheet}`);
      expect(ws.getCell('A2').value).toBe(
        `${lang === 'vi' ? 'Năm kế hoạch' : 'Plan year'}: 2027 (01/01/2027 – 31/12/2027)`,
      );
      expect(String(ws.getCell('A3').value)).toMatch(
        lang === 'vi' ? /^Xuất lúc: 10\/03\/2026 10:00/ : /^Exported at: 10\/03\/2026 10:00/,
      );
      const headerAt = rowStarting(ws, header);
      expect(headerAt).toBe(5);
      let row: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (String(r.getCell(2).value).trim() === 'Nhiệm vụ có hạn') row = r;
      });
      expect(row).toBeDefined();
      const due = row!.getCell(6);
      expect(due.value).toBeInstanceOf(Date);
      expect((due.value as Date).toISOString()).toBe('2026-03-12T00:00:00.000Z');
      expect(due.numFmt).toBe('dd/mm/yyyy');
      expect(row!.getCell(7).value).toBe(status);
    }
  });
});
