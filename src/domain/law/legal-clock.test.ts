import { describe, expect, it } from 'vitest';
import { createWeekendOnlyCalendar, vnWorkingCalendar } from '../calendar/working-calendar';
import {
  applyTransition,
  computeDeadlines,
  createClock,
  daysLeft,
  evaluateClock,
  isClockError,
  isOverdue,
  replay,
  type ClockConfig,
  type ClockErrorCode,
  type ClockEvent,
  type ClockState,
} from './legal-clock';

const NOT_COUNTED: ClockConfig = { receiptDayCounts: false, calendar: vnWorkingCalendar };
const COUNTED: ClockConfig = { receiptDayCounts: true, calendar: vnWorkingCalendar };

/** 09:00 Hanoi on a date. */
const at = (date: string, time = '09:00') => `${date}T${time}:00+07:00`;

function open(date: string, extra: Partial<Parameters<typeof createClock>[0]> = {}): ClockState {
  const s = createClock({ receivedAt: at(date), source: 'to_giac', ...extra });
  if (isClockError(s)) throw new Error(s.error.en);
  return s;
}

function run(date: string, events: ClockEvent[], config: ClockConfig): ClockState {
  const s = replay(open(date), events, config);
  if ('error' in s) throw new Error(`${s.error.code} at event ${s.at}: ${s.error.en}`);
  return s;
}

function refusal(state: ClockState, event: ClockEvent, config: ClockConfig): ClockErrorCode {
  const r = applyTransition(state, event, config);
  if (!isClockError(r)) throw new Error('expected a refusal');
  expect(r.error.vi.length).toBeGreaterThan(10);
  expect(r.error.en.length).toBeGreaterThan(10);
  return r.error.code;
}

describe('legal clock', () => {
  // Hand-computed table. "base" = receipt day when it does not count, the day before when it does.
  // Limits: 20 days = base + 20; 2 months / 4 months = same-numbered day of the later month
  // (or that month's last day); a day off rolls to the next working day.
  interface Row {
    name: string;
    receipt: string;
    config: ClockConfig;
    events?: ClockEvent[];
    due: string | null;
    nominal?: string;
    ibLimit?: string;
    absolute?: string;
    requestDue?: string | null;
  }
  const table: Row[] = [
    {
      // 12/3/2025 (Wed) + 20 = 1/4 (Tue, working). Request due 1/4 − 5 = 27/3 (Thu).
      // 2 months: 12/5 (Mon). 4 months: 12/7 (Sat) → 14/7 (Mon).
      name: 'plain 20 days, receipt day not counted',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      due: '2025-04-01',
      ibLimit: '2025-05-12',
      absolute: '2025-07-14',
      requestDue: '2025-03-27',
    },
    {
      // base 11/3: + 20 = 31/3 (Mon). 2 months: 11/5 (Sun) → 12/5. 4 months: 11/7 (Fri).
      name: 'plain 20 days, receipt day counted as day 1',
      receipt: '2025-03-12',
      config: COUNTED,
      due: '2025-03-31',
      ibLimit: '2025-05-12',
      absolute: '2025-07-11',
    },
    {
      // 10/3/2025 (Mon) + 20 = 30/3 (Sun) → 31/3 (Mon).
      name: 'weekend roll-over',
      receipt: '2025-03-10',
      config: NOT_COUNTED,
      due: '2025-03-31',
      nominal: '2025-03-30',
    },
    {
      // 5/1/2025 (Sun) + 20 = 25/1 (Sat, first day of Tết Ất Tỵ 25/1–2/2) → 3/2 (Mon).
      name: 'Tết roll-over',
      receipt: '2025-01-05',
      config: NOT_COUNTED,
      due: '2025-02-03',
      nominal: '2025-01-25',
    },
    {
      // base 4/1: + 20 = 24/1 (Fri) — the day before Tết, no roll-over.
      name: 'Tết avoided when receipt day counts',
      receipt: '2025-01-05',
      config: COUNTED,
      due: '2025-01-24',
    },
    {
      // Weekend-only calendar: 25/1 (Sat) → 27/1 (Mon): holidays are data, not code.
      name: 'same dates without holiday data',
      receipt: '2025-01-05',
      config: { receiptDayCounts: false, calendar: createWeekendOnlyCalendar() },
      due: '2025-01-27',
    },
    {
      // 10/1/2024 + 2 months = 10/3/2024 (Sun) → 11/3 (Mon). 4 months: 10/5 (Fri).
      name: 'month end on a Sunday',
      receipt: '2024-01-10',
      config: NOT_COUNTED,
      due: '2024-01-30',
      ibLimit: '2024-03-11',
      absolute: '2024-05-10',
    },
    {
      // 31/12/2023 + 2 months → February has no 31st → 29/2/2024 (leap, Thu).
      // 4 months → 30/4/2024: holiday (27/4–1/5) → 2/5 (Thu).
      name: 'leap day and 30/4 holiday',
      receipt: '2023-12-31',
      config: NOT_COUNTED,
      due: '2024-01-22', // 31/12 + 20 = 20/1 (Sat) → 22/1 (Mon)
      ibLimit: '2024-02-29',
      absolute: '2024-05-02',
    },
    {
      // counted: base 30/12/2023 → + 2 months = 29/2 as well (no 30/2); + 4 months = 30/4 → 2/5.
      name: 'leap day, receipt day counted',
      receipt: '2023-12-31',
      config: COUNTED,
      due: '2024-01-19', // base 30/12 + 20 = 19/1 (Fri)
      ibLimit: '2024-02-29',
      absolute: '2024-05-02',
    },
    {
      // 31/7/2025 + 2 months = 30/9 (September has 30 days; Tue). + 4 months = 30/11 (Sun) → 1/12.
      name: '31st into a 30-day month',
      receipt: '2025-07-31',
      config: NOT_COUNTED,
      due: '2025-08-20',
      ibLimit: '2025-09-30',
      absolute: '2025-12-01',
    },
    {
      // Investigating body extends on 28/3 to the 2-month maximum 12/5 (Mon). Request due 7/5 (Wed).
      name: 'investigating-body extension',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      events: [
        { type: 'start_verification', at: at('2025-03-13') },
        { type: 'extend', by: 'investigating_body', until: '2025-05-12', at: at('2025-03-28') },
      ],
      due: '2025-05-12',
      requestDue: '2025-05-07',
    },
    {
      // Then the procuracy extends on 5/5 to 12/7 (Sat, = 4 months) → 14/7 (Mon). No request left.
      name: 'procuracy extension to the 4-month cap',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      events: [
        { type: 'extend', by: 'investigating_body', until: '2025-05-12', at: at('2025-03-28') },
        { type: 'extend', by: 'procuracy', until: '2025-07-12', at: at('2025-05-05') },
      ],
      due: '2025-07-14',
      nominal: '2025-07-12',
      requestDue: null,
    },
    {
      // Two investigating-body extensions: first to 20/4 (Sun → 21/4), then to 12/5.
      name: 'two investigating-body extensions within 2 months',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      events: [
        { type: 'extend', by: 'investigating_body', until: '2025-04-20', at: at('2025-03-28') },
        { type: 'extend', by: 'investigating_body', until: '2025-05-12', at: at('2025-04-21') },
      ],
      due: '2025-05-12',
    },
    {
      // Suspended on the last day 1/4 (allowed), reopened 16/6 (Mon): 1 month → 16/7 (Wed).
      name: 'reopening: 1 month',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      events: [
        { type: 'suspend', reason: 'awaiting_expert_assessment', at: at('2025-04-01') },
        { type: 'reopen', at: at('2025-06-16') },
      ],
      due: '2025-07-16',
      requestDue: null,
    },
    {
      // counted: 20 days → 31/3; suspend then; reopen 16/6 → base 15/6 + 1 month = 15/7 (Tue).
      name: 'reopening, reopening day counted',
      receipt: '2025-03-12',
      config: COUNTED,
      events: [
        { type: 'suspend', reason: 'awaiting_asset_valuation', at: at('2025-03-31') },
        { type: 'reopen', at: at('2025-06-16') },
      ],
      due: '2025-07-15',
    },
    {
      name: 'suspended: no running limit',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      events: [{ type: 'suspend', reason: 'awaiting_foreign_judicial_assistance', at: at('2025-04-02') }],
      due: null,
      requestDue: null,
    },
    {
      name: 'case opened: no running limit',
      receipt: '2025-03-12',
      config: NOT_COUNTED,
      events: [{ type: 'open_case', at: at('2025-03-20') }],
      due: null,
    },
  ];

  it.each(table)('should compute $name', (row) => {
    const state = run(row.receipt, row.events ?? [], row.config);
    const d = computeDeadlines(state, row.config);
    expect(d.resolutionDue?.date ?? null).toBe(row.due);
    if (row.nominal) expect(d.resolutionDue?.nominal).toBe(row.nominal);
    if (row.ibLimit) expect(d.investigatingBodyLimit.date).toBe(row.ibLimit);
    if (row.absolute) expect(d.absoluteLimit.date).toBe(row.absolute);
    if (row.requestDue !== undefined) expect(d.extensionRequestDue).toBe(row.requestDue);
    expect(d.counting.receiptDayCounts).toBe(row.config.receiptDayCounts);
  });

  it('should state the counting convention in both languages', () => {
    const d = computeDeadlines(open('2025-03-12'), COUNTED);
    expect(d.counting.vi).toContain('ngày thứ nhất');
    expect(computeDeadlines(open('2025-03-12'), NOT_COUNTED).counting.en).toContain('day after receipt');
  });

  it('should end a day limit at 24:00 Hanoi and count days left', () => {
    const d = computeDeadlines(open('2025-03-12'), NOT_COUNTED);
    expect(d.resolutionDue?.endsAt).toBe('2025-04-01T17:00:00.000Z');
    expect(daysLeft(d, '2025-03-12T02:00:00Z')).toBe(20);
    expect(daysLeft(d, '2025-04-01T16:59:59Z')).toBe(0);
    expect(isOverdue(d, '2025-04-01T16:59:59Z')).toBe(false);
    expect(isOverdue(d, '2025-04-01T17:00:00Z')).toBe(true);
    const e = evaluateClock(open('2025-03-12'), NOT_COUNTED, '2025-04-02T03:00:00Z');
    expect(e.daysLeft).toBe(-1);
    expect(e.overdue).toBe(true);
  });

  it('should give commune police 24 hours, 48 in remote areas, to transfer', () => {
    const receivedAt = '2025-03-12T22:30:00+07:00';
    const normal = createClock({ receivedAt, source: 'tin_bao', receivedBy: 'commune_police' }) as ClockState;
    const remote = createClock({ receivedAt, source: 'tin_bao', receivedBy: 'commune_police', remoteArea: true }) as ClockState;
    expect(computeDeadlines(normal, NOT_COUNTED).transferDue).toBe('2025-03-13T15:30:00.000Z');
    expect(computeDeadlines(remote, NOT_COUNTED).transferDue).toBe('2025-03-14T15:30:00.000Z');
    expect(evaluateClock(normal, NOT_COUNTED, '2025-03-13T15:30:00Z').transferOverdue).toBe(true);
    expect(evaluateClock(normal, NOT_COUNTED, '2025-03-13T15:29:59Z').transferOverdue).toBe(false);
    const transferred = applyTransition(normal, { type: 'transfer', at: '2025-03-13T08:00:00+07:00' }, NOT_COUNTED) as ClockState;
    expect(transferred.status).toBe('transferred');
    expect(computeDeadlines(transferred, NOT_COUNTED).transferDue).toBeNull();
    expect(computeDeadlines(open('2025-03-12'), NOT_COUNTED).transferDue).toBeNull(); // investigating body
  });

  it('should take the receipt date in Hanoi time', () => {
    // 17:30Z on 11/3 is 00:30 on 12/3 in Hanoi.
    const s = createClock({ receivedAt: '2025-03-11T17:30:00Z', source: 'kien_nghi_khoi_to' }) as ClockState;
    expect(s.receivedOn).toBe('2025-03-12');
    expect(computeDeadlines(s, NOT_COUNTED).resolutionDue?.date).toBe('2025-04-01');
  });

  describe('refusals', () => {
    const base = open('2025-03-12');
    const extendedIb = run('2025-03-12', [{ type: 'extend', by: 'investigating_body', until: '2025-05-12', at: at('2025-03-28') }], NOT_COUNTED);

    it('should refuse an investigating-body extension beyond 2 months', () => {
      expect(refusal(base, { type: 'extend', by: 'investigating_body', until: '2025-05-13', at: at('2025-03-20') }, NOT_COUNTED)).toBe('EXTENSION_EXCEEDS_LIMIT');
    });

    it('should refuse a procuracy extension beyond the 4-month cap', () => {
      expect(refusal(extendedIb, { type: 'extend', by: 'procuracy', until: '2025-07-13', at: at('2025-05-05') }, NOT_COUNTED)).toBe('EXTENSION_EXCEEDS_LIMIT');
    });

    it('should refuse a second procuracy extension', () => {
      const once = applyTransition(extendedIb, { type: 'extend', by: 'procuracy', until: '2025-06-12', at: at('2025-05-05') }, NOT_COUNTED) as ClockState;
      expect(refusal(once, { type: 'extend', by: 'procuracy', until: '2025-07-12', at: at('2025-06-01') }, NOT_COUNTED)).toBe('EXTENSION_ALREADY_USED');
    });

    it('should refuse an extension after the limit ran out', () => {
      // Limit 1/4 (24:00); 2/4 is too late.
      expect(refusal(base, { type: 'extend', by: 'investigating_body', until: '2025-05-12', at: at('2025-04-02') }, NOT_COUNTED)).toBe('LIMIT_EXPIRED');
    });

    it('should refuse an extension that does not extend', () => {
      expect(refusal(base, { type: 'extend', by: 'investigating_body', until: '2025-04-01', at: at('2025-03-20') }, NOT_COUNTED)).toBe('EXTENSION_NOT_LONGER');
    });

    it('should refuse suspension before the limit, also before a rolled-over last day', () => {
      expect(refusal(base, { type: 'suspend', reason: 'awaiting_expert_assessment', at: at('2025-03-31') }, NOT_COUNTED)).toBe('SUSPENSION_BEFORE_LIMIT');
      // 10/3 + 20 = 30/3 (Sun) → last day 31/3: suspending on Sunday 30/3 is still early.
      const sunday = open('2025-03-10');
      expect(refusal(sunday, { type: 'suspend', reason: 'awaiting_expert_assessment', at: at('2025-03-30') }, NOT_COUNTED)).toBe('SUSPENSION_BEFORE_LIMIT');
      const ok = applyTransition(sunday, { type: 'suspend', reason: 'awaiting_expert_assessment', at: at('2025-03-31') }, NOT_COUNTED);
      expect(isClockError(ok)).toBe(false);
    });

    it('should refuse suspension for an unlisted reason', () => {
      const event = { type: 'suspend', reason: 'too_busy', at: at('2025-04-02') } as unknown as ClockEvent;
      expect(refusal(base, event, NOT_COUNTED)).toBe('SUSPENSION_REASON_INVALID');
    });

    it('should refuse extending a reopened report', () => {
      const reopened = run('2025-03-12', [
        { type: 'suspend', reason: 'awaiting_expert_assessment', at: at('2025-04-01') },
        { type: 'reopen', at: at('2025-06-16') },
      ], NOT_COUNTED);
      expect(refusal(reopened, { type: 'extend', by: 'procuracy', until: '2025-07-30', at: at('2025-06-20') }, NOT_COUNTED)).toBe('EXTENSION_NOT_ALLOWED');
    });

    it('should refuse reopening a report that is not suspended and any event after a decision', () => {
      expect(refusal(base, { type: 'reopen', at: at('2025-03-20') }, NOT_COUNTED)).toBe('INVALID_TRANSITION');
      const closed = run('2025-03-12', [{ type: 'no_case', at: at('2025-03-20') }], NOT_COUNTED);
      expect(refusal(closed, { type: 'open_case', at: at('2025-03-21') }, NOT_COUNTED)).toBe('INVALID_TRANSITION');
      const suspended = run('2025-03-12', [{ type: 'suspend', reason: 'awaiting_documents_or_objects', at: at('2025-04-01') }], NOT_COUNTED);
      expect(refusal(suspended, { type: 'open_case', at: at('2025-04-03') }, NOT_COUNTED)).toBe('INVALID_TRANSITION');
      expect(refusal(suspended, { type: 'start_verification', at: at('2025-04-03') }, NOT_COUNTED)).toBe('INVALID_TRANSITION');
    });

    it('should refuse events out of order and bad instants', () => {
      expect(refusal(base, { type: 'start_verification', at: at('2025-03-11') }, NOT_COUNTED)).toBe('EVENT_OUT_OF_ORDER');
      expect(refusal(base, { type: 'start_verification', at: '2025-03-13 09:00' }, NOT_COUNTED)).toBe('INVALID_INSTANT');
      expect(refusal(base, { type: 'extend', by: 'investigating_body', until: '2025-02-30', at: at('2025-03-13') }, NOT_COUNTED)).toBe('INVALID_DATE');
    });

    it('should not modify the state it is given', () => {
      const before = JSON.stringify(base);
      applyTransition(base, { type: 'start_verification', at: at('2025-03-13') }, NOT_COUNTED);
      expect(JSON.stringify(base)).toBe(before);
    });
  });

  it('should record late decisions and keep the history', () => {
    const s = run('2025-03-12', [
      { type: 'start_verification', at: at('2025-03-13') },
      { type: 'open_case', at: at('2025-04-03') },
    ], NOT_COUNTED);
    expect(s.decision).toEqual({ kind: 'case_opened', on: '2025-04-03', late: true });
    expect(s.history.map((h) => `${h.from}→${h.to}`)).toEqual(['received→verifying', 'verifying→case_opened']);
  });
});
