/**
 * Protected events (bảo vệ sự kiện): the types, levels, statuses and shifts, and the status machine
 * draft → planned → approved → active → closed (or cancelled before it runs).
 */

export interface Label {
  readonly vi: string;
  readonly en: string;
}

export const EVENT_TYPES = [
  'political_meeting',
  'diplomatic_visit',
  'cultural_sports',
  'religious_festival',
  'mass_gathering',
  'other',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_TYPE_LABELS: Readonly<Record<EventType, Label>> = {
  political_meeting: { vi: 'Hội nghị, sự kiện chính trị', en: 'Political meeting' },
  diplomatic_visit: { vi: 'Đón đoàn, sự kiện đối ngoại', en: 'Diplomatic visit' },
  cultural_sports: { vi: 'Sự kiện văn hóa, thể thao', en: 'Cultural or sports event' },
  religious_festival: { vi: 'Lễ hội, hoạt động tôn giáo', en: 'Religious festival' },
  mass_gathering: { vi: 'Hoạt động đông người', en: 'Mass gathering' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Mức độ: đặc biệt quan trọng, quan trọng, thông thường. */
export const EVENT_LEVELS = ['especially_important', 'important', 'ordinary'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];
export const EVENT_LEVEL_LABELS: Readonly<Record<EventLevel, Label>> = {
  especially_important: { vi: 'Đặc biệt quan trọng', en: 'Especially important' },
  important: { vi: 'Quan trọng', en: 'Important' },
  ordinary: { vi: 'Thông thường', en: 'Ordinary' },
};

export const EVENT_STATUSES = ['draft', 'planned', 'approved', 'active', 'closed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_STATUS_LABELS: Readonly<Record<EventStatus, Label>> = {
  draft: { vi: 'Dự thảo', en: 'Draft' },
  planned: { vi: 'Đã lập kế hoạch', en: 'Planned' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  active: { vi: 'Đang diễn ra', en: 'Active' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

/**
 * The allowed moves. A plan goes back to draft or planned to be changed (an approved plan that changes
 * must be approved again); an event that has started can only be closed.
 */
export const EVENT_TRANSITIONS: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  draft: ['planned', 'cancelled'],
  planned: ['draft', 'approved', 'cancelled'],
  approved: ['planned', 'active', 'cancelled'],
  active: ['closed'],
  closed: [],
  cancelled: [],
};

/** Statuses whose staffing counts against a unit's strength and whose venue is taken. */
export const COMMITTED_STATUSES: readonly EventStatus[] = ['planned', 'approved', 'active'];
/** Statuses in which the plan (times, venue, units, staffing, posts, tasks) may still be edited. */
export const EDITABLE_STATUSES: readonly EventStatus[] = ['draft', 'planned'];

export function canTransition(from: EventStatus, to: EventStatus): boolean {
  return EVENT_TRANSITIONS[from].includes(to);
}

export type TransitionCheck = { ok: true } | { ok: false; vi: string; en: string };

/** Whether a status change is allowed, with the reason in both languages when it is not. */
export function checkTransition(from: EventStatus, to: EventStatus): TransitionCheck {
  if (canTransition(from, to)) return { ok: true };
  const allowed = EVENT_TRANSITIONS[from];
  const list = (lang: 'vi' | 'en') => allowed.map((s) => EVENT_STATUS_LABELS[s][lang]).join(', ');
  return {
    ok: false,
    vi: `Không thể chuyển từ "${EVENT_STATUS_LABELS[from].vi}" sang "${EVENT_STATUS_LABELS[to].vi}"${allowed.length ? ` (được phép: ${list('vi')})` : ' (trạng thái cuối)'}`,
    en: `Cannot move from "${EVENT_STATUS_LABELS[from].en}" to "${EVENT_STATUS_LABELS[to].en}"${allowed.length ? ` (allowed: ${list('en')})` : ' (final status)'}`,
  };
}

/**
 * Shifts (ca trực) of a day, in Hanoi hours: 06–14, 14–22 and 22–06 of the next day. Staffing is given
 * per unit, date and shift; the night shift of a date ends on the next morning.
 */
export const SHIFTS = ['s1', 's2', 's3'] as const;
export type Shift = (typeof SHIFTS)[number];
export const SHIFT_HOURS: Readonly<Record<Shift, { start: number; end: number }>> = {
  s1: { start: 6, end: 14 },
  s2: { start: 14, end: 22 },
  s3: { start: 22, end: 30 },
};
export const SHIFT_LABELS: Readonly<Record<Shift, Label>> = {
  s1: { vi: 'Ca 1 (06–14 giờ)', en: 'Shift 1 (06:00–14:00)' },
  s2: { vi: 'Ca 2 (14–22 giờ)', en: 'Shift 2 (14:00–22:00)' },
  s3: { vi: 'Ca 3 (22–06 giờ)', en: 'Shift 3 (22:00–06:00)' },
};

export const OUTCOMES = ['safe', 'incidents'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Readonly<Record<Outcome, Label>> = {
  safe: { vi: 'Tuyệt đối an toàn', en: 'Absolutely safe' },
  incidents: { vi: 'Có vụ việc', en: 'Incidents occurred' },
};
