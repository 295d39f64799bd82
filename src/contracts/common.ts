import { z } from 'zod';

/**
 * Schema helpers shared by every contract. Every date and instant the API accepts goes through the two
 * schemas below, so one bound holds for all of them: a year outside [DATE_MIN_YEAR, DATE_MAX_YEAR] is a
 * 400 naming the field, never a date the database or the period arithmetic cannot hold.
 */
export const DATE_MIN_YEAR = 1900;
export const DATE_MAX_YEAR = 2100;
const BOUND_MESSAGE = `năm phải từ ${DATE_MIN_YEAR} đến ${DATE_MAX_YEAR} / the year must be between ${DATE_MIN_YEAR} and ${DATE_MAX_YEAR}`;

function yearInBounds(s: string): boolean {
  const year = Number(s.slice(0, 4));
  return year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR;
}

/** `YYYY-MM-DD`, a real calendar date in the years the system holds. */
export const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date')
  .refine(yearInBounds, BOUND_MESSAGE);

/** An instant with its offset: 2025-03-10T14:30:00+07:00 or …Z, in the years the system holds (at UTC too). */
export const ZInstant = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return yearInBounds(s) && !Number.isNaN(t) && yearInBounds(new Date(t).toISOString());
}, BOUND_MESSAGE);

/**
 * A partial update that must change something: `{}` is a 400 on `body` ("nothing to change") rather than
 * an UPDATE without columns.
 */
export function requireSomeChange<T extends z.ZodObject>(schema: T) {
  return schema.refine((o: Record<string, unknown>) => Object.values(o).some((v) => v !== undefined), {
    message: 'không có gì để thay đổi / nothing to change',
  });
}
