import { z } from 'zod';
import { TASK_PRIORITIES, TASK_STATUSES } from '../domain/plans/tasks';
import { TARGET_MEASURES, TARGET_OPS, TARGET_STATUSES } from '../domain/plans/targets';
import { NOTIFICATION_KINDS } from '../domain/plans/notifications';
import { ZIsoDate } from './areas';
import { STAT_METRICS, STAT_PERIOD_KINDS } from './stats';

/**
 * Plans, task groups, tasks and progress (kế hoạch, nhóm nhiệm vụ, nhiệm vụ), directives with follow-up
 * items (chỉ đạo), targets bound to the statistics endpoint (chỉ tiêu), the unit scoreboard and in-app
 * notifications.
 */

const ZLabel = z.object({ vi: z.string(), en: z.string() });
const title = z.string().trim().min(1).max(300);
const text = z.string().trim().max(5000);

export const ZTaskStatus = z.enum(TASK_STATUSES);
export const ZTaskPriority = z.enum(TASK_PRIORITIES);

export const ZRollup = z.object({
  progress: z.number().nullable(),
  total: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  atRisk: z.number().int(),
  cancelled: z.number().int(),
});

export const ZIdParams = z.object({ id: z.uuid() });

// ── plans ────────────────────────────────────────────────────────────────────────────────────────────
export const ZCreatePlan = z.object({
  year: z.number().int().min(2000).max(2100),
  title,
  description: text.default(''),
  /** The unit whose plan it is (default: the actor's unit). */
  unitId: z.uuid().optional(),
});
export type TCreatePlan = z.infer<typeof ZCreatePlan>;

export const ZPlanSummary = z.object({
  id: z.uuid(),
  year: z.number().int(),
  title: z.string(),
  description: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  rollup: ZRollup,
});
export const ZPlanList = z.object({ items: z.array(ZPlanSummary) });
export const ZPlanListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const ZCreateGroup = z.object({
  code: z.string().trim().max(20).default(''),
  title,
  description: text.default(''),
  breakthrough: z.boolean().default(false),
  weight: z.number().positive().max(1000).default(1),
});
export type TCreateGroup = z.infer<typeof ZCreateGroup>;

export const ZTaskUnit = z.object({ id: z.uuid(), name: z.string() });

/** A task in tree order (parents before their subtasks); `depth` 0 for a group's own tasks. */
export const ZTaskNode = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  parentId: z.uuid().nullable(),
  depth: z.number().int(),
  title: z.string(),
  description: z.string(),
  leadUnit: ZTaskUnit,
  cooperatingUnits: z.array(ZTaskUnit),
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  priority: ZTaskPriority,
  status: ZTaskStatus,
  statusLabel: ZLabel,
  weight: z.number(),
  /** Last reported percent. */
  percent: z.number().int(),
  /** Weighted progress (from its subtasks once delegated); null for a cancelled task. */
  progress: z.number().nullable(),
  overdue: z.boolean(),
  /** The actor may report progress (lead or cooperating unit in scope). */
  canReport: z.boolean(),
  /** The actor may change the status (lead unit in scope). */
  canUpdate: z.boolean(),
  /** Next statuses allowed. */
  allowed: z.array(ZTaskStatus),
  version: z.number().int(),
});
export type TTaskNode = z.infer<typeof ZTaskNode>;

export const ZGroup = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  breakthrough: z.boolean(),
  weight: z.number(),
  rollup: ZRollup,
  /** Tasks and subtasks in tree order. */
  tasks: z.array(ZTaskNode),
});
export type TGroup = z.infer<typeof ZGroup>;

export const ZPlanTree = ZPlanSummary.extend({
  groups: z.array(ZGroup),
  /** The actor may add groups and top-level tasks (the plan's unit is in their scope, with plans.write). */
  canEdit: z.boolean(),
  /** Only the tasks the actor may see are listed and rolled up. */
  scoped: z.boolean(),
});
export type TPlanTree = z.infer<typeof ZPlanTree>;

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────────
export const ZCreateTask = z
  .object({
    title,
    description: text.default(''),
    leadUnitId: z.uuid(),
    cooperatingUnitIds: z.array(z.uuid()).max(50).default([]),
    startOn: ZIsoDate.nullable().default(null),
    dueOn: ZIsoDate.nullable().default(null),
    priority: ZTaskPriority.default('normal'),
    weight: z.number().positive().max(1000).default(1),
  })
  .refine((t) => !t.startOn || !t.dueOn || t.startOn <= t.dueOn, {
    message: 'hạn hoàn thành phải sau ngày bắt đầu / due date must not be before the start',
    path: ['dueOn'],
  });
export type TCreateTask = z.infer<typeof ZCreateTask>;

export const ZUpdateTask = z.object({
  title: title.optional(),
  description: text.optional(),
  leadUnitId: z.uuid().optional(),
  cooperatingUnitIds: z.array(z.uuid()).max(50).optional(),
  startOn: ZIsoDate.nullable().optional(),
  dueOn: ZIsoDate.nullable().optional(),
  priority: ZTaskPriority.optional(),
  weight: z.number().positive().max(1000).optional(),
  /** The version read; 409 when someone changed the task since. */
  version: z.number().int().min(1),
});
export type TUpdateTask = z.infer<typeof ZUpdateTask>;

export const ZTaskStatusChange = z.object({ status: ZTaskStatus, note: text.default('') });

/** Attachments: at most 5 MB, PDF, images, Office documents, text; sent as base64. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

export const ZProgressReport = z
  .object({
    reportedOn: ZIsoDate,
    percent: z.number().int().min(0).max(100).nullable().default(null),
    note: text.default(''),
    attachment: z
      .object({
        name: z.string().trim().min(1).max(200),
        type: z.enum(ATTACHMENT_TYPES),
        base64: z
          .string()
          .max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
      })
      .nullable()
      .default(null),
  })
  .refine((r) => r.percent !== null || r.note !== '' || r.attachment !== null, {
    message: 'cần phần trăm, nội dung hoặc tệp đính kèm / a percent, a text or an attachment is needed',
    path: ['percent'],
  });
export type TProgressReport = z.infer<typeof ZProgressReport>;

export const ZProgressEntry = z.object({
  id: z.uuid(),
  reportedOn: z.string(),
  percent: z.number().int().nullable(),
  note: z.string(),
  unitName: z.string().nullable(),
  authorName: z.string(),
  attachment: z.object({ name: z.string(), type: z.string(), size: z.number().int() }).nullable(),
  createdAt: z.string(),
});

export const ZTaskDetail = z.object({
  task: ZTaskNode,
  /** Its delegated subtasks (all levels, tree order) the actor may see. */
  subtasks: z.array(ZTaskNode),
  planId: z.uuid(),
  planTitle: z.string(),
  groupTitle: z.string(),
  progress: z.array(ZProgressEntry),
  /** The actor may add subtasks (delegate down their subtree). */
  canDelegate: z.boolean(),
});
export type TTaskDetail = z.infer<typeof ZTaskDetail>;

export const ZMyTasksQuery = z.object({
  /** 'unit': tasks whose lead or cooperating unit is the actor's unit; 'subtree': any unit of their subtree. */
  scope: z.enum(['unit', 'subtree']).default('unit'),
  status: z.enum(['open', 'overdue', 'all']).default('open'),
});
export const ZMyTask = z.object({
  id: z.uuid(),
  title: z.string(),
  planId: z.uuid(),
  planTitle: z.string(),
  groupTitle: z.string(),
  breakthrough: z.boolean(),
  leadUnit: ZTaskUnit,
  role: z.enum(['lead', 'cooperating']),
  dueOn: z.string().nullable(),
  status: ZTaskStatus,
  statusLabel: ZLabel,
  priority: ZTaskPriority,
  percent: z.number().int(),
  overdue: z.boolean(),
});
export const ZMyTasks = z.object({ items: z.array(ZMyTask) });

// ── directives ───────────────────────────────────────────────────────────────────────────────────────
export const ZCreateDirective = z.object({
  number: z.string().trim().min(1).max(60),
  issuedOn: ZIsoDate,
  source: z.enum(['meeting', 'document']),
  meeting: z.string().trim().max(300).default(''),
  issuerName: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(5000),
  planId: z.uuid().nullable().default(null),
  items: z
    .array(z.object({ unitId: z.uuid(), content: z.string().trim().min(1).max(2000), dueOn: ZIsoDate }))
    .min(1)
    .max(100),
});
export type TCreateDirective = z.infer<typeof ZCreateDirective>;

export const ZDirectiveItem = z.object({
  id: z.uuid(),
  directiveId: z.uuid(),
  unit: ZTaskUnit,
  content: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'done']),
  overdue: z.boolean(),
  /** Closed after the due date. */
  late: z.boolean(),
  report: z.string().nullable(),
  closedOn: z.string().nullable(),
  canClose: z.boolean(),
});
export const ZDirective = z.object({
  id: z.uuid(),
  number: z.string(),
  issuedOn: z.string(),
  source: z.enum(['meeting', 'document']),
  meeting: z.string(),
  issuerName: z.string(),
  issuerUnit: ZTaskUnit,
  content: z.string(),
  planId: z.uuid().nullable(),
  /** Follow-up state: all closed, open, or some overdue. */
  state: z.enum(['closed', 'open', 'overdue']),
  counts: z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
  items: z.array(ZDirectiveItem),
});
export type TDirective = z.infer<typeof ZDirective>;
export const ZDirectiveList = z.object({ items: z.array(ZDirective) });
export const ZCloseItem = z.object({ report: z.string().trim().min(5).max(5000), closedOn: ZIsoDate.optional() });

// ── targets ──────────────────────────────────────────────────────────────────────────────────────────
/** Metrics a target can bind to: those of the statistics endpoint (incidents and protected events). */
export const TARGET_METRICS = STAT_METRICS;

export const ZCreateTarget = z
  .object({
    title,
    planId: z.uuid().nullable().default(null),
    groupId: z.uuid().nullable().default(null),
    metric: z.enum(TARGET_METRICS),
    measure: z.enum(TARGET_MEASURES),
    comparison: z.enum(['same_period', 'previous_period', 'none']).default('none'),
    op: z.enum(TARGET_OPS),
    /** The column is numeric(18,4): |threshold| < 10^14. */
    threshold: z.number().gt(-1e14).lt(1e14),
    scope: z.enum(['all', 'unit', 'area']),
    unitId: z.uuid(),
    areaCode: z
      .string()
      .regex(/^\d{2,5}$/)
      .nullable()
      .default(null),
    periodKind: z.enum(STAT_PERIOD_KINDS.filter((k) => !k.startsWith('rolling')) as [string, ...string[]]),
    /** A date inside the period (for custom: use from/to). */
    date: ZIsoDate.optional(),
    from: ZIsoDate.optional(),
    to: ZIsoDate.optional(),
  })
  .refine((t) => t.measure === 'value' || t.comparison !== 'none', {
    message: 'một thay đổi cần kỳ so sánh / a change needs a comparison period',
    path: ['comparison'],
  })
  .refine((t) => t.scope !== 'area' || t.areaCode !== null, {
    message: 'cần mã địa bàn / an area code is needed',
    path: ['areaCode'],
  })
  .refine((t) => (t.periodKind === 'custom' ? Boolean(t.from && t.to && t.from <= t.to) : Boolean(t.date)), {
    message:
      'cần ngày trong kỳ (hoặc from ≤ to cho kỳ tùy chọn) / a date in the period (or from ≤ to for custom) is needed',
    path: ['date'],
  });
export type TCreateTarget = z.infer<typeof ZCreateTarget>;

export const ZTarget = z.object({
  id: z.uuid(),
  title: z.string(),
  planId: z.uuid().nullable(),
  groupId: z.uuid().nullable(),
  metric: z.enum(TARGET_METRICS),
  metricLabel: ZLabel,
  metricUnit: z.enum(['count', 'percent', 'vnd', 'people']),
  measure: z.enum(TARGET_MEASURES),
  comparison: z.enum(['same_period', 'previous_period', 'none']),
  op: z.enum(TARGET_OPS),
  threshold: z.number(),
  rule: ZLabel,
  scope: z.enum(['all', 'unit', 'area']),
  unit: ZTaskUnit,
  areaCode: z.string().nullable(),
  periodKind: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  /** The statistics query that gives `current` (GET /api/stats with these parameters). */
  statsQuery: z.record(z.string(), z.string()),
  current: z.number().nullable(),
  comparisonValue: z.number().nullable(),
  value: z.number().nullable(),
  projected: z.number().nullable(),
  elapsed: z.number(),
  finished: z.boolean(),
  status: z.enum(TARGET_STATUSES),
  statusLabel: ZLabel,
  /** Monthly values of the metric over the period so far (sparkline). */
  series: z.array(z.object({ month: z.string(), value: z.number().nullable() })),
  /** The caller sees part of the data only. */
  scoped: z.boolean(),
});
export type TTarget = z.infer<typeof ZTarget>;
export const ZTargetList = z.object({ items: z.array(ZTarget), asOf: z.string() });
export const ZTargetListQuery = z.object({ planId: z.uuid().optional() });

// ── scoreboard, notifications ────────────────────────────────────────────────────────────────────────
export const ZScoreboardRow = z.object({
  unit: ZTaskUnit,
  tasks: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  cancelled: z.number().int(),
  /** Done / (tasks − cancelled), percent. */
  completion: z.number().nullable(),
  /** Mean progress of its open and done tasks. */
  progress: z.number().nullable(),
  targets: z.number().int(),
  targetsMet: z.number().int(),
  targetsAtRisk: z.number().int(),
  targetsMissed: z.number().int(),
});
export const ZScoreboard = z.object({ planId: z.uuid(), rows: z.array(ZScoreboardRow) });
export const ZScoreboardQuery = z.object({ planId: z.uuid() });

export const ZNotification = z.object({
  key: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  entity: z.enum(['task', 'directive_item']),
  entityId: z.uuid(),
  directiveId: z.uuid().optional(),
  title: z.string(),
  dueOn: z.string().nullable(),
  seen: z.boolean(),
});
export const ZNotifications = z.object({ items: z.array(ZNotification), unseen: z.number().int() });
export const ZMarkSeen = z.object({ keys: z.array(z.string().max(200)).min(1).max(500) });
