import { describe, expect, it } from 'vitest';
import { applyTemplate, EVENT_TEMPLATES, shiftsOf } from './templates';
import { checkTransition, EVENT_STATUSES, EVENT_TRANSITIONS } from './model';

describe('event status machine', () => {
  it('should allow the forward path and refuse skipping a step or leaving a final status', () => {
    const path = ['draft', 'planned', 'approved', 'active', 'closed'] as const;
    for (let i = 0; i + 1 < path.length; i++) expect(checkTransition(path[i]!, path[i + 1]!).ok).toBe(true);
    expect(checkTransition('draft', 'approved')).toMatchObject({ ok: false });
    expect(checkTransition('planned', 'closed')).toMatchObject({ ok: false });
    expect(checkTransition('active', 'cancelled')).toMatchObject({ ok: false });
    const r = checkTransition('closed', 'draft');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.vi).toContain('trạng thái cuối');
    for (const s of EVENT_STATUSES) expect(EVENT_TRANSITIONS[s]).not.toContain(s);
  });
});

describe('templates', () => {
  it('should staff only the shifts a one-morning event overlaps, scaled by level', () => {
    const plan = applyTemplate(
      EVENT_TEMPLATES.political_meeting,
      {
        startsAt: '2026-05-10T08:00:00+07:00',
        endsAt: '2026-05-10T12:00:00+07:00',
        level: 'especially_important',
        point: { lon: 105.8, lat: 21 },
      },
      (role) => (role === 'lead' ? 'L' : role === 'PC08' ? 'T' : null),
    );
    expect(plan.staffing).toEqual([
      { unitId: 'L', date: '2026-05-10', shift: 's1', staff: 60 },
      { unitId: 'T', date: '2026-05-10', shift: 's1', staff: 40 },
    ]);
    expect(plan.objectives.length).toBeGreaterThan(0);
    expect(plan.posts.find((p) => p.name === 'Chốt phân luồng giao thông')).toMatchObject({ unitId: 'T', staff: 12 });
    expect(plan.posts.find((p) => p.name === 'Xe chữa cháy ứng trực')?.unitId).toBeNull();
    expect(plan.posts[0]!.point!.lat).toBeLessThan(21);
  });

  it('should cover every day of a multi-day event, including a night that crosses midnight', () => {
    const s = shiftsOf({ startsAt: '2026-05-10T20:00:00+07:00', endsAt: '2026-05-11T07:00:00+07:00' });
    expect(s).toEqual([
      { date: '2026-05-10', shift: 's2' },
      { date: '2026-05-10', shift: 's3' },
      { date: '2026-05-11', shift: 's1' },
    ]);
    const early = shiftsOf({ startsAt: '2026-05-10T02:00:00+07:00', endsAt: '2026-05-10T05:00:00+07:00' });
    expect(early).toEqual([{ date: '2026-05-09', shift: 's3' }]);
  });
});
