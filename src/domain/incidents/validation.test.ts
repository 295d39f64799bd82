import { describe, expect, it } from 'vitest';
import {
  validateAmount,
  validateCount,
  validateIncidentCore,
  validatePenalCode,
  validatePoint,
  validateText,
  validateTimes,
} from './validation';

const NOW = '2026-01-10T03:00:00Z'; // 10:00 in Hanoi
const codes = (errors: { path: string; code: string }[]) => errors.map((e) => `${e.path}:${e.code}`);

describe('validateTimes', () => {
  it('should accept occurrence before receipt, both in the past', () => {
    expect(
      validateTimes({ occurredAt: '2026-01-09T20:00:00+07:00', receivedAt: '2026-01-10T08:00:00+07:00' }, NOW),
    ).toEqual([]);
  });

  it('should accept the same instant and an unknown occurrence time', () => {
    expect(validateTimes({ occurredAt: '2026-01-10T01:00:00Z', receivedAt: '2026-01-10T08:00:00+07:00' }, NOW)).toEqual(
      [],
    );
    expect(validateTimes({ receivedAt: '2026-01-10T08:00:00+07:00' }, NOW)).toEqual([]);
  });

  it('should refuse receipt before occurrence, naming receivedAt, in both languages', () => {
    const e = validateTimes({ occurredAt: '2026-01-09T20:00:00+07:00', receivedAt: '2026-01-09T19:59:00+07:00' }, NOW);
    expect(e).toEqual([
      {
        path: 'receivedAt',
        code: 'RECEIVED_BEFORE_OCCURRED',
        vi: 'Thời điểm tiếp nhận không thể trước thời điểm xảy ra',
        en: 'The time of receipt cannot precede the time of occurrence',
      },
    ]);
  });

  it('should refuse times after now (one second is enough)', () => {
    expect(
      codes(validateTimes({ occurredAt: '2026-01-10T03:00:01Z', receivedAt: '2026-01-10T03:00:02Z' }, NOW)),
    ).toEqual(['occurredAt:IN_FUTURE', 'receivedAt:IN_FUTURE']);
  });

  it('should require receivedAt and refuse a time without an offset', () => {
    expect(codes(validateTimes({}, NOW))).toEqual(['receivedAt:REQUIRED']);
    expect(codes(validateTimes({ receivedAt: '2026-01-09T10:00:00' }, NOW))).toEqual(['receivedAt:INVALID_DATE']);
  });
});

describe('counts, amounts, texts, points', () => {
  it('should check counts: integer, non-negative, at most the limit', () => {
    expect(validateCount('deaths', 0, 1000)).toEqual([]);
    expect(validateCount('deaths', 1000, 1000)).toEqual([]);
    expect(validateCount('deaths', undefined, 1000)).toEqual([]);
    expect(codes(validateCount('deaths', -1, 1000))).toEqual(['deaths:NEGATIVE']);
    expect(codes(validateCount('deaths', 1.5, 1000))).toEqual(['deaths:NOT_AN_INTEGER']);
    expect(codes(validateCount('deaths', 1001, 1000))).toEqual(['deaths:TOO_LARGE']);
  });

  it('should check amounts up to 10^15', () => {
    expect(validateAmount('damageVnd', 1e15)).toEqual([]);
    expect(codes(validateAmount('damageVnd', 1e15 + 1))).toEqual(['damageVnd:TOO_LARGE']);
    expect(codes(validateAmount('damageVnd', -1))).toEqual(['damageVnd:NEGATIVE']);
    expect(codes(validateAmount('damageVnd', Number.NaN))).toEqual(['damageVnd:TOO_LARGE']);
  });

  it('should count characters, not UTF-16 units or decomposed marks', () => {
    expect(validateText('address', 'ệ'.repeat(500), 500)).toEqual([]);
    expect(validateText('address', 'e\u0302\u0323'.repeat(500), 500)).toEqual([]);
    expect(codes(validateText('address', 'a'.repeat(501), 500))).toEqual(['address:TOO_LONG']);
  });

  it('should accept points inside the box, including its edges, and refuse others', () => {
    expect(validatePoint('point', { lon: 105.85, lat: 21.03 })).toEqual([]); // Hoàn Kiếm
    expect(validatePoint('point', { lon: 102.1, lat: 23.4 })).toEqual([]);
    expect(codes(validatePoint('point', { lon: 21.03, lat: 105.85 }))).toEqual(['point:INVALID_COORDINATE']); // swapped
    expect(codes(validatePoint('point', { lon: 100.5, lat: 13.75 }))).toEqual(['point:OUTSIDE_VIETNAM']); // Bangkok
    expect(codes(validatePoint('point', { lon: 109.51, lat: 12 }))).toEqual(['point:OUTSIDE_VIETNAM']);
  });
});

describe('validatePenalCode', () => {
  const paths = { article: 'article', clause: 'clause' };
  it('should accept a known article and clause', () => {
    expect(validatePenalCode(paths, '173', 1, '2024-05-01')).toEqual([]);
    expect(validatePenalCode(paths, '260', undefined, '2024-05-01')).toEqual([]);
  });

  it('should refuse an unknown article, a missing clause, and an article not yet in force', () => {
    expect(codes(validatePenalCode(paths, '999', 1, '2024-05-01'))).toEqual(['article:ARTICLE_UNKNOWN']);
    expect(codes(validatePenalCode(paths, '173', 9, '2024-05-01'))).toEqual(['clause:CLAUSE_UNKNOWN']);
    expect(codes(validatePenalCode(paths, '256a', 1, '2025-06-30'))).toEqual(['article:ARTICLE_NOT_IN_FORCE']);
    expect(validatePenalCode(paths, '256a', 1, '2025-07-01')).toEqual([]);
    expect(codes(validatePenalCode(paths, undefined, 2))).toEqual(['article:REQUIRED']);
  });
});

describe('validateIncidentCore', () => {
  it('should report every broken rule with its path', () => {
    const e = validateIncidentCore(
      {
        occurredAt: '2025-06-30T20:00:00+07:00',
        receivedAt: '2025-07-01T09:00:00+07:00',
        counts: { deaths: -1, victims: 3 },
        damageVnd: 2e15,
        narrative: 'x'.repeat(20_001),
        address: 'Phố Huế',
        point: { lon: 105.85, lat: 21.03 },
        article: '256a',
        clause: 1,
      },
      NOW,
    );
    expect(codes(e)).toEqual([
      'counts.deaths:NEGATIVE',
      'damageVnd:TOO_LARGE',
      'narrative:TOO_LONG',
      'article:ARTICLE_NOT_IN_FORCE',
    ]);
  });

  it('should judge the article on the Hanoi date of occurrence (17:00 UTC is the next day in Hanoi)', () => {
    const base = { receivedAt: '2025-07-02T00:00:00Z', article: '256a', clause: 1 };
    expect(validateIncidentCore({ ...base, occurredAt: '2025-06-30T17:00:00Z' }, NOW)).toEqual([]);
    expect(codes(validateIncidentCore({ ...base, occurredAt: '2025-06-30T16:59:59Z' }, NOW))).toEqual([
      'article:ARTICLE_NOT_IN_FORCE',
    ]);
  });
});
