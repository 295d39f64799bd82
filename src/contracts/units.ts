import { z } from 'zod';
import { ZAreaCode, ZIsoDate } from './areas';
import { requireSomeChange } from './common';

/**
 * Kinds of police unit. city = Công an thành phố; department = phòng nghiệp vụ (city-wide by function);
 * district = Công an quận/huyện/thị xã (to 2025-02-28); commune = Công an phường/xã/thị trấn; other.
 */
export const ZUnitKind = z.enum(['city', 'department', 'district', 'commune', 'other']);
export type TUnitKind = z.infer<typeof ZUnitKind>;

export const ZUnit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: ZUnitKind,
  parentId: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** Departments: jurisdiction over the whole city by function. */
  cityWide: z.boolean(),
});
export type TUnit = z.infer<typeof ZUnit>;

export const ZUnitListQuery = z.object({
  /** Units valid on this date; omit for every unit of every period. */
  date: ZIsoDate.optional(),
  kind: ZUnitKind.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});
export const ZUnitList2 = z.object({ items: z.array(ZUnit) });

export const ZJurisdiction = z.object({
  id: z.string(),
  areaCode: z.string(),
  areaFullName: z.string(),
  areaValidFrom: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const ZUnitRef = z.object({ id: z.string(), code: z.string(), name: z.string(), validFrom: z.string(), validTo: z.string().nullable() });

export const ZUnitDetail = z.object({
  unit: ZUnit,
  parent: ZUnitRef.nullable(),
  children: z.array(ZUnitRef),
  predecessors: z.array(ZUnitRef),
  successors: z.array(ZUnitRef),
  jurisdiction: z.array(ZJurisdiction),
});

export const ZUnitIdParams = z.object({ id: z.uuid() });
/** With a date: only the children valid on it. */
export const ZUnitDetailQuery = z.object({ date: ZIsoDate.optional() });

export const ZCreateUnitRequest = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9._-]+$/, 'A–Z, 0–9, . _ -'),
  name: z.string().trim().min(1).max(200),
  kind: ZUnitKind,
  parentId: z.uuid(),
  validFrom: ZIsoDate,
  validTo: ZIsoDate.nullable().optional(),
  cityWide: z.boolean().default(false),
  predecessorIds: z.array(z.uuid()).max(50).default([]),
});
export const ZUpdateUnitRequest = requireSomeChange(
  z
    .object({
      name: z.string().trim().min(1).max(200),
      validTo: ZIsoDate.nullable(),
      cityWide: z.boolean(),
    })
    .partial(),
);

export const ZAddJurisdictionRequest = z.object({
  areaCode: ZAreaCode,
  /** The date on which the area code is valid (picks the generation); defaults to validFrom. */
  areaDate: ZIsoDate.optional(),
  validFrom: ZIsoDate,
  validTo: ZIsoDate.nullable().optional(),
});

/** The actor's jurisdiction on a date: every area, or the listed commune/district codes. */
export const ZScopeQuery = z.object({ date: ZIsoDate.optional() });
export const ZScope = z.object({
  date: z.string(),
  all: z.boolean(),
  areas: z.array(z.object({ code: z.string(), fullName: z.string() })),
  units: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
});
