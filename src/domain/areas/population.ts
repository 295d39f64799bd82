import { parseCsvTable } from '../csv';

/**
 * Population figures per commune and year (dân số theo xã, phường), as imported from a CSV file or a JSON
 * body: every row checked, every problem named by row and column in Vietnamese and English, so that an
 * import is all or nothing. Pure: the caller says which communes exist.
 */

export const POPULATION_COLUMNS = ['area_code', 'valid_from', 'year', 'population', 'source'] as const;
export type PopulationColumn = (typeof POPULATION_COLUMNS)[number];

/** A row as received: CSV fields are text, JSON values may be numbers. */
export type RawPopulationRow = Partial<Record<PopulationColumn, unknown>>;

export interface PopulationRow {
  areaCode: string;
  areaValidFrom: string;
  year: number;
  population: number;
  source: string;
}

export interface PopulationProblem {
  /** Index of the row in the input (0-based). */
  index: number;
  column: PopulationColumn;
  vi: string;
  en: string;
}

export const POPULATION_MIN_YEAR = 1979;
const MAX_POPULATION = 2_000_000_000;

const isIsoDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A whole number written as digits (or a JSON integer); null otherwise. */
function integer(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!/^-?\d{1,16}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Checks every row: the commune (code, valid_from) exists, the year lies in [POPULATION_MIN_YEAR, maxYear],
 * the population is a positive whole number, the source is given, and no (commune, year) comes twice.
 * `rowLabel(i)` is how the user finds row i (the line of a CSV file, the position in a JSON list).
 */
export function validatePopulationRows(
  input: readonly RawPopulationRow[],
  ctx: { isCommune: (code: string, validFrom: string) => boolean; maxYear: number; rowLabel?: (index: number) => number },
): { rows: PopulationRow[]; problems: PopulationProblem[] } {
  const label = ctx.rowLabel ?? ((i: number) => i + 1);
  const problems: PopulationProblem[] = [];
  const rows: PopulationRow[] = [];
  const seen = new Map<string, number>();
  input.forEach((raw, index) => {
    const at = label(index);
    const bad = (column: PopulationColumn, vi: string, en: string) =>
      problems.push({ index, column, vi: `Dòng ${at}, cột ${column}: ${vi}`, en: `Row ${at}, column ${column}: ${en}` });
    const before = problems.length;

    const code = text(raw.area_code);
    const validFrom = text(raw.valid_from);
    let communeOk = true;
    if (!/^\d{5}$/.test(code)) {
      bad('area_code', `mã xã, phường phải có 5 chữ số (nhận được "${code.slice(0, 20)}")`, `a commune code has 5 digits (got "${code.slice(0, 20)}")`);
      communeOk = false;
    }
    if (!isIsoDate(validFrom)) {
      bad('valid_from', `ngày hiệu lực phải là YYYY-MM-DD (nhận được "${validFrom.slice(0, 20)}")`, `the generation date must be YYYY-MM-DD (got "${validFrom.slice(0, 20)}")`);
      communeOk = false;
    }
    if (communeOk && !ctx.isCommune(code, validFrom))
      bad(
        'area_code',
        `không có xã, phường mã ${code} hiệu lực từ ngày ${validFrom}`,
        `no commune ${code} valid from ${validFrom} (unknown code for that generation)`,
      );

    const year = integer(raw.year);
    if (year === null) bad('year', `năm phải là số nguyên (nhận được "${text(raw.year).slice(0, 20)}")`, `the year must be a whole number (got "${text(raw.year).slice(0, 20)}")`);
    else if (year < POPULATION_MIN_YEAR || year > ctx.maxYear)
      bad('year', `năm ${year} ngoài khoảng ${POPULATION_MIN_YEAR}–${ctx.maxYear}`, `year ${year} is outside ${POPULATION_MIN_YEAR}–${ctx.maxYear}`);

    const population = integer(raw.population);
    if (population === null || population <= 0 || population > MAX_POPULATION)
      bad(
        'population',
        `dân số phải là số nguyên dương (nhận được "${text(raw.population).slice(0, 20)}")`,
        `the population must be a positive whole number (got "${text(raw.population).slice(0, 20)}")`,
      );

    const source = text(raw.source);
    if (source.length === 0) bad('source', 'thiếu nguồn số liệu', 'the source of the figure is missing');
    else if (source.length > 300) bad('source', 'nguồn số liệu dài quá 300 ký tự', 'the source is longer than 300 characters');

    if (communeOk && year !== null) {
      const key = `${code}|${validFrom}|${year}`;
      const first = seen.get(key);
      if (first !== undefined)
        bad(
          'area_code',
          `trùng với dòng ${label(first)} (cùng xã ${code}, ngày hiệu lực ${validFrom}, năm ${year})`,
          `duplicates row ${label(first)} (same commune ${code}, valid from ${validFrom}, year ${year})`,
        );
      else seen.set(key, index);
    }
    if (problems.length === before)
      rows.push({ areaCode: code, areaValidFrom: validFrom, year: year!, population: population!, source });
  });
  return { rows: problems.length ? [] : rows, problems };
}

/**
 * Synthetic figures for a demo (clearly not facts): a deterministic share of `total` per commune, wards
 * denser than rural communes, varied by a hash of the code. The sum is exactly `total`.
 */
export function syntheticPopulation(communes: readonly { code: string; type: string }[], total: number): Map<string, number> {
  const weight = (c: { code: string; type: string }) => {
    let h = 2166136261;
    for (const ch of c.code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    const jitter = 0.6 + (h % 1000) / 1000; // 0.6 – 1.6
    return (c.type === 'phuong' ? 1.4 : 0.8) * jitter;
  };
  const sorted = [...communes].sort((a, b) => (a.code < b.code ? -1 : 1));
  const weights = sorted.map(weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  let given = 0;
  sorted.forEach((c, i) => {
    const n = i === sorted.length - 1 ? total - given : Math.max(1, Math.round((total * weights[i]!) / sum));
    out.set(c.code, n);
    given += n;
  });
  return out;
}

/**
 * A population CSV (header: area_code, valid_from, year, population, source, in any order; other columns
 * ignored) as raw rows with the file line of each, for `validatePopulationRows`.
 *
 * @throws Error naming the file and line when the CSV is malformed or a column is missing.
 */
export function parsePopulationCsv(text: string, source: string): { rows: RawPopulationRow[]; lines: number[] } {
  const table = parseCsvTable(text, source, POPULATION_COLUMNS);
  const col = new Map(table.header.map((h, i) => [h, i]));
  return {
    rows: table.rows.map((r) => Object.fromEntries(POPULATION_COLUMNS.map((c) => [c, r.fields[col.get(c)!] ?? ''])) as RawPopulationRow),
    lines: table.rows.map((r) => r.line),
  };
}
