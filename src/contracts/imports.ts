import { z } from 'zod';
import { INCIDENT_KINDS } from '../domain/incidents/kinds';
import { DATE_FORMATS, TARGET_FIELDS, type TargetField } from '../domain/import/mapping';

/** HTTP contracts of incident imports (uploads, saved mappings, batches and their reports). */

export const ZImportFormat = z.enum(['csv', 'xlsx']);
export const ZImportEncoding = z.enum(['utf-8', 'windows-1258', 'tcvn3', 'vni']);
export const ZImportMode = z.enum(['all_or_nothing', 'valid_rows']);
export const ZImportStatus = z.enum(['running', 'done', 'failed', 'refused']);

export const ZUpload = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  format: ZImportFormat,
  encoding: ZImportEncoding,
  confidence: z.number(),
  headers: z.array(z.string()),
  /** The first 20 data rows, decoded (cells as text). */
  sampleRows: z.array(z.array(z.string())),
});
export type TUpload = z.infer<typeof ZUpload>;

const TARGETS = Object.keys(TARGET_FIELDS) as [TargetField, ...TargetField[]];
const ZColumnName = z.string().trim().min(1).max(200);

export const ZFieldMapping = z.object({
  column: ZColumnName,
  field: z.enum(TARGETS),
  dateFormat: z.enum(DATE_FORMATS as [string, ...string[]]).optional(),
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  numberLocale: z.enum(['vi', 'en']).optional(),
  values: z.record(z.string().max(200), z.string().max(200)).optional(),
});

export const ZColumnMapping = z.object({
  /** Name of the source system, stored on every record; idempotency is by (source, external ID). */
  source: z.string().trim().min(1).max(100),
  externalIdColumn: ZColumnName.optional(),
  fields: z.array(ZFieldMapping).min(1).max(100),
  numberLocale: z.enum(['vi', 'en']).optional(),
  /**
   * Foreign data (another country's police): areas are the source's own districts, read from this column and
   * created once as `<source>:<VALUE>`; Vietnam's bounding box does not apply. Administrators only.
   */
  foreign: z.object({ areaColumn: ZColumnName, label: z.string().trim().min(1).max(100) }).optional(),
  /** Find the commune from the point when the file has no area code column. */
  areaFromPoint: z.boolean().optional(),
});
export type TColumnMapping = z.infer<typeof ZColumnMapping>;

export const ZSavedMapping = z.object({
  id: z.uuid(),
  name: z.string(),
  source: z.string(),
  mapping: ZColumnMapping,
  /** The unit owning the mapping (its scope decides who reads and changes it); null: the system's own. */
  unitId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ZSavedMappingList = z.object({ items: z.array(ZSavedMapping) });
export const ZSaveMapping = z.object({ name: z.string().trim().min(1).max(100), mapping: ZColumnMapping });
export const ZIdParams = z.object({ id: z.uuid() });

export const ZStartImport = z
  .object({
    uploadId: z.string().regex(/^[0-9a-f-]{36}$/),
    mappingId: z.uuid().optional(),
    mapping: ZColumnMapping.optional(),
    mode: ZImportMode,
    defaults: z
      .object({
        unitId: z.uuid().optional(),
        kind: z.enum(INCIDENT_KINDS).optional(),
      })
      .default({}),
  })
  .refine((v) => Boolean(v.mappingId) !== Boolean(v.mapping), {
    message: 'mappingId hoặc mapping (một trong hai) / exactly one of mappingId and mapping',
    path: ['mappingId'],
  });
export type TStartImport = z.infer<typeof ZStartImport>;

export const ZRowError = z.object({ row: z.number().int(), column: z.string(), code: z.string(), vi: z.string(), en: z.string() });
export type TRowError = z.infer<typeof ZRowError>;

export const ZImportBatch = z.object({
  id: z.uuid(),
  source: z.string(),
  fileName: z.string(),
  mode: ZImportMode,
  status: ZImportStatus,
  /** 'validating' (all or nothing, first pass) or 'writing'; null when finished. */
  phase: z.enum(['validating', 'writing']).nullable(),
  totalRows: z.number().int(),
  processed: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  reported: z.number().int(),
  errorCount: z.number().int(),
  /** The first 200 errors (the full report is report.csv). */
  errors: z.array(ZRowError),
  error: z.string().nullable(),
  unitId: z.string().nullable(),
  createdBy: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TImportBatch = z.infer<typeof ZImportBatch>;
export const ZImportBatchList = z.object({ items: z.array(ZImportBatch.omit({ errors: true })) });
export const ZStarted = z.object({ batchId: z.uuid() });
