/**
 * Plans, task groups and tasks (kế hoạch, nhóm nhiệm vụ, nhiệm vụ): statuses and their transitions, the
 * derived "overdue", and the roll-up of progress from tasks (and the subtasks delegated down the unit tree)
 * to their group and to the plan. Pure: no I/O.
 */

export const TASK_STATUSES = ['not_started', 'in_progress', 'at_risk', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['high', 'normal', 'low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, { vi: string; en: string }> = {
  not_started: { vi: 'Chưa bắt đầu', en: 'Not started' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress' },
  at_risk: { vi: 'Có nguy cơ chậm', en: 'At risk' },
  done: { vi: 'Hoàn thành', en: 'Done' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

/** Allowed next statuses. A done task may be reopened; a cancelled one restored to "not started". */
const TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  not_started: ['in_progress', 'at_risk', 'done', 'cancelled'],
  in_progress: ['at_risk', 'done', 'cancelled'],
  at_risk: ['in_progress', 'done', 'cancelled'],
  done: ['in_progress'],
  cancelled: ['not_started'],
};

export function allowedTransitions(from: TaskStatus): readonly TaskStatus[] {
  return TRANSITIONS[from];
}

/** Null when the step is allowed, else the reason in both languages. */
export function checkTransition(from: TaskStatus, to: TaskStatus): { vi: string; en: string } | null {
  if (TRANSITIONS[from].includes(to)) return null;
  return {
    vi: `Không thể chuyển trạng thái từ "${TASK_STATUS_LABELS[from].vi}" sang "${TASK_STATUS_LABELS[to].vi}"`,
    en: `Cannot change the status from "${TASK_STATUS_LABELS[from].en}" to "${TASK_STATUS_LABELS[to].en}"`,
  };
}

/** Open (neither done nor cancelled) and past its due date; the due day itself is not overdue. */
export function isOverdue(task: { status: string; dueOn: string | null }, today: string): boolean {
  return task.dueOn !== null && task.dueOn < today && task.status !== 'done' && task.status !== 'cancelled';
}

/** Open and due within `days` days from today (today included), not yet overdue. */
export function isDueSoon(task: { status: string; dueOn: string | null }, today: string, days = 3): boolean {
  if (task.dueOn === null || task.status === 'done' || task.status === 'cancelled') return false;
  if (task.dueOn < today) return false;
  const dayMs = 86_400_000;
  return (Date.parse(`${task.dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs <= days;
}

export interface RollupTask {
  id: string;
  status: TaskStatus;
  /** Relative weight among its siblings (> 0). */
  weight: number;
  /** Latest reported percent (0–100). */
  percent: number;
  dueOn: string | null;
  children: RollupTask[];
}

export interface Rollup {
  /** Weighted progress 0–100 (one decimal); null when nothing counts (empty or all cancelled). */
  progress: number | null;
  /** Counts over every task and subtask below (cancelled ones counted apart). */
  total: number;
  done: number;
  overdue: number;
  atRisk: number;
  cancelled: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clampPct = (x: number) => Math.max(0, Math.min(100, x));

/**
 * Progress of one task: done = 100; a task with open (not cancelled) subtasks takes their weighted
 * progress (the work was delegated down); otherwise its own reported percent. Cancelled: null (excluded).
 */
export function taskProgress(task: RollupTask): number | null {
  if (task.status === 'cancelled') return null;
  if (task.status === 'done') return 100;
  const fromChildren = weightedProgress(task.children);
  return fromChildren ?? clampPct(task.percent);
}

/** Weighted mean of the progress of the items that count; cancelled items (and empty ones) are left out. */
export function weightedProgress(tasks: readonly RollupTask[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const t of tasks) {
    const p = taskProgress(t);
    if (p === null || !(t.weight > 0)) continue;
    sum += p * t.weight;
    weights += t.weight;
  }
  return weights > 0 ? sum / weights : null;
}

function count(tasks: readonly RollupTask[], today: string, acc: Omit<Rollup, 'progress'>) {
  for (const t of tasks) {
    acc.total++;
    if (t.status === 'done') acc.done++;
    if (t.status === 'cancelled') acc.cancelled++;
    if (t.status === 'at_risk') acc.atRisk++;
    if (isOverdue(t, today)) acc.overdue++;
    count(t.children, today, acc);
  }
}

/** Roll-up of a list of tasks (a group's top-level tasks): weighted progress and counts. */
export function rollupTasks(tasks: readonly RollupTask[], today: string): Rollup {
  const acc = { total: 0, done: 0, overdue: 0, atRisk: 0, cancelled: 0 };
  count(tasks, today, acc);
  const p = weightedProgress(tasks);
  return { progress: p === null ? null : round1(p), ...acc };
}

/**
 * Roll-up of a plan: each group's progress weighted by the group's weight; groups where nothing counts
 * (no tasks, or all cancelled) are left out.
 */
export function rollupPlan(groups: readonly { weight: number; tasks: readonly RollupTask[] }[], today: string): Rollup {
  const acc = { total: 0, done: 0, overdue: 0, atRisk: 0, cancelled: 0 };
  let sum = 0;
  let weights = 0;
  for (const g of groups) {
    count(g.tasks, today, acc);
    const p = weightedProgress(g.tasks);
    if (p === null || !(g.weight > 0)) continue;
    sum += p * g.weight;
    weights += g.weight;
  }
  return { progress: weights > 0 ? round1(sum / weights) : null, ...acc };
}

export type Tree<T> = T & { children: Tree<T>[] };

/** Builds the task forest from flat rows (parentId), children in the given order. */
export function buildForest<T extends { id: string; parentId: string | null }>(rows: readonly T[]): Tree<T>[] {
  const nodes = new Map<string, Tree<T>>();
  for (const r of rows) nodes.set(r.id, { ...r, children: [] });
  const roots: Tree<T>[] = [];
  for (const r of rows) {
    const n = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}
