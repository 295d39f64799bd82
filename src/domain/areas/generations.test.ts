import { describe, expect, it } from 'vitest';
import { buildAreas } from './generations';
import { isValidOn } from './lineage';
import { loadSources } from './test-data.fixture';
import type { Area } from './types';

const sources = loadSources();
const areas = buildAreas(sources);
const on = (date: string, level: Area['level'], parent?: string) =>
  areas.filter((a) => a.level === level && isValidOn(a, date) && (parent === undefined || a.parentCode === parent));
const hanoiCommunesOn = (date: string) => {
  const districts = new Set(on(date, 2, '01').map((d) => d.code));
  return on(date, 3).filter((a) => a.parentCode === '01' || districts.has(a.parentCode!));
};

describe('buildAreas', () => {
  it('should hold 579 Hanoi communes in 30 districts on 2024-11-01 (and on 2020-01-01, 2024-12-31)', () => {
    expect(on('2024-11-01', 2, '01')).toHaveLength(30);
    for (const date of ['2020-01-01', '2024-11-01', '2024-12-31']) expect(hanoiCommunesOn(date)).toHaveLength(579);
  });

  it('should hold 526 Hanoi communes in the same 30 districts on 2025-03-01 (2025-01-01 to 2025-06-30)', () => {
    expect(on('2025-03-01', 2, '01')).toHaveLength(30);
    for (const date of ['2025-01-01', '2025-03-01', '2025-06-30']) expect(hanoiCommunesOn(date)).toHaveLength(526);
    const types = hanoiCommunesOn('2025-03-01').map((a) => a.type);
    expect(types.filter((t) => t === 'phuong')).toHaveLength(160);
    expect(types.filter((t) => t === 'thi_tran')).toHaveLength(21);
  });

  it('should hold 126 Hanoi communes (51 phường, 75 xã) under Hà Nội and no district from 2025-07-01', () => {
    const hanoi = on('2025-07-01', 3, '01');
    expect(hanoi).toHaveLength(126);
    expect(hanoi.filter((a) => a.type === 'phuong')).toHaveLength(51);
    expect(hanoi.filter((a) => a.type === 'xa')).toHaveLength(75);
    expect(on('2025-07-01', 2)).toHaveLength(0);
    expect(hanoiCommunesOn('2030-01-01')).toHaveLength(126);
  });

  it('should hold 34 provinces and 3,321 communes nationally from 2025-07-01 without duplicating Hanoi', () => {
    expect(on('2025-07-01', 1)).toHaveLength(34);
    expect(on('2025-07-01', 3)).toHaveLength(3321);
    const keys = areas.map((a) => `${a.code}@${a.validFrom}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Hà Nội is one province over every generation; the others start 2025-07-01.
    expect(areas.filter((a) => a.code === '01')).toEqual([
      expect.objectContaining({ validFrom: '2020-01-01', validTo: null, type: 'thanh_pho' }),
    ]);
    expect(on('2024-11-01', 1).map((a) => a.code)).toEqual(['01']);
  });

  it('should keep a reused code apart by validity (00004: Trúc Bạch, then Ba Đình)', () => {
    const named = areas
      .filter((a) => a.code === '00004')
      .map((a) => [a.fullName, a.validFrom, a.validTo, a.parentCode]);
    expect(named).toEqual([
      ['Phường Trúc Bạch', '2020-01-01', '2024-12-31', '001'],
      ['Phường Trúc Bạch', '2025-01-01', '2025-06-30', '001'],
      ['Phường Ba Đình', '2025-07-01', null, '01'],
    ]);
  });

  it('should reject lists that contradict each other', () => {
    const bad = { ...sources, hanoiWards2025Jul: sources.hanoiWards2025Jul.slice(1) };
    expect(() => buildAreas(bad)).toThrow(/hanoi_wards_2025-07-01 has 125 communes/);
    const badCount = { ...sources, hanoiWards2024: sources.hanoiWards2024.slice(1) };
    expect(() => buildAreas(badCount)).toThrow(/district 001 declares 14 communes, the list has 13/);
  });
});
