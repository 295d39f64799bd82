import { describe, expect, it } from 'vitest';
import { checkAreas } from './check';
import { loadModel } from './test-data.fixture';
import type { Area } from './types';

const model = loadModel();
const geometry = {
  date: '2025-07-01',
  provinceCode: '01',
  codes: model.boundaries.features.map((f) => String(f.properties!['code'])),
};

describe('checkAreas', () => {
  it('should find no inconsistency in the Hanoi generations, only the 86 listed unmapped 579 communes', () => {
    const report = checkAreas(model.areas, model.links, geometry, model.unmapped);
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.unmapped).toHaveLength(86);
    expect(report.counts).toEqual({ areas: model.areas.length, links: 796 + 493, geometries: 126 });
  });

  it('should report a 579 commune without successor when the unmapped list is not given', () => {
    const report = checkAreas(model.areas, model.links, geometry);
    expect(report.issues.filter((i) => i.kind === 'no-successor')).toHaveLength(86);
    expect(report.issues.filter((i) => i.kind === 'no-predecessor')).toHaveLength(33);
  });

  it('should report duplicates, gaps, broken links, missing mapping targets and missing polygons', () => {
    const extra: Area = {
      ...model.areas.find((a) => a.code === '00004' && a.validFrom === '2025-07-01')!,
      validFrom: '2025-06-01',
    };
    const gapped = model.areas.map((a) =>
      a.code === '00001' && a.validFrom === '2025-01-01' ? { ...a, validFrom: '2025-01-02' } : a,
    );
    const withoutLink = model.links.filter((l) => !(l.fromCode === '00001' && l.fromValidFrom === '2025-01-01'));
    const report = checkAreas(
      [...gapped, extra],
      [
        ...withoutLink,
        {
          fromCode: '99999',
          fromValidFrom: '2025-01-01',
          toCode: '00004',
          toValidFrom: '2025-07-01',
          relation: 'full',
        },
      ],
      { ...geometry, codes: [...geometry.codes.filter((c) => c !== '00004'), '88888'] },
      model.unmapped,
    );
    const kinds = new Set(report.issues.map((i) => i.kind));
    expect(report.ok).toBe(false);
    for (const kind of [
      'duplicate-code',
      'gap',
      'link-unknown-area',
      'no-successor',
      'missing-geometry',
      'unknown-geometry',
    ] as const) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('should report a full link that is not the only link of its commune', () => {
    const full = model.reformLinks.find((l) => l.relation === 'full')!;
    const other = model.reformLinks.find((l) => l.toCode !== full.toCode)!;
    const report = checkAreas(
      model.areas,
      [...model.links, { ...full, toCode: other.toCode }],
      geometry,
      model.unmapped,
    );
    expect(report.issues.map((i) => i.kind)).toContain('link-relation');
  });
});
