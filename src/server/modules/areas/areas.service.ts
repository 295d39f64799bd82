import type { TArea } from '../../../contracts/areas';
import { checkAreas, type AreaCheckReport } from '../../../domain/areas/check';
import { validatePopulationRows, type RawPopulationRow } from '../../../domain/areas/population';
import { latestFigures, type PopulationFigure } from '../../../domain/stats/rates';
import { buildAreaIndex, isResolveError, resolveArea, type AreaIndex, type LocatorBinding } from '../../../domain/areas/lineage';
import type { Area, AreaType, LineageLink, UnmappedArea } from '../../../domain/areas/types';
import { hcmDateOf } from '../../../domain/calendar/dates';
import { adjacencyOf } from '../../../domain/geo/adjacency';
import { bboxOfGeometry, type BBox } from '../../../domain/geo/bbox';
import { buildLocator, type Locator } from '../../../domain/geo/pip';
import type { AreaGeometry, FeatureCollection } from '../../../domain/geo/types';
import { geometryProblems } from '../../../domain/geo/validate';
import { requirePermission } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import * as unitRepo from '../units/units.repository';
import * as repo from './areas.repository';
import { loadBuiltInDataset, readGenerationFiles } from './reference-data';

type AreaRow = Awaited<ReturnType<typeof repo.findAreaOn>>;

function toArea(r: NonNullable<AreaRow>): TArea {
  return {
    code: r.code,
    name: r.name,
    fullName: r.fullName,
    type: r.type as TArea['type'],
    level: r.level,
    parentCode: r.parentCode,
    parentName: r.parentName,
    validFrom: r.validFrom,
    validTo: r.validTo,
    hasBoundary: Boolean(r.hasBoundary),
    population: r.population,
  };
}

type GeoFeature = { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown };

interface Catalog {
  stamp: string;
  checkedAt: number;
  areas: Area[];
  links: LineageLink[];
  unmapped: UnmappedArea[];
  /** Point locators per set of boundaries, with the dates they are valid for, and each commune's bounding box. */
  locators: (LocatorBinding & { codes: string[]; bboxes: Map<string, BBox>; adjacency: Record<string, string[]> })[];
  index: AreaIndex;
  display: { validFrom: string; validTo: string | null; level: number; feature: GeoFeature }[];
}

/** How long an in-memory catalogue is trusted before the database is asked whether it changed. */
const STAMP_TTL_MS = 5_000;

export class AreaService {
  private catalog: Promise<Catalog> | null = null;

  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  private today(): string {
    return hcmDateOf(this.deps.clock.now());
  }

  /** Loads the shipped reference areas into an empty catalogue (first start); audited. Returns whether it loaded. */
  async ensureReferenceData(actor: Actor): Promise<boolean> {
    requirePermission(actor, 'areas.manage');
    const { db, clock } = this.deps;
    if ((await repo.countAreas(db)) > 0) return false;
    const data = loadBuiltInDataset();
    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      for (const g of data.generations) await repo.insertGeneration(trx, g, now);
      await repo.insertAreas(trx, data.areas);
      await repo.insertLinks(trx, data.links);
      await repo.insertUnmapped(trx, data.unmapped);
      await repo.insertBoundaries(trx, data.boundaries);
      await appendAudit(
        trx,
        actor,
        {
          action: 'areas.reference_loaded',
          entityType: 'area_generation',
          entityId: data.generations.map((g) => g.id).join(','),
          note: { areas: data.areas.length, links: data.links.length, unmapped: data.unmapped.length, boundaries: data.boundaries.length },
        },
        now,
      );
    });
    this.catalog = null;
    return true;
  }

  /** The whole catalogue in memory, for lineage resolution and point location; rebuilt when it changes. */
  private async getCatalog(): Promise<Catalog> {
    const current = this.catalog ? await this.catalog : null;
    if (current && Date.now() - current.checkedAt < STAMP_TTL_MS) return current;
    const stamp = await repo.catalogStamp(this.deps.db);
    if (current && current.stamp === stamp) {
      current.checkedAt = Date.now();
      return current;
    }
    this.catalog = this.buildCatalog(stamp);
    try {
      return await this.catalog;
    } catch (err) {
      this.catalog = null;
      throw err;
    }
  }

  private async buildCatalog(stamp: string): Promise<Catalog> {
    const { db } = this.deps;
    const [areaRows, links, unmappedRows, full, display] = await Promise.all([
      repo.allAreas(db),
      repo.allLinks(db),
      repo.allUnmapped(db),
      repo.boundaries(db, 'geometry'),
      repo.boundaries(db, 'displayGeometry'),
    ]);
    const areas: Area[] = areaRows.map((r) => ({ ...r, type: r.type as AreaType, level: r.level as 1 | 2 | 3 }));
    // One locator per (validFrom, validTo) of commune boundaries.
    const groups = new Map<string, typeof full>();
    for (const b of full) {
      if (b.level !== 3) continue;
      const key = `${b.validFrom}|${b.validTo ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), b]);
    }
    const locators = [...groups.entries()].map(([key, rows]) => {
      const [validFrom, validTo] = key.split('|');
      const fc: FeatureCollection = {
        type: 'FeatureCollection',
        features: rows.map((r) => ({ type: 'Feature', properties: { code: r.code }, geometry: r.geometry as AreaGeometry })),
      };
      const locate: Locator = buildLocator(fc);
      const bboxes = new Map(rows.map((r) => [r.code, bboxOfGeometry(r.geometry as AreaGeometry)]));
      const adjacency = adjacencyOf(rows.map((r) => ({ code: r.code, geometry: r.geometry as AreaGeometry })));
      return { validFrom: validFrom!, validTo: validTo || null, locate, codes: rows.map((r) => r.code), bboxes, adjacency };
    });
    const linkList = links.map((l) => ({ ...l, relation: l.relation as LineageLink['relation'] }));
    return {
      stamp,
      checkedAt: Date.now(),
      areas,
      links: linkList,
      unmapped: unmappedRows.map((u) => ({
        code: u.code,
        validFrom: u.validFrom,
        fullName: u.fullName,
        reason: u.reason as UnmappedArea['reason'],
        ...(u.nextFullName ? { nextFullName: u.nextFullName } : {}),
      })),
      locators,
      index: buildAreaIndex(areas, linkList, locators),
      display: display.map((r) => ({
        validFrom: r.validFrom,
        validTo: r.validTo,
        level: r.level,
        feature: {
          type: 'Feature' as const,
          properties: { code: r.code, name: r.name, fullName: r.fullName, type: r.type, ...(r.level === 1 ? { kind: 'outline' } : {}) },
          geometry: r.geometry as AreaGeometry,
        },
      })),
    };
  }

  async generations(actor: Actor, province = '01') {
    requirePermission(actor, 'areas.read');
    const rows = await repo.listGenerations(this.deps.db, province);
    return rows.map((g) => ({ id: g.id, label: g.label, validFrom: g.validFrom, validTo: g.validTo, communes: g.communes, districts: g.districts }));
  }

  async list(
    actor: Actor,
    q: { date?: string; province: string; level?: number; parentCode?: string; type?: string; q?: string; limit: number; offset: number },
  ) {
    requirePermission(actor, 'areas.read');
    const date = q.date ?? this.today();
    const { items, total } = await repo.listAreas(this.deps.db, { ...q, date, search: q.q });
    return { date, items: items.map(toArea), total };
  }

  async detail(actor: Actor, code: string, dateIn?: string) {
    requirePermission(actor, 'areas.read');
    const { db } = this.deps;
    const date = dateIn ?? this.today();
    const row = await repo.findAreaOn(db, code, date);
    if (!row)
      throw new AppError('NOT_FOUND', {
        vi: `Không có địa bàn mã ${code} có hiệu lực ngày ${date}`,
        en: `No area with code ${code} valid on ${date}`,
      });
    const [children, wentTo, formedFrom, unmapped, units] = await Promise.all([
      repo.countChildren(db, code, date),
      repo.linksFrom(db, row.code, row.validFrom),
      repo.linksTo(db, row.code, row.validFrom),
      repo.findUnmapped(db, row.code, row.validFrom),
      this.unitsFor(row.code, row.parentCode, date),
    ]);
    const entry = (l: (typeof wentTo)[number]) => ({ ...l, relation: l.relation as 'full' | 'partial' | 'same' });
    return {
      area: toArea(row),
      children,
      formedFrom: formedFrom.map(entry),
      wentTo: wentTo.map(entry),
      unmapped: unmapped ? { reason: unmapped.reason, nextFullName: unmapped.nextFullName } : null,
      units,
    };
  }

  /** Police units with jurisdiction over the area (or its district) on the date. */
  private unitsFor(code: string, parentCode: string | null, date: string) {
    return unitRepo.unitsWithJurisdictionOver(this.deps.db, parentCode ? [code, parentCode] : [code], date);
  }

  async geojson(actor: Actor, q: { date?: string; detail: 'display' | 'full'; outline: boolean }) {
    requirePermission(actor, 'areas.read');
    const date = q.date ?? this.today();
    const catalog = await this.getCatalog();
    const valid = (d: { validFrom: string; validTo: string | null }) => d.validFrom <= date && (d.validTo === null || d.validTo >= date);
    const features = catalog.display.filter((d) => valid(d) && (d.level === 3 || (q.outline && d.level === 1))).map((d) => d.feature);
    if (q.detail === 'full') {
      const full = await repo.boundaries(this.deps.db, 'geometry');
      const byCode = new Map(full.filter((b) => valid(b)).map((b) => [b.code, b.geometry]));
      return {
        type: 'FeatureCollection' as const,
        features: features.map((f) => ({ ...f, geometry: byCode.get(String(f.properties.code)) ?? f.geometry })),
      };
    }
    return { type: 'FeatureCollection' as const, features };
  }

  /** Resolves (code, date[, point]) onto the generation valid on `target`. */
  async resolve(actor: Actor, q: { code: string; date: string; target: string; lon?: number; lat?: number }) {
    requirePermission(actor, 'areas.read');
    const catalog = await this.getCatalog();
    const point = q.lon !== undefined && q.lat !== undefined ? ([q.lon, q.lat] as const) : undefined;
    const r = resolveArea(catalog.index, { code: q.code, date: q.date, ...(point ? { point } : {}) }, q.target);
    if (isResolveError(r)) {
      throw new AppError(r.error === 'unknown-area' ? 'NOT_FOUND' : 'RULE_VIOLATION', {
        vi: r.error === 'unmapped' ? `Không xác định được địa bàn kế thừa của ${q.code}: ${r.message}` : `Không quy đổi được địa bàn ${q.code}: ${r.message}`,
        en: r.message,
        details: { reason: r.error },
      });
    }
    const target = catalog.index.byCode.get(r.code)?.find((a) => a.validFrom <= q.target && (a.validTo === null || a.validTo >= q.target));
    return {
      code: r.code,
      fullName: target?.fullName ?? r.code,
      validFrom: target?.validFrom ?? q.target,
      approximate: r.approximate,
      method: r.method,
      candidates: [...(r.candidates ?? [])],
    };
  }

  /** The commune containing a point on a date (when boundaries exist for that date). */
  async locate(actor: Actor, q: { lon: number; lat: number; date?: string }) {
    requirePermission(actor, 'areas.read');
    const date = q.date ?? this.today();
    const code = await this.locateCode(q.lon, q.lat, date);
    if (!code) return { area: null };
    const row = await repo.findAreaOn(this.deps.db, code, date);
    return { area: row ? toArea(row) : null };
  }

  /** For services (incidents): the commune code at a point on a date, or null. No permission needed: pure lookup. */
  async locateCode(lon: number, lat: number, date: string): Promise<string | null> {
    const catalog = await this.getCatalog();
    for (const l of catalog.locators) {
      if (l.validFrom <= date && (l.validTo === null || l.validTo >= date)) {
        const code = l.locate(lon, lat);
        if (code) return code;
      }
    }
    return null;
  }

  /** For bulk work (demo data, imports): the synchronous point locator and bounding boxes of the communes valid on a date. */
  async geometryOn(date: string): Promise<{
    validFrom: string;
    codes: readonly string[];
    locate: Locator;
    bboxOf: (code: string) => BBox | null;
    /** Communes that touch (shared border or corner). */
    adjacency: Readonly<Record<string, readonly string[]>>;
  } | null> {
    const catalog = await this.getCatalog();
    const l = catalog.locators.find((x) => x.validFrom <= date && (x.validTo === null || x.validTo >= date));
    return l
      ? { validFrom: l.validFrom, codes: l.codes, locate: l.locate, bboxOf: (code) => l.bboxes.get(code) ?? null, adjacency: l.adjacency }
      : null;
  }

  /** The most recent set of commune boundaries (the current map). */
  async newestGeometryDate(): Promise<string | null> {
    const catalog = await this.getCatalog();
    return catalog.locators.map((l) => l.validFrom).sort().at(-1) ?? null;
  }

  /** For services: is `code` an area valid on `date`? */
  async isValidArea(code: string, date: string): Promise<boolean> {
    const catalog = await this.getCatalog();
    return (catalog.index.byCode.get(code) ?? []).some((a) => a.validFrom <= date && (a.validTo === null || a.validTo >= date));
  }

  /** For services: the in-memory index (lineage resolution of many records). */
  async index(): Promise<AreaIndex> {
    return (await this.getCatalog()).index;
  }

  /** Consistency report: codes, intervals, links, mapping coverage, geometry coverage and validity. */
  async check(actor: Actor): Promise<AreaCheckReport & { geometryProblems: { code: string; problems: string[] }[] }> {
    requirePermission(actor, 'areas.read');
    const catalog = await this.getCatalog();
    const full = await repo.boundaries(this.deps.db, 'geometry');
    const geometryCodes = catalog.locators.flatMap((l) => l.codes);
    const newest = catalog.locators.map((l) => l.validFrom).sort().at(-1);
    const report = checkAreas(
      catalog.areas,
      catalog.links,
      newest ? { date: newest, codes: geometryCodes, provinceCode: '01' } : undefined,
      catalog.unmapped,
    );
    const problems = full
      .map((b) => ({ code: b.code, problems: geometryProblems(b.geometry as AreaGeometry) }))
      .filter((p) => p.problems.length > 0);
    return { ...report, ok: report.ok && problems.length === 0, geometryProblems: problems };
  }

  /**
   * Imports a new generation from files: the communes it ends (those of the provinces in the new list,
   * current the day before), the new communes, the old→new links, optional boundaries. One transaction;
   * refused when the mapping does not cover both lists.
   */
  async importGeneration(
    actor: Actor,
    opts: { id: string; label: string; validFrom: string; unitsFile: string; mappingFile: string; boundariesFile?: string },
  ) {
    requirePermission(actor, 'areas.manage');
    const { db, clock } = this.deps;
    const dayBefore = new Date(`${opts.validFrom}T00:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    const lastDay = dayBefore.toISOString().slice(0, 10);
    const provinces = [...new Set(readGenerationFiles({ ...opts, previousValidFrom: lastDay }).communes.map((c) => c.provinceCode))];
    const previous = await repo.currentCommunes(db, provinces, lastDay);
    const previousFrom = new Map(previous.map((p) => [p.code, p.validFrom]));
    // Links name old communes by code; their validFrom comes from the catalogue (each may differ).
    const files = readGenerationFiles({ ...opts, previousValidFrom: lastDay });
    const links = files.links.map((l) => ({ ...l, fromValidFrom: previousFrom.get(l.fromCode) ?? '' }));
    const problems: string[] = [];
    for (const l of links) if (!l.fromValidFrom) problems.push(`mapping: old commune ${l.fromCode} is not current on ${lastDay}`);
    const newCodes = new Set(files.communes.map((c) => c.wardCode));
    for (const l of links) if (!newCodes.has(l.toCode)) problems.push(`mapping: new commune ${l.toCode} is not in the communes list`);
    const mappedOld = new Set(links.map((l) => l.fromCode));
    for (const p of previous) if (!mappedOld.has(p.code)) problems.push(`mapping: old commune ${p.code} (${p.fullName}) has no new commune`);
    const mappedNew = new Set(links.map((l) => l.toCode));
    for (const c of files.communes) if (!mappedNew.has(c.wardCode)) problems.push(`mapping: new commune ${c.wardCode} (${c.wardFullName}) has no old commune`);
    for (const b of files.boundaries) if (!newCodes.has(b.code)) problems.push(`boundaries: ${b.code} is not in the communes list`);
    if (problems.length > 0)
      throw new AppError('VALIDATION_FAILED', {
        vi: 'Dữ liệu thế hệ địa bàn mới không nhất quán',
        en: 'The new generation is inconsistent',
        fields: problems.slice(0, 50).map((p) => ({ path: 'files', vi: p, en: p })),
      });
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await repo.insertGeneration(trx, files.generation, now);
      const closed = await repo.closeCurrentCommunes(trx, provinces, lastDay);
      await repo.insertAreas(
        trx,
        files.communes.map((c) => ({
          code: c.wardCode,
          name: c.wardName,
          fullName: c.wardFullName,
          type: c.wardType,
          level: 3 as const,
          parentCode: c.provinceCode,
          validFrom: opts.validFrom,
          validTo: null,
          generationId: files.generation.id,
        })),
      );
      await repo.insertLinks(trx, links);
      await repo.insertBoundaries(trx, files.boundaries);
      await appendAudit(
        trx,
        actor,
        {
          action: 'areas.generation_imported',
          entityType: 'area_generation',
          entityId: files.generation.id,
          note: { validFrom: opts.validFrom, provinces, closed, communes: files.communes.length, links: links.length, boundaries: files.boundaries.length },
        },
        now,
      );
    });
    this.catalog = null;
    return { closed: previous.length, communes: files.communes.length, links: links.length, boundaries: files.boundaries.length };
  }

  /**
   * Imports population figures (dân số) per commune and year, all or nothing: every row is checked (the
   * commune of that generation exists, the year is in range, the population a positive whole number, no row
   * twice) and the problems are named by row and column; then one transaction writes them (replacing the
   * figures of the same commune and year) with one audit entry.
   */
  async importPopulation(
    actor: Actor,
    input: readonly RawPopulationRow[],
    opts: { origin: 'json' } | { origin: 'csv'; file: string; lines: readonly number[] },
  ): Promise<{ rows: number; inserted: number; updated: number; years: number[] }> {
    requirePermission(actor, 'areas.manage');
    const { db, clock } = this.deps;
    const now = clock.now();
    const known = await repo.communeKeys(db);
    const rowLabel = opts.origin === 'csv' ? (i: number) => opts.lines[i] ?? i + 2 : (i: number) => i + 1;
    const maxYear = Number(hcmDateOf(now).slice(0, 4)) + 1;
    const { rows, problems } = validatePopulationRows(input, { isCommune: (c, v) => known.has(`${c}|${v}`), maxYear, rowLabel });
    if (problems.length > 0) {
      const jsonField = { area_code: 'areaCode', valid_from: 'validFrom', year: 'year', population: 'population', source: 'source' } as const;
      throw new AppError('VALIDATION_FAILED', {
        vi: `Số liệu dân số có ${problems.length} lỗi; không dòng nào được ghi`,
        en: `The population figures have ${problems.length} problem(s); nothing was written`,
        fields: problems.slice(0, 200).map((p) => ({
          path: opts.origin === 'json' ? `body.rows.${p.index}.${jsonField[p.column]}` : `${opts.file}:${rowLabel(p.index)}:${p.column}`,
          vi: p.vi,
          en: p.en,
        })),
        details: { problems: problems.length },
      });
    }
    const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
    const counts = await db.transaction().execute(async (trx) => {
      const c = await repo.upsertPopulation(trx, rows, now);
      await appendAudit(
        trx,
        actor,
        {
          action: 'areas.population_imported',
          entityType: 'area_population',
          entityId: years.join(','),
          note: {
            origin: opts.origin,
            ...(opts.origin === 'csv' ? { file: opts.file } : {}),
            rows: rows.length,
            ...c,
            years,
            communes: new Set(rows.map((r) => `${r.areaCode}|${r.areaValidFrom}`)).size,
            sources: [...new Set(rows.map((r) => r.source))].slice(0, 20),
            total: rows.reduce((s, r) => s + r.population, 0),
          },
        },
        now,
      );
      return c;
    });
    return { rows: rows.length, ...counts, years };
  }

  /** The communes of a province valid on a date with the figure of the latest year not after the date's year. */
  async population(actor: Actor, q: { date?: string; province: string }) {
    requirePermission(actor, 'areas.read');
    const date = q.date ?? this.today();
    const [items, communes] = await Promise.all([
      repo.populationOn(this.deps.db, date, Number(date.slice(0, 4)), q.province),
      repo.countCommunesOn(this.deps.db, date, q.province),
    ]);
    return { date, communes, missing: Math.max(0, communes - items.length), total: items.reduce((s, r) => s + r.population, 0), items };
  }

  /**
   * Population per commune code for the communes valid on `date` (any province), each the latest year not
   * after the date's year: the denominators of the statistics' rates per 10,000 inhabitants.
   */
  async populationFigures(date: string): Promise<Map<string, PopulationFigure & { source: string }>> {
    const rows = await repo.populationOn(this.deps.db, date, Number(date.slice(0, 4)));
    const latest = latestFigures(rows, Number(date.slice(0, 4)));
    return new Map([...latest].map(([code, r]) => [code, { population: r.population, year: r.year, source: r.source }]));
  }
}
