import { randomUUID } from 'node:crypto';
import { describeError } from '../../platform/log-redaction';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { TColumnMapping, TImportBatch, TRowError, TStartImport, TUpload } from '../../../contracts/imports';
import type { TCreateIncident } from '../../../contracts/incidents';
import { hcmDateOf } from '../../../domain/calendar/dates';
import { formatCsv } from '../../../domain/csv';
import {
  compileMapping,
  localDateOf,
  isTimeZone,
  type ColumnMapping,
  type MappedRecord,
} from '../../../domain/import/mapping';
import {
  ARCHIVE_LIMITS,
  ImportLimitError,
  LIMIT_SETTING,
  PREVIEW_ROWS,
  previewCell,
} from '../../../domain/import/limits';
import { createRowValidator, REPORT_CSV_HEADER } from '../../../domain/import/validate-rows';
import { isIncidentKind, type IncidentKind } from '../../../domain/incidents/kinds';
import type { EncodingName } from '../../../domain/text';
import { toSearchKey } from '../../../domain/text/vietnamese';
import { isUnitInScope, notVisible, requirePermission, requireReferencesInScope } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema.generated';
import { AppError, notFound } from '../../platform/errors';
import type { AreaService } from '../areas/areas.service';
import { buildIncidentRow, REF_PREFIX, searchKeyOf } from '../incidents/incidents.service';
import type { UnitService } from '../units/units.service';
import { readRows, sniffEncoding, sniffFormat, type ImportFormat } from './imports.reader';
import * as repo from './imports.repository';
import * as incidentRepo from '../incidents/incidents.repository';
import * as unitRepo from '../units/units.repository';
import * as areaRepo from '../areas/areas.repository';

/** Rows per write transaction in "valid rows" mode (and per statement in both modes). */
export const CHUNK_ROWS = 500;
/** The full report keeps at most this many errors. */
export const REPORT_CAP = 100_000;
/** Errors returned with a batch. */
export const ERRORS_SHOWN = 200;
/** A running batch without a heartbeat for this long belongs to a dead process (PostgreSQL; PGlite: at start-up). */
const STALE_MS = 60_000;
const UPLOAD_TTL_MS = 24 * 3600_000;

interface UploadMeta {
  uploadId: string;
  fileName: string;
  size: number;
  format: ImportFormat;
  encoding: EncodingName;
  confidence: number;
  headers: string[];
  sampleRows: string[][];
  userId: string | null;
  at: string;
}

interface Progress {
  phase: 'validating' | 'writing';
  totalRows: number;
  processed: number;
  imported: number;
  skipped: number;
  reported: number;
}

interface UnitInfo {
  id: string;
  code: string;
  path: string;
}

/** A row ready to be written. */
/**
 * A valid row, built into its incident row while the file is read (so the chunk's write transaction only
 * reserves reference numbers and writes); `refNo` and `searchKey` are filled in at write time.
 */
interface Prepared {
  externalId: string;
  kind: IncidentKind;
  receivedAt: string;
  area: { code: string; validFrom: string; fullName: string };
  row: Record<string, unknown>;
  searchTail: string;
}

const invalid = (path: string, vi: string, en: string) =>
  new AppError('VALIDATION_FAILED', { fields: [{ path, vi, en }] });

/** The value with every NUL character removed from its strings (PostgreSQL text and jsonb refuse them). */
function stripNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map((v) => stripNul(v as unknown)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), stripNul(v as unknown)])) as T;
  return value;
}

/** Path of the first string holding a NUL character, if any. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const p = k.includes('\u0000') ? `${path}.${k}` : nulPath(v, `${path}.${k}`);
      if (p) return p;
    }
  return null;
}

/** A reader's error as the API's: a bound exceeded names it (413 for the container, 422 for the content). */
export function readError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ImportLimitError)
    return new AppError(ARCHIVE_LIMITS.has(err.limit) ? 'IMPORT_ARCHIVE_TOO_LARGE' : 'IMPORT_LIMIT_EXCEEDED', {
      vi: err.vi,
      en: err.en,
      fields: [{ path: 'body.file', vi: err.vi, en: err.en }],
      details: { limit: err.limit, setting: LIMIT_SETTING[err.limit], max: err.max, ...err.where },
    });
  const msg = (err as Error).message.slice(0, 300);
  return invalid('body.file', `Không đọc được tệp: ${msg}`, `Cannot read the file: ${msg}`);
}
const slug = (s: string) =>
  toSearchKey(s)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
const foreignCode = (source: string, value: string) =>
  `${slug(source)}:${toSearchKey(value)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}`;

export class ImportService {
  /** Progress of the jobs running in this process (the database has it too, at each chunk). */
  private readonly live = new Map<string, Progress>();
  private readonly jobs = new Set<Promise<void>>();
  readonly uploadDir: string;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      config: Config;
      units: UnitService;
      areas: AreaService;
      engine?: string;
    },
  ) {
    this.uploadDir = path.join(deps.config.importDir ?? path.join(os.tmpdir(), 'binhan-imports'));
  }

  // ------------------------------------------------------------------------------------------------------
  // Uploads

  /** Stores an uploaded file, detects its format and encoding, and returns its header and first rows. */
  async saveUpload(
    actor: Actor,
    file: { filename: string; stream: Readable & { truncated?: boolean } },
  ): Promise<TUpload> {
    requirePermission(actor, 'incidents.write');
    await fs.promises.mkdir(this.uploadDir, { recursive: true });
    void this.cleanUploads();
    const uploadId = randomUUID();
    const target = this.uploadPath(uploadId);
    const part = `${target}.part`;
    try {
      await pipeline(file.stream, fs.createWriteStream(part));
      if (file.stream.truncated)
        throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit: this.deps.config.importMaxBytes } });
      const size = (await fs.promises.stat(part)).size;
      if (size === 0) throw invalid('file', 'Tệp rỗng', 'The file is empty');
      await fs.promises.rename(part, target);
      const format = await sniffFormat(target);
      const { encoding, confidence } =
        format === 'csv' ? await sniffEncoding(target) : { encoding: 'utf-8' as const, confidence: 1 };
      // The preview: the header and the first rows, each cell cut for display; the readers' bounds apply
      // (a bound exceeded is a 413/422 naming it, a file that cannot be read a 400).
      let headers: string[] = [];
      const sampleRows: string[][] = [];
      try {
        for await (const row of readRows(target, format, encoding, this.deps.config.importLimits)) {
          if (headers.length === 0) headers = row.fields.map((h) => h.trim());
          else sampleRows.push(row.fields.map((c) => previewCell(c)));
          if (sampleRows.length >= PREVIEW_ROWS) break;
        }
      } catch (err) {
        throw readError(err);
      }
      if (headers.length === 0) throw invalid('file', 'Tệp không có dòng tiêu đề', 'The file has no header row');
      const meta: UploadMeta = {
        uploadId,
        fileName: stripNul(path.basename(file.filename || 'upload')).slice(0, 200) || 'upload',
        size,
        format,
        encoding,
        confidence,
        headers,
        sampleRows,
        userId: actor.userId,
        at: this.deps.clock.now().toISOString(),
      };
      await fs.promises.writeFile(`${target}.json`, JSON.stringify(meta));
      const { userId: _u, at: _a, ...out } = meta;
      return out;
    } catch (err) {
      await Promise.all([part, target, `${target}.json`].map((f) => fs.promises.rm(f, { force: true })));
      throw err;
    }
  }

  private uploadPath(uploadId: string) {
    if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw notFound('tệp tải lên');
    return path.join(this.uploadDir, uploadId);
  }

  private async uploadMeta(actor: Actor, uploadId: string): Promise<UploadMeta> {
    const file = this.uploadPath(uploadId);
    let meta: UploadMeta;
    try {
      meta = JSON.parse(await fs.promises.readFile(`${file}.json`, 'utf8')) as UploadMeta;
    } catch {
      throw notFound('tệp tải lên');
    }
    if (actor.kind !== 'system' && meta.userId !== actor.userId) throw notFound('tệp tải lên');
    return meta;
  }

  /** Uploads older than a day are removed (the import removes its own when it completes). */
  private async cleanUploads() {
    try {
      const now = Date.now();
      for (const name of await fs.promises.readdir(this.uploadDir)) {
        const f = path.join(this.uploadDir, name);
        const st = await fs.promises.stat(f).catch(() => null);
        if (st && now - st.mtimeMs > UPLOAD_TTL_MS) await fs.promises.rm(f, { force: true });
      }
    } catch {
      /* best effort */
    }
  }

  /** For the CLI: registers a local file as an upload (copied, so the original stays untouched). */
  async uploadLocalFile(actor: Actor, file: string): Promise<TUpload> {
    const stream = fs.createReadStream(file);
    return this.saveUpload(actor, { filename: path.basename(file), stream });
  }

  // ------------------------------------------------------------------------------------------------------
  // Saved mappings

  private toSaved(r: Awaited<ReturnType<typeof repo.findMapping>> & object) {
    return {
      id: r.id,
      name: r.name,
      source: r.source,
      mapping: r.mapping as TColumnMapping,
      unitId: r.unitId,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  /**
   * What an actor may do with a saved mapping. Foreign-data mappings: nothing for others than administrators
   * (foreign data is for administrators only). The system's own mappings (no unit): read and use; administrators
   * also change and delete them. Otherwise the mapping's unit decides, for administrators too (an administrator of
   * a ward is one of that ward): in the actor's subtree, read, use, change and delete; outside it, nothing — the
   * mapping is answered as if it did not exist (404), so its existence is not told either.
   */
  private mappingAccess(actor: Actor, m: { unitPath: string | null; mapping: unknown }): 'none' | 'read' | 'write' {
    if (actor.kind === 'system') return 'write';
    const admin = actor.roles.includes('administrator');
    if ((m.mapping as TColumnMapping).foreign && !admin) return 'none';
    if (m.unitPath === null) return admin ? 'write' : 'read';
    return isUnitInScope(actor, m.unitPath) ? 'write' : 'none';
  }

  /** A mapping the actor may change, or 404 (absent or out of scope) / 403 (shared, read-only). */
  private async writableMapping(actor: Actor, trx: Transaction<DB>, id: string) {
    const m = await repo.findMapping(trx, id);
    const access = m ? this.mappingAccess(actor, m) : 'none';
    if (!m || access === 'none') throw notFound('bảng ánh xạ');
    if (access === 'read')
      throw new AppError('FORBIDDEN', {
        vi: 'Bảng ánh xạ dùng chung chỉ quản trị hệ thống được sửa, xóa',
        en: 'Only administrators change or delete a shared mapping',
      });
    return m;
  }

  private requireForeignAllowed(actor: Actor, m: TColumnMapping) {
    if (m.foreign && !(actor.kind === 'system' || actor.roles.includes('administrator')))
      throw new AppError('FORBIDDEN', {
        vi: 'Chỉ quản trị hệ thống được nhập dữ liệu nước ngoài',
        en: 'Only administrators import foreign data',
      });
  }

  async listMappings(actor: Actor) {
    requirePermission(actor, 'incidents.read');
    return (await repo.listMappings(this.deps.db))
      .filter((r) => this.mappingAccess(actor, r) !== 'none')
      .map((r) => this.toSaved(r));
  }

  private checkMapping(m: TColumnMapping, pathPrefix: string) {
    const nul = nulPath(m, pathPrefix);
    if (nul) throw invalid(nul, 'Có ký tự NUL (mã 0)', 'Holds a NUL character (code 0)');
    m.fields.forEach((f, i) => {
      if (f.timeZone && !isTimeZone(f.timeZone))
        throw invalid(
          `${pathPrefix}.fields.${i}.timeZone`,
          `Múi giờ không hợp lệ: ${f.timeZone}`,
          `Unknown time zone: ${f.timeZone}`,
        );
    });
    if (m.foreign && !m.fields.some((f) => f.field === 'occurredAt'))
      throw invalid(`${pathPrefix}.fields`, 'Cần cột ngày xảy ra', 'An occurrence date column is needed');
  }

  async createMapping(actor: Actor, input: { name: string; mapping: TColumnMapping }) {
    requirePermission(actor, 'incidents.write');
    this.checkMapping(input.mapping, 'body.mapping');
    this.requireForeignAllowed(actor, input.mapping);
    if (input.name.includes('\u0000'))
      throw invalid('body.name', 'Có ký tự NUL (mã 0)', 'Holds a NUL character (code 0)');
    const now = this.deps.clock.now();
    const id = randomUUID();
    // Owned by the creator's unit (the system's own mappings have none); names are unique within a unit.
    const unitId = actor.kind === 'system' ? null : actor.unitId;
    await this.deps.db.transaction().execute(async (trx) => {
      if (await repo.findMappingByName(trx, input.name, unitId))
        throw new AppError('CONFLICT', {
          fields: [{ path: 'body.name', vi: 'Tên đã được dùng', en: 'The name is taken' }],
        });
      await repo.insertMapping(trx, {
        id,
        name: input.name,
        source: input.mapping.source,
        mapping: input.mapping,
        unitId,
        createdBy: actor.userId,
        at: now,
      });
      await appendAudit(
        trx,
        actor,
        {
          action: 'import_mapping.created',
          entityType: 'import_mapping',
          entityId: id,
          after: { name: input.name, source: input.mapping.source },
        },
        now,
      );
    });
    return this.toSaved((await repo.findMapping(this.deps.db, id))!);
  }

  async updateMapping(actor: Actor, id: string, input: { name: string; mapping: TColumnMapping }) {
    requirePermission(actor, 'incidents.write');
    this.checkMapping(input.mapping, 'body.mapping');
    this.requireForeignAllowed(actor, input.mapping);
    if (input.name.includes('\u0000'))
      throw invalid('body.name', 'Có ký tự NUL (mã 0)', 'Holds a NUL character (code 0)');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.writableMapping(actor, trx, id);
      const same = await repo.findMappingByName(trx, input.name, before.unitId);
      if (same && same.id !== id)
        throw new AppError('CONFLICT', {
          fields: [{ path: 'body.name', vi: 'Tên đã được dùng', en: 'The name is taken' }],
        });
      await repo.updateMapping(trx, id, {
        name: input.name,
        source: input.mapping.source,
        mapping: input.mapping,
        at: now,
      });
      await appendAudit(
        trx,
        actor,
        {
          action: 'import_mapping.updated',
          entityType: 'import_mapping',
          entityId: id,
          before: { name: before.name, mapping: before.mapping },
          after: { name: input.name, mapping: input.mapping },
        },
        now,
      );
    });
    return this.toSaved((await repo.findMapping(this.deps.db, id))!);
  }

  async deleteMapping(actor: Actor, id: string) {
    requirePermission(actor, 'incidents.write');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await this.writableMapping(actor, trx, id);
      // DELETE … RETURNING: of two concurrent deletes, the one that deletes nothing (the other won) answers
      // 404 and writes no audit entry.
      const before = await repo.deleteMapping(trx, id);
      if (!before) throw notFound('bảng ánh xạ');
      await appendAudit(
        trx,
        actor,
        {
          action: 'import_mapping.deleted',
          entityType: 'import_mapping',
          entityId: id,
          before: { name: before.name, source: before.source },
        },
        now,
      );
    });
  }

  /** For the command line (acting as the system). */
  async findMappingByName(name: string) {
    const r = await repo.findMappingByNameAnyUnit(this.deps.db, name);
    return r ? this.toSaved(r) : null;
  }

  // ------------------------------------------------------------------------------------------------------
  // Batches

  /**
   * Checks the request (permission, upload, mapping against the file's header, default unit in scope,
   * foreign data for administrators only), records the batch and runs it in the background of this process.
   */
  async start(actor: Actor, input: TStartImport): Promise<{ batchId: string; done: Promise<void> }> {
    requirePermission(actor, 'incidents.write');
    const meta = await this.uploadMeta(actor, input.uploadId);
    let mapping: TColumnMapping;
    let mappingId: string | null = null;
    if (input.mappingId) {
      const saved = await repo.findMapping(this.deps.db, input.mappingId);
      if (!saved || this.mappingAccess(actor, saved) === 'none')
        throw invalid('body.mappingId', 'Không có bảng ánh xạ này', 'No such saved mapping');
      mapping = saved.mapping as TColumnMapping;
      mappingId = saved.id;
    } else mapping = input.mapping!;
    const mpath = input.mappingId ? 'body.mappingId' : 'body.mapping';
    this.checkMapping(mapping, mpath);
    this.requireForeignAllowed(actor, mapping);
    if (!mapping.externalIdColumn)
      throw invalid(
        `${mpath}.externalIdColumn`,
        'Cần cột mã hồ sơ của nguồn (để nhập lại không tạo bản trùng)',
        'A source ID column is needed (so that a re-import adds no duplicates)',
      );
    const hasArea = mapping.foreign || mapping.areaFromPoint || mapping.fields.some((f) => f.field === 'areaCode');
    if (!hasArea)
      throw invalid(
        `${mpath}.fields`,
        'Cần cột mã địa bàn (hoặc xác định theo tọa độ)',
        'An area code column is needed (or the area from the point)',
      );
    if (!mapping.fields.some((f) => f.field === 'occurredAt'))
      throw invalid(`${mpath}.fields`, 'Cần cột ngày xảy ra', 'An occurrence date column is needed');
    const effective = this.effectiveMapping(mapping);
    const compiled = compileMapping(meta.headers, effective);
    if (compiled.headerErrors.length)
      throw new AppError('VALIDATION_FAILED', {
        vi: `Bảng ánh xạ dùng cột không có trong tệp: ${compiled.headerErrors.map((e) => `"${e.column}"`).join(', ')}`,
        en: `The mapping uses columns the file does not have: ${compiled.headerErrors.map((e) => `"${e.column}"`).join(', ')}`,
        fields: compiled.headerErrors.map((e) => ({ path: mpath, vi: e.vi, en: e.en })),
        details: { missingColumns: compiled.headerErrors.map((e) => e.column) },
      });
    // Default unit: given, or the actor's own; it must be one the actor may refer to (the one scope check of
    // referenced ids: a unit elsewhere is answered like one that does not exist).
    let defaultUnit: UnitInfo | null = null;
    const unitId = input.defaults.unitId ?? (mapping.foreign ? null : actor.unitId);
    if (unitId) {
      await requireReferencesInScope([this.deps.units.unitReference(actor, 'body.defaults.unitId', unitId)]);
      const u = await unitRepo.findUnit(this.deps.db, unitId);
      if (!u) throw invalid('body.defaults.unitId', 'Đơn vị không tồn tại', 'Unknown unit');
      defaultUnit = u;
    } else if (!mapping.foreign && !mapping.fields.some((f) => f.field === 'unitCode'))
      throw invalid('body.defaults.unitId', 'Cần đơn vị thụ lý mặc định', 'A default handling unit is needed');

    const now = this.deps.clock.now();
    const batchId = randomUUID();
    await repo.insertBatch(this.deps.db, {
      id: batchId,
      source: mapping.source,
      fileName: meta.fileName,
      mode: input.mode,
      unitId: defaultUnit?.id ?? null,
      mappingId,
      mapping,
      uploadId: meta.uploadId,
      format: meta.format,
      encoding: meta.encoding,
      createdBy: actor.userId,
      at: now,
    });
    this.live.set(batchId, {
      phase: input.mode === 'all_or_nothing' ? 'validating' : 'writing',
      totalRows: 0,
      processed: 0,
      imported: 0,
      skipped: 0,
      reported: 0,
    });
    const done = this.run(actor, batchId, meta, mapping, input, defaultUnit).finally(() => {
      this.live.delete(batchId);
      this.jobs.delete(done);
    });
    this.jobs.add(done);
    return { batchId, done };
  }

  /** Waits for the jobs of this process (tests, CLI, shutdown). */
  async idle() {
    while (this.jobs.size) await Promise.allSettled([...this.jobs]);
  }

  /** For foreign data, the area column fills the area code field. */
  private effectiveMapping(mapping: TColumnMapping): ColumnMapping {
    const fields = mapping.fields.filter((f) => !(mapping.foreign && f.field === 'areaCode'));
    if (mapping.foreign) fields.push({ column: mapping.foreign.areaColumn, field: 'areaCode' });
    return { ...mapping, fields } as ColumnMapping;
  }

  private async run(
    actor: Actor,
    batchId: string,
    meta: UploadMeta,
    mapping: TColumnMapping,
    input: TStartImport,
    defaultUnit: UnitInfo | null,
  ) {
    const progress = this.live.get(batchId)!;
    const report: TRowError[] = [];
    let reportedRows = 0;
    let failure: string | null = null;
    let status: 'done' | 'refused' | 'failed' = 'done';
    try {
      const ctx = await this.prepare(actor, batchId, meta, mapping, input, defaultUnit);
      const addErrors = (errors: TRowError[]) => {
        reportedRows++;
        for (const e of errors) if (report.length < REPORT_CAP) report.push(e);
      };
      if (input.mode === 'all_or_nothing') {
        // Pass 1: validate everything, write nothing.
        await this.pass(ctx, async () => {}, addErrors, progress, batchId);
        progress.reported = reportedRows;
        if (reportedRows > 0) status = 'refused';
        else {
          // Pass 2: everything in one transaction.
          progress.phase = 'writing';
          progress.processed = 0;
          await this.deps.db.transaction().execute(async (trx) => {
            await this.pass(
              ctx,
              (rows) => this.writeChunk(trx, ctx, rows, progress),
              () => {},
              progress,
              null,
              true,
            );
            await this.finish(trx, actor, batchId, progress, status, report, null);
          });
          return;
        }
      } else {
        await this.pass(
          ctx,
          (rows) =>
            this.deps.db.transaction().execute(async (trx) => {
              await this.writeChunk(trx, ctx, rows, progress);
              await repo.updateProgress(trx, batchId, { ...progress, at: this.deps.clock.now() });
            }),
          addErrors,
          progress,
          null,
        );
        progress.reported = reportedRows;
      }
    } catch (err) {
      status = 'failed';
      failure =
        err instanceof AppError
          ? (err.opts.vi ?? err.message)
          : err instanceof ImportLimitError
            ? `${err.vi} / ${err.en}`
            : (err as Error).message;
      if (input.mode === 'all_or_nothing') {
        progress.imported = 0;
        progress.skipped = 0;
      }
    }
    progress.reported = reportedRows;
    await this.recordEnd(actor, batchId, progress, status, report, failure);
  }

  /**
   * Records the end of a batch whatever happened: the status, counts, report and cause. Should that write
   * itself fail (a value the database refuses, a lost connection), the batch is still closed as `failed` with
   * the cause and the reason the report could not be kept, so it never stays `running` to be found
   * `interrupted` later with its real cause lost.
   */
  private async recordEnd(
    actor: Actor,
    batchId: string,
    progress: Progress,
    status: 'done' | 'refused' | 'failed',
    report: TRowError[],
    failure: string | null,
  ) {
    const clean = stripNul(report);
    const cause = failure === null ? null : stripNul(failure);
    try {
      await this.deps.db
        .transaction()
        .execute((trx) => this.finish(trx, actor, batchId, progress, status, clean, cause));
      return;
    } catch (err) {
      const why = stripNul((err as Error).message ?? String(err)).slice(0, 500);
      const summary = `${cause ?? `${status}, ${progress.reported} rows reported`} — the end of the batch could not be recorded in full: ${why}`;
      try {
        await this.deps.db
          .transaction()
          .execute((trx) => this.finish(trx, actor, batchId, progress, 'failed', [], summary));
      } catch (err2) {
        console.error('import: cannot record the end of batch', batchId, describeError(err2));
      }
    }
  }

  private async finish(
    trx: Transaction<DB>,
    actor: Actor,
    batchId: string,
    p: Progress,
    status: string,
    report: TRowError[],
    failure: string | null,
  ) {
    const now = this.deps.clock.now();
    const counts = {
      totalRows: p.totalRows,
      processed: p.processed,
      imported: p.imported,
      skipped: p.skipped,
      reported: p.reported,
    };
    await repo.finishBatch(trx, batchId, { status, ...counts, report, error: failure, at: now });
    await appendAudit(
      trx,
      actor,
      {
        action: `import.${status}`,
        entityType: 'import_batch',
        entityId: batchId,
        note: { ...counts, errors: report.length, ...(failure ? { failure } : {}) },
      },
      now,
    );
    if (status !== 'failed') {
      const uploadId = await repo.uploadIdOf(trx, batchId);
      if (uploadId) {
        const f = this.uploadPath(uploadId);
        // Removed after the commit, so a rollback still has its file.
        setImmediate(() => void Promise.all([f, `${f}.json`].map((x) => fs.promises.rm(x, { force: true }))));
      }
    }
  }

  /** Lookups of one batch: communes, units, foreign areas, the validator's options. */
  private async prepare(
    actor: Actor,
    batchId: string,
    meta: UploadMeta,
    mapping: TColumnMapping,
    input: TStartImport,
    defaultUnit: UnitInfo | null,
  ) {
    const db = this.deps.db;
    const communes = new Map<string, { validFrom: string; validTo: string | null; fullName: string }[]>();
    for (const a of await repo.communes(db)) communes.set(a.code, [...(communes.get(a.code) ?? []), a]);
    const units = new Map<string, UnitInfo>();
    for (const u of await repo.allUnits(db)) units.set(u.code.toUpperCase(), u);
    let foreign: {
      unit: UnitInfo;
      areas: Map<string, { code: string; validFrom: string; fullName: string }>;
      generation: string;
    } | null = null;
    if (mapping.foreign) foreign = await this.ensureForeignSet(actor, mapping.source, mapping.foreign.label);
    const occurredField = mapping.fields.find((f) => f.field === 'occurredAt');
    const areaOn = (code: string, date: string) =>
      (communes.get(code) ?? []).find((a) => a.validFrom <= date && (a.validTo === null || a.validTo >= date));
    return {
      actor,
      batchId,
      meta,
      mapping,
      effective: this.effectiveMapping(mapping),
      defaults: input.defaults,
      defaultUnit,
      units,
      foreign,
      occurredZone: { timeZone: occurredField?.timeZone, utcOffset: occurredField?.utcOffset },
      areaOn,
      // A source with no incident yet needs no per-chunk look-up of existing IDs (ON CONFLICT still guards).
      sourceHadRows: await repo.sourceHasIncidents(db, mapping.source),
    };
  }

  /**
   * The foreign area set of a source (once, idempotently, audited): a generation `foreign-<source>`, and a unit
   * FOREIGN-<SOURCE> under the city unit; areas are added as their values appear (`ensureForeignAreas`).
   */
  private async ensureForeignSet(actor: Actor, source: string, label: string) {
    const s = slug(source);
    const generation = `foreign-${s}`;
    const unitCode = `FOREIGN-${s.toUpperCase()}`;
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const g = await areaRepo.findGeneration(trx, generation);
      const u = await unitRepo.findUnitByCode(trx, unitCode);
      if (g && u) return;
      if (!g)
        await areaRepo.insertGeneration(
          trx,
          {
            id: generation,
            label: `Dữ liệu nước ngoài: ${label}`,
            validFrom: '1900-01-01',
            validTo: null,
            source: `import:${source}`,
          },
          now,
        );
      if (!u) {
        const city = await unitRepo.findCityUnit(trx);
        const id = randomUUID();
        await unitRepo.insertUnits(trx, [
          {
            id,
            code: unitCode,
            name: `Dữ liệu nước ngoài: ${label}`,
            kind: 'other',
            parentId: city?.id ?? null,
            path: `${city?.path ?? '/'}${id}/`,
            validFrom: '1900-01-01',
            validTo: null,
            cityWide: false,
          },
        ]);
      }
      await appendAudit(
        trx,
        actor,
        {
          action: 'import.foreign_set_created',
          entityType: 'area_generation',
          entityId: generation,
          after: { generation, unitCode, label },
        },
        now,
      );
    });
    const unit = await unitRepo.findUnitByCode(this.deps.db, unitCode);
    if (!unit) throw new Error(`foreign unit ${unitCode} missing after creation`);
    const areas = new Map<string, { code: string; validFrom: string; fullName: string }>();
    for (const a of await areaRepo.areasOfGeneration(this.deps.db, generation)) areas.set(a.code, a);
    return { unit, areas, generation };
  }

  /** Adds the foreign areas a chunk needs (and the foreign unit's jurisdiction over them); audited when any is new. */
  private async ensureForeignAreas(
    trx: Transaction<DB>,
    ctx: Awaited<ReturnType<ImportService['prepare']>>,
    values: Map<string, string>,
  ) {
    const f = ctx.foreign!;
    const missing = [...values.entries()].filter(([code]) => !f.areas.has(code));
    if (missing.length === 0) return;
    const label = ctx.mapping.foreign!.label;
    const rows = missing.map(([code, name]) => ({
      code,
      validFrom: '1900-01-01',
      validTo: null,
      name,
      fullName: `${name} (${label})`,
      type: 'foreign',
      level: 3,
      parentCode: null,
      provinceCode: 'ZZ',
      searchKey: toSearchKey(`${name} ${label}`),
      population: null,
      generationId: f.generation,
    }));
    const inserted = await trx
      .insertInto('area')
      .values(rows)
      .onConflict((oc) => oc.columns(['code', 'validFrom']).doNothing())
      .returning('code')
      .execute();
    if (inserted.length) {
      await trx
        .insertInto('unitJurisdiction')
        .values(
          inserted.map((a) => ({
            unitId: f.unit.id,
            areaCode: a.code,
            areaValidFrom: '1900-01-01',
            validFrom: '1900-01-01',
            validTo: null,
          })),
        )
        .execute();
      await appendAudit(
        trx,
        ctx.actor,
        {
          action: 'import.foreign_areas_created',
          entityType: 'area_generation',
          entityId: f.generation,
          after: { codes: inserted.map((a) => a.code) },
        },
        this.deps.clock.now(),
      );
    }
    // Known after the commit; within the transaction they are visible to the following inserts already.
    for (const r of rows) f.areas.set(r.code, { code: r.code, validFrom: r.validFrom, fullName: r.fullName });
  }

  /**
   * One pass over the file: every row validated; valid rows handed to `write` in chunks; bad rows to
   * `report`. Progress in memory at each row and in the database at each chunk when `progressBatch` is set.
   */
  private async pass(
    ctx: Awaited<ReturnType<ImportService['prepare']>>,
    write: (rows: Prepared[]) => Promise<void>,
    report: (errors: TRowError[]) => void,
    progress: Progress,
    progressBatch: string | null,
    inTransaction = false,
  ) {
    const now = this.deps.clock.now();
    const m = ctx.effective;
    const columnOf = (field: string) => m.fields.find((f) => f.field === field)?.column ?? field;
    let validator: ReturnType<typeof createRowValidator> | null = null;
    let chunk: Prepared[] = [];
    let rows = 0;
    // One chunk of look-ahead: chunk k is written while chunk k+1 is read, validated and prepared, so Node and
    // the database work at the same time (the write of a chunk is still one transaction, in order).
    let pending: Promise<void> | null = null;
    const settle = async () => {
      const p = pending;
      pending = null;
      if (p) await p;
    };
    const flush = async () => {
      await settle();
      if (chunk.length === 0) return;
      const c = chunk;
      chunk = [];
      const p = (async () => {
        await write(c);
        // Between chunk transactions, yield so that other requests are served (PGlite runs one query at a time);
        // never inside the one transaction of an all-or-nothing write.
        const pause = inTransaction ? 0 : this.deps.config.importChunkPauseMs;
        await new Promise((r) => (pause ? setTimeout(r, pause) : setImmediate(r)));
        if (progressBatch)
          await repo.updateProgress(this.deps.db, progressBatch, { ...progress, at: this.deps.clock.now() });
      })();
      p.catch(() => undefined); // observed by the next settle()
      pending = p;
    };
    try {
      for await (const row of readRows(
        this.uploadPath(ctx.meta.uploadId),
        ctx.meta.format,
        ctx.meta.encoding,
        this.deps.config.importLimits,
      )) {
        if (!validator) {
          validator = createRowValidator({
            headers: row.fields.map((h) => h.trim()),
            mapping: m,
            now,
            areaExists: (code, date) => (ctx.foreign ? true : Boolean(ctx.areaOn(code, date))),
            requireArea: !ctx.mapping.areaFromPoint,
            defaultKind: ctx.defaults.kind ?? 'crime_report',
            foreign: Boolean(ctx.foreign),
          });
          if (validator.headerErrors.length) throw new Error(validator.headerErrors.map((e) => e.en).join('; '));
          continue;
        }
        rows++;
        // Let I/O callbacks run now and then: rows parsed from the read buffer resolve as microtasks only, which
        // would hold the database's replies to the chunk being written back until this chunk is full (measured:
        // the write of chunk k then waited for the reading of chunk k + 1, and the two never overlapped).
        if (pending && rows % 32 === 0) await new Promise((r) => setImmediate(r));
        progress.processed++;
        progress.totalRows = Math.max(progress.totalRows, rows);
        const v = validator.validate(row);
        if (!v.ok) {
          report(v.errors);
          progress.reported++;
        } else {
          const p = await this.toPrepared(ctx, v.value.record, row.line, columnOf, now);
          if ('errors' in p) {
            report(p.errors);
            progress.reported++;
          } else chunk.push(p);
        }
        if (chunk.length >= CHUNK_ROWS) await flush();
      }
      await flush();
      await settle();
    } catch (err) {
      await settle().catch(() => undefined); // no write left running behind the error
      throw err;
    }
    progress.totalRows = rows;
  }

  /** A validated record → the incident to write (kind-specific defaults, unit, area), or its row errors. */
  private async toPrepared(
    ctx: Awaited<ReturnType<ImportService['prepare']>>,
    record: MappedRecord,
    line: number,
    columnOf: (field: string) => string,
    now: Date,
  ): Promise<Prepared | { errors: TRowError[] }> {
    const v = record.values as Record<string, string | number | undefined>;
    const errors: TRowError[] = [];
    const bad = (field: string, code: string, vi: string, en: string) =>
      errors.push({ row: line, column: columnOf(field), code, vi, en });
    if (!record.externalId) bad('externalId', 'REQUIRED', 'Thiếu mã hồ sơ của nguồn', 'Missing the source ID');
    const kind = (v.kind as string | undefined) ?? ctx.defaults.kind ?? 'crime_report';
    if (!isIncidentKind(kind))
      bad('kind', 'UNKNOWN_VALUE', `Loại vụ việc không hợp lệ: ${kind}`, `Unknown kind: ${kind}`);
    const occurredAt = v.occurredAt as string;
    const receivedAt = (v.receivedAt as string | undefined) ?? occurredAt;
    const occurredOn = ctx.foreign ? localDateOf(occurredAt, ctx.occurredZone) : hcmDateOf(occurredAt);
    // Unit: the mapped column, else the default; in the actor's subtree.
    let unit: UnitInfo | null = ctx.foreign ? ctx.foreign.unit : ctx.defaultUnit;
    if (v.unitCode !== undefined) {
      // A unit outside the actor's subtree is reported exactly as a code that exists nowhere (no existence oracle).
      const u = ctx.units.get(String(v.unitCode).toUpperCase());
      if (!u || !isUnitInScope(ctx.actor, u.path))
        bad(
          'unitCode',
          'UNKNOWN_UNIT',
          `Không có đơn vị mã "${v.unitCode}" trong phạm vi của bạn`,
          `No unit with code "${v.unitCode}" in your scope`,
        );
      else unit = u;
    }
    if (!unit && errors.length === 0) bad('unitCode', 'REQUIRED', 'Thiếu đơn vị thụ lý', 'Missing the handling unit');
    // Area: foreign district, commune code valid on the date, or the commune at the point.
    let area: Prepared['area'] | undefined;
    if (ctx.foreign) {
      const raw = String(v.areaCode ?? '').trim();
      if (raw) area = { code: foreignCode(ctx.mapping.source, raw), validFrom: '1900-01-01', fullName: raw };
      else bad('areaCode', 'REQUIRED', 'Thiếu khu vực', 'Missing the district');
    } else if (v.areaCode !== undefined) {
      const a = ctx.areaOn(String(v.areaCode), occurredOn);
      if (a) area = { code: String(v.areaCode), validFrom: a.validFrom, fullName: a.fullName };
    } else if (ctx.mapping.areaFromPoint && v.lon !== undefined && v.lat !== undefined) {
      const code = await this.deps.areas.locateCode(Number(v.lon), Number(v.lat), occurredOn);
      const a = code ? ctx.areaOn(code, occurredOn) : undefined;
      if (code && a) area = { code, validFrom: a.validFrom, fullName: a.fullName };
      else
        bad('lon', 'UNKNOWN_AREA', 'Không xác định được xã, phường tại tọa độ này', 'No commune found at this point');
    } else bad('areaCode', 'REQUIRED', 'Thiếu mã địa bàn hoặc tọa độ', 'Missing the area code or the point');
    if (kind === 'criminal_case' && (v.article === undefined || v.clause === undefined))
      bad(
        v.article === undefined ? 'article' : 'clause',
        'REQUIRED',
        'Vụ án cần điều và khoản',
        'A criminal case needs an article and a clause',
      );
    if (errors.length || !area || !unit) return { errors };

    const sourceCategory = (v.sourceCategory as string | undefined) ?? record.sourceCategory ?? null;
    const title = String(v.title ?? sourceCategory ?? v.category ?? `${ctx.mapping.source} ${record.externalId}`).slice(
      0,
      200,
    );
    const common = {
      occurredAt,
      receivedAt,
      areaCode: area.code,
      point: v.lon !== undefined && v.lat !== undefined ? { lon: Number(v.lon), lat: Number(v.lat) } : null,
      address: String(v.address ?? ''),
      unitId: unit.id,
      classification: (v.classification as 'thuong' | 'mat' | undefined) ?? 'thuong',
      title,
      narrative: String(v.narrative ?? ''),
    };
    const n = (f: string) => (v[f] === undefined ? undefined : Number(v[f]));
    let input: TCreateIncident;
    switch (kind as IncidentKind) {
      case 'crime_report':
        input = {
          kind: 'crime_report',
          ...common,
          reportSource: (v.reportSource as 'to_giac' | 'tin_bao' | 'kien_nghi_khoi_to' | undefined) ?? 'tin_bao',
          receivedBy: 'investigating_body',
          remoteArea: false,
          ...(v.article !== undefined ? { article: String(v.article) } : {}),
          ...(v.clause !== undefined ? { clause: n('clause')! } : {}),
          suspects: n('suspects'),
          victims: n('victims'),
        };
        break;
      case 'criminal_case':
        input = {
          kind: 'criminal_case',
          ...common,
          article: String(v.article),
          clause: n('clause')!,
          suspects: n('suspects'),
          victims: n('victims'),
        };
        break;
      case 'traffic_accident':
        input = {
          kind: 'traffic_accident',
          ...common,
          deaths: n('deaths') ?? 0,
          injuries: n('injured') ?? 0,
          damageVnd: n('damageVnd') ?? 0,
          vehicles: n('vehicles') ?? 1,
        };
        break;
      case 'fire':
        input = {
          kind: 'fire',
          ...common,
          deaths: n('deaths') ?? 0,
          injuries: n('injured') ?? 0,
          damageVnd: n('damageVnd') ?? 0,
          premisesType: '',
          cause: '',
          urban: true,
          rescued: n('rescued') ?? 0,
        };
        break;
      case 'online_fraud':
        input = { kind: 'online_fraud', ...common, channel: '', amountLostVnd: n('lossVnd') ?? 0, identifiers: [] };
        break;
    }
    const built = buildIncidentRow(input, {
      id: randomUUID(),
      refNo: '',
      area,
      unitId: unit.id,
      now,
      actorId: ctx.actor.userId,
      occurredOn,
      source: ctx.mapping.source,
      externalId: record.externalId!,
      importBatchId: ctx.batchId,
      sourceCategory,
      clockConfig: { receiptDayCounts: this.deps.config.clockReceiptDayCounts },
    });
    if ('error' in built) {
      bad('receivedAt', 'INVALID_VALUE', built.error.vi, built.error.en);
      return { errors };
    }
    const status = kind !== 'crime_report' ? (v.status as string | undefined) : undefined;
    if (status) built.row.status = status;
    if (v.category !== undefined) built.row.category = v.category as string;
    return {
      externalId: record.externalId!,
      kind: input.kind,
      receivedAt: input.receivedAt,
      area,
      row: built.row,
      searchTail: built.searchTail,
    };
  }

  /**
   * Writes a chunk: rows whose (source, external ID) exists are skipped; reference numbers reserved as a block
   * per prefix and year; one multi-row INSERT … ON CONFLICT DO NOTHING; the first versions in bulk.
   */
  private async writeChunk(
    trx: Transaction<DB>,
    ctx: Awaited<ReturnType<ImportService['prepare']>>,
    rows: Prepared[],
    progress: Progress,
  ) {
    const source = ctx.mapping.source;
    // The key is (source, external ID, handling unit): a record of another unit is not "already present".
    const keyOf = (r: Prepared) => `${r.externalId}|${r.row.unitId as string}`;
    const existing = ctx.sourceHadRows
      ? await repo.existingExternalKeys(
          trx,
          source,
          rows.map((r) => r.externalId),
        )
      : new Set<string>();
    const fresh = existing.size ? rows.filter((r) => !existing.has(keyOf(r))) : rows;
    progress.skipped += rows.length - fresh.length;
    if (fresh.length === 0) return;
    if (ctx.foreign) await this.ensureForeignAreas(trx, ctx, new Map(fresh.map((r) => [r.area.code, r.area.fullName])));
    const groups = new Map<string, Prepared[]>();
    for (const r of fresh) {
      const key = `${REF_PREFIX[r.kind]}|${hcmDateOf(r.receivedAt).slice(0, 4)}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const now = this.deps.clock.now();
    const out: Record<string, unknown>[] = [];
    for (const [key, list] of groups) {
      const [prefix, year] = key.split('|') as [string, string];
      let next = await incidentRepo.reserveRefNos(trx, prefix, Number(year), list.length);
      for (const r of list) {
        const refNo = incidentRepo.formatRefNo(prefix, year, next++);
        r.row.refNo = refNo;
        r.row.searchKey = searchKeyOf(refNo, r.searchTail);
        out.push(r.row);
      }
    }
    const ids = await repo.insertIncidents(trx, out);
    await repo.insertVersions(trx, ids, {
      at: now,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.username,
      batchId: ctx.batchId,
    });
    progress.imported += ids.length;
    progress.skipped += out.length - ids.length;
  }

  /** Closes batches whose process died (no heartbeat): status failed, audited with the counts written. */
  async recoverInterrupted(opts: { all?: boolean } = {}) {
    const now = this.deps.clock.now();
    const before = opts.all ? new Date(now.getTime() + 1000) : new Date(now.getTime() - STALE_MS);
    for (const b of await repo.staleBatches(this.deps.db, before)) {
      if (this.live.has(b.id)) continue;
      await this.deps.db.transaction().execute(async (trx) => {
        if (!(await repo.markInterrupted(trx, b.id, now))) return;
        const actor = {
          kind: 'system' as const,
          userId: null,
          username: 'import-recovery',
          fullName: 'import-recovery',
          unitId: null,
          unitPath: '/',
          roles: [],
          permissions: new Set(),
          requestId: null,
        };
        await appendAudit(
          trx,
          actor as unknown as Actor,
          {
            action: 'import.interrupted',
            entityType: 'import_batch',
            entityId: b.id,
            note: {
              processed: b.processed,
              imported: b.imported,
              skipped: b.skipped,
              reported: b.reported,
              createdBy: b.createdBy,
            },
          },
          now,
        );
      });
    }
  }

  /** A batch the actor may see (their own, or of a unit in their scope); any other is answered as one that does not exist. */
  private async visibleBatch(actor: Actor, id: string) {
    requirePermission(actor, 'incidents.read');
    const b = await repo.findBatch(this.deps.db, id);
    if (!b) throw notVisible('lượt nhập');
    const own = b.createdBy !== null && b.createdBy === actor.userId;
    if (
      !own &&
      !(b.unitPath
        ? isUnitInScope(actor, b.unitPath)
        : actor.unitPath === '/' || actor.kind === 'system' || actor.roles.includes('administrator'))
    )
      throw notVisible('lượt nhập');
    return b;
  }

  async get(actor: Actor, id: string): Promise<TImportBatch> {
    if (!this.live.has(id)) await this.recoverInterrupted();
    const b = await this.visibleBatch(actor, id);
    const live = this.live.get(id);
    const { head, count } = live ? { head: [], count: 0 } : await repo.reportHead(this.deps.db, id, ERRORS_SHOWN);
    const counts = live ?? b;
    return {
      id: b.id,
      source: b.source,
      fileName: b.fileName,
      mode: b.mode as TImportBatch['mode'],
      status: b.status as TImportBatch['status'],
      phase: live && b.status === 'running' ? live.phase : null,
      totalRows: counts.totalRows,
      processed: counts.processed,
      imported: counts.imported,
      skipped: counts.skipped,
      reported: counts.reported,
      errorCount: count,
      errors: head as TRowError[],
      error: b.error,
      unitId: b.unitId,
      createdBy: b.createdBy,
      startedAt: b.startedAt.toISOString(),
      finishedAt: b.finishedAt ? b.finishedAt.toISOString() : null,
    };
  }

  async list(actor: Actor) {
    requirePermission(actor, 'incidents.read');
    await this.recoverInterrupted();
    // The batches of units in the actor's subtree (an administrator of a ward sees that ward's), and for
    // administrators the foreign-data batches (no unit), as `visibleBatch` answers them one by one.
    const all = actor.kind === 'system' || actor.unitPath === '/';
    const rows = await repo.listBatches(
      this.deps.db,
      all ? null : actor.unitPath,
      50,
      actor.roles.includes('administrator'),
    );
    return rows.map((b) => {
      const live = this.live.get(b.id);
      const c = live ?? b;
      return {
        id: b.id,
        source: b.source,
        fileName: b.fileName,
        mode: b.mode as TImportBatch['mode'],
        status: b.status as TImportBatch['status'],
        phase: live ? live.phase : null,
        totalRows: c.totalRows,
        processed: c.processed,
        imported: c.imported,
        skipped: c.skipped,
        reported: c.reported,
        errorCount: b.errorCount,
        error: b.error,
        unitId: b.unitId,
        createdBy: b.createdBy,
        startedAt: b.startedAt.toISOString(),
        finishedAt: b.finishedAt ? b.finishedAt.toISOString() : null,
      };
    });
  }

  /** The whole report as CSV: UTF-8 with BOM, row, column, error (vi), error (en). */
  async reportCsv(actor: Actor, id: string): Promise<{ fileName: string; body: string }> {
    const b = await this.visibleBatch(actor, id);
    const errors = (await repo.fullReport(this.deps.db, id)) as TRowError[];
    const rows: string[][] = [[...REPORT_CSV_HEADER], ...errors.map((e) => [String(e.row), e.column, e.vi, e.en])];
    if (b.reported > 0 && errors.length >= REPORT_CAP)
      rows.push([
        '',
        '',
        `Báo cáo chỉ giữ ${REPORT_CAP} lỗi đầu tiên`,
        `The report keeps the first ${REPORT_CAP} errors only`,
      ]);
    return { fileName: `bao-cao-nhap-${id.slice(0, 8)}.csv`, body: '\uFEFF' + formatCsv(rows, { guardFormula: true }) };
  }
}
