import { z } from 'zod';
import { EVENT_LEVELS, EVENT_STATUSES, EVENT_TYPES, OUTCOMES, SHIFTS } from '../domain/events/model';
import { ZIsoDate } from './areas';
import { ZInstant, ZPoint } from './incidents';
import { STAT_PERIOD_KINDS } from './stats';

/**
 * Protected events (bảo vệ sự kiện): plan, staffing, conflicts, approval (with a commander's override),
 * the day-of log, outcome and after-action items, and the "absolutely safe" statistics.
 */

export const ZEventType = z.enum(EVENT_TYPES);
export const ZEventLevel = z.enum(EVENT_LEVELS);
export const ZEventStatus = z.enum(EVENT_STATUSES);
export const ZShift = z.enum(SHIFTS);
export const ZOutcome = z.enum(OUTCOMES);
const ZLabel = z.object({ vi: z.string(), en: z.string() });

export const ZStaffingLine = z.object({
  unitId: z.uuid(),
  date: ZIsoDate,
  shift: ZShift,
  staff: z.number().int().min(0).max(10_000),
});
export const ZPostInput = z.object({
  name: z.string().trim().min(1).max(200),
  point: ZPoint.nullable().default(null),
  unitId: z.uuid().nullable().default(null),
  staff: z.number().int().min(0).max(10_000).default(0),
});
export const ZTaskInput = z.object({ title: z.string().trim().min(1).max(300), done: z.boolean().default(false) });

const plan = {
  objectives: z.array(z.string().trim().min(1).max(500)).max(50),
  tasks: z.array(ZTaskInput).max(200),
  posts: z.array(ZPostInput).max(200),
  staffing: z.array(ZStaffingLine).max(2000),
};

export const ZCreateEvent = z.object({
  name: z.string().trim().min(1).max(300),
  type: ZEventType,
  level: ZEventLevel,
  startsAt: ZInstant,
  endsAt: ZInstant,
  venueName: z.string().trim().min(1).max(300),
  point: ZPoint.nullable().default(null),
  /** Commune code valid on the first day; found from the point when omitted. */
  areaCode: z
    .string()
    .regex(/^\d{5}$/, 'mã xã, phường 5 chữ số / 5-digit commune code')
    .optional(),
  expectedAttendance: z.number().int().min(0).max(10_000_000).default(0),
  organiser: z.string().trim().max(300).default(''),
  leadUnitId: z.uuid(),
  riskNotes: z.string().max(20_000).default(''),
  /** Fill objectives, tasks, posts and staffing from the template of the event's type. */
  fromTemplate: z.boolean().default(false),
  objectives: plan.objectives.optional(),
  tasks: plan.tasks.optional(),
  posts: plan.posts.optional(),
  staffing: plan.staffing.optional(),
});
export type TCreateEvent = z.infer<typeof ZCreateEvent>;

/** Any subset of the plan, with the version read (optimistic concurrency). Lists replace the stored ones. */
export const ZUpdateEvent = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(300).optional(),
  type: ZEventType.optional(),
  level: ZEventLevel.optional(),
  startsAt: ZInstant.optional(),
  endsAt: ZInstant.optional(),
  venueName: z.string().trim().min(1).max(300).optional(),
  point: ZPoint.nullable().optional(),
  areaCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  expectedAttendance: z.number().int().min(0).max(10_000_000).optional(),
  organiser: z.string().trim().max(300).optional(),
  leadUnitId: z.uuid().optional(),
  riskNotes: z.string().max(20_000).optional(),
  objectives: plan.objectives.optional(),
  tasks: plan.tasks.optional(),
  posts: plan.posts.optional(),
  staffing: plan.staffing.optional(),
});
export type TUpdateEvent = z.infer<typeof ZUpdateEvent>;

export const ZStatusChange = z.object({
  version: z.number().int().min(1),
  to: ZEventStatus,
  /** Approval while conflicts stand: a commander's reason (events.override), audited. */
  overrideReason: z.string().trim().min(1).max(2000).optional(),
  /** Closing: `safe` needs no linked incident, `incidents` at least one. */
  outcome: ZOutcome.optional(),
  note: z.string().trim().max(5000).optional(),
});
export type TStatusChange = z.infer<typeof ZStatusChange>;

export const ZCloneEvent = z.object({
  name: z.string().trim().min(1).max(300).optional(),
  startsAt: ZInstant,
  endsAt: ZInstant.optional(),
});

export const ZLogEntryInput = z.object({
  text: z.string().trim().min(1).max(5000),
  place: z.string().trim().max(300).default(''),
  point: ZPoint.nullable().default(null),
  /** Default: now. */
  at: ZInstant.optional(),
  /** Link an incident of the registry to the entry (and to the event). */
  incidentId: z.uuid().optional(),
  /** Record a new incident from the entry (kind traffic accident, fire, crime report, …) and link it. */
  createIncident: z
    .object({
      kind: z.enum(['crime_report', 'traffic_accident', 'fire']),
      title: z.string().trim().min(1).max(200),
    })
    .optional(),
});

export const ZActionInput = z.object({
  title: z.string().trim().min(1).max(500),
  ownerUnitId: z.uuid(),
  dueOn: ZIsoDate,
});
export const ZActionUpdate = z.object({
  status: z.enum(['open', 'done']),
  note: z.string().trim().max(2000).default(''),
});
export const ZLinkIncident = z.object({ incidentId: z.uuid() });
export const ZStrengthInput = z.object({
  unitId: z.uuid(),
  from: ZIsoDate,
  to: ZIsoDate.nullable().default(null),
  strength: z.number().int().min(0).max(100_000),
});
export const ZStrengthQuery = z.object({ unitId: z.uuid().optional() });

export const ZEventIdParams = z.object({ id: z.uuid() });
export const ZActionParams = z.object({ id: z.uuid(), actionId: z.uuid() });

export const ZConflict = z.object({
  kind: z.enum(['unit_over_strength', 'venue_overlap', 'lead_outside_jurisdiction']),
  vi: z.string(),
  en: z.string(),
  unitId: z.string().optional(),
  date: z.string().optional(),
  shift: ZShift.optional(),
  committed: z.number().optional(),
  strength: z.number().optional(),
  eventIds: z.array(z.string()).optional(),
  eventId: z.string().optional(),
  eventName: z.string().optional(),
});
export type TConflict = z.infer<typeof ZConflict>;

export const ZEventListItem = z.object({
  id: z.string(),
  name: z.string(),
  type: ZEventType,
  level: ZEventLevel,
  status: ZEventStatus,
  startsAt: z.string(),
  endsAt: z.string(),
  venueName: z.string(),
  point: ZPoint.nullable(),
  areaCode: z.string(),
  leadUnitId: z.string(),
  leadUnitName: z.string(),
  outcome: ZOutcome.nullable(),
  staffTotal: z.number().int(),
});
export type TEventListItem = z.infer<typeof ZEventListItem>;

export const ZEventListQuery = z
  .object({
    /** Events overlapping [from, to] (Hanoi dates, inclusive). */
    from: ZIsoDate.optional(),
    to: ZIsoDate.optional(),
    type: ZEventType.optional(),
    level: ZEventLevel.optional(),
    status: ZEventStatus.optional(),
    /** Lead or supporting unit. */
    unitId: z.uuid().optional(),
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(200),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from ≤ to', path: ['to'] });
export type TEventListQuery = z.infer<typeof ZEventListQuery>;
export const ZEventList = z.object({ items: z.array(ZEventListItem), truncated: z.boolean() });

export const ZEvent = ZEventListItem.extend({
  typeLabel: ZLabel,
  levelLabel: ZLabel,
  statusLabel: ZLabel,
  areaFullName: z.string(),
  expectedAttendance: z.number().int(),
  organiser: z.string(),
  riskNotes: z.string(),
  objectives: z.array(z.string()),
  outcomeNote: z.string(),
  overrideReason: z.string().nullable(),
  approvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  clonedFrom: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), done: z.boolean() })),
  posts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      point: ZPoint.nullable(),
      unitId: z.string().nullable(),
      unitName: z.string().nullable(),
      staff: z.number().int(),
    }),
  ),
  staffing: z.array(
    z.object({ unitId: z.string(), unitName: z.string(), date: z.string(), shift: ZShift, staff: z.number().int() }),
  ),
  log: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorName: z.string(),
      text: z.string(),
      place: z.string(),
      point: ZPoint.nullable(),
      incidentId: z.string().nullable(),
    }),
  ),
  incidents: z.array(
    z.object({ id: z.string(), refNo: z.string(), kind: z.string(), title: z.string(), occurredAt: z.string() }),
  ),
  actions: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      ownerUnitId: z.string(),
      ownerUnitName: z.string(),
      dueOn: z.string(),
      status: z.enum(['open', 'done']),
      doneAt: z.string().nullable(),
      doneNote: z.string(),
      overdue: z.boolean(),
    }),
  ),
  conflicts: z.array(ZConflict),
  /** Status moves the caller may try next. */
  allowed: z.array(ZEventStatus),
  canOverride: z.boolean(),
});
export type TEvent = z.infer<typeof ZEvent>;

export const ZConflictCheck = z.object({
  startsAt: ZInstant,
  endsAt: ZInstant,
  venueName: z.string().trim().max(300).default(''),
  point: ZPoint.nullable().default(null),
  areaCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  leadUnitId: z.uuid().optional(),
  staffing: plan.staffing.default([]),
  /** A saved event being re-checked (left out of the others). */
  eventId: z.uuid().optional(),
});
export const ZConflictResult = z.object({ conflicts: z.array(ZConflict), checkedAgainst: z.number().int() });

export const ZBoard = z.object({
  items: z.array(
    ZEventListItem.extend({
      lastEntry: z.object({ at: z.string(), text: z.string(), actorName: z.string() }).nullable(),
      entries: z.number().int(),
      incidents: z.number().int(),
    }),
  ),
});

export const ZTemplate = z.object({
  type: ZEventType,
  label: ZLabel,
  objectives: z.array(z.string()),
  tasks: z.array(z.string()),
  posts: z.array(z.object({ name: z.string(), role: z.string(), staff: z.number() })),
  staffing: z.array(z.object({ role: z.string(), shifts: z.array(ZShift), perShift: z.number() })),
});
export const ZTemplates = z.object({ items: z.array(ZTemplate) });

export const ZVenueQuery = z.object({ date: ZIsoDate.optional() });
export const ZVenues = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      point: ZPoint,
      areaCode: z.string().nullable(),
      areaFullName: z.string().nullable(),
    }),
  ),
});

export const ZStrengthList = z.object({
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      from: z.string(),
      to: z.string().nullable(),
      strength: z.number().int(),
    }),
  ),
});

export const EVENT_STAT_BREAKDOWNS = ['none', 'type', 'level', 'unit'] as const;
export const ZEventStatsQuery = z
  .object({
    period: z.enum(STAT_PERIOD_KINDS).default('year'),
    date: ZIsoDate.optional(),
    from: ZIsoDate.optional(),
    to: ZIsoDate.optional(),
    breakdown: z.enum(EVENT_STAT_BREAKDOWNS).default('none'),
  })
  .refine((q) => q.period !== 'custom' || (q.from && q.to && q.from <= q.to), {
    message: 'kỳ tùy chọn cần from ≤ to / a custom period needs from ≤ to',
    path: ['from'],
  });
export type TEventStatsQuery = z.infer<typeof ZEventStatsQuery>;

const ZEventFigures = z.object({
  /** Closed events whose first day lies in the period (bảo vệ). */
  protected: z.number().int(),
  /** Closed events with no linked incident (tuyệt đối an toàn). */
  safe: z.number().int(),
  /** safe / protected in percent; null when nothing was protected. */
  safeShare: z.number().nullable(),
});
const ZPeriodOut = z.object({ kind: z.string(), start: z.string(), end: z.string(), label: ZLabel });
export const ZEventStats = z.object({
  /** The whole period asked for. */
  period: ZPeriodOut,
  /** The same period last year as counted (like for like: a running period's same days a year earlier). */
  comparisonPeriod: ZPeriodOut,
  /** The dates counted on each side, whether the period runs, and their wording (src/domain/periods/like-for-like.ts). */
  ranges: z.object({
    asOf: z.string(),
    running: z.boolean(),
    current: z.object({ start: z.string(), end: z.string() }),
    comparison: z.object({ start: z.string(), end: z.string() }),
    wording: ZLabel,
  }),
  breakdown: z.enum(EVENT_STAT_BREAKDOWNS),
  scoped: z.boolean(),
  current: ZEventFigures,
  comparison: ZEventFigures,
  change: z.object({
    absolute: z.number(),
    percent: z.number().nullable(),
    z: z.number(),
    label: z.enum(['significant', 'notable', 'normal']),
    phrase: ZLabel,
  }),
  /** "Bảo vệ tuyệt đối an toàn N sự kiện". */
  headline: ZLabel,
  rows: z.array(ZEventFigures.extend({ key: z.string(), label: z.string(), comparisonProtected: z.number().int() })),
});
export type TEventStats = z.infer<typeof ZEventStats>;
