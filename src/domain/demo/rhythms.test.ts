import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/dates';
import { dayShape, meanShape, reductionPct, socialOrderTarget, tetStart } from './rhythms';

describe('social-order targets', () => {
  it('make reporting year 2024 exactly 17.1% lower than 2023 at every integer scale up to 100', () => {
    for (let scale = 1; scale <= 100; scale++) {
      const [a, b] = [socialOrderTarget(2023, scale), socialOrderTarget(2024, scale)];
      expect(a).toBe(2914 * scale);
      expect(reductionPct(a, b), `scale ${scale}`).toBe(17.1);
    }
    expect([socialOrderTarget(2023, 1), socialOrderTarget(2024, 1)]).toEqual([2914, 2416]);
  });

  it('and at fractional scales from 0.34 on', () => {
    for (let k = 34; k <= 1000; k++) {
      const scale = k / 100;
      expect(reductionPct(socialOrderTarget(2023, scale), socialOrderTarget(2024, scale)), `scale ${scale}`).toBe(17.1);
    }
  });

  it('keep falling after the tabled years', () => {
    expect(socialOrderTarget(2028, 1)).toBeLessThan(socialOrderTarget(2026, 1));
  });
});

describe('calendar rhythms', () => {
  it('finds Tết from the shipped holiday data', () => {
    expect(tetStart(2024)).toBe('2024-02-08');
    expect(tetStart(2025)).toBe('2025-01-25');
    expect(tetStart(2026)).toBe('2026-02-14');
    expect(tetStart(1990)).toBeNull();
  });

  it('raises crime in the month before Tết and lowers it during the days off', () => {
    const tet = tetStart(2024)!;
    // Same weekday, to compare like with like.
    expect(dayShape(addDays(tet, -7), 'crime')).toBeGreaterThan(dayShape(addDays(tet, 63), 'crime'));
    expect(dayShape(addDays(tet, 1), 'crime')).toBeLessThan(dayShape(addDays(tet, 63), 'crime'));
    expect(dayShape(addDays(tet, 1), 'traffic')).toBeGreaterThan(dayShape(addDays(tet, 63), 'traffic'));
  });

  it('dips in the 2021 Hanoi lockdown; fires peak in winter', () => {
    expect(dayShape('2021-08-10', 'traffic')).toBeLessThan(0.5 * dayShape('2022-08-09', 'traffic'));
    expect(dayShape('2023-01-10', 'fire')).toBeGreaterThan(1.5 * dayShape('2023-08-08', 'fire'));
    expect(meanShape(2023, 'crime')).toBeGreaterThan(0.9);
    expect(meanShape(2023, 'crime')).toBeLessThan(1.1);
  });
});
