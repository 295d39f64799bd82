import {
  addDays,
  addMonths,
  diffDays,
  hcmDateOf,
  hcmEndOfDay,
  instantMs,
  isDateString,
  minDate,
  type DateString,
} from '../calendar/dates';
import { vnWorkingCalendar, type WorkingCalendar } from '../calendar/working-calendar';

/**
 * The legal clock of a crime report (tố giác, tin báo về tội phạm, kiến nghị khởi tố) under the
 * Criminal Procedure Code 2015 (BLTTHS), arts. 144–149, counted per art. 134:
 *
 * - one decision within 20 days of receipt: khởi tố (open a case), không khởi tố (no case), or —
 *   only once the limit has run out and for a listed reason (art. 148) — tạm đình chỉ (suspend);
 * - complex reports: the investigating body may extend, in total to at most 2 months; the procuracy
 *   may extend once more by at most 2 months (4 months absolute); the request is due at least
 *   5 days before the limit;
 * - a reopened report (phục hồi) must be resolved within 1 month;
 * - commune police transfer what they receive within 24 hours (48 hours in remote areas).
 *
 * Counting (art. 134): a limit in days ends at 24:00 of its last day; a limit in months ends on the
 * same-numbered day of the later month, or that month's last day; a limit ending on a day off
 * (Saturday, Sunday, holiday) ends on the next working day. Whether the day of receipt is day 1 is
 * a convention that practice varies on (`receiptDayCounts`): when it counts, every period is
 * counted from the day before, so 20 days from 12/3 end on 31/3 instead of 1/4 and 2 months end on
 * 11/5 instead of 12/5. Caps (2 and 4 months) are compared on nominal dates, before roll-over.
 *
 * Pure: times are ISO instants passed in; dates are Asia/Ho_Chi_Minh 'YYYY-MM-DD'.
 */

export type ReportSource = 'to_giac' | 'tin_bao' | 'kien_nghi_khoi_to';
export type ReceivingUnit = 'commune_police' | 'investigating_body';
export type ClockStatus =
  | 'received'
  | 'verifying'
  | 'extended'
  | 'case_opened'
  | 'no_case'
  | 'transferred'
  | 'suspended'
  | 'reopened';

/** Art. 148 §1 BLTTHS (as amended 2021): the only grounds for suspension. */
export type SuspensionReason =
  | 'awaiting_expert_assessment'
  | 'awaiting_asset_valuation'
  | 'awaiting_foreign_judicial_assistance'
  | 'awaiting_documents_or_objects';

export const SUSPENSION_REASONS: Readonly<Record<SuspensionReason, { vi: string; en: string }>> = {
  awaiting_expert_assessment: { vi: 'Đã trưng cầu giám định nhưng chưa có kết quả', en: 'Expert assessment requested, no result yet' },
  awaiting_asset_valuation: { vi: 'Đã yêu cầu định giá tài sản nhưng chưa có kết quả', en: 'Asset valuation requested, no result yet' },
  awaiting_foreign_judicial_assistance: {
    vi: 'Đã yêu cầu nước ngoài tương trợ tư pháp nhưng chưa có kết quả',
    en: 'Foreign judicial assistance requested, no result yet',
  },
  awaiting_documents_or_objects: {
    vi: 'Đã yêu cầu cơ quan, tổ chức, cá nhân cung cấp tài liệu, đồ vật quan trọng nhưng chưa có kết quả',
    en: 'Decisive documents or objects requested from an agency, organisation or person, not yet received',
  },
};

export const STATUS_LABELS: Readonly<Record<ClockStatus, { vi: string; en: string }>> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  verifying: { vi: 'Đang kiểm tra, xác minh', en: 'Verifying' },
  extended: { vi: 'Đã gia hạn', en: 'Extended' },
  case_opened: { vi: 'Đã khởi tố', en: 'Case opened' },
  no_case: { vi: 'Không khởi tố', en: 'No case' },
  transferred: { vi: 'Đã chuyển', en: 'Transferred' },
  suspended: { vi: 'Tạm đình chỉ', en: 'Suspended' },
  reopened: { vi: 'Phục hồi giải quyết', en: 'Reopened' },
};

export type ExtensionAuthority = 'investigating_body' | 'procuracy';

export type ClockEvent =
  | { type: 'start_verification'; at: string }
  | { type: 'extend'; at: string; by: ExtensionAuthority; until: DateString }
  | { type: 'open_case'; at: string }
  | { type: 'no_case'; at: string }
  | { type: 'transfer'; at: string }
  | { type: 'suspend'; at: string; reason: SuspensionReason }
  | { type: 'reopen'; at: string };

export interface ClockConfig {
  /** Whether the day of receipt (or of reopening) is day 1 of the period. Practice varies. */
  receiptDayCounts: boolean;
  /** Days off; defaults to the shipped Vietnamese calendar. */
  calendar?: WorkingCalendar;
}

export interface ClockState {
  status: ClockStatus;
  source: ReportSource;
  receivedBy: ReceivingUnit;
  /** Remote area (vùng sâu, vùng xa…): commune police have 48 hours to transfer instead of 24. */
  remoteArea: boolean;
  receivedAt: string;
  receivedOn: DateString;
  lastEventAt: string;
  /** Nominal (before roll-over) end of the current investigating-body extension. */
  investigatingBodyExtendedUntil?: DateString;
  /** Nominal end of the procuracy's extension (used at most once). */
  procuracyExtendedUntil?: DateString;
  suspension?: { on: DateString; reason: SuspensionReason };
  reopenedOn?: DateString;
  decision?: { kind: 'case_opened' | 'no_case' | 'transferred'; on: DateString; late: boolean };
  history: { event: ClockEvent; from: ClockStatus; to: ClockStatus }[];
}

export type ClockErrorCode =
  | 'INVALID_TRANSITION'
  | 'INVALID_INSTANT'
  | 'INVALID_DATE'
  | 'EVENT_OUT_OF_ORDER'
  | 'LIMIT_EXPIRED'
  | 'EXTENSION_NOT_LONGER'
  | 'EXTENSION_EXCEEDS_LIMIT'
  | 'EXTENSION_ALREADY_USED'
  | 'EXTENSION_NOT_ALLOWED'
  | 'SUSPENSION_BEFORE_LIMIT'
  | 'SUSPENSION_REASON_INVALID';

export interface ClockError {
  code: ClockErrorCode;
  vi: string;
  en: string;
}

export const INITIAL_LIMIT_DAYS = 20;
export const INVESTIGATING_BODY_MAX_MONTHS = 2;
export const PROCURACY_EXTENSION_MAX_MONTHS = 2;
export const ABSOLUTE_MAX_MONTHS = INVESTIGATING_BODY_MAX_MONTHS + PROCURACY_EXTENSION_MAX_MONTHS;
export const EXTENSION_REQUEST_LEAD_DAYS = 5;
export const REOPENED_LIMIT_MONTHS = 1;
export const TRANSFER_HOURS = { normal: 24, remote: 48 } as const;

const TERMINAL: readonly ClockStatus[] = ['case_opened', 'no_case', 'transferred'];
const RUNNING: readonly ClockStatus[] = ['received', 'verifying', 'extended', 'reopened'];

function fail(code: ClockErrorCode, vi: string, en: string): { error: ClockError } {
  return { error: { code, vi, en } };
}

function validInstant(at: string): boolean {
  try {
    instantMs(at);
    return true;
  } catch {
    return false;
  }
}

/** Opens the clock for a report received at `receivedAt`. */
export function createClock(input: {
  receivedAt: string;
  source: ReportSource;
  receivedBy?: ReceivingUnit;
  remoteArea?: boolean;
}): ClockState | { error: ClockError } {
  if (!validInstant(input.receivedAt)) {
    return fail('INVALID_INSTANT', 'Thời điểm tiếp nhận không hợp lệ', 'Invalid time of receipt');
  }
  return {
    status: 'received',
    source: input.source,
    receivedBy: input.receivedBy ?? 'investigating_body',
    remoteArea: input.remoteArea ?? false,
    receivedAt: input.receivedAt,
    receivedOn: hcmDateOf(input.receivedAt),
    lastEventAt: input.receivedAt,
    history: [],
  };
}

/** The date periods are counted from: the start day itself, or the day before when it is day 1. */
function countingBase(start: DateString, config: ClockConfig): DateString {
  return config.receiptDayCounts ? addDays(start, -1) : start;
}

interface Limits {
  initial: DateString;
  investigatingBodyMax: DateString;
  absolute: DateString;
}

function nominalLimits(state: ClockState, config: ClockConfig): Limits {
  const base = countingBase(state.receivedOn, config);
  return {
    initial: addDays(base, INITIAL_LIMIT_DAYS),
    investigatingBodyMax: addMonths(base, INVESTIGATING_BODY_MAX_MONTHS),
    absolute: addMonths(base, ABSOLUTE_MAX_MONTHS),
  };
}

type Basis = 'initial_20_days' | 'investigating_body_extension' | 'procuracy_extension' | 'reopened_1_month';

/** The nominal end of the period running now (null when the clock is not running). */
function currentNominal(state: ClockState, config: ClockConfig): { date: DateString; basis: Basis } | null {
  if (!RUNNING.includes(state.status)) return null;
  if (state.status === 'reopened' && state.reopenedOn) {
    return { date: addMonths(countingBase(state.reopenedOn, config), REOPENED_LIMIT_MONTHS), basis: 'reopened_1_month' };
  }
  if (state.procuracyExtendedUntil) return { date: state.procuracyExtendedUntil, basis: 'procuracy_extension' };
  if (state.investigatingBodyExtendedUntil) {
    return { date: state.investigatingBodyExtendedUntil, basis: 'investigating_body_extension' };
  }
  return { date: nominalLimits(state, config).initial, basis: 'initial_20_days' };
}

function calendarOf(config: ClockConfig): WorkingCalendar {
  return config.calendar ?? vnWorkingCalendar;
}

function decide(
  state: ClockState,
  event: ClockEvent,
  to: ClockStatus,
  patch: Partial<ClockState>,
): ClockState {
  return {
    ...state,
    ...patch,
    status: to,
    lastEventAt: event.at,
    history: [...state.history, { event, from: state.status, to }],
  };
}

/**
 * Applies one event. Invalid transitions are refused with a stable code and a Vietnamese and
 * English message; the state passed in is never modified.
 */
export function applyTransition(state: ClockState, event: ClockEvent, config: ClockConfig): ClockState | { error: ClockError } {
  if (!validInstant(event.at)) return fail('INVALID_INSTANT', 'Thời điểm không hợp lệ', 'Invalid time');
  if (instantMs(event.at) < instantMs(state.lastEventAt)) {
    return fail('EVENT_OUT_OF_ORDER', 'Thời điểm sớm hơn sự kiện trước đó', 'Event is earlier than the previous one');
  }
  const on = hcmDateOf(event.at);
  const calendar = calendarOf(config);
  const current = currentNominal(state, config);
  const currentEffective = current ? calendar.rollForward(current.date) : null;
  const statusVi = STATUS_LABELS[state.status].vi.toLowerCase();
  const refuse = () =>
    fail(
      'INVALID_TRANSITION',
      `Không thể thực hiện "${event.type}" khi tin báo ở trạng thái "${statusVi}"`,
      `Cannot apply "${event.type}" to a report that is ${STATUS_LABELS[state.status].en.toLowerCase()}`,
    );
  if (TERMINAL.includes(state.status)) return refuse();

  switch (event.type) {
    case 'start_verification':
      return state.status === 'received' ? decide(state, event, 'verifying', {}) : refuse();

    case 'extend': {
      if (!current || !currentEffective) return refuse();
      if (state.status === 'reopened') {
        return fail(
          'EXTENSION_NOT_ALLOWED',
          'Tin báo được phục hồi phải giải quyết trong 01 tháng, không được gia hạn',
          'A reopened report must be resolved within 1 month; it cannot be extended',
        );
      }
      if (!isDateString(event.until)) return fail('INVALID_DATE', 'Ngày gia hạn không hợp lệ', 'Invalid extension date');
      if (on > currentEffective) {
        return fail(
          'LIMIT_EXPIRED',
          `Đã hết thời hạn giải quyết (${currentEffective}); không thể gia hạn`,
          `The limit (${currentEffective}) has run out; it can no longer be extended`,
        );
      }
      if (event.until <= current.date) {
        return fail('EXTENSION_NOT_LONGER', 'Thời hạn gia hạn phải dài hơn thời hạn hiện tại', 'An extension must end after the current limit');
      }
      const limits = nominalLimits(state, config);
      if (event.by === 'investigating_body') {
        if (event.until > limits.investigatingBodyMax) {
          return fail(
            'EXTENSION_EXCEEDS_LIMIT',
            `Cơ quan điều tra chỉ được gia hạn tổng cộng không quá 02 tháng (đến ${limits.investigatingBodyMax})`,
            `The investigating body may extend to at most 2 months in total (until ${limits.investigatingBodyMax})`,
          );
        }
        return decide(state, event, 'extended', { investigatingBodyExtendedUntil: event.until });
      }
      if (state.procuracyExtendedUntil) {
        return fail('EXTENSION_ALREADY_USED', 'Viện kiểm sát chỉ được gia hạn một lần', 'The procuracy may extend only once');
      }
      const cap = minDate(limits.absolute, addMonths(current.date, PROCURACY_EXTENSION_MAX_MONTHS));
      if (event.until > cap) {
        return fail(
          'EXTENSION_EXCEEDS_LIMIT',
          `Viện kiểm sát chỉ được gia hạn thêm không quá 02 tháng, tổng cộng không quá 04 tháng (đến ${cap})`,
          `The procuracy may extend by at most 2 months, 4 months in total (until ${cap})`,
        );
      }
      return decide(state, event, 'extended', { procuracyExtendedUntil: event.until });
    }

    case 'open_case':
    case 'no_case':
    case 'transfer': {
      if (state.status === 'suspended') return refuse();
      const kind = event.type === 'open_case' ? 'case_opened' : event.type === 'no_case' ? 'no_case' : 'transferred';
      const late = currentEffective !== null && on > currentEffective;
      return decide(state, event, kind, { decision: { kind, on, late } });
    }

    case 'suspend': {
      if (!current || !currentEffective) return refuse();
      if (!(event.reason in SUSPENSION_REASONS)) {
        return fail(
          'SUSPENSION_REASON_INVALID',
          'Lý do tạm đình chỉ không thuộc các trường hợp tại Điều 148 BLTTHS',
          'Suspension reason is not one of those listed in art. 148 of the Criminal Procedure Code',
        );
      }
      if (on < currentEffective) {
        return fail(
          'SUSPENSION_BEFORE_LIMIT',
          `Chỉ được tạm đình chỉ khi hết thời hạn giải quyết (${currentEffective})`,
          `Suspension is only possible once the limit has run out (${currentEffective})`,
        );
      }
      return decide(state, event, 'suspended', { suspension: { on, reason: event.reason } });
    }

    case 'reopen':
      if (state.status !== 'suspended') return refuse();
      return decide(state, event, 'reopened', { reopenedOn: on });
  }
}

/** A limit: its nominal date, the working day it actually ends on, and the instant (24:00 Hanoi). */
export interface Deadline {
  nominal: DateString;
  date: DateString;
  rolledOver: boolean;
  endsAt: string;
}

export interface ClockDeadlines {
  status: ClockStatus;
  running: boolean;
  counting: { receiptDayCounts: boolean; vi: string; en: string };
  /** The decision due date of the period running now; null when decided or suspended. */
  resolutionDue: Deadline | null;
  basis: Basis | null;
  /** Latest day to ask for the next extension (5 days before the limit); null when none is left. */
  extensionRequestDue: DateString | null;
  nextExtensionBy: ExtensionAuthority | null;
  /** 2 months from receipt: the most the investigating body can extend to. */
  investigatingBodyLimit: Deadline;
  /** 4 months from receipt: nothing extends beyond it. */
  absoluteLimit: Deadline;
  /** Commune police: instant by which the report must be transferred; null otherwise. */
  transferDue: string | null;
}

function toDeadline(nominal: DateString, calendar: WorkingCalendar): Deadline {
  const date = calendar.rollForward(nominal);
  return { nominal, date, rolledOver: date !== nominal, endsAt: hcmEndOfDay(date) };
}

/** All deadlines of the clock, from its state (pure; no notion of "now"). */
export function computeDeadlines(state: ClockState, config: ClockConfig, calendar: WorkingCalendar = calendarOf(config)): ClockDeadlines {
  const limits = nominalLimits(state, config);
  const current = currentNominal(state, config);
  const resolutionDue = current ? toDeadline(current.date, calendar) : null;

  let nextExtensionBy: ExtensionAuthority | null = null;
  if (current && state.status !== 'reopened' && !state.procuracyExtendedUntil) {
    nextExtensionBy = current.date < limits.investigatingBodyMax ? 'investigating_body' : 'procuracy';
  }
  const extensionRequestDue =
    resolutionDue && nextExtensionBy
      ? calendar.rollBackward(addDays(resolutionDue.date, -EXTENSION_REQUEST_LEAD_DAYS))
      : null;

  let transferDue: string | null = null;
  if (state.receivedBy === 'commune_police' && (state.status === 'received' || state.status === 'verifying')) {
    const hours = state.remoteArea ? TRANSFER_HOURS.remote : TRANSFER_HOURS.normal;
    transferDue = new Date(instantMs(state.receivedAt) + hours * 3600_000).toISOString();
  }

  return {
    status: state.status,
    running: current !== null,
    counting: config.receiptDayCounts
      ? { receiptDayCounts: true, vi: 'Ngày tiếp nhận được tính là ngày thứ nhất', en: 'The day of receipt counts as day 1' }
      : { receiptDayCounts: false, vi: 'Thời hạn tính từ ngày tiếp theo ngày tiếp nhận', en: 'Counting starts the day after receipt' },
    resolutionDue,
    basis: current?.basis ?? null,
    extensionRequestDue,
    nextExtensionBy,
    investigatingBodyLimit: toDeadline(limits.investigatingBodyMax, calendar),
    absoluteLimit: toDeadline(limits.absolute, calendar),
    transferDue,
  };
}

/**
 * Calendar days from `now` (Hanoi date) to the last day of the running limit: 0 on the last day,
 * negative once overdue; null when no limit is running.
 */
export function daysLeft(deadlines: ClockDeadlines, now: string): number | null {
  if (!deadlines.resolutionDue) return null;
  return diffDays(hcmDateOf(now), deadlines.resolutionDue.date);
}

/** True once 24:00 of the last day has passed with no decision. */
export function isOverdue(deadlines: ClockDeadlines, now: string): boolean {
  return deadlines.resolutionDue !== null && instantMs(now) >= instantMs(deadlines.resolutionDue.endsAt);
}

/** True once the commune police's transfer window has passed without a transfer. */
export function isTransferOverdue(deadlines: ClockDeadlines, now: string): boolean {
  return deadlines.transferDue !== null && instantMs(now) >= instantMs(deadlines.transferDue);
}

/** Deadlines plus the figures that depend on `now`, for lists and dashboards. */
export function evaluateClock(state: ClockState, config: ClockConfig, now: string, calendar?: WorkingCalendar) {
  const deadlines = computeDeadlines(state, config, calendar ?? calendarOf(config));
  return {
    ...deadlines,
    daysLeft: daysLeft(deadlines, now),
    overdue: isOverdue(deadlines, now),
    transferOverdue: isTransferOverdue(deadlines, now),
  };
}

export function isClockError(value: ClockState | { error: ClockError }): value is { error: ClockError } {
  return 'error' in value;
}

/** Replays events from receipt; stops at the first refusal. */
export function replay(
  initial: ClockState,
  events: readonly ClockEvent[],
  config: ClockConfig,
): ClockState | { error: ClockError; at: number } {
  let state = initial;
  for (const [i, e] of events.entries()) {
    const next = applyTransition(state, e, config);
    if (isClockError(next)) return { ...next, at: i };
    state = next;
  }
  return state;
}
