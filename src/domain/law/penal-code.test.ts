import { describe, expect, it } from 'vitest';
import {
  ARTICLES,
  CHAPTERS,
  GROUP_LABELS,
  SEVERITY_CLASSES,
  SEVERITY_LABELS,
  STATISTICAL_GROUPS,
  describeArticle,
  isTrongAn,
  penaltyTopOf,
  severityFromTop,
  severityOf,
  statisticalGroupOf,
  type SeverityClass,
} from './penal-code';
import { searchArticles } from './penal-code';

function sev(article: string | number, clause: number, date?: string): SeverityClass {
  const r = severityOf(article, clause, date);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return r.value;
}

describe('penal code catalogue', () => {
  it('should classify by the top of the bracket (art. 9)', () => {
    expect(severityFromTop(0)).toBe('it_nghiem_trong');
    expect(severityFromTop(3)).toBe('it_nghiem_trong');
    expect(severityFromTop(3.5)).toBe('nghiem_trong');
    expect(severityFromTop(7)).toBe('nghiem_trong');
    expect(severityFromTop(15)).toBe('rat_nghiem_trong');
    expect(severityFromTop(16)).toBe('dac_biet_nghiem_trong');
    expect(severityFromTop('life')).toBe('dac_biet_nghiem_trong');
    expect(severityFromTop('death')).toBe('dac_biet_nghiem_trong');
  });

  it.each([
    [173, 1, 'it_nghiem_trong'],
    [173, 2, 'nghiem_trong'],
    [173, 3, 'rat_nghiem_trong'],
    [173, 4, 'dac_biet_nghiem_trong'],
    [134, 1, 'it_nghiem_trong'],
    [134, 2, 'nghiem_trong'], // top 6
    [134, 3, 'rat_nghiem_trong'], // top 10
    [134, 4, 'rat_nghiem_trong'], // top 14
    [134, 5, 'dac_biet_nghiem_trong'], // life
    [134, 6, 'it_nghiem_trong'], // preparation, top 2
    [123, 1, 'dac_biet_nghiem_trong'],
    [123, 2, 'rat_nghiem_trong'],
    [123, 3, 'nghiem_trong'],
    [174, 2, 'nghiem_trong'],
    [174, 4, 'dac_biet_nghiem_trong'],
    [168, 1, 'rat_nghiem_trong'], // 3–10
    [171, 1, 'nghiem_trong'], // 1–5
    [251, 1, 'nghiem_trong'],
    [251, 4, 'dac_biet_nghiem_trong'],
    [260, 1, 'nghiem_trong'],
    [260, 4, 'it_nghiem_trong'],
    [318, 1, 'it_nghiem_trong'],
    [321, 2, 'nghiem_trong'],
    [322, 2, 'rat_nghiem_trong'],
    [330, 1, 'it_nghiem_trong'],
    [353, 3, 'dac_biet_nghiem_trong'],
    [169, 5, 'nghiem_trong'], // preparation: 1–5
    [266, 1, 'it_nghiem_trong'], // 6 months – 3 years
    [266, 2, 'rat_nghiem_trong'], // 3–10
    [305, 1, 'nghiem_trong'],
    [306, 1, 'it_nghiem_trong'], // 3 months – 2 years
    [306, 3, 'nghiem_trong'], // 3–7
    [178, 4, 'dac_biet_nghiem_trong'], // 10–20
    [128, 1, 'nghiem_trong'],
  ] as const)('should give art. %s clause %s → %s', (article, clause, expected) => {
    expect(sev(article, clause)).toBe(expected);
  });

  it('should record the 2025 removal of the death penalty with dates', () => {
    expect(penaltyTopOf(250, 4, '2025-06-30')).toEqual({ ok: true, value: 'death' });
    expect(penaltyTopOf(250, 4, '2025-07-01')).toEqual({ ok: true, value: 'life' });
    expect(penaltyTopOf(353, 4, '2024-01-01')).toEqual({ ok: true, value: 'death' });
    expect(penaltyTopOf(354, 4)).toEqual({ ok: true, value: 'life' });
    expect(penaltyTopOf(251, 4, '2025-08-01')).toEqual({ ok: true, value: 'death' }); // retained
    expect(sev(250, 4, '2025-06-30')).toBe('dac_biet_nghiem_trong');
  });

  it('should refuse art. 256a before 2025-07-01', () => {
    const before = severityOf('256a', 1, '2025-06-30');
    expect(before.ok).toBe(false);
    if (!before.ok) {
      expect(before.error.code).toBe('ARTICLE_NOT_IN_FORCE');
      expect(before.error.vi).toContain('chưa có hiệu lực');
    }
    expect(sev('256a', 1, '2025-07-01')).toBe('it_nghiem_trong');
    expect(sev('256A', 2, '2025-07-01')).toBe('nghiem_trong');
  });

  it('should refuse unknown articles, clauses and absent data clearly', () => {
    const unknown = severityOf(999, 1);
    expect(!unknown.ok && unknown.error.code).toBe('ARTICLE_UNKNOWN');
    const noClause = severityOf(173, 5);
    expect(!noClause.ok && noClause.error.code).toBe('CLAUSE_UNKNOWN');
    const absent = severityOf(176, 1);
    expect(!absent.ok && absent.error.code).toBe('CLAUSE_DATA_ABSENT');
    const uncertain = severityOf(141, 4);
    expect(!uncertain.ok && uncertain.error.code).toBe('CLAUSE_DATA_ABSENT');
    const repealed = severityOf(292, 1);
    expect(!repealed.ok && repealed.error.code).toBe('ARTICLE_REPEALED');
    const before2018 = severityOf(173, 1, '2017-12-31');
    expect(!before2018.ok && before2018.error.code).toBe('ARTICLE_NOT_IN_FORCE');
  });

  it.each([
    [251, 'ma_tuy'],
    ['256a', 'ma_tuy'],
    [290, 'cong_nghe_cao'],
    [289, 'cong_nghe_cao'],
    [353, 'kinh_te_tham_nhung_buon_lau'],
    [188, 'kinh_te_tham_nhung_buon_lau'],
    [189, 'kinh_te_tham_nhung_buon_lau'],
    [364, 'kinh_te_tham_nhung_buon_lau'],
    [235, 'moi_truong'],
    [232, 'moi_truong'], // override: chapter XVIII, environment police
    [173, 'trat_tu_xa_hoi'],
    [134, 'trat_tu_xa_hoi'],
    [318, 'trat_tu_xa_hoi'],
    [321, 'trat_tu_xa_hoi'],
    [330, 'trat_tu_xa_hoi'], // override: chapter XXII
    [304, 'trat_tu_xa_hoi'],
    [260, 'khac'],
    [108, 'khac'],
  ] as const)('should put art. %s in group %s', (article, group) => {
    expect(statisticalGroupOf(article)).toEqual({ ok: true, value: group });
  });

  it('should mark very serious and especially serious as trọng án', () => {
    expect(SEVERITY_CLASSES.map(isTrongAn)).toEqual([false, false, true, true]);
  });

  it('should label severities and groups in Vietnamese and English', () => {
    expect(SEVERITY_LABELS.dac_biet_nghiem_trong.vi).toBe('Đặc biệt nghiêm trọng');
    expect(GROUP_LABELS.ma_tuy.vi).toBe('Tội phạm về ma túy');
    for (const g of STATISTICAL_GROUPS) expect(GROUP_LABELS[g].en.length).toBeGreaterThan(0);
  });

  it('should describe an article with its clause', () => {
    expect(describeArticle(173, 1)).toBe('Khoản 1 Điều 173 - Tội trộm cắp tài sản');
  });

  describe('validity', () => {
    it('should have chapters XIII–XXVI in order, contiguous, covering 108–425', () => {
      expect(CHAPTERS.map((c) => c.number)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
      expect(CHAPTERS[0]!.from).toBe(108);
      expect(CHAPTERS[CHAPTERS.length - 1]!.to).toBe(425);
      for (let i = 1; i < CHAPTERS.length; i++) expect(CHAPTERS[i]!.from).toBe(CHAPTERS[i - 1]!.to + 1);
      for (const ch of CHAPTERS) {
        expect(STATISTICAL_GROUPS).toContain(ch.group);
        const secs = ch.sections ?? [];
        for (let i = 1; i < secs.length; i++) expect(secs[i]!.from).toBe(secs[i - 1]!.to + 1);
        if (secs.length) {
          expect(secs[0]!.from).toBe(ch.from);
          expect(secs[secs.length - 1]!.to).toBe(ch.to);
        }
      }
    });

    it('should list every number 108–425 exactly once, in its chapter range', () => {
      const plain = ARTICLES.filter((a) => /^\d+$/.test(a.article)).map((a) => Number(a.article));
      expect(plain).toEqual(Array.from({ length: 425 - 108 + 1 }, (_, i) => 108 + i));
      expect(new Set(ARTICLES.map((a) => a.article)).size).toBe(ARTICLES.length);
      for (const a of ARTICLES) {
        const ch = CHAPTERS.find((c) => c.id === a.chapter)!;
        const n = parseInt(a.article, 10);
        expect(n >= ch.from && n <= ch.to, a.article).toBe(true);
        if (a.group) expect(STATISTICAL_GROUPS).toContain(a.group);
      }
    });

    it('should have ascending clauses with numeric or life/death tops and a bracket text', () => {
      for (const a of ARTICLES) {
        if (!a.clauses) continue;
        const numbers = a.clauses.map((c) => c.clause);
        expect(numbers, a.article).toEqual([...numbers].sort((x, y) => x - y));
        expect(new Set(numbers).size).toBe(numbers.length);
        expect(numbers[0]).toBe(1);
        for (const c of a.clauses) {
          const tops = c.versions ? c.versions.map((v) => v.top) : [c.top];
          for (const t of tops) {
            if (t === null) {
              expect(c.uncertain, `${a.article}/${c.clause}`).toBeTruthy();
              continue;
            }
            expect(typeof t === 'number' ? t >= 0 && t <= 20 : t === 'life' || t === 'death', `${a.article}/${c.clause}`).toBe(true);
          }
          if (c.versions) {
            for (let i = 1; i < c.versions.length; i++) {
              expect(c.versions[i]!.validFrom! > c.versions[i - 1]!.validTo!).toBe(true);
            }
          }
        }
      }
    });

    it('should have full clause data for the articles the platform uses most', () => {
      const required = [123, 128, 134, 141, 150, 168, 169, 170, 171, 172, 173, 174, 175, 178, 249, 250, 251, 255, '256a', 260, 266, 290, 304, 305, 306, 318, 321, 322, 330, 353, 354];
      for (const n of required) {
        const a = ARTICLES.find((x) => x.article === String(n));
        expect(a?.clauses, String(n)).toBeTruthy();
        expect(a?.title, String(n)).toBeTruthy();
      }
    });
  });
});

describe('searchArticles', () => {
  it('should find an article by number or by its title without diacritics, with clause severities', () => {
    const theft = searchArticles({ text: 'trom cap', date: '2026-01-01' }).find((a) => a.article === '173');
    expect(theft?.clauses.map((c) => c.severity)).toEqual(['it_nghiem_trong', 'nghiem_trong', 'rat_nghiem_trong', 'dac_biet_nghiem_trong']);
    expect(searchArticles({ text: '256a', date: '2025-06-30' })).toEqual([]);
    expect(searchArticles({ text: '256a', date: '2025-07-01' }).map((a) => a.article)).toEqual(['256a']);
  });
});
