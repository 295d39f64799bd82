import { describe, expect, it } from 'vitest';
import {
  countWorkingDays,
  createWeekendOnlyCalendar,
  createWorkingCalendar,
  isDayOff,
  nextWorkingDay,
  vnWorkingCalendar,
} from './working-calendar';
import holidayData from '../../../data/holidays/vn-holidays.json';
import { addDays, isoWeekday } from './dates';

describe('working calendar', () => {
  it.each([
    ['2024-02-08', true], // Tết Giáp Thìn starts (Thursday)
    ['2024-02-14', true], // last day off
    ['2024-02-15', false],
    ['2025-01-27', true], // Tết Ất Tỵ (Monday)
    ['2025-02-03', false],
    ['2026-02-16', true], // Tết Bính Ngọ
    ['2025-04-07', true], // Giỗ Tổ
    ['2025-05-02', true], // swapped day off
    ['2025-04-26', false], // make-up Saturday is a working day
    ['2025-09-01', true],
    ['2025-09-02', true],
    ['2025-09-03', false],
    ['2024-09-03', true],
    ['2020-09-03', false], // before Labour Code 2019: one day only
    ['2025-03-08', true], // ordinary Saturday
    ['2025-03-10', false],
  ])('should say %s is a day off: %s', (d, expected) => {
    expect(isDayOff(d)).toBe(expected);
  });

  it('should skip Tết to the next working day', () => {
    expect(nextWorkingDay('2025-01-24')).toBe('2025-02-03');
    expect(nextWorkingDay('2024-02-07')).toBe('2024-02-15');
    expect(nextWorkingDay('2025-03-07')).toBe('2025-03-10'); // Friday → Monday
  });

  it('should roll forward only from a day off', () => {
    expect(vnWorkingCalendar.rollForward('2025-03-10')).toBe('2025-03-10');
    expect(vnWorkingCalendar.rollForward('2025-04-30')).toBe('2025-05-05');
    expect(vnWorkingCalendar.rollBackward('2025-05-04')).toBe('2025-04-29');
  });

  it('should optionally treat make-up Saturdays as days off', () => {
    const strict = createWorkingCalendar(undefined, { makeUpSaturdaysAreWorkingDays: false });
    expect(strict.isDayOff('2025-04-26')).toBe(true);
  });

  it('should count working days', () => {
    // 2025-01-20 (Mon) … 2025-02-07 (Fri): 15 weekdays, 5 of them Tết → 10.
    expect(countWorkingDays(vnWorkingCalendar, '2025-01-20', '2025-02-07')).toBe(10);
    expect(countWorkingDays(createWeekendOnlyCalendar(), '2025-01-20', '2025-02-07')).toBe(15);
  });

  it('should give five working days off for every Tết in the data', () => {
    for (const [year, entry] of Object.entries(holidayData.years)) {
      const tet = entry.blocks.find((b) => b.name.startsWith('Tết Nguyên Đán'));
      expect(tet, year).toBeDefined();
      let weekdays = 0;
      for (let d = tet!.from; d <= tet!.to; d = addDays(d, 1)) if (isoWeekday(d) <= 5) weekdays++;
      expect(weekdays, year).toBe(5);
    }
  });

  it('should cover 2019–2027 and flag provisional years', () => {
    expect(vnWorkingCalendar.coveredYears()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(vnWorkingCalendar.isUncertain('2027-02-05')).toBe(true);
    expect(vnWorkingCalendar.isUncertain('2028-01-01')).toBe(true);
    expect(vnWorkingCalendar.isUncertain('2025-02-05')).toBe(false);
  });

  it('should list only Saturdays as make-up workdays', () => {
    for (const entry of Object.values(holidayData.years)) {
      for (const d of entry.makeUpWorkdays) expect(isoWeekday(d)).toBe(6);
    }
  });
});
