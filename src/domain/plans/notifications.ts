import { isDueSoon, isOverdue } from './tasks';

/**
 * In-app notifications of plans and directives, computed on read from the records (nothing is queued):
 * a task assigned to my unit, a task or follow-up item due within 3 days or overdue, a directive issued to
 * my unit, and — for the issuer — follow-up items gone overdue (escalation). Each has a stable key, so a
 * per-user "seen" marker can hide it; a new due date gives a new key.
 */

export const NOTIFICATION_KINDS = ['assigned', 'due_soon', 'overdue', 'directive', 'escalated'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotifTask {
  id: string;
  title: string;
  status: string;
  dueOn: string | null;
  leadUnitId: string;
  cooperatingUnitIds: readonly string[];
}

export interface NotifItem {
  id: string;
  directiveId: string;
  directiveNumber: string;
  content: string;
  status: string;
  dueOn: string;
  unitId: string;
  issuerUnitId: string;
  issuedBy: string | null;
}

export interface Notification {
  key: string;
  kind: NotificationKind;
  entity: 'task' | 'directive_item';
  entityId: string;
  /** The directive of a follow-up item. */
  directiveId?: string;
  title: string;
  dueOn: string | null;
}

const ORDER: Record<NotificationKind, number> = { overdue: 0, escalated: 1, due_soon: 2, directive: 3, assigned: 4 };

/** The notifications of a user of unit `unitId` on `today`. */
export function computeNotifications(input: {
  unitId: string | null;
  userId: string | null;
  today: string;
  tasks: readonly NotifTask[];
  items: readonly NotifItem[];
}): Notification[] {
  const out: Notification[] = [];
  const { unitId, today } = input;
  for (const t of input.tasks) {
    const mine = t.leadUnitId === unitId || (unitId !== null && t.cooperatingUnitIds.includes(unitId));
    if (!mine) continue;
    const base = { entity: 'task' as const, entityId: t.id, title: t.title, dueOn: t.dueOn };
    if (t.status !== 'done' && t.status !== 'cancelled')
      out.push({ ...base, key: `assigned:task:${t.id}`, kind: 'assigned' });
    if (isOverdue(t, today)) out.push({ ...base, key: `overdue:task:${t.id}:${t.dueOn}`, kind: 'overdue' });
    else if (isDueSoon(t, today)) out.push({ ...base, key: `due_soon:task:${t.id}:${t.dueOn}`, kind: 'due_soon' });
  }
  for (const i of input.items) {
    const base = {
      entity: 'directive_item' as const,
      entityId: i.id,
      directiveId: i.directiveId,
      title: `${i.directiveNumber}: ${i.content}`,
      dueOn: i.dueOn,
    };
    const open = i.status === 'open';
    if (i.unitId === unitId) {
      if (open) out.push({ ...base, key: `directive:item:${i.id}`, kind: 'directive' });
      if (open && isOverdue(i, today)) out.push({ ...base, key: `overdue:item:${i.id}:${i.dueOn}`, kind: 'overdue' });
      else if (open && isDueSoon(i, today))
        out.push({ ...base, key: `due_soon:item:${i.id}:${i.dueOn}`, kind: 'due_soon' });
    }
    const issuer = (input.userId !== null && i.issuedBy === input.userId) || i.issuerUnitId === unitId;
    if (issuer && i.unitId !== unitId && open && isOverdue(i, today))
      out.push({ ...base, key: `escalated:item:${i.id}:${i.dueOn}`, kind: 'escalated' });
  }
  return out.sort(
    (a, b) =>
      ORDER[a.kind] - ORDER[b.kind] ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      a.key.localeCompare(b.key),
  );
}
