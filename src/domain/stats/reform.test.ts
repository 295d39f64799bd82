import { describe, expect, it } from 'vitest';
import { buildAreaIndex } from '../areas/lineage';
import type { Area, LineageLink } from '../areas/types';
import {
  endsBetween,
  reaggregateAreaCells,
  reaggregateUnitCells,
  resolveUnit,
  type ReformCell,
  type UnitNode,
} from './reform';

// A small reform by hand: on 2025-07-01 old 10001 goes whole into 20001, old 10002 is split between 20001 and
// 20002, old 10003 goes whole into 20003 (which keeps no old code), old 10004 has no link (unmapped).
const OLD = '2025-01-01';
const NEW = '2025-07-01';
const area = (code: string, validFrom: string, validTo: string | null): Area => ({
  code,
  name: code,
  fullName: `Phường ${code}`,
  type: 'phuong',
  level: 3,
  parentCode: '01',
  validFrom,
  validTo,
});
const areas = [
  area('10001', OLD, '2025-06-30'),
  area('10002', OLD, '2025-06-30'),
  area('10003', OLD, '2025-06-30'),
  area('10004', OLD, '2025-06-30'),
  area('20001', NEW, null),
  area('20002', NEW, null),
  area('20003', NEW, null),
];
const link = (from: string, to: string, relation: LineageLink['relation']): LineageLink => ({
  fromCode: from,
  fromValidFrom: OLD,
  toCode: to,
  toValidFrom: NEW,
  relation,
});
const links = [
  link('10001', '20001', 'full'),
  link('10002', '20001', 'partial'),
  link('10002', '20002', 'partial'),
  link('10003', '20003', 'full'),
];
// West of longitude 105 is 20001, east is 20002.
const index = buildAreaIndex(areas, links, [
  { validFrom: NEW, validTo: null, locate: (lon) => (lon < 105 ? '20001' : '20002') },
]);
const a = (num: number, den = 0) => ({ num, den });
const cell = (code: string, validFrom: string, c: number, p: number): ReformCell => ({
  keys: [code, validFrom],
  c: a(c),
  p: a(p),
});

describe('reaggregateAreaCells', () => {
  // Current period after the reform (new communes), comparison a year before (old communes).
  const cells = [
    cell('20001', NEW, 12, 0),
    cell('20002', NEW, 7, 0),
    cell('20003', NEW, 4, 0),
    cell('10001', OLD, 0, 5),
    cell('10002', OLD, 0, 10),
    cell('10003', OLD, 0, 3),
    cell('10004', OLD, 0, 2),
  ];

  it('should place the old side on the new communes: full links exact, a split by the rule and flagged', () => {
    const r = reaggregateAreaCells(index, cells, [], '2026-01-31');
    const rows = new Map(r.rows.map((x) => [x.keys.join('@'), x]));
    expect([...rows.keys()].sort()).toEqual(['20001@2025-07-01', '20002@2025-07-01', '20003@2025-07-01']);
    // 10002 has no full link and no point: the whole split goes to 20001 (the lowest code; neither kept 10002's code).
    expect(rows.get('20001@2025-07-01')!.p).toEqual(a(15));
    expect(rows.get('20001@2025-07-01')!.approx.p).toEqual(a(10));
    // 20002 got none of it, but could have: its baseline of 0 is the reform's, so it is affected.
    expect(rows.get('20002@2025-07-01')!.p).toEqual(a(0));
    expect(rows.get('20002@2025-07-01')!.affected).toEqual({ c: false, p: true });
    expect(rows.get('20001@2025-07-01')!.affected).toEqual({ c: false, p: true });
    // 20003 through its full link: exact, not affected.
    expect(rows.get('20003@2025-07-01')!.p).toEqual(a(3));
    expect(rows.get('20003@2025-07-01')!.affected).toEqual({ c: false, p: false });
    expect(rows.get('20003@2025-07-01')!.approx.p).toEqual(a(0));
    // The unmapped commune is counted apart; rows + unresolved = totals on both sides.
    expect(r.unresolved.p).toEqual({ unmapped: a(2) });
    const sum = (s: 'c' | 'p') =>
      r.rows.reduce((t, x) => t + x[s].num, 0) + Object.values(r.unresolved[s]).reduce((t, x) => t + x.num, 0);
    expect(sum('c')).toBe(23);
    expect(sum('p')).toBe(20);
    expect(r.methods.p).toEqual({ same: a(0), point: a(0), lineage: a(8), rule: a(10), unresolved: a(2) });
    expect(r.methods.c.same).toEqual(a(23));
  });

  it('should place the incidents of a split commune that have a point by their point, the rest by the rule', () => {
    const pointed = [
      { side: 'p' as const, keys: ['10002', OLD], point: [105.8, 21] as const, num: 6, den: 0 },
      { side: 'p' as const, keys: ['10002', OLD], point: [104.9, 21] as const, num: 1, den: 0 },
    ];
    const r = reaggregateAreaCells(index, cells, pointed, '2026-01-31');
    const rows = new Map(r.rows.map((x) => [x.keys[0], x]));
    // 6 by point in 20002, 1 by point in 20001, the 3 without a point by the rule into 20001.
    expect(rows.get('20002')!.p).toEqual(a(6));
    expect(rows.get('20002')!.byPoint.p).toEqual(a(6));
    expect(rows.get('20001')!.p).toEqual(a(5 + 1 + 3));
    expect(rows.get('20001')!.approx.p).toEqual(a(3));
    expect(r.methods.p.point).toEqual(a(7));
    expect(r.methods.p.rule).toEqual(a(3));
  });

  it('should treat every incident of a split as exact when all have a point', () => {
    const pointed = [{ side: 'p' as const, keys: ['10002', OLD], point: [105.8, 21] as const, num: 10, den: 0 }];
    const r = reaggregateAreaCells(index, cells, pointed, '2026-01-31');
    for (const row of r.rows) expect(row.affected.p, row.keys[0]).toBe(false);
    expect(r.methods.p.rule).toEqual(a(0));
  });

  it('should keep numerators and denominators of rates together, and second dimensions apart', () => {
    const r = reaggregateAreaCells(
      index,
      [
        { keys: ['10001', OLD, '173'], c: a(0, 0), p: a(3, 4) },
        { keys: ['10001', OLD, '168'], c: a(0, 0), p: a(1, 2) },
        { keys: ['20001', NEW, '173'], c: a(5, 9), p: a(0, 0) },
      ],
      [],
      '2026-01-31',
    );
    const rows = new Map(r.rows.map((x) => [x.keys.join('|'), x]));
    expect(rows.get('20001|2025-07-01|173')).toMatchObject({ c: a(5, 9), p: a(3, 4) });
    expect(rows.get('20001|2025-07-01|168')).toMatchObject({ c: a(0, 0), p: a(1, 2) });
  });
});

describe('units', () => {
  const u = (id: string, code: string, validFrom: string, validTo: string | null): UnitNode => ({
    id,
    code,
    validFrom,
    validTo,
  });
  const units = new Map(
    [
      u('q', 'CAQ-001', '2020-01-01', '2025-02-28'), // district police: no successor
      u('s1', 'CA-10001-2025', '2025-01-01', '2025-06-30'),
      u('s2', 'CA-10002-2025', '2025-01-01', '2025-06-30'),
      u('n1', 'CA-20001', '2025-07-01', null),
      u('n2', 'CA-10002', '2025-07-01', null), // keeps the split station's commune code
      u('n3', 'CA-20003', '2025-07-01', null), // new, no predecessor
      u('old', 'CA-10001-2020', '2020-01-01', '2024-12-31'),
    ].map((x) => [x.id, x]),
  );
  const successors = new Map([
    ['old', ['s1']],
    ['s1', ['n1']],
    ['s2', ['n1', 'n2']],
  ]);

  it('should follow successors: one is exact (also across two steps), several approximate, none ended', () => {
    expect(resolveUnit(units, successors, 'n1', '2026-01-31')).toEqual({
      id: 'n1',
      approximate: false,
      method: 'same',
    });
    expect(resolveUnit(units, successors, 's1', '2026-01-31')).toEqual({
      id: 'n1',
      approximate: false,
      method: 'successor',
    });
    expect(resolveUnit(units, successors, 'old', '2026-01-31')).toEqual({
      id: 'n1',
      approximate: false,
      method: 'successor',
    });
    // The successor that kept the code (longest common prefix CA-10002) wins over the lower code.
    expect(resolveUnit(units, successors, 's2', '2026-01-31')).toEqual({
      id: 'n2',
      approximate: true,
      method: 'rule',
      candidates: ['n1', 'n2'],
    });
    expect(resolveUnit(units, successors, 'q', '2026-01-31')).toEqual({ ended: true });
    // Before it ended, a unit is itself.
    expect(resolveUnit(units, successors, 's2', '2025-06-30')).toEqual({
      id: 's2',
      approximate: false,
      method: 'same',
    });
  });

  it('should move the old side onto the current units and keep an ended unit in its own row', () => {
    const r = reaggregateUnitCells(
      units,
      successors,
      [
        { keys: ['n1'], c: a(8, 10), p: a(0, 0) },
        { keys: ['n2'], c: a(2, 3), p: a(0, 0) },
        { keys: ['s1'], c: a(0, 0), p: a(4, 5) },
        { keys: ['s2'], c: a(0, 0), p: a(6, 6) },
        { keys: ['q'], c: a(0, 0), p: a(1, 1) },
      ],
      '2026-01-31',
    );
    const rows = new Map(r.rows.map((x) => [x.keys[0], x]));
    expect(rows.get('n1')).toMatchObject({ c: a(8, 10), p: a(4, 5), affected: { c: false, p: true } });
    expect(rows.get('n2')).toMatchObject({ c: a(2, 3), p: a(6, 6), approx: { p: a(6, 6) }, affected: { p: true } });
    expect(rows.get('q')).toMatchObject({ c: a(0, 0), p: a(1, 1) });
    expect(r.ended).toEqual(['q']);
  });
});

describe('endsBetween', () => {
  it('should see a reform between two dates only when something valid at the start ended before the end', () => {
    expect(endsBetween(areas, '2024-07-01', '2025-07-31')).toBe(true);
    expect(endsBetween(areas, '2025-07-01', '2026-07-31')).toBe(false);
    expect(endsBetween(areas, '2025-01-01', '2025-06-30')).toBe(false);
    expect(endsBetween(areas, '2025-01-01', '2025-07-01')).toBe(true);
  });
});
