import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isResolveError, reaggregate, resolveArea, type AreaCountRecord } from './lineage';
import { loadModel } from './test-data.fixture';

const model = loadModel();
const { index, indexWithoutPoints, reformLinks, locate } = model;
const after = '2025-08-15';
const old526 = model.areas.filter((a) => a.level === 3 && a.validFrom === '2025-01-01');
const targetsOf = (code: string) =>
  reformLinks
    .filter((l) => l.fromCode === code)
    .map((l) => l.toCode)
    .sort();
const splitCodes = [...new Set(reformLinks.filter((l) => l.relation === 'partial').map((l) => l.fromCode))];

describe('lineage 526 → 126 (2025-07-01)', () => {
  it('should hold 796 mapping pairs: 326 communes whole, 200 split in 470 partial pairs', () => {
    expect(reformLinks).toHaveLength(796);
    expect(reformLinks.filter((l) => l.relation === 'full')).toHaveLength(326);
    expect(reformLinks.filter((l) => l.relation === 'partial')).toHaveLength(470);
    expect(splitCodes).toHaveLength(200);
    expect(new Set(reformLinks.map((l) => l.fromCode)).size).toBe(526);
    expect(new Set(reformLinks.map((l) => l.toCode)).size).toBe(126);
  });

  it('should resolve every 526-generation code onto one of its mapped 126-generation targets', () => {
    expect(old526).toHaveLength(526);
    for (const a of old526) {
      const r = resolveArea(index, { code: a.code, date: '2025-03-01' }, after);
      if (isResolveError(r)) throw new Error(`${a.code}: ${r.message}`);
      expect(targetsOf(a.code)).toContain(r.code);
    }
  });

  it('should give the same result when resolving twice', () => {
    for (const a of old526) {
      const ref = { code: a.code, date: '2025-05-05' };
      expect(resolveArea(index, ref, after)).toEqual(resolveArea(index, ref, after));
    }
  });

  it('should flag split communes without a point as approximate, by the documented rule', () => {
    for (const code of splitCodes) {
      const r = resolveArea(index, { code, date: '2025-03-01' }, after);
      if (isResolveError(r)) throw new Error(r.message);
      expect(r).toMatchObject({ approximate: true, method: 'partial-rule', candidates: targetsOf(code) });
      const expected = targetsOf(code).includes(code) ? code : targetsOf(code)[0];
      expect(r.code).toBe(expected);
    }
    // Phường Điện Biên (00019) was split across 4: none kept 00019, so the lowest code, Ba Đình 00004.
    expect(resolveArea(index, { code: '00019', date: '2025-03-01' }, after)).toMatchObject({
      code: '00004',
      approximate: true,
    });
    // Phường Hàng Trống (00070) kept its code in Phường Hoàn Kiếm (00070).
    expect(resolveArea(index, { code: '00070', date: '2025-03-01' }, after)).toMatchObject({
      code: '00070',
      approximate: true,
    });
  });

  it('should resolve whole communes exactly (Phường Phúc Xá 00001 → Phường Hồng Hà 00097)', () => {
    expect(resolveArea(index, { code: '00001', date: '2025-03-01' }, after)).toEqual({
      code: '00097',
      approximate: false,
      method: 'full',
    });
  });

  it('should place a split commune by its point when one is given', () => {
    // Nhà hát Lớn, in old Phường Tràng Tiền (00079), split between Hoàn Kiếm (00070) and Cửa Nam (00082).
    const opera = [105.858, 21.0242] as const;
    expect(resolveArea(index, { code: '00079', date: '2025-03-01', point: opera }, after)).toEqual({
      code: '00082',
      approximate: false,
      method: 'polygon',
    });
    expect(resolveArea(indexWithoutPoints, { code: '00079', date: '2025-03-01', point: opera }, after)).toMatchObject({
      code: '00070',
      approximate: true,
    });
    // A point outside Hanoi falls back to lineage.
    expect(resolveArea(index, { code: '00079', date: '2025-03-01', point: [106.7, 10.78] }, after)).toMatchObject({
      method: 'partial-rule',
    });
  });
});

describe('lineage 579 → 526 (2025-01-01) and chains', () => {
  it('should link 493 unchanged communes as same and list 86 as unmapped with a reason', () => {
    const same = model.links.filter((l) => l.relation === 'same');
    expect(same).toHaveLength(493);
    const reasons = model.unmapped.map((u) => u.reason);
    expect(reasons.filter((r) => r === 'code-reused-with-other-name')).toHaveLength(33);
    expect(reasons.filter((r) => r === 'missing-from-next-generation')).toHaveLength(53);
    expect(model.unmapped).toContainEqual({
      code: '00181',
      validFrom: '2020-01-01',
      fullName: 'Phường Văn Miếu',
      reason: 'code-reused-with-other-name',
      nextFullName: 'Phường Văn Miếu - Quốc Tử Giám',
    });
    expect(model.unmapped).toContainEqual(
      expect.objectContaining({
        code: '00184',
        fullName: 'Phường Quốc Tử Giám',
        reason: 'missing-from-next-generation',
      }),
    );
  });

  it('should resolve 579 → 526 → 126 through the chain', () => {
    expect(resolveArea(index, { code: '00001', date: '2023-06-01' }, after)).toEqual({
      code: '00097',
      approximate: false,
      method: 'chain',
    });
    expect(resolveArea(index, { code: '00001', date: '2023-06-01' }, '2025-02-01')).toEqual({
      code: '00001',
      approximate: false,
      method: 'same',
    });
    expect(resolveArea(index, { code: '00019', date: '2021-01-01' }, after)).toMatchObject({
      code: '00004',
      approximate: true,
      method: 'chain',
    });
  });

  it('should resolve backward, approximate where a new commune has several predecessors', () => {
    // Phường Ba Đình (00004 from 2025-07-01) reused the code of Phường Trúc Bạch (00004).
    const back = resolveArea(index, { code: '00004', date: '2025-09-01' }, '2025-03-01');
    expect(back).toMatchObject({ code: '00004', approximate: true, method: 'partial-rule' });
    expect(resolveArea(index, { code: '00004', date: '2025-09-01' }, '2022-03-01')).toMatchObject({
      code: '00004',
      method: 'chain',
    });
    // Round trip forward then backward lands where it started for a commune that kept its code.
    expect(resolveArea(index, { code: '00004', date: '2025-03-01' }, after)).toMatchObject({
      code: '00004',
      approximate: false,
    });
  });

  it('should report an unmapped 579 commune without a point, and place it by its point', () => {
    expect(resolveArea(index, { code: '00184', date: '2024-01-01' }, after)).toMatchObject({ error: 'unmapped' });
    // Văn Miếu itself, recorded under old Phường Quốc Tử Giám (00184), lies in today's Văn Miếu - Quốc Tử Giám.
    expect(resolveArea(index, { code: '00184', date: '2024-01-01', point: [105.8355, 21.028] }, after)).toEqual({
      code: '00226',
      approximate: false,
      method: 'polygon',
    });
  });

  it('should reject bad dates and unknown codes', () => {
    expect(resolveArea(index, { code: '00001', date: '2024-02-30' }, after)).toMatchObject({ error: 'invalid-date' });
    expect(resolveArea(index, { code: '00001', date: '2024-02-01' }, '2025/08/01')).toMatchObject({
      error: 'invalid-date',
    });
    expect(resolveArea(index, { code: '00001', date: '2019-12-31' }, after)).toMatchObject({ error: 'unknown-area' });
    expect(resolveArea(index, { code: '00010', date: '2025-03-01' }, after)).toMatchObject({ error: 'unknown-area' });
  });
});

describe('reaggregate', () => {
  const communeRefs = model.areas
    .filter((a) => a.level === 3 && (a.validTo === null ? a.parentCode === '01' : true))
    .map((a) => ({ code: a.code, date: a.validTo ?? '2025-09-30' }));
  const record = fc.record({
    ref: fc.constantFrom(...communeRefs, { code: '99999', date: '2024-01-01' }),
    count: fc.nat({ max: 1_000_000 }),
    point: fc.option(
      fc.tuple(
        fc.double({ min: 105.28, max: 106.03, noNaN: true }),
        fc.double({ min: 20.56, max: 21.39, noNaN: true }),
      ),
      {
        nil: undefined,
      },
    ),
  });
  const toRecords = (
    rs: { ref: { code: string; date: string }; count: number; point?: [number, number] }[],
  ): AreaCountRecord[] =>
    rs.map((r) => ({ code: r.ref.code, date: r.ref.date, count: r.count, ...(r.point ? { point: r.point } : {}) }));
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

  it('should keep the total exactly for any set of records, onto any generation', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 200 }),
        fc.constantFrom('2022-06-01', '2025-03-01', '2025-12-31'),
        (rs, target) => {
          const records = toRecords(rs);
          const result = reaggregate(records, index, target);
          const input = sum(records.map((r) => r.count));
          expect(result.total).toBe(input);
          expect(sum(result.rows.map((r) => r.count)) + sum(Object.values(result.unresolved))).toBe(input);
          expect(result.approximateCount).toBe(sum(result.rows.map((r) => r.approximateCount)));
          expect(result.approximateShare).toBeGreaterThanOrEqual(0);
          expect(result.approximateShare).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('should give the same totals whatever the order of the records', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 100 }), (rs) => {
        const records = toRecords(rs);
        expect(reaggregate([...records].reverse(), index, after)).toEqual(reaggregate(records, index, after));
      }),
      { numRuns: 100 },
    );
  });

  it('should place every 526-generation record onto the 126 communes, marking split ones approximate', () => {
    const records = old526.map((a) => ({ code: a.code, date: '2025-04-01', count: 10 }));
    const result = reaggregate(records, index, after);
    expect(result.total).toBe(5260);
    expect(result.unresolved).toEqual({});
    expect(result.rows).toHaveLength(126);
    expect(result.approximateCount).toBe(200 * 10);
    expect(result.approximateShare).toBeCloseTo(200 / 526);
  });

  it('should reject a negative or fractional count, naming the record', () => {
    expect(() =>
      reaggregate(
        [
          { code: '00001', date: '2025-01-01', count: 1 },
          { code: '00001', date: '2025-01-01', count: -1 },
        ],
        index,
        after,
      ),
    ).toThrow('record 1: count must be a non-negative integer');
    expect(() => reaggregate([{ code: '00001', date: '2025-01-01', count: 0.5 }], index, after)).toThrow(/record 0/);
  });

  it('should use the injected locator for points (sanity: locator and index agree)', () => {
    expect(locate(105.8524, 21.0287)).toBe('00070');
  });
});
