import { describe, expect, it } from 'vitest';
import {
  detectConflicts,
  distanceMetres,
  shiftInterval,
  staffingDateRange,
  strengthOn,
  type PlannedEvent,
  type StrengthRule,
} from './conflicts';

const ev = (over: Partial<PlannedEvent> & { id: string }): PlannedEvent => ({
  name: over.id,
  startsAt: '2026-05-10T08:00:00+07:00',
  endsAt: '2026-05-10T12:00:00+07:00',
  venueKey: '',
  point: null,
  staffing: [],
  ...over,
});
const strength = (unitId: string, from: string, to: string | null, n: number): StrengthRule => ({
  unitId,
  from,
  to,
  strength: n,
});

describe('detectConflicts', () => {
  it('should flag a unit whose staffing across overlapping events exceeds its strength on that date', () => {
    const a = ev({ id: 'a', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's1', staff: 30 }] });
    const b = ev({ id: 'b', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's1', staff: 25 }] });
    const c = detectConflicts({
      event: a,
      others: [b],
      strengths: [strength('U', '2026-01-01', null, 50)],
      lead: null,
    });
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      kind: 'unit_over_strength',
      unitId: 'U',
      date: '2026-05-10',
      shift: 's1',
      committed: 55,
      strength: 50,
      eventIds: ['b'],
    });
    expect(c[0]!.vi).toContain('10/05/2026');
    // Exactly at strength is not a conflict.
    expect(
      detectConflicts({ event: a, others: [b], strengths: [strength('U', '2026-01-01', null, 55)], lead: null }),
    ).toEqual([]);
  });

  it('should not add up shifts that only touch: the night shift of a date and the first shift of the next', () => {
    const [nightStart, nightEnd] = shiftInterval('2026-05-10', 's3');
    const [morningStart] = shiftInterval('2026-05-11', 's1');
    expect(nightEnd).toBe(morningStart);
    expect(new Date(nightStart).toISOString()).toBe('2026-05-10T15:00:00.000Z');
    const a = ev({ id: 'a', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's3', staff: 40 }] });
    const b = ev({ id: 'b', staffing: [{ unitId: 'U', date: '2026-05-11', shift: 's1', staff: 40 }] });
    expect(
      detectConflicts({ event: a, others: [b], strengths: [strength('U', '2026-01-01', null, 50)], lead: null }),
    ).toEqual([]);
    // Different shifts of the same day do not add up either; the same shift does.
    const c = ev({ id: 'c', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's2', staff: 40 }] });
    expect(
      detectConflicts({ event: a, others: [c], strengths: [strength('U', '2026-01-01', null, 50)], lead: null }),
    ).toEqual([]);
    const d = ev({ id: 'd', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's3', staff: 11 }] });
    expect(
      detectConflicts({ event: a, others: [d], strengths: [strength('U', '2026-01-01', null, 50)], lead: null }),
    ).toHaveLength(1);
  });

  it('should check every day of a multi-day event against the strength of that date', () => {
    const days = ['2026-09-01', '2026-09-02', '2026-09-03'];
    const congress = ev({
      id: 'congress',
      startsAt: '2026-09-01T07:00:00+07:00',
      endsAt: '2026-09-03T18:00:00+07:00',
      staffing: days.map((date) => ({ unitId: 'U', date, shift: 's1' as const, staff: 40 })),
    });
    const visit = ev({
      id: 'visit',
      startsAt: '2026-09-02T08:00:00+07:00',
      endsAt: '2026-09-02T11:00:00+07:00',
      staffing: [{ unitId: 'U', date: '2026-09-02', shift: 's1', staff: 20 }],
    });
    // 50 on ordinary days, 100 on 2026-09-02 (a reinforcement for that day): no conflict.
    const rules = [strength('U', '2026-01-01', null, 50), strength('U', '2026-09-02', '2026-09-02', 100)];
    expect(detectConflicts({ event: congress, others: [visit], strengths: rules, lead: null })).toEqual([]);
    // Without the reinforcement the second day is over strength, the other days are not.
    const c = detectConflicts({ event: congress, others: [visit], strengths: rules.slice(0, 1), lead: null });
    expect(c.map((x) => (x.kind === 'unit_over_strength' ? x.date : null))).toEqual(['2026-09-02']);
  });

  it('should skip the capacity check when no strength is configured for the date', () => {
    const a = ev({ id: 'a', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's1', staff: 999 }] });
    expect(
      detectConflicts({ event: a, others: [], strengths: [strength('U', '2027-01-01', null, 5)], lead: null }),
    ).toEqual([]);
    expect(
      detectConflicts({ event: a, others: [], strengths: [strength('U', '2026-01-01', null, 5)], lead: null }),
    ).toHaveLength(1);
  });

  it('should flag the same venue at overlapping times, but not events that only touch', () => {
    const a = ev({ id: 'a', venueKey: 'nha hat lon', point: { lon: 105.8577, lat: 21.0243 } });
    const touching = ev({
      id: 't',
      name: 'Hòa nhạc',
      venueKey: 'nha hat lon',
      startsAt: '2026-05-10T12:00:00+07:00',
      endsAt: '2026-05-10T15:00:00+07:00',
    });
    const overlapping = ev({
      id: 'o',
      name: 'Hòa nhạc',
      venueKey: 'nha hat lon',
      startsAt: '2026-05-10T11:59:00+07:00',
      endsAt: '2026-05-10T15:00:00+07:00',
    });
    expect(detectConflicts({ event: a, others: [touching], strengths: [], lead: null })).toEqual([]);
    const c = detectConflicts({ event: a, others: [overlapping], strengths: [], lead: null });
    expect(c).toEqual([expect.objectContaining({ kind: 'venue_overlap', eventId: 'o', eventName: 'Hòa nhạc' })]);
    // Named differently but 50 m apart: the same place; 1 km apart with another name: not.
    const near = ev({ id: 'n', venueKey: 'quang truong cach mang thang tam', point: { lon: 105.8582, lat: 21.0246 } });
    expect(detectConflicts({ event: a, others: [near], strengths: [], lead: null })).toHaveLength(1);
    const far = ev({ id: 'f', venueKey: 'ho guom', point: { lon: 105.8523, lat: 21.0287 } });
    expect(distanceMetres(a.point!, far.point!)).toBeGreaterThan(500);
    expect(detectConflicts({ event: a, others: [far], strengths: [], lead: null })).toEqual([]);
  });

  it('should flag a lead unit outside its jurisdiction unless it is city-wide', () => {
    const a = ev({ id: 'a' });
    const lead = { id: 'W', name: 'Công an phường Ba Đình', cityWide: false, coversArea: false };
    expect(detectConflicts({ event: a, others: [], strengths: [], lead })).toEqual([
      expect.objectContaining({ kind: 'lead_outside_jurisdiction', unitId: 'W' }),
    ]);
    expect(detectConflicts({ event: a, others: [], strengths: [], lead: { ...lead, coversArea: true } })).toEqual([]);
    expect(detectConflicts({ event: a, others: [], strengths: [], lead: { ...lead, cityWide: true } })).toEqual([]);
  });

  it('should ignore the event itself among the others (a re-check of a saved event)', () => {
    const a = ev({ id: 'a', venueKey: 'x', staffing: [{ unitId: 'U', date: '2026-05-10', shift: 's1', staff: 30 }] });
    expect(
      detectConflicts({ event: a, others: [a], strengths: [strength('U', '2026-01-01', null, 40)], lead: null }),
    ).toEqual([]);
  });
});

describe('strengthOn', () => {
  it('should take the rule that starts last among those covering the date', () => {
    const rules = [
      strength('U', '2020-01-01', null, 80),
      strength('U', '2026-01-01', '2026-12-31', 60),
      strength('U', '2026-02-16', '2026-02-18', 20),
      strength('V', '2020-01-01', null, 5),
    ];
    expect(strengthOn(rules, 'U', '2025-06-01')).toBe(80);
    expect(strengthOn(rules, 'U', '2026-02-15')).toBe(60);
    expect(strengthOn(rules, 'U', '2026-02-17')).toBe(20);
    expect(strengthOn(rules, 'U', '2026-02-18')).toBe(20);
    expect(strengthOn(rules, 'U', '2027-01-01')).toBe(80);
    expect(strengthOn(rules, 'W', '2026-01-01')).toBeNull();
  });
});

describe('staffingDateRange', () => {
  it('should run from the day before the event to its last day (an end at midnight belongs to the day before)', () => {
    expect(staffingDateRange({ startsAt: '2026-05-10T08:00:00+07:00', endsAt: '2026-05-12T00:00:00+07:00' })).toEqual({
      from: '2026-05-09',
      to: '2026-05-11',
    });
  });
});
