import { z } from 'zod';
import { ZIsoDate } from './common';

export { ZIsoDate };

export const ZAreaType = z.enum(['phuong', 'xa', 'thi_tran', 'quan', 'huyen', 'thi_xa', 'thanh_pho', 'tinh', 'dac_khu']);
export const ZAreaCode = z.string().regex(/^\d{2}(\d{1}|\d{3})?$/, 'mã địa bàn 2, 3 hoặc 5 chữ số / area code of 2, 3 or 5 digits');

export const ZArea = z.object({
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  type: ZAreaType,
  level: z.number().int().min(1).max(3),
  parentCode: z.string().nullable(),
  parentName: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  hasBoundary: z.boolean(),
  population: z.number().int().nullable(),
});
export type TArea = z.infer<typeof ZArea>;

export const ZGeneration = z.object({
  id: z.string(),
  label: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  communes: z.number().int(),
  districts: z.number().int(),
});
export const ZGenerationList = z.object({ items: z.array(ZGeneration) });
/** Counts are those of one province (default 01, Hà Nội) on each generation's first day. */
export const ZGenerationQuery = z.object({ province: z.string().regex(/^\d{2}$/).default('01') });

export const ZAreaListQuery = z.object({
  /** The date choosing the generation; default today (Asia/Ho_Chi_Minh). */
  date: ZIsoDate.optional(),
  /** Province code; default 01 (Hà Nội). Use `all` for the whole country. */
  province: z.union([z.literal('all'), z.string().regex(/^\d{2}$/)]).default('01'),
  level: z.coerce.number().int().min(1).max(3).optional(),
  parentCode: ZAreaCode.optional(),
  type: ZAreaType.optional(),
  /** Search in names with or without diacritics ("hoan kiem" finds "Hoàn Kiếm"), or a code prefix. */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ZAreaList = z.object({ date: z.string(), items: z.array(ZArea), total: z.number().int() });

export const ZAreaCodeParams = z.object({ code: ZAreaCode });
export const ZAreaDateQuery = z.object({ date: ZIsoDate.optional() });

export const ZLineageEntry = z.object({
  code: z.string(),
  fullName: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  relation: z.enum(['full', 'partial', 'same']),
});
export const ZAreaDetail = z.object({
  area: ZArea,
  children: z.number().int(),
  /** "Hình thành từ …": the areas of the previous generation this one was formed from. */
  formedFrom: z.array(ZLineageEntry),
  /** "Chuyển thành …": the areas of the next generation this one went to. */
  wentTo: z.array(ZLineageEntry),
  /** When the lists cannot link this area to the next generation: why. */
  unmapped: z.object({ reason: z.string(), nextFullName: z.string().nullable() }).nullable(),
  /** Police units with jurisdiction over the area on the date. */
  units: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
});

export const ZResolveQuery = z.object({
  code: ZAreaCode,
  date: ZIsoDate,
  target: ZIsoDate,
  lon: z.coerce.number().min(-180).max(180).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
});
export const ZResolveResult = z.object({
  code: z.string(),
  fullName: z.string(),
  validFrom: z.string(),
  approximate: z.boolean(),
  method: z.enum(['same', 'polygon', 'full', 'partial-rule', 'chain']),
  candidates: z.array(z.string()),
});

export const ZLocateQuery = z.object({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  date: ZIsoDate.optional(),
});
export const ZLocateResult = z.object({ area: ZArea.nullable() });

export const ZGeoJsonQuery = z.object({
  date: ZIsoDate.optional(),
  /** `display` (simplified, default) or `full` geometry. */
  detail: z.enum(['display', 'full']).default('display'),
  /** Include the city outline as a feature with property kind = 'outline'. */
  outline: z.coerce.boolean().default(false),
});
/** A GeoJSON FeatureCollection; each feature's properties: code, name, fullName, type. */
export const ZFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.record(z.string(), z.unknown()),
      geometry: z.unknown(),
    }),
  ),
});

export const ZAreaCheckReport = z.object({
  ok: z.boolean(),
  issues: z.array(z.object({ kind: z.string(), code: z.string().nullable(), message: z.string() })),
  unmapped: z.array(z.object({ code: z.string(), validFrom: z.string(), fullName: z.string(), reason: z.string() })),
});

/**
 * Population figures (dân số) per commune and year. A commune is (code, validFrom): the generation it
 * belongs to. Imported all or nothing; every bad row is named by row and column.
 */
export const ZPopulationRowIn = z.object({
  areaCode: z.union([z.string().max(20), z.number()]),
  validFrom: z.string().max(20),
  year: z.union([z.number(), z.string().max(20)]),
  population: z.union([z.number(), z.string().max(20)]),
  source: z.string().max(1000),
});
export const ZPopulationPut = z.object({ rows: z.array(ZPopulationRowIn).min(1).max(50_000) });
export type TPopulationPut = z.infer<typeof ZPopulationPut>;
export const ZPopulationImportResult = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  years: z.array(z.number().int()),
});

export const ZPopulationQuery = z.object({
  /** The communes valid on this date, with the figure of the latest year not after its year; default today. */
  date: ZIsoDate.optional(),
  /** Province code; default 01 (Hà Nội). */
  province: z.string().regex(/^\d{2}$/).default('01'),
});
export const ZPopulationList = z.object({
  date: z.string(),
  /** Communes valid on the date in the province. */
  communes: z.number().int(),
  /** Of which without a figure. */
  missing: z.number().int(),
  total: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      validFrom: z.string(),
      fullName: z.string(),
      year: z.number().int(),
      population: z.number().int(),
      source: z.string(),
    }),
  ),
});
export type TPopulationList = z.infer<typeof ZPopulationList>;
