import { describe, expect, it } from 'vitest';
import { computeNotifications } from './notifications';
import { elapsedShare, evaluateTarget, measureOf, projectValue, ruleLabel, type TargetInput } from './targets';

const year2025 = { start: '2025-01-01', end: '2025-12-31' };
const base = (over: Partial<TargetInput>): TargetInput => ({
  measure: 'value',
  op: '>=',
  threshold: 75,
  unit: 'percent',
  ...year2025,
  asOf: '2025-07-02',
  current: 80,
  comparison: null,
  ...over,
});

describe('target status and projection', () => {
  it('should measure the change against the comparison in percent and in absolute terms', () => {
    expect(measureOf('change_percent', 95, 100)).toBe(-5);
    expect(measureOf('change_absolute', 12, 15)).toBe(-3);
    expect(measureOf('change_percent', 3, 0)).toBeNull();
    expect(measureOf('value', null, 3)).toBeNull();
  });

  it('should share the elapsed part of the period by days', () => {
    expect(elapsedShare('2025-01-01', '2025-01-10', '2025-01-05')).toBe(0.5);
    expect(elapsedShare('2025-01-01', '2025-01-10', '2024-12-31')).toBe(0);
    expect(elapsedShare('2025-01-01', '2025-01-10', '2025-02-01')).toBe(1);
  });

  it('should project counts linearly and keep rates as they are', () => {
    expect(projectValue('count', 50, 0.5)).toBe(100);
    expect(projectValue('people', 10, 0.25)).toBe(40);
    expect(projectValue('percent', 77, 0.5)).toBe(77);
    expect(projectValue('count', 5, 0)).toBeNull();
  });

  it('should say met for a rate above its floor, at risk below it while the period runs, missed at the end', () => {
    expect(evaluateTarget(base({ current: 80 })).status).toBe('met');
    expect(evaluateTarget(base({ current: 70 })).status).toBe('at_risk');
    expect(evaluateTarget(base({ current: 70, asOf: '2025-12-31' })).status).toBe('missed');
    expect(evaluateTarget(base({ current: 75, asOf: '2026-02-01' })).status).toBe('met');
  });

  it('should not say missed for a rate only because its cases are still maturing (judged like for like)', () => {
    const over = { current: 70, asOf: '2026-01-10', maturing: true };
    expect(evaluateTarget(base({ ...over, expectedFinal: 82 }))).toMatchObject({
      status: 'at_risk',
      projected: 82,
      finished: true,
    });
    expect(evaluateTarget(base({ ...over, expectedFinal: null }))).toMatchObject({ status: 'at_risk', projected: 70 });
    expect(evaluateTarget(base({ ...over, current: 80, expectedFinal: 90 })).status).toBe('met');
    // Matured: the final value decides.
    expect(evaluateTarget(base({ ...over, maturing: false, expectedFinal: 82 }))).toMatchObject({
      status: 'missed',
      projected: 70,
    });
    // Counts do not mature.
    expect(evaluateTarget(base({ ...over, unit: 'count', op: '<=', threshold: 60 })).status).toBe('missed');
  });

  it('should project a crime-reduction target against the whole of last year', () => {
    // Half the year gone (2 July of 365 days ≈ 0.5); 460 cases so far vs 500 in the same days last year (−8%),
    // but last year's whole year was 900: projected 460/0.5 ≈ 919 → +2% → at risk although −8% to date.
    const e = evaluateTarget(
      base({
        measure: 'change_percent',
        op: '<=',
        threshold: -5,
        unit: 'count',
        current: 460,
        comparison: 500,
        comparisonFull: 900,
      }),
    );
    expect(e.value).toBeCloseTo(-8, 6);
    expect(e.projectedCurrent).toBeCloseTo(460 / elapsedShare('2025-01-01', '2025-12-31', '2025-07-02'), 6);
    expect(e.projected!).toBeGreaterThan(0);
    expect(e.status).toBe('at_risk');
    // On track: the same pace as the comparison's, 8% below.
    const ok = evaluateTarget(
      base({
        measure: 'change_percent',
        op: '<=',
        threshold: -5,
        unit: 'count',
        current: 460,
        comparison: 500,
        comparisonFull: 1000,
      }),
    );
    expect(ok.status).toBe('met');
  });

  it('should say missed at once when a count already passed its ceiling', () => {
    const e = evaluateTarget(base({ measure: 'value', op: '<=', threshold: 100, unit: 'people', current: 120 }));
    expect(e.status).toBe('missed');
    expect(e.finished).toBe(false);
  });

  it('should judge "below last year" by the absolute change', () => {
    const done = { ...year2025, asOf: '2026-01-15' };
    expect(
      evaluateTarget(
        base({
          ...done,
          measure: 'change_absolute',
          op: '<',
          threshold: 0,
          unit: 'people',
          current: 590,
          comparison: 600,
        }),
      ).status,
    ).toBe('met');
    expect(
      evaluateTarget(
        base({
          ...done,
          measure: 'change_absolute',
          op: '<',
          threshold: 0,
          unit: 'people',
          current: 600,
          comparison: 600,
        }),
      ).status,
    ).toBe('missed');
  });

  it('should say no data when the value or its base is missing', () => {
    expect(evaluateTarget(base({ current: null })).status).toBe('no_data');
    expect(
      evaluateTarget(
        base({ measure: 'change_percent', op: '<=', threshold: -5, unit: 'count', current: 3, comparison: 0 }),
      ).status,
    ).toBe('no_data');
  });

  it('should phrase the rule', () => {
    expect(ruleLabel('change_percent', '<=', -5, 'count').vi).toContain('≤ -5%');
    expect(ruleLabel('value', '>=', 75, 'percent').en).toBe('≥ 75%');
  });
});

describe('notifications', () => {
  const today = '2025-06-10';
  const U = 'unit-a';
  const tasks = [
    { id: 't1', title: 'Late', status: 'in_progress', dueOn: '2025-06-01', leadUnitId: U, cooperatingUnitIds: [] },
    { id: 't2', title: 'Soon', status: 'not_started', dueOn: '2025-06-12', leadUnitId: 'x', cooperatingUnitIds: [U] },
    { id: 't3', title: 'Done', status: 'done', dueOn: '2025-06-01', leadUnitId: U, cooperatingUnitIds: [] },
    { id: 't4', title: 'Other', status: 'in_progress', dueOn: '2025-06-01', leadUnitId: 'x', cooperatingUnitIds: [] },
  ];
  const items = [
    {
      id: 'i1',
      directiveId: 'd',
      directiveNumber: '12/CĐ',
      content: 'Báo cáo',
      status: 'open',
      dueOn: '2025-06-05',
      unitId: 'x',
      issuerUnitId: U,
      issuedBy: null,
    },
    {
      id: 'i2',
      directiveId: 'd',
      directiveNumber: '12/CĐ',
      content: 'Rà soát',
      status: 'open',
      dueOn: '2025-07-05',
      unitId: U,
      issuerUnitId: 'y',
      issuedBy: null,
    },
  ];

  it('should list what concerns my unit, overdue first, with stable keys', () => {
    const n = computeNotifications({ unitId: U, userId: 'me', today, tasks, items });
    expect(n.map((x) => x.key)).toEqual([
      'overdue:task:t1:2025-06-01',
      'escalated:item:i1:2025-06-05',
      'due_soon:task:t2:2025-06-12',
      'directive:item:i2',
      'assigned:task:t1',
      'assigned:task:t2',
    ]);
  });
});
