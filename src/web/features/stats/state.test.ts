import { describe, expect, it } from 'vitest';
import {
  changeColour,
  formatChange,
  formatDecimal,
  formatPercentChange,
  formatRate,
  formatStat,
  meetsTarget,
  significanceOf,
} from './format';
import { DEFAULT_STATE, drillHref, paramsFromState, stateFromParams, trendRange } from './state';

const change = (absolute: number, percent: number | null, z: number | null) => ({
  absolute,
  percent,
  z,
  label: null,
  phrase: { vi: '', en: '' },
});

describe('dashboard state in the URL', () => {
  it('should read defaults from an empty query and write them back as an empty query', () => {
    const s = stateFromParams(new URLSearchParams());
    expect(s).toEqual(DEFAULT_STATE);
    expect(paramsFromState(s)).toEqual({});
  });

  it('should round-trip every choice', () => {
    const q = {
      metric: 'clearance_rate',
      period: 'report_year',
      date: '2025-03-02',
      comparison: 'previous_period',
      areaCode: '00070',
      unitId: '23b88cc3-1f36-4721-a34a-4d792e434eb3',
      boundaries: 'current',
      mapColour: 'change',
      hotspots: '1',
      trend: '60',
    };
    expect(paramsFromState(stateFromParams(new URLSearchParams(q)))).toEqual(q);
  });

  it('should round-trip the rate colouring and the density layer', () => {
    const q = { mapColour: 'rate', density: '1' };
    const s = stateFromParams(new URLSearchParams(q));
    expect(s.mapColour).toBe('rate');
    expect(s.density).toBe(true);
    expect(paramsFromState(s)).toEqual(q);
    expect(stateFromParams(new URLSearchParams({ mapColour: 'density', density: 'yes' }))).toMatchObject({ mapColour: 'value', density: false });
  });

  it('should drop what is unknown or malformed instead of sending it to the server', () => {
    const s = stateFromParams(
      new URLSearchParams({
        metric: 'nope',
        period: 'week',
        date: '2025-02-30',
        comparison: 'x',
        areaCode: 'abc',
        unitId: '1',
        trend: '7',
      }),
    );
    expect(s).toEqual(DEFAULT_STATE);
  });

  it('should keep a custom period only with valid, ordered bounds', () => {
    expect(
      stateFromParams(new URLSearchParams({ period: 'custom', from: '2025-01-01', to: '2025-03-31' })),
    ).toMatchObject({
      period: 'custom',
      from: '2025-01-01',
      to: '2025-03-31',
    });
    expect(
      stateFromParams(new URLSearchParams({ period: 'custom', from: '2025-04-01', to: '2025-03-31' })).period,
    ).toBe('report_month');
    expect(stateFromParams(new URLSearchParams({ period: 'custom' })).period).toBe('report_month');
    // Bounds belong to custom periods only.
    expect(
      stateFromParams(new URLSearchParams({ period: 'year', from: '2025-01-01', to: '2025-03-31' })).from,
    ).toBeUndefined();
  });
});

describe('trendRange', () => {
  it('should end at the period end or today, whichever comes first, and start months earlier on the 1st', () => {
    expect(trendRange('2026-12-14', '2026-11-27', 24)).toEqual({ from: '2024-12-01', to: '2026-11-27' });
    expect(trendRange('2025-12-14', '2026-11-27', 36)).toEqual({ from: '2023-01-01', to: '2025-12-14' });
    expect(trendRange('2025-03-31', '2026-11-27', 60)).toEqual({ from: '2020-04-01', to: '2025-03-31' });
  });
});

describe('drillHref', () => {
  it('should carry the drill filter to the incident list, leaving out empty keys', () => {
    expect(
      drillHref({
        kind: 'criminal_case',
        from: '2025-12-15',
        to: '2026-12-14',
        areaCode: '00097',
        statGroup: 'trat_tu_xa_hoi',
      }),
    ).toBe('/incidents?kind=criminal_case&from=2025-12-15&to=2026-12-14&areaCode=00097&statGroup=trat_tu_xa_hoi');
  });
});

describe('formatStat', () => {
  it('should group counts and round rates to one decimal, in both languages', () => {
    expect(formatStat(12345, 'count', 'vi')).toBe('12.345');
    expect(formatStat(12345, 'count', 'en')).toBe('12,345');
    expect(formatStat(79.456, 'percent', 'vi')).toBe('79,5%');
    expect(formatStat(79.456, 'percent', 'en')).toBe('79.5%');
    expect(formatStat(null, 'percent', 'vi')).toBe('–');
  });

  it('should show money in tỷ / triệu đồng', () => {
    expect(formatStat(6_342_520_000, 'vnd', 'vi')).toBe('6,34 tỷ đồng');
    expect(formatStat(33_080_000_000, 'vnd', 'vi')).toBe('33,08 tỷ đồng');
    expect(formatStat(2_000_000_000, 'vnd', 'vi')).toBe('2 tỷ đồng');
    expect(formatStat(450_000_000, 'vnd', 'vi')).toBe('450 triệu đồng');
    expect(formatStat(45_160_000, 'vnd', 'vi')).toBe('45,2 triệu đồng');
    expect(formatStat(950_000, 'vnd', 'vi')).toBe('950.000 đồng');
    expect(formatStat(6_342_520_000, 'vnd', 'en')).toBe('6.34 billion VND');
    expect(formatStat(6_342_520_000, 'vnd', 'vi', true)).toBe('6,34 tỷ');
  });
});

describe('changes', () => {
  it('should show an arrow with the percent for counts and percentage points for rates', () => {
    expect(formatChange(change(-12, -10.256, -1.14), 'count', 'vi')).toBe('▼ 10,3%');
    expect(formatChange(change(5, null, 2.2), 'count', 'vi')).toBe('▲ 5');
    expect(formatChange(change(-5.06, -6, -1.5), 'percent', 'vi')).toBe('▼ 5,1 điểm %');
    expect(formatChange(null, 'count', 'vi')).toBe('–');
    expect(formatPercentChange(change(3, 100, 1.4), 'en')).toBe('▲ 100.0%');
    expect(formatDecimal(-1.1394, 'vi')).toBe('-1,14');
  });

  it('should grade |z| > 3 significant and |z| > 2 notable', () => {
    expect(significanceOf(3.01)).toBe('significant');
    expect(significanceOf(-3.01)).toBe('significant');
    expect(significanceOf(3)).toBe('notable');
    expect(significanceOf(-2.5)).toBe('notable');
    expect(significanceOf(2)).toBe('normal');
    expect(significanceOf(null)).toBeNull();
  });

  it('should colour by direction: more crime is bad, a higher clearance rate is good', () => {
    expect(changeColour(change(40, 50, 3.5), false)).toBe('red');
    expect(changeColour(change(-40, -50, -3.5), false)).toBe('green');
    expect(changeColour(change(5, 10, 2.5), true)).toBe('cyan');
    expect(changeColour(change(-5, -10, -2.5), true)).toBe('orange');
    expect(changeColour(change(1, 1, 0.5), false)).toBe('default');
    expect(changeColour(change(1, 1, null), false)).toBe('default');
  });
});

describe('meetsTarget', () => {
  it('should compare with the target strictly or not as its operator says', () => {
    expect(meetsTarget(75.1, '>', 75)).toBe(true);
    expect(meetsTarget(75, '>', 75)).toBe(false);
    expect(meetsTarget(75, '>=', 75)).toBe(true);
    expect(meetsTarget(10, '<', 12)).toBe(true);
    expect(meetsTarget(12, '<=', 12)).toBe(true);
    expect(meetsTarget(null, '>', 75)).toBeNull();
  });
});

describe('formatRate', () => {
  it('should write a rate per 10,000 inhabitants with one decimal at most, in each language', () => {
    expect(formatRate(1234.56, 'vi')).toBe('1.234,6');
    expect(formatRate(1234.56, 'en')).toBe('1,234.6');
    expect(formatRate(12, 'vi')).toBe('12');
    expect(formatRate(0.04, 'vi')).toBe('0');
    expect(formatRate(2.96, 'vi')).toBe('3');
    expect(formatRate(0.36, 'en')).toBe('0.4');
  });
});
