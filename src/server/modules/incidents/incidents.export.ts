import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type { TIncidentListQuery } from '../../../contracts/incidents';
import { hcmDateOf } from '../../../domain/calendar/dates';
import {
  CSV_BOM,
  XLSX_DATE_FORMAT,
  XLSX_DATE_TIME_FORMAT,
  classificationLabel,
  csvLine,
  incidentStatusLabel,
  kindLabel,
  listHeaderLines,
  localDateText,
  localDateTimeText,
  severityLabel,
  statGroupLabel,
  xlsxDate,
  xlsxLocalDateTime,
  type ExportFilter,
  type ExportLanguage,
  type Labelled,
} from '../../../domain/export';
import { type IncidentKind } from '../../../domain/incidents/kinds';
import { describeArticle, findArticle } from '../../../domain/law/penal-code';
import { requirePermission } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import type { UnitService } from '../units/units.service';
import * as repo from './incidents.repository';
import { CONFIDENTIAL_TITLE, canReadConfidential, type IncidentService } from './incidents.service';

type Cell = string | Date | null;

/** A column: its header in each language, how a row fills it, and the cell type in XLSX. */
interface Column {
  header: Labelled;
  key: string;
  width: number;
  /** `datetime` and `date` cells are real Excel dates (Hanoi wall time); CSV writes them as text. */
  type: 'text' | 'datetime' | 'date';
}

const COLUMNS: readonly Column[] = [
  { header: { vi: 'Số hồ sơ', en: 'Reference' }, key: 'refNo', width: 18, type: 'text' },
  { header: { vi: 'Loại', en: 'Kind' }, key: 'kind', width: 24, type: 'text' },
  { header: { vi: 'Tiêu đề', en: 'Title' }, key: 'title', width: 40, type: 'text' },
  { header: { vi: 'Thời điểm xảy ra', en: 'Occurred' }, key: 'occurred', width: 17, type: 'datetime' },
  { header: { vi: 'Mã địa bàn', en: 'Area code' }, key: 'areaCode', width: 10, type: 'text' },
  { header: { vi: 'Địa bàn', en: 'Area' }, key: 'areaFullName', width: 30, type: 'text' },
  { header: { vi: 'Đơn vị', en: 'Unit' }, key: 'unitName', width: 30, type: 'text' },
  { header: { vi: 'Trạng thái', en: 'Status' }, key: 'status', width: 22, type: 'text' },
  { header: { vi: 'Tội danh / phân loại', en: 'Offence / category' }, key: 'category', width: 30, type: 'text' },
  { header: { vi: 'Mức độ', en: 'Severity' }, key: 'severity', width: 22, type: 'text' },
  { header: { vi: 'Độ mật', en: 'Classification' }, key: 'classification', width: 10, type: 'text' },
  { header: { vi: 'Hạn giải quyết', en: 'Resolution due' }, key: 'resolutionDue', width: 13, type: 'date' },
];

const TITLE: Labelled = { vi: 'Danh sách vụ việc', en: 'Incident list' };
const OCCURRED: Labelled = { vi: 'Thời điểm xảy ra', en: 'Occurred' };
const FILTER_NAMES = {
  kind: { vi: 'Loại', en: 'Kind' },
  areaCode: { vi: 'Mã địa bàn', en: 'Area code' },
  unitId: { vi: 'Đơn vị', en: 'Unit' },
  category: { vi: 'Tội danh / phân loại', en: 'Offence / category' },
  statGroup: { vi: 'Nhóm thống kê', en: 'Statistical group' },
  severity: { vi: 'Mức độ', en: 'Severity' },
  status: { vi: 'Trạng thái', en: 'Status' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  dueWithinDays: { vi: 'Đến hạn trong (ngày)', en: 'Due within (days)' },
  q: { vi: 'Tìm kiếm', en: 'Search' },
} as const satisfies Record<string, Labelled>;

const CRIME_KINDS: readonly string[] = ['crime_report', 'criminal_case'];

/** A crime's category is its Penal Code article ("Điều 173 - Tội trộm cắp tài sản"); other kinds keep theirs. */
function categoryText(kind: string, category: string | null, lang: ExportLanguage): string {
  if (!category) return '';
  if (!CRIME_KINDS.includes(kind) || !findArticle(category)) return category;
  const text = describeArticle(category);
  return lang === 'en' ? text.replace(/^Điều /, 'Article ') : text;
}

/** The filter of the export in words, for the header lines. */
async function filtersOf(
  deps: { units: UnitService },
  actor: Actor,
  q: Omit<TIncidentListQuery, 'limit' | 'cursor'>,
  lang: ExportLanguage,
): Promise<ExportFilter[]> {
  const out: ExportFilter[] = [];
  const add = (name: keyof typeof FILTER_NAMES, value: string) => out.push({ name: FILTER_NAMES[name], value });
  if (q.kind) add('kind', kindLabel(q.kind, lang));
  if (q.areaCode) add('areaCode', q.areaCode);
  if (q.unitId) {
    // The unit's name when the actor may read it; its id otherwise (the filter then lists nothing anyway).
    const name = await deps.units.detail(actor, q.unitId).then(
      (d) => d.unit.name,
      () => q.unitId!,
    );
    add('unitId', name);
  }
  if (q.category) add('category', categoryText(q.kind ?? 'criminal_case', q.category, lang));
  if (q.statGroup) add('statGroup', statGroupLabel(q.statGroup, lang));
  if (q.severity) add('severity', severityLabel(q.severity, lang, q.kind));
  if (q.status) add('status', q.kind ? incidentStatusLabel(q.kind, q.status, lang) : q.status);
  if (q.overdue !== undefined)
    add('overdue', q.overdue ? (lang === 'vi' ? 'có' : 'yes') : lang === 'vi' ? 'không' : 'no');
  if (q.dueWithinDays !== undefined) add('dueWithinDays', String(q.dueWithinDays));
  if (q.q) add('q', q.q);
  return out;
}

const PAGE = 1000;

/**
 * Streams the filtered list (within the actor's scope) as CSV (UTF-8 with BOM, RFC 4180, formula-safe) or
 * XLSX, page by page, so the export's memory does not grow with the number of rows. Times are Hanoi time
 * (XLSX: date cells; CSV: dd/MM/yyyy HH:mm), codes are written as their labels in `lang`, and header lines
 * state the dates covered, the filters and the time of export. Audited with its filter.
 */
export async function exportIncidents(
  deps: { db: Db; clock: Clock; units: UnitService; incidents: IncidentService },
  actor: Actor,
  q: Omit<TIncidentListQuery, 'limit' | 'cursor'>,
  format: 'csv' | 'xlsx',
  lang: ExportLanguage = 'vi',
): Promise<{ stream: Readable; fileName: string; contentType: string }> {
  requirePermission(actor, 'incidents.read');
  const scope = await deps.units.scopeRanges(actor);
  const now = deps.clock.now();
  const today = hcmDateOf(now);
  const filter = deps.incidents.filterOf(q, today, actor);
  const confidential = canReadConfidential(actor);
  const header = listHeaderLines(
    {
      title: TITLE[lang],
      dateName: OCCURRED,
      from: q.from,
      to: q.to,
      filters: await filtersOf(deps, actor, q, lang),
      exportedAt: now,
    },
    lang,
  );
  await deps.db
    .transaction()
    .execute((trx) =>
      appendAudit(
        trx,
        actor,
        { action: 'incident.exported', entityType: 'incident', note: { format, lang, filter: q } },
        now,
      ),
    );
  async function* rows(): AsyncGenerator<Record<string, Cell>> {
    let after = filter.after;
    for (;;) {
      const page = await repo.listIncidents(deps.db, scope, { ...filter, after, limit: PAGE });
      for (const r of page) {
        const kind = r.kind as IncidentKind;
        yield {
          refNo: r.refNo,
          kind: kindLabel(kind, lang),
          title: r.classification === 'mat' && !confidential ? CONFIDENTIAL_TITLE : r.title,
          occurred: r.occurredAt,
          areaCode: r.areaCode,
          areaFullName: r.areaFullName,
          unitName: r.unitName,
          status: incidentStatusLabel(kind, r.status, lang),
          category: categoryText(kind, r.category, lang),
          severity: severityLabel(r.severity ?? r.trafficSeverity, lang, kind),
          classification: classificationLabel(r.classification, lang),
          resolutionDue: r.resolutionDue,
        };
      }
      if (page.length < PAGE) return;
      const last = page.at(-1)!;
      after = { occurredAt: last.occurredAt.toISOString(), id: last.id };
    }
  }
  const stamp = today.replaceAll('-', '');
  const out = new PassThrough();
  if (format === 'csv') {
    const text = (c: Column, v: Cell): string =>
      v === null ? '' : v instanceof Date ? localDateTimeText(v) : c.type === 'date' ? localDateText(v) : v;
    void (async () => {
      try {
        // Header lines, an empty line, then the table (its first record names the columns).
        out.write(CSV_BOM + header.map((line) => csvLine([line])).join('') + '\r\n');
        out.write(csvLine(COLUMNS.map((c) => c.header[lang])));
        for await (const r of rows()) {
          const ok = out.write(csvLine(COLUMNS.map((c) => text(c, r[c.key] ?? null))));
          if (!ok) await new Promise((resolve) => out.once('drain', resolve));
        }
        out.end();
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
    return { stream: out, fileName: `vu-viec-${stamp}.csv`, contentType: 'text/csv; charset=utf-8' };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(TITLE[lang]);
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  void (async () => {
    try {
      header.forEach((line, i) => {
        const row = sheet.addRow([line]);
        row.font = { bold: i === 0, size: i === 0 ? 13 : 11 };
        row.commit();
      });
      sheet.addRow([]).commit();
      const head = sheet.addRow(COLUMNS.map((c) => c.header[lang]));
      head.font = { bold: true };
      head.commit();
      for await (const r of rows()) {
        const row = sheet.addRow(
          COLUMNS.map((c) => {
            const v = r[c.key] ?? null;
            if (v === null) return null;
            if (c.type === 'datetime') return xlsxLocalDateTime(v);
            if (c.type === 'date') return xlsxDate(v as string);
            return v;
          }),
        );
        COLUMNS.forEach((c, i) => {
          if (c.type !== 'text')
            row.getCell(i + 1).numFmt = c.type === 'datetime' ? XLSX_DATE_TIME_FORMAT : XLSX_DATE_FORMAT;
        });
        row.commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return {
    stream: out,
    fileName: `vu-viec-${stamp}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
