import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type { TIncidentListQuery } from '../../../contracts/incidents';
import { formatCsvField } from '../../../domain/csv';
import { hcmDateOf } from '../../../domain/calendar/dates';
import { INCIDENT_KIND_LABELS, statusLabel, type IncidentKind } from '../../../domain/incidents/kinds';
import { requirePermission } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import type { UnitService } from '../units/units.service';
import * as repo from './incidents.repository';
import { CONFIDENTIAL_TITLE, canReadConfidential, type IncidentService } from './incidents.service';

const COLUMNS = [
  ['Số hồ sơ / Ref', 'refNo'],
  ['Loại / Kind', 'kind'],
  ['Tiêu đề / Title', 'title'],
  ['Thời điểm xảy ra / Occurred', 'occurred'],
  ['Mã địa bàn / Area code', 'areaCode'],
  ['Địa bàn / Area', 'areaFullName'],
  ['Đơn vị / Unit', 'unitName'],
  ['Trạng thái / Status', 'status'],
  ['Phân loại / Category', 'category'],
  ['Mức độ / Severity', 'severity'],
  ['Hạn giải quyết / Due', 'resolutionDue'],
] as const;

const PAGE = 1000;

/**
 * Streams the filtered list (within the actor's scope) as CSV (UTF-8 with BOM, formula-safe) or XLSX,
 * page by page, so the export's memory does not grow with the number of rows. Audited with its filter.
 */
export async function exportIncidents(
  deps: { db: Db; clock: Clock; units: UnitService; incidents: IncidentService },
  actor: Actor,
  q: Omit<TIncidentListQuery, 'limit' | 'cursor'>,
  format: 'csv' | 'xlsx',
): Promise<{ stream: Readable; fileName: string; contentType: string }> {
  requirePermission(actor, 'incidents.read');
  const scope = await deps.units.scopeRanges(actor);
  const today = hcmDateOf(deps.clock.now());
  const filter = deps.incidents.filterOf(q, today, actor);
  const confidential = canReadConfidential(actor);
  await deps.db.transaction().execute((trx) =>
    appendAudit(trx, actor, { action: 'incident.exported', entityType: 'incident', note: { format, filter: q } }, deps.clock.now()),
  );
  async function* rows() {
    let after = filter.after;
    for (;;) {
      const page = await repo.listIncidents(deps.db, scope, { ...filter, after, limit: PAGE });
      for (const r of page) {
        const kind = r.kind as IncidentKind;
        yield {
          refNo: r.refNo,
          kind: INCIDENT_KIND_LABELS[kind].vi,
          title: r.classification === 'mat' && !confidential ? CONFIDENTIAL_TITLE : r.title,
          occurred: r.occurredAt.toISOString(),
          areaCode: r.areaCode,
          areaFullName: r.areaFullName,
          unitName: r.unitName,
          status: statusLabel(kind, r.status)?.vi ?? r.status,
          category: r.category ?? '',
          severity: r.severity ?? r.trafficSeverity ?? '',
          resolutionDue: r.resolutionDue ?? '',
        } as Record<string, string>;
      }
      if (page.length < PAGE) return;
      const last = page.at(-1)!;
      after = { occurredAt: last.occurredAt.toISOString(), id: last.id };
    }
  }
  const stamp = today.replaceAll('-', '');
  if (format === 'csv') {
    const out = new PassThrough();
    void (async () => {
      try {
        out.write('\uFEFF' + COLUMNS.map(([h]) => formatCsvField(h)).join(',') + '\r\n');
        for await (const r of rows()) {
          const ok = out.write(COLUMNS.map(([, k]) => formatCsvField(r[k] ?? '', true)).join(',') + '\r\n');
          if (!ok) await new Promise((resolve) => out.once('drain', resolve));
        }
        out.end();
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
    return { stream: out, fileName: `vu-viec-${stamp}.csv`, contentType: 'text/csv; charset=utf-8' };
  }
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet('Vụ việc');
  sheet.columns = COLUMNS.map(([header, key]) => ({ header, key, width: key === 'title' ? 40 : 18 }));
  void (async () => {
    try {
      for await (const r of rows()) sheet.addRow(r).commit();
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
