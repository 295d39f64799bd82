import { describe, expect, it } from 'vitest';
import { classifyTrafficAccident, TRAFFIC_SEVERITY_RULES, type SeverityRule } from './traffic-severity';

const M = 1_000_000;

describe('classifyTrafficAccident', () => {
  it.each([
    // deaths, injuries (%), damage VND → class, rule
    [0, [], 0, 'va_cham', null],
    [0, [10], 0, 'va_cham', null],
    [0, [11], 0, 'it_nghiem_trong', 'int-injured'],
    [0, [60], 0, 'it_nghiem_trong', 'int-injured'],
    [0, [30, 30], 0, 'it_nghiem_trong', 'int-injured'],
    [0, [], 10 * M - 1, 'va_cham', null],
    [0, [], 10 * M, 'it_nghiem_trong', 'int-damage'],
    [0, [], 100 * M - 1, 'it_nghiem_trong', 'int-damage'],
    [0, [], 100 * M, 'nghiem_trong', 'nt-damage'],
    [0, [61], 0, 'nghiem_trong', 'nt-injured-one'],
    [0, [30, 31], 0, 'nghiem_trong', 'nt-injured-many'],
    [0, [61, 60], 0, 'nghiem_trong', 'nt-injured-one'],
    [1, [], 0, 'nghiem_trong', 'nt-death'],
    [1, [60], 0, 'nghiem_trong', 'nt-death'],
    [0, [], 500 * M - 1, 'nghiem_trong', 'nt-damage'],
    [0, [], 500 * M, 'rat_nghiem_trong', 'rnt-damage'],
    [2, [], 0, 'rat_nghiem_trong', 'rnt-deaths'],
    [0, [61, 61], 0, 'rat_nghiem_trong', 'rnt-injured'],
    [0, [100, 100], 0, 'rat_nghiem_trong', 'rnt-injured'],
    [0, [67, 67, 66], 0, 'rat_nghiem_trong', 'rnt-injured'],
    [1, [61], 0, 'rat_nghiem_trong', 'rnt-death-injured'],
    [0, [], 1500 * M - 1, 'rat_nghiem_trong', 'rnt-damage'],
    [0, [], 1500 * M, 'dac_biet_nghiem_trong', 'dbnt-damage'],
    [3, [], 0, 'dac_biet_nghiem_trong', 'dbnt-deaths'],
    [0, [67, 67, 67], 0, 'dac_biet_nghiem_trong', 'dbnt-injured'],
    [2, [61], 0, 'dac_biet_nghiem_trong', 'dbnt-2deaths-injured'],
    [2, [60], 0, 'rat_nghiem_trong', 'rnt-deaths'],
  ] as const)(
    'should classify %i deaths, injuries %j, damage %i as %s (%s)',
    (deaths, injuries, damageVnd, severity, rule) => {
      const r = classifyTrafficAccident({ deaths, injuries, damageVnd });
      expect(r.severity).toBe(severity);
      expect(r.rule?.id ?? null).toBe(rule);
      expect(r.provisional).toBe(false);
    },
  );

  it('should mark the class provisional while an injury is not assessed, counting it as 0% meanwhile', () => {
    expect(classifyTrafficAccident({ deaths: 0, injuries: [null, 20], damageVnd: 0 })).toMatchObject({
      severity: 'it_nghiem_trong',
      provisional: true,
    });
  });

  it('should refuse impossible inputs', () => {
    expect(() => classifyTrafficAccident({ deaths: -1, injuries: [], damageVnd: 0 })).toThrow(RangeError);
    expect(() => classifyTrafficAccident({ deaths: 0, injuries: [101], damageVnd: 0 })).toThrow(RangeError);
    expect(() => classifyTrafficAccident({ deaths: 0, injuries: [], damageVnd: -5 })).toThrow(RangeError);
  });

  it('should follow a corrected table given as data', () => {
    const corrected: SeverityRule[] = TRAFFIC_SEVERITY_RULES.map((r) =>
      r.id === 'int-damage' ? { ...r, criterion: { minDamageVnd: 20 * M } } : r,
    );
    expect(classifyTrafficAccident({ deaths: 0, injuries: [], damageVnd: 15 * M }, corrected).severity).toBe('va_cham');
  });

  it('should order the table from the most severe class down and label every rule', () => {
    const order = ['dac_biet_nghiem_trong', 'rat_nghiem_trong', 'nghiem_trong', 'it_nghiem_trong'];
    const ranks = TRAFFIC_SEVERITY_RULES.map((r) => order.indexOf(r.severity));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    for (const r of TRAFFIC_SEVERITY_RULES) expect(r.description.vi && r.description.en).toBeTruthy();
  });
});
