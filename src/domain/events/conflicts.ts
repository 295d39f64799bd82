import { addDays, assertDate, hcmDateOf } from '../calendar/dates';
import { SHIFT_HOURS, SHIFT_LABELS, type Shift } from './model';

/**
 * Conflict detection for an event plan, pure: a unit staffed across overlapping events beyond its
 * available strength on that date, another event at the same venue at the same time, a lead unit
 * outside its jurisdiction. Intervals are half-open [start, end): an event that ends at 12:00 and one
 * that starts at 12:00 do not overlap, nor do the night shift of a date (22–06) and the first shift of
 * the next (06–14).
 */

export interface StaffingLine {
  unitId: string;
  /** The Hanoi date the shift starts on. */
  date: string;
  shift: Shift;
  staff: number;
}

export interface Point {
  lon: number;
  lat: number;
}

export interface PlannedEvent {
  id: string;
  name: string;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  /** Normalised venue name (no diacritics, lower case); empty when unknown. */
  venueKey: string;
  point: Point | null;
  staffing: readonly StaffingLine[];
}

/** Available strength of a unit (quân số có thể huy động) from a date (to a date, or open-ended). */
export interface StrengthRule {
  unitId: string;
  from: string;
  to: string | null;
  strength: number;
}

export interface LeadUnitFacts {
  id: string;
  name: string;
  /** The city command and city-wide departments act anywhere in the city. */
  cityWide: boolean;
  /** Whether the event's commune was under the unit's jurisdiction on the event's first day. */
  coversArea: boolean;
}

export type Conflict =
  | {
      kind: 'unit_over_strength';
      unitId: string;
      date: string;
      shift: Shift;
      /** Staff committed at the busiest moment of the shift, this event included. */
      committed: number;
      strength: number;
      eventIds: string[];
      vi: string;
      en: string;
    }
  | { kind: 'venue_overlap'; eventId: string; eventName: string; vi: string; en: string }
  | { kind: 'lead_outside_jurisdiction'; unitId: string; vi: string; en: string };

/** Two events closer than this (metres) are at the same venue even when named differently. */
export const SAME_VENUE_METRES = 150;

const HOUR_MS = 3_600_000;

/** The half-open interval of a shift, in epoch milliseconds. */
export function shiftInterval(date: string, shift: Shift): [number, number] {
  const day = Date.parse(`${assertDate(date)}T00:00:00+07:00`);
  const h = SHIFT_HOURS[shift];
  return [day + h.start * HOUR_MS, day + h.end * HOUR_MS];
}

/** Half-open intervals overlap when each starts before the other ends (touching is not overlapping). */
export function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

export function eventInterval(e: Pick<PlannedEvent, 'startsAt' | 'endsAt'>): [number, number] {
  return [Date.parse(e.startsAt), Date.parse(e.endsAt)];
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * The strength of a unit on a date: among the rules covering the date, the one that starts last (a rule
 * for one day overrides the standing one). Null when none is configured: no capacity check is possible.
 */
export function strengthOn(rules: readonly StrengthRule[], unitId: string, date: string): number | null {
  let best: StrengthRule | null = null;
  for (const r of rules) {
    if (r.unitId !== unitId || r.from > date || (r.to !== null && r.to < date)) continue;
    if (!best || r.from > best.from || (r.from === best.from && (r.to ?? '9999') < (best.to ?? '9999'))) best = r;
  }
  return best ? best.strength : null;
}

/** The first and last date a staffing line may fall on: from the day before the event (preparation) to its last day. */
export function staffingDateRange(e: Pick<PlannedEvent, 'startsAt' | 'endsAt'>): { from: string; to: string } {
  const lastInstant = new Date(Date.parse(e.endsAt) - 1);
  return { from: addDays(hcmDateOf(e.startsAt), -1), to: hcmDateOf(lastInstant) };
}

/**
 * The busiest load of one unit during `window`: a sweep over the start and end points of the lines that
 * overlap it. Returns the peak and the events contributing to it.
 */
function peakLoad(
  window: [number, number],
  lines: readonly { interval: [number, number]; staff: number; eventId: string }[],
) {
  const points: { t: number; d: number; eventId: string }[] = [];
  for (const l of lines) {
    if (!overlaps(window, l.interval)) continue;
    points.push({ t: Math.max(l.interval[0], window[0]), d: l.staff, eventId: l.eventId });
    points.push({ t: Math.min(l.interval[1], window[1]), d: -l.staff, eventId: l.eventId });
  }
  // Ends before starts at the same instant: touching intervals do not add up.
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let load = 0;
  let peak = 0;
  const active = new Map<string, number>();
  let peakEvents: string[] = [];
  for (const p of points) {
    load += p.d;
    active.set(p.eventId, (active.get(p.eventId) ?? 0) + (p.d > 0 ? 1 : -1));
    if (p.d > 0 && load > peak) {
      peak = load;
      peakEvents = [...active].filter(([, n]) => n > 0).map(([id]) => id);
    }
  }
  return { peak, eventIds: peakEvents };
}

const fmtDate = (d: string) => d.split('-').reverse().join('/');

/**
 * Every conflict of `event` against `others` (the committed events that may overlap it; the event itself
 * is ignored if present), the strength rules and the facts about its lead unit.
 */
export function detectConflicts(input: {
  event: PlannedEvent;
  others: readonly PlannedEvent[];
  strengths: readonly StrengthRule[];
  lead: LeadUnitFacts | null;
  unitNames?: ReadonlyMap<string, string>;
}): Conflict[] {
  const { event, strengths, lead } = input;
  const others = input.others.filter((o) => o.id !== event.id);
  const out: Conflict[] = [];
  const name = (id: string) => input.unitNames?.get(id) ?? id;

  // 1. Units over strength, per line of this event (one conflict per unit, date and shift).
  const byUnit = new Map<string, { interval: [number, number]; staff: number; eventId: string }[]>();
  for (const e of [event, ...others])
    for (const l of e.staffing) {
      if (l.staff <= 0) continue;
      const list = byUnit.get(l.unitId) ?? [];
      list.push({ interval: shiftInterval(l.date, l.shift), staff: l.staff, eventId: e.id });
      byUnit.set(l.unitId, list);
    }
  const seen = new Set<string>();
  for (const l of event.staffing) {
    if (l.staff <= 0) continue;
    const key = `${l.unitId}|${l.date}|${l.shift}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const strength = strengthOn(strengths, l.unitId, l.date);
    if (strength === null) continue;
    const { peak, eventIds } = peakLoad(shiftInterval(l.date, l.shift), byUnit.get(l.unitId) ?? []);
    if (peak > strength)
      out.push({
        kind: 'unit_over_strength',
        unitId: l.unitId,
        date: l.date,
        shift: l.shift,
        committed: peak,
        strength,
        eventIds: eventIds.filter((id) => id !== event.id),
        vi: `${name(l.unitId)}: huy động ${peak} người ${SHIFT_LABELS[l.shift].vi.toLowerCase()} ngày ${fmtDate(l.date)}, vượt quân số có thể huy động (${strength})`,
        en: `${name(l.unitId)}: ${peak} officers committed in ${SHIFT_LABELS[l.shift].en.toLowerCase()} on ${l.date}, above the available strength (${strength})`,
      });
  }

  // 2. Another event at the same venue at the same time.
  const span = eventInterval(event);
  for (const o of others) {
    if (!overlaps(span, eventInterval(o))) continue;
    const sameName = event.venueKey !== '' && event.venueKey === o.venueKey;
    const near = event.point && o.point ? distanceMetres(event.point, o.point) <= SAME_VENUE_METRES : false;
    if (sameName || near)
      out.push({
        kind: 'venue_overlap',
        eventId: o.id,
        eventName: o.name,
        vi: `Trùng địa điểm và thời gian với sự kiện "${o.name}"`,
        en: `Same venue at the same time as "${o.name}"`,
      });
  }

  // 3. A lead unit outside its jurisdiction.
  if (lead && !lead.cityWide && !lead.coversArea)
    out.push({
      kind: 'lead_outside_jurisdiction',
      unitId: lead.id,
      vi: `Đơn vị chủ trì ${lead.name} không quản lý địa bàn tổ chức sự kiện`,
      en: `The lead unit ${lead.name} has no jurisdiction over the venue's commune`,
    });
  return out;
}
