import { describe, expect, it } from 'vitest';
import { INCIDENT_KINDS, isStatusOf, statusLabel, STATUSES } from './kinds';

describe('incident kinds and statuses', () => {
  it('should label every status of every kind in both languages', () => {
    for (const kind of INCIDENT_KINDS) {
      for (const s of STATUSES[kind]) {
        const l = statusLabel(kind, s);
        expect(l?.vi, `${kind}.${s}`).toBeTruthy();
        expect(l?.en, `${kind}.${s}`).toBeTruthy();
      }
    }
  });

  it('should use the legal clock labels for crime reports and refuse a status of another kind', () => {
    expect(statusLabel('crime_report', 'case_opened')).toEqual({ vi: 'Đã khởi tố', en: 'Case opened' });
    expect(statusLabel('fire', 'case_opened')).toBeUndefined();
    expect(isStatusOf('criminal_case', 'solved')).toBe(true);
    expect(isStatusOf('traffic_accident', 'solved')).toBe(false);
  });
});
