import type { DemoCommune, DemoInput } from './types';

/**
 * A synthetic city for the demo tests: three generations of communes (like 579 → 526 → 126, smaller by
 * default) whose 2025 communes are rectangles of a grid over Hanoi, a rectangle locator, lineage by
 * index, and a fake unitFor that changes units on 2025-03-01 (district police abolished).
 */
export interface FixtureOptions {
  old?: number;
  mid?: number;
  /** 2025 communes: a grid of cols × rows rectangles. */
  cols?: number;
  rows?: number;
}

const pad = (n: number) => String(n).padStart(5, '0');
export const LON0 = 105.7;
export const LAT0 = 20.9;
export const CELL = 0.03;

export function fixtureInput(overrides: Partial<DemoInput> = {}, opts: FixtureOptions = {}): DemoInput {
  const old = opts.old ?? 40;
  const mid = opts.mid ?? 30;
  const cols = opts.cols ?? 4;
  const rows = opts.rows ?? 3;
  const n25 = cols * rows;
  const communes: DemoCommune[] = [];
  for (let i = 0; i < old; i++)
    communes.push({ code: pad(i + 1), validFrom: '2020-01-01', validTo: '2024-12-31', fullName: `${i % 3 === 2 ? 'Xã' : 'Phường'} Cũ ${i + 1}`, type: i % 3 === 2 ? 'xa' : 'phuong', parentCode: `0${String(1 + (i % 10)).padStart(2, '0')}` });
  for (let i = 0; i < mid; i++)
    communes.push({ code: pad(i + 1), validFrom: '2025-01-01', validTo: '2025-06-30', fullName: `${i % 3 === 2 ? 'Xã' : 'Phường'} Giữa ${i + 1}`, type: i % 3 === 2 ? 'xa' : 'phuong', parentCode: `0${String(1 + (i % 10)).padStart(2, '0')}` });
  // 2025 communes reuse the codes 00001, 00004, 00007… (one predecessor's code each), as the reform did.
  const code25 = (k: number) => pad(1 + 3 * k);
  for (let k = 0; k < n25; k++)
    communes.push({ code: code25(k), validFrom: '2025-07-01', validTo: null, fullName: `${k % 4 === 3 ? 'Xã' : 'Phường'} Mới ${k + 1}`, type: k % 4 === 3 ? 'xa' : 'phuong', parentCode: '01' });
  const index25 = new Map(Array.from({ length: n25 }, (_, k) => [code25(k), k]));
  const bbox = (k: number): [number, number, number, number] => {
    const c = k % cols;
    const r = Math.floor(k / cols);
    return [LON0 + c * CELL, LAT0 + r * CELL, LON0 + (c + 1) * CELL, LAT0 + (r + 1) * CELL];
  };
  return {
    seed: 1,
    scale: 1,
    from: '2020-01-01',
    until: '2026-03-15',
    communes,
    unitFor: (code, date) => `unit-${code}-${date < '2025-03-01' ? 'old' : date < '2025-07-01' ? 'mid' : 'new'}`,
    departmentUnits: ['PC02', 'PC03', 'PC04', 'PC07', 'PC08', 'PA05'].map((code) => ({ code, id: `dept-${code}` })),
    locate: (lon, lat) => {
      const c = Math.floor((lon - LON0) / CELL);
      const r = Math.floor((lat - LAT0) / CELL);
      if (c < 0 || c >= cols || r < 0 || r >= rows) return null;
      return code25(r * cols + c);
    },
    bboxOf: (code) => {
      const k = index25.get(code);
      return k === undefined ? null : bbox(k);
    },
    successorsOf: (code) => {
      const i = Number(code) - 1;
      return [code25(Math.floor(i / 3) % n25)];
    },
    ...overrides,
  };
}
