import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { TFieldError } from '../../../contracts/errors';
import {
  ATTACHMENT_MAX_BYTES,
  type TCreateDirective,
  type TCreateGroup,
  type TCreatePlan,
  type TCreateTarget,
  type TCreateTask,
  type TDirective,
  type TGroup,
  type TPlanTree,
  type TProgressReport,
  type TTarget,
  type TTaskDetail,
  type TTaskNode,
  type TUpdateTask,
} from '../../../contracts/plans';
import type { TStatMetric, TStatQuery } from '../../../contracts/stats';
import { hcmDateOf, minDate } from '../../../domain/calendar/dates';
import { XLSX_DATE_FORMAT, exportedAtLine, rangeText, xlsxDate, type ExportLanguage } from '../../../domain/export';
import { customPeriod, periodContaining, type PeriodKind } from '../../../domain/periods';
import {
  allowedTransitions,
  buildForest,
  checkTransition,
  computeNotifications,
  evaluateTarget,
  isOverdue,
  rollupPlan,
  rollupTasks,
  ruleLabel,
  TARGET_STATUS_LABELS,
  TASK_STATUS_LABELS,
  taskProgress,
  type MetricUnit,
  type RollupTask,
  type TargetMeasure,
  type TargetOp,
  type TaskStatus,
  type Tree,
} from '../../../domain/plans';
import { notVisible, requirePermission, requireReferencesInScope, type Reference } from '../../platform/access';
import type { UnitService } from '../units/units.service';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import { AppError, ruleViolation } from '../../platform/errors';
import { METRICS } from '../stats/stats.service';
import type { StatsService } from '../stats/stats.service';
import * as repo from './plans.repository';

const invalid = (fields: TFieldError[]) => new AppError('VALIDATION_FAILED', { fields });
const field = (path: string, vi: string, en: string): TFieldError => ({ path, vi, en });

const inScope = (actor: Actor, path: string) => path.startsWith(actor.unitPath);
/** A unit the actor answers to (their own unit or one above it). */
const isAncestorOfActor = (actor: Actor, path: string) => actor.unitPath.startsWith(path);

type TaskWithUnits = repo.TaskRow & { coop: { id: string; name: string; path: string }[] };

/** Magic numbers of the attachment types we accept. */
function sniffType(bytes: Buffer, declared: string): boolean {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  switch (declared) {
    case 'application/pdf':
      return starts([0x25, 0x50, 0x44, 0x46]);
    case 'image/png':
      return starts([0x89, 0x50, 0x4e, 0x47]);
    case 'image/jpeg':
      return starts([0xff, 0xd8, 0xff]);
    case 'text/plain':
      return !bytes.includes(0) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
    default:
      // DOCX / XLSX are ZIP files.
      return starts([0x50, 0x4b, 0x03, 0x04]);
  }
}

/**
 * Plans, task groups, tasks and progress; directives with follow-up items; targets bound to the statistics
 * endpoint; the unit scoreboard, in-app notifications and the XLSX export. Scope: a unit sees and updates
 * the tasks whose lead (or cooperating) unit lies in its subtree; commanders therefore see their subtree.
 */
export class PlanService {
  constructor(private readonly deps: { db: Db; clock: Clock; stats: StatsService; units: UnitService }) {}

  private today() {
    return hcmDateOf(this.deps.clock.now());
  }

  private async audit(actor: Actor, trx: Parameters<typeof appendAudit>[0], input: Parameters<typeof appendAudit>[2]) {
    await appendAudit(trx, actor, input, this.deps.clock.now());
  }

  // ── plans ──────────────────────────────────────────────────────────────────────────────────────────

  private canSeePlan(actor: Actor, plan: { unitPath: string }) {
    return inScope(actor, plan.unitPath) || isAncestorOfActor(actor, plan.unitPath);
  }

  /** A plan a write refers to (a directive's, a target's): one the actor sees, through the one scope check. */
  private planReference(actor: Actor, path: string, id: string | null | undefined): Reference {
    return {
      path,
      id,
      allowed: async (planId) => {
        const plan = await repo.findPlan(this.deps.db, planId);
        return !!plan && this.canSeePlan(actor, plan);
      },
    };
  }

  private async visiblePlan(actor: Actor, id: string) {
    requirePermission(actor, 'plans.read');
    const plan = await repo.findPlan(this.deps.db, id);
    if (!plan || !this.canSeePlan(actor, plan)) throw notVisible('kế hoạch');
    return plan;
  }

  private async withUnits(rows: repo.TaskRow[]): Promise<TaskWithUnits[]> {
    const coop = await repo.cooperatingUnits(
      this.deps.db,
      rows.map((r) => r.id),
    );
    const byTask = new Map<string, TaskWithUnits['coop']>();
    for (const c of coop)
      byTask.set(c.taskId, [...(byTask.get(c.taskId) ?? []), { id: c.id, name: c.name, path: c.path }]);
    return rows.map((r) => ({ ...r, coop: byTask.get(r.id) ?? [] }));
  }

  private canSeeTask(actor: Actor, t: TaskWithUnits) {
    return inScope(actor, t.leadUnitPath) || t.coop.some((c) => inScope(actor, c.path));
  }

  private toNode(actor: Actor, t: Tree<TaskWithUnits>, depth: number, today: string): TTaskNode[] {
    const status = t.status as TaskStatus;
    const write = actor.permissions.has('plans.write');
    const canUpdate = write && inScope(actor, t.leadUnitPath);
    const self: TTaskNode = {
      id: t.id,
      groupId: t.groupId,
      parentId: t.parentId,
      depth,
      title: t.title,
      description: t.description,
      leadUnit: { id: t.leadUnitId, name: t.leadUnitName },
      cooperatingUnits: t.coop.map((c) => ({ id: c.id, name: c.name })),
      startOn: t.startOn,
      dueOn: t.dueOn,
      priority: t.priority as TTaskNode['priority'],
      status,
      statusLabel: TASK_STATUS_LABELS[status],
      weight: Number(t.weight),
      percent: t.percent,
      progress: taskProgress(toRollup(t)),
      overdue: isOverdue(t, today),
      canReport: write && this.canSeeTask(actor, t),
      canUpdate,
      allowed: canUpdate ? [...allowedTransitions(status)] : [],
      version: t.version,
    };
    return [self, ...t.children.flatMap((c) => this.toNode(actor, c, depth + 1, today))];
  }

  /** Plans the actor may see (their chain of command and their subtree), with the roll-up of what they see. */
  async listPlans(actor: Actor, q: { year?: number }) {
    requirePermission(actor, 'plans.read');
    const plans = (await repo.listPlans(this.deps.db, q.year)).filter((p) => this.canSeePlan(actor, p));
    const trees = await this.trees(actor, plans);
    return {
      items: trees.map(({ groups: _g, canEdit: _c, scoped: _s, ...summary }) => summary),
    };
  }

  private async trees(actor: Actor, plans: repo.PlanRow[]): Promise<TPlanTree[]> {
    const today = this.today();
    const ids = plans.map((p) => p.id);
    const [groups, rawTasks] = await Promise.all([
      repo.groupsOfPlans(this.deps.db, ids),
      repo.tasksOfPlans(this.deps.db, ids),
    ]);
    const tasks = (await this.withUnits(rawTasks)).filter((t) => this.canSeeTask(actor, t));
    const scoped = tasks.length < rawTasks.length;
    return plans.map((plan) => {
      const outGroups: TGroup[] = groups
        .filter((g) => g.planId === plan.id)
        .map((g) => {
          const forest = buildForest(tasks.filter((t) => t.groupId === g.id));
          return {
            id: g.id,
            planId: g.planId,
            code: g.code,
            title: g.title,
            description: g.description,
            breakthrough: g.breakthrough,
            weight: Number(g.weight),
            rollup: rollupTasks(forest.map(toRollup), today),
            tasks: forest.flatMap((t) => this.toNode(actor, t, 0, today)),
          };
        });
      const rollup = rollupPlan(
        groups
          .filter((g) => g.planId === plan.id)
          .map((g) => ({
            weight: Number(g.weight),
            tasks: buildForest(tasks.filter((t) => t.groupId === g.id)).map(toRollup),
          })),
        today,
      );
      return {
        id: plan.id,
        year: plan.year,
        title: plan.title,
        description: plan.description,
        unitId: plan.unitId,
        unitName: plan.unitName,
        rollup,
        groups: outGroups,
        canEdit: actor.permissions.has('plans.write') && inScope(actor, plan.unitPath),
        scoped,
      };
    });
  }

  /** The plan tree: groups, tasks and delegated subtasks the actor may see, with roll-ups. */
  async getPlan(actor: Actor, id: string): Promise<TPlanTree> {
    const plan = await this.visiblePlan(actor, id);
    return (await this.trees(actor, [plan]))[0]!;
  }

  async createPlan(actor: Actor, input: TCreatePlan): Promise<TPlanTree> {
    requirePermission(actor, 'plans.write');
    const unitId = input.unitId ?? actor.unitId;
    if (!unitId) throw invalid([field('body.unitId', 'Cần chọn đơn vị', 'A unit is required')]);
    await requireReferencesInScope([this.deps.units.unitReference(actor, 'body.unitId', input.unitId)]);
    const [unit] = await repo.unitsByIds(this.deps.db, [unitId]);
    if (!unit) throw invalid([field('body.unitId', 'Đơn vị không tồn tại', 'Unknown unit')]);
    if (!inScope(actor, unit.path)) throw new AppError('OUT_OF_SCOPE');
    const id = randomUUID();
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const row = {
        id,
        year: input.year,
        title: input.title,
        description: input.description,
        unitId,
        createdAt: now,
        createdBy: actor.userId,
        updatedAt: now,
      };
      await repo.insertPlan(trx, row);
      await this.audit(actor, trx, {
        action: 'plan.created',
        entityType: 'plan',
        entityId: id,
        after: { year: input.year, title: input.title, unitId },
      });
    });
    return this.getPlan(actor, id);
  }

  async createGroup(actor: Actor, planId: string, input: TCreateGroup): Promise<TPlanTree> {
    requirePermission(actor, 'plans.write');
    const plan = await this.visiblePlan(actor, planId);
    if (!inScope(actor, plan.unitPath)) throw new AppError('OUT_OF_SCOPE');
    const id = randomUUID();
    await this.deps.db.transaction().execute(async (trx) => {
      const sort = await repo.nextSort(trx, 'planTaskGroup', 'planId', planId);
      await repo.insertGroup(trx, {
        id,
        planId,
        ...input,
        sort,
        createdAt: this.deps.clock.now(),
        createdBy: actor.userId,
      });
      await this.audit(actor, trx, {
        action: 'plan_group.created',
        entityType: 'plan_task_group',
        entityId: id,
        after: { planId, ...input },
      });
    });
    return this.getPlan(actor, planId);
  }

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────────────

  private async loadTask(actor: Actor, id: string) {
    requirePermission(actor, 'plans.read');
    const row = await repo.findTask(this.deps.db, id);
    if (!row) throw notVisible('nhiệm vụ');
    const [task] = await this.withUnits([row]);
    if (!this.canSeeTask(actor, task!)) throw notVisible('nhiệm vụ');
    return task!;
  }

  /** Lead and cooperating units exist; the lead lies under `under` (the assigner's unit) and in the actor's scope. */
  private async checkUnits(
    actor: Actor,
    leadUnitId: string | undefined,
    coopIds: readonly string[] | undefined,
    under: string,
  ) {
    await requireReferencesInScope([
      this.deps.units.unitReference(actor, 'body.leadUnitId', leadUnitId),
      ...(coopIds ?? []).map((c, i) => this.deps.units.unitReference(actor, `body.cooperatingUnitIds.${i}`, c, { cityWide: true })),
    ]);
    const ids = [...new Set([...(leadUnitId ? [leadUnitId] : []), ...(coopIds ?? [])])];
    const units = new Map((await repo.unitsByIds(this.deps.db, ids)).map((u) => [u.id, u]));
    const errors: TFieldError[] = [];
    if (leadUnitId) {
      const lead = units.get(leadUnitId);
      if (!lead) errors.push(field('body.leadUnitId', 'Đơn vị chủ trì không tồn tại', 'Unknown lead unit'));
      else if (!lead.path.startsWith(under) || !inScope(actor, lead.path))
        errors.push(
          field(
            'body.leadUnitId',
            'Chỉ giao cho đơn vị thuộc quyền (giao xuống theo cây đơn vị)',
            'Assign only to a unit below you (down the unit tree)',
          ),
        );
    }
    (coopIds ?? []).forEach((c, i) => {
      if (!units.has(c))
        errors.push(field(`body.cooperatingUnitIds.${i}`, 'Đơn vị phối hợp không tồn tại', 'Unknown cooperating unit'));
      else if (c === leadUnitId)
        errors.push(
          field(
            `body.cooperatingUnitIds.${i}`,
            'Đơn vị phối hợp trùng đơn vị chủ trì',
            'The cooperating unit is the lead unit',
          ),
        );
    });
    if (errors.length) throw invalid(errors);
  }

  /** A task of a group (assigned by the plan's unit). */
  async createTask(actor: Actor, groupId: string, input: TCreateTask): Promise<TTaskDetail> {
    requirePermission(actor, 'plans.write');
    const group = await repo.findGroup(this.deps.db, groupId);
    if (!group || !this.canSeePlan(actor, { unitPath: group.planUnitPath })) throw notVisible('nhóm nhiệm vụ');
    if (!inScope(actor, group.planUnitPath)) throw new AppError('OUT_OF_SCOPE');
    await this.checkUnits(actor, input.leadUnitId, input.cooperatingUnitIds, group.planUnitPath);
    return this.insertTask(actor, { groupId, parentId: null, input });
  }

  /** A subtask delegated by the lead unit of `parentId` to a unit of its subtree. */
  async createSubtask(actor: Actor, parentId: string, input: TCreateTask): Promise<TTaskDetail> {
    requirePermission(actor, 'plans.write');
    const parent = await this.loadTask(actor, parentId);
    if (!inScope(actor, parent.leadUnitPath)) throw new AppError('OUT_OF_SCOPE');
    if (parent.status === 'done' || parent.status === 'cancelled')
      throw ruleViolation('Nhiệm vụ đã kết thúc, không giao thêm việc', 'The task is closed; no subtasks can be added');
    await this.checkUnits(actor, input.leadUnitId, input.cooperatingUnitIds, parent.leadUnitPath);
    if (input.dueOn && parent.dueOn && input.dueOn > parent.dueOn)
      throw invalid([
        field(
          'body.dueOn',
          `Hạn không được sau hạn của nhiệm vụ cha (${fmt(parent.dueOn)})`,
          `Due date must not be after the parent's (${parent.dueOn})`,
        ),
      ]);
    return this.insertTask(actor, { groupId: parent.groupId, parentId, input });
  }

  private async insertTask(
    actor: Actor,
    o: { groupId: string; parentId: string | null; input: TCreateTask },
  ): Promise<TTaskDetail> {
    const id = randomUUID();
    const now = this.deps.clock.now();
    const { input } = o;
    await this.deps.db.transaction().execute(async (trx) => {
      const sort = await repo.nextSort(trx, 'planTask', 'groupId', o.groupId);
      await repo.insertTask(trx, {
        id,
        groupId: o.groupId,
        parentId: o.parentId,
        title: input.title,
        description: input.description,
        leadUnitId: input.leadUnitId,
        startOn: input.startOn,
        dueOn: input.dueOn,
        priority: input.priority,
        weight: input.weight,
        sort,
        createdAt: now,
        createdBy: actor.userId,
        updatedAt: now,
        updatedBy: actor.userId,
      });
      await repo.setCooperatingUnits(trx, id, input.cooperatingUnitIds);
      await this.audit(actor, trx, {
        action: o.parentId ? 'plan_task.delegated' : 'plan_task.created',
        entityType: 'plan_task',
        entityId: id,
        after: { groupId: o.groupId, parentId: o.parentId, ...input },
      });
    });
    return this.getTask(actor, id);
  }

  /** One task with its subtasks and progress reports. */
  async getTask(actor: Actor, id: string): Promise<TTaskDetail> {
    const task = await this.loadTask(actor, id);
    const group = (await repo.findGroup(this.deps.db, task.groupId))!;
    const planTasks = (await this.withUnits(await repo.tasksOfPlans(this.deps.db, [group.planId]))).filter(
      (t) => t.groupId === task.groupId && this.canSeeTask(actor, t),
    );
    // The task's own subtree (its visible descendants).
    const forest = buildForest(planTasks);
    const find = (nodes: Tree<TaskWithUnits>[]): Tree<TaskWithUnits> | undefined => {
      for (const n of nodes) {
        if (n.id === id) return n;
        const hit = find(n.children);
        if (hit) return hit;
      }
      return undefined;
    };
    const node = find(forest) ?? { ...task, children: [] };
    const today = this.today();
    const [self, ...subtasks] = this.toNode(actor, node, 0, today);
    const progress = await repo.progressOf(this.deps.db, id);
    return {
      task: self!,
      subtasks,
      planId: group.planId,
      planTitle: group.planTitle,
      groupTitle: group.title,
      progress: progress.map((p) => ({
        id: p.id,
        reportedOn: p.reportedOn,
        percent: p.percent,
        note: p.note,
        unitName: p.unitName,
        authorName: p.authorName,
        attachment: p.attachmentName
          ? { name: p.attachmentName, type: p.attachmentType ?? '', size: p.attachmentSize ?? 0 }
          : null,
        createdAt: p.createdAt.toISOString(),
      })),
      canDelegate:
        actor.permissions.has('plans.write') &&
        inScope(actor, task.leadUnitPath) &&
        task.status !== 'done' &&
        task.status !== 'cancelled',
    };
  }

  /** Edits title, units, dates, priority, weight: by whoever assigned the task (plan unit, or the parent's lead). */
  async updateTask(actor: Actor, id: string, input: TUpdateTask): Promise<TTaskDetail> {
    requirePermission(actor, 'plans.write');
    const task = await this.loadTask(actor, id);
    const assigner = task.parentId
      ? (await repo.findTask(this.deps.db, task.parentId))!.leadUnitPath
      : (await repo.findGroup(this.deps.db, task.groupId))!.planUnitPath;
    if (!inScope(actor, assigner)) throw new AppError('OUT_OF_SCOPE');
    await this.checkUnits(actor, input.leadUnitId, input.cooperatingUnitIds, assigner);
    const startOn = input.startOn === undefined ? task.startOn : input.startOn;
    const dueOn = input.dueOn === undefined ? task.dueOn : input.dueOn;
    if (startOn && dueOn && startOn > dueOn)
      throw invalid([field('body.dueOn', 'Hạn hoàn thành trước ngày bắt đầu', 'Due date is before the start')]);
    const { version, cooperatingUnitIds, ...fields } = input;
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.lockTask(trx, id);
      const current = (await repo.findTask(trx, id))!;
      if (current.version !== version)
        throw new AppError('CONFLICT', {
          vi: 'Nhiệm vụ đã được người khác sửa; hãy tải lại',
          en: 'Someone else changed the task; reload it',
          details: { version: current.version },
        });
      await repo.updateTask(trx, id, {
        ...fields,
        version: version + 1,
        updatedAt: this.deps.clock.now(),
        updatedBy: actor.userId,
      });
      if (cooperatingUnitIds) await repo.setCooperatingUnits(trx, id, cooperatingUnitIds);
      const before = pick(current, Object.keys(fields));
      await this.audit(actor, trx, {
        action: 'plan_task.updated',
        entityType: 'plan_task',
        entityId: id,
        before: { ...before, ...(cooperatingUnitIds ? { cooperatingUnitIds: task.coop.map((c) => c.id) } : {}) },
        after: { ...fields, ...(cooperatingUnitIds ? { cooperatingUnitIds } : {}) },
      });
    });
    return this.getTask(actor, id);
  }

  /** A status step by the lead unit (or a commander above it), checked against the allowed transitions. */
  async changeStatus(actor: Actor, id: string, input: { status: TaskStatus; note: string }): Promise<TTaskDetail> {
    requirePermission(actor, 'plans.write');
    const task = await this.loadTask(actor, id);
    if (!inScope(actor, task.leadUnitPath)) throw new AppError('OUT_OF_SCOPE');
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.lockTask(trx, id);
      const current = (await repo.findTask(trx, id))!;
      const refused = checkTransition(current.status as TaskStatus, input.status);
      if (refused)
        throw ruleViolation(refused.vi, refused.en, {
          from: current.status,
          to: input.status,
          allowed: allowedTransitions(current.status as TaskStatus),
        });
      const percent = input.status === 'done' ? 100 : current.percent;
      await repo.updateTask(trx, id, {
        status: input.status,
        percent,
        version: current.version + 1,
        updatedAt: this.deps.clock.now(),
        updatedBy: actor.userId,
      });
      await this.audit(actor, trx, {
        action: 'plan_task.status',
        entityType: 'plan_task',
        entityId: id,
        before: { status: current.status, percent: current.percent },
        after: { status: input.status, percent },
        ...(input.note ? { note: { note: input.note } } : {}),
      });
    });
    return this.getTask(actor, id);
  }

  /**
   * A progress report (date, percent and/or text, a small attachment) by the lead or a cooperating unit.
   * The task's percent follows the latest dated report with a percent; a first report starts the task.
   */
  async reportProgress(actor: Actor, id: string, input: TProgressReport): Promise<TTaskDetail> {
    requirePermission(actor, 'plans.write');
    const task = await this.loadTask(actor, id);
    if (task.status === 'done' || task.status === 'cancelled')
      throw ruleViolation(
        'Nhiệm vụ đã kết thúc; mở lại trước khi báo cáo',
        'The task is closed; reopen it before reporting',
      );
    if (input.reportedOn > this.today())
      throw invalid([
        field('body.reportedOn', 'Ngày báo cáo không được sau hôm nay', 'The report date cannot be in the future'),
      ]);
    let attachment: { name: string; type: string; size: number; base64: string } | null = null;
    if (input.attachment) {
      const bytes = Buffer.from(input.attachment.base64, 'base64');
      if (bytes.length === 0) throw invalid([field('body.attachment.base64', 'Tệp rỗng', 'The file is empty')]);
      if (bytes.length > ATTACHMENT_MAX_BYTES)
        throw invalid([
          field('body.attachment.base64', 'Tệp đính kèm vượt quá 5 MB', 'The attachment is larger than 5 MB'),
        ]);
      if (!sniffType(bytes, input.attachment.type))
        throw invalid([
          field(
            'body.attachment.type',
            'Nội dung tệp không đúng loại đã khai',
            'The file content does not match its declared type',
          ),
        ]);
      attachment = {
        name: input.attachment.name,
        type: input.attachment.type,
        size: bytes.length,
        base64: bytes.toString('base64'),
      };
    }
    const reportId = randomUUID();
    const actorUnitInTask = [task.leadUnitId, ...task.coop.map((c) => c.id)].includes(actor.unitId ?? '')
      ? actor.unitId
      : null;
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.lockTask(trx, id);
      const current = (await repo.findTask(trx, id))!;
      await repo.insertProgress(trx, {
        id: reportId,
        taskId: id,
        reportedOn: input.reportedOn,
        percent: input.percent,
        note: input.note,
        unitId: actorUnitInTask ?? task.leadUnitId,
        authorId: actor.userId,
        authorName: actor.fullName,
        attachmentName: attachment?.name ?? null,
        attachmentType: attachment?.type ?? null,
        attachmentSize: attachment?.size ?? null,
        attachmentBase64: attachment?.base64 ?? null,
        createdAt: this.deps.clock.now(),
      });
      const latest = (await repo.progressOf(trx, id)).find((p) => p.percent !== null);
      const percent = latest?.percent ?? current.percent;
      const status = current.status === 'not_started' ? 'in_progress' : current.status;
      await repo.updateTask(trx, id, {
        percent,
        status,
        version: current.version + 1,
        updatedAt: this.deps.clock.now(),
        updatedBy: actor.userId,
      });
      await this.audit(actor, trx, {
        action: 'plan_task.progress',
        entityType: 'plan_task',
        entityId: id,
        before: { percent: current.percent, status: current.status },
        after: { percent, status },
        note: {
          reportId,
          reportedOn: input.reportedOn,
          reportedPercent: input.percent,
          attachment: attachment ? { name: attachment.name, size: attachment.size } : null,
        },
      });
    });
    return this.getTask(actor, id);
  }

  async attachment(actor: Actor, reportId: string) {
    requirePermission(actor, 'plans.read');
    const row = await repo.findAttachment(this.deps.db, reportId);
    if (!row?.attachmentBase64) throw notVisible('tệp đính kèm');
    // A report on a task the actor does not see answers as a missing attachment, not as a missing task.
    await this.loadTask(actor, row.taskId).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'NOT_FOUND' ? notVisible('tệp đính kèm') : e;
    });
    return {
      name: row.attachmentName ?? 'file',
      type: row.attachmentType ?? 'application/octet-stream',
      data: Buffer.from(row.attachmentBase64, 'base64'),
    };
  }

  /** "My unit's tasks": lead or cooperating unit is the actor's unit (or any unit of their subtree). */
  async myTasks(actor: Actor, q: { scope: 'unit' | 'subtree'; status: 'open' | 'overdue' | 'all' }) {
    requirePermission(actor, 'plans.read');
    const today = this.today();
    const rows = await repo.tasksOfUnits(
      this.deps.db,
      q.scope === 'unit' && actor.unitId ? { unitId: actor.unitId } : { pathPrefix: actor.unitPath },
    );
    const items = rows
      .filter((r) =>
        q.status === 'all'
          ? true
          : q.status === 'overdue'
            ? isOverdue(r, today)
            : r.status !== 'done' && r.status !== 'cancelled',
      )
      .map((r) => {
        const status = r.status as TaskStatus;
        const lead = q.scope === 'unit' ? r.leadUnitId === actor.unitId : inScope(actor, r.leadUnitPath);
        return {
          id: r.id,
          title: r.title,
          planId: r.planId,
          planTitle: r.planTitle,
          groupTitle: r.groupTitle,
          breakthrough: r.breakthrough,
          leadUnit: { id: r.leadUnitId, name: r.leadUnitName },
          role: lead ? ('lead' as const) : ('cooperating' as const),
          dueOn: r.dueOn,
          status,
          statusLabel: TASK_STATUS_LABELS[status],
          priority: r.priority as TTaskNode['priority'],
          percent: r.percent,
          overdue: isOverdue(r, today),
        };
      });
    return { items };
  }

  // ── directives ─────────────────────────────────────────────────────────────────────────────────────

  private directiveView(
    actor: Actor,
    d: NonNullable<Awaited<ReturnType<typeof repo.findDirective>>>,
    items: Awaited<ReturnType<typeof repo.itemsOf>>,
  ): TDirective | null {
    const issuerSide = inScope(actor, d.issuerUnitPath) || actor.userId === d.issuedBy;
    const visible = items.filter((i) => i.directiveId === d.id && (issuerSide || inScope(actor, i.unitPath)));
    if (!issuerSide && visible.length === 0) return null;
    const today = this.today();
    const write = actor.permissions.has('plans.write');
    const out = visible.map((i) => ({
      id: i.id,
      directiveId: i.directiveId,
      unit: { id: i.unitId, name: i.unitName },
      content: i.content,
      dueOn: i.dueOn,
      status: i.status as 'open' | 'done',
      overdue: i.status === 'open' && i.dueOn < today,
      late: i.status === 'done' && i.closedOn !== null && i.closedOn > i.dueOn,
      report: i.report,
      closedOn: i.closedOn,
      canClose: write && i.status === 'open' && inScope(actor, i.unitPath),
    }));
    const overdue = out.filter((i) => i.overdue).length;
    const done = out.filter((i) => i.status === 'done').length;
    return {
      id: d.id,
      number: d.number,
      issuedOn: d.issuedOn,
      source: d.source as 'meeting' | 'document',
      meeting: d.meeting,
      issuerName: d.issuerName,
      issuerUnit: { id: d.issuerUnitId, name: d.issuerUnitName },
      content: d.content,
      planId: d.planId,
      state: overdue > 0 ? 'overdue' : done === out.length ? 'closed' : 'open',
      counts: { total: out.length, done, overdue },
      items: out,
    };
  }

  /** The directives register: those issued in the actor's subtree (every item) and those with items for it. */
  async listDirectives(actor: Actor) {
    requirePermission(actor, 'plans.read');
    const list = await repo.listDirectives(this.deps.db);
    const items = await repo.itemsOf(
      this.deps.db,
      list.map((d) => d.id),
    );
    return { items: list.map((d) => this.directiveView(actor, d, items)).filter((d): d is TDirective => d !== null) };
  }

  async getDirective(actor: Actor, id: string): Promise<TDirective> {
    requirePermission(actor, 'plans.read');
    const d = await repo.findDirective(this.deps.db, id);
    if (!d) throw notVisible('chỉ đạo');
    const view = this.directiveView(actor, d, await repo.itemsOf(this.deps.db, [id]));
    if (!view) throw notVisible('chỉ đạo');
    return view;
  }

  /** A directive of a commander, broken into follow-up items for units of their subtree. */
  async createDirective(actor: Actor, input: TCreateDirective): Promise<TDirective> {
    requirePermission(actor, 'directives.issue');
    if (!actor.unitId) throw new AppError('FORBIDDEN');
    await requireReferencesInScope([
      ...input.items.map((i, n) => this.deps.units.unitReference(actor, `body.items.${n}.unitId`, i.unitId)),
      this.planReference(actor, 'body.planId', input.planId),
    ]);
    const units = new Map(
      (
        await repo.unitsByIds(
          this.deps.db,
          input.items.map((i) => i.unitId),
        )
      ).map((u) => [u.id, u]),
    );
    const errors: TFieldError[] = [];
    input.items.forEach((i, n) => {
      const u = units.get(i.unitId);
      if (!u) errors.push(field(`body.items.${n}.unitId`, 'Đơn vị không tồn tại', 'Unknown unit'));
      else if (!inScope(actor, u.path))
        errors.push(
          field(`body.items.${n}.unitId`, 'Đơn vị ngoài phạm vi chỉ đạo', 'The unit is outside your command'),
        );
      if (i.dueOn < input.issuedOn)
        errors.push(field(`body.items.${n}.dueOn`, 'Hạn trước ngày ban hành', 'Due before the issue date'));
    });
    if (input.issuedOn > this.today())
      errors.push(
        field('body.issuedOn', 'Ngày ban hành không được sau hôm nay', 'The issue date cannot be in the future'),
      );
    if (input.planId && !(await repo.findPlan(this.deps.db, input.planId)))
      errors.push(field('body.planId', 'Không có kế hoạch này', 'No such plan'));
    if (errors.length) throw invalid(errors);
    const id = randomUUID();
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const { items, ...head } = input;
      await repo.insertDirective(
        trx,
        { id, ...head, issuerUnitId: actor.unitId!, issuedBy: actor.userId, createdAt: now },
        items.map((i, n) => ({
          id: randomUUID(),
          directiveId: id,
          unitId: i.unitId,
          content: i.content,
          dueOn: i.dueOn,
          sort: n + 1,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await this.audit(actor, trx, {
        action: 'directive.created',
        entityType: 'directive',
        entityId: id,
        after: { ...head, items },
      });
    });
    return this.getDirective(actor, id);
  }

  /** Closes a follow-up item: only the assigned unit (or above), and only with a report. */
  async closeItem(actor: Actor, itemId: string, input: { report: string; closedOn?: string }): Promise<TDirective> {
    requirePermission(actor, 'plans.write');
    const item = await repo.findItem(this.deps.db, itemId);
    // An item the actor does not see (not theirs, not issued on their side) answers as one that does not exist.
    const d = item && !inScope(actor, item.unitPath) ? await repo.findDirective(this.deps.db, item.directiveId) : undefined;
    if (!item || (d !== undefined && !(d && (inScope(actor, d.issuerUnitPath) || actor.userId === d.issuedBy))))
      throw notVisible('nội dung chỉ đạo');
    if (!inScope(actor, item.unitPath)) throw new AppError('OUT_OF_SCOPE');
    const closedOn = input.closedOn ?? this.today();
    if (closedOn > this.today())
      throw invalid([field('body.closedOn', 'Ngày không được sau hôm nay', 'The date cannot be in the future')]);
    await this.deps.db.transaction().execute(async (trx) => {
      const locked = await repo.lockItem(trx, itemId);
      if (locked?.status !== 'open')
        throw ruleViolation('Nội dung chỉ đạo đã được báo cáo hoàn thành', 'The follow-up item is already closed');
      await repo.closeItem(trx, itemId, {
        status: 'done',
        report: input.report,
        closedOn,
        closedBy: actor.userId,
        updatedAt: this.deps.clock.now(),
      });
      await this.audit(actor, trx, {
        action: 'directive_item.closed',
        entityType: 'directive_item',
        entityId: itemId,
        before: { status: 'open' },
        after: { status: 'done', closedOn, report: input.report },
      });
    });
    return this.getDirective(actor, item.directiveId);
  }

  // ── targets ────────────────────────────────────────────────────────────────────────────────────────

  private canSeeTarget(actor: Actor, t: { unitPath: string }) {
    return inScope(actor, t.unitPath) || isAncestorOfActor(actor, t.unitPath);
  }

  /** The statistics query of a target over [from, to] (what GET /api/stats answers for the same parameters). */
  static statsQueryOf(
    t: Pick<repo.TargetRow, 'metric' | 'comparison' | 'scope' | 'unitId' | 'areaCode'>,
    from: string,
    to: string,
  ): TStatQuery {
    return {
      metric: t.metric as TStatMetric,
      period: 'custom',
      from,
      to,
      comparison: t.comparison as TStatQuery['comparison'],
      breakdown: 'none',
      by2: 'none',
      limit: 500,
      ...(t.scope === 'unit' ? { unitId: t.unitId } : {}),
      ...(t.scope === 'area' && t.areaCode ? { areaCode: t.areaCode } : {}),
    };
  }

  private async evaluate(actor: Actor, t: repo.TargetRow): Promise<TTarget> {
    const today = this.today();
    const def = METRICS[t.metric as TStatMetric];
    const unit = def.unit as MetricUnit;
    const to = minDate(today, t.periodEnd);
    const started = today >= t.periodStart;
    const q = PlanService.statsQueryOf(t, t.periodStart, started ? to : t.periodStart);
    let current: number | null = null;
    let comparison: number | null = null;
    let comparisonFull: number | null = null;
    let maturity: { maturing: boolean; expectedFinal: number | null } | null = null;
    let series: { month: string; value: number | null }[] = [];
    let scoped = false;
    if (started) {
      const res = await this.deps.stats.query(actor, { ...q, breakdown: 'month' });
      current = res.value.current;
      comparison = res.value.comparison;
      // Rates at the same maturity: judged like for like while the cases are recent (stats.maturity.ts).
      if (res.value.maturity)
        maturity = { maturing: res.value.maturity.maturing, expectedFinal: res.value.maturity.expected };
      scoped = res.scoped;
      series = res.rows.map((r) => ({ month: r.key, value: r.current })).sort((a, b) => a.month.localeCompare(b.month));
      if (t.measure !== 'value' && today < t.periodEnd) {
        const full = await this.deps.stats.query(actor, PlanService.statsQueryOf(t, t.periodStart, t.periodEnd));
        comparisonFull = full.value.comparison;
      }
    }
    const e = evaluateTarget({
      measure: t.measure as TargetMeasure,
      op: t.op as TargetOp,
      threshold: Number(t.threshold),
      unit,
      start: t.periodStart,
      end: t.periodEnd,
      asOf: today,
      current,
      comparison,
      comparisonFull,
      ...(maturity ?? {}),
    });
    const statsQuery: Record<string, string> = {};
    for (const [k, v] of Object.entries(q))
      if (v !== undefined && k !== 'limit' && k !== 'by2' && k !== 'breakdown') statsQuery[k] = String(v);
    return {
      id: t.id,
      title: t.title,
      planId: t.planId,
      groupId: t.groupId,
      metric: t.metric as TStatMetric,
      metricLabel: def.label,
      metricUnit: unit,
      measure: t.measure as TargetMeasure,
      comparison: t.comparison as TTarget['comparison'],
      op: t.op as TargetOp,
      threshold: Number(t.threshold),
      rule: ruleLabel(t.measure as TargetMeasure, t.op as TargetOp, Number(t.threshold), unit),
      scope: t.scope as TTarget['scope'],
      unit: { id: t.unitId, name: t.unitName },
      areaCode: t.areaCode,
      periodKind: t.periodKind,
      periodStart: t.periodStart,
      periodEnd: t.periodEnd,
      statsQuery,
      current,
      comparisonValue: comparison,
      value: e.value,
      projected: e.projected,
      elapsed: e.elapsed,
      finished: e.finished,
      status: e.status,
      statusLabel: TARGET_STATUS_LABELS[e.status],
      series,
      scoped,
    };
  }

  /** Targets the actor may see, each with its value computed live through the statistics service. */
  async listTargets(actor: Actor, q: { planId?: string }) {
    requirePermission(actor, 'plans.read');
    const rows = (await repo.listTargets(this.deps.db, q.planId)).filter((t) => this.canSeeTarget(actor, t));
    // In parallel: PostgreSQL answers them side by side; PGlite queues them on its one connection.
    const items = await Promise.all(rows.map((t) => this.evaluate(actor, t)));
    return { items, asOf: this.today() };
  }

  async getTarget(actor: Actor, id: string): Promise<TTarget> {
    requirePermission(actor, 'plans.read');
    const t = await repo.findTarget(this.deps.db, id);
    if (!t || !this.canSeeTarget(actor, t)) throw notVisible('chỉ tiêu');
    return this.evaluate(actor, t);
  }

  async createTarget(actor: Actor, input: TCreateTarget): Promise<TTarget> {
    requirePermission(actor, 'plans.write');
    await requireReferencesInScope([
      this.deps.units.unitReference(actor, 'body.unitId', input.unitId),
      this.planReference(actor, 'body.planId', input.planId),
      {
        path: 'body.groupId',
        id: input.groupId,
        allowed: async (groupId) => {
          const group = await repo.findGroup(this.deps.db, groupId);
          if (!group || !this.canSeePlan(actor, { unitPath: group.planUnitPath })) return false;
          return !input.planId || group.planId === input.planId
            ? true
            : { vi: 'Nhóm nhiệm vụ không thuộc kế hoạch này', en: 'The group is not part of this plan' };
        },
      },
    ]);
    const [unit] = await repo.unitsByIds(this.deps.db, [input.unitId]);
    if (!unit) throw invalid([field('body.unitId', 'Đơn vị không tồn tại', 'Unknown unit')]);
    if (!inScope(actor, unit.path)) throw new AppError('OUT_OF_SCOPE');
    if (input.planId && !(await repo.findPlan(this.deps.db, input.planId)))
      throw invalid([field('body.planId', 'Không có kế hoạch này', 'No such plan')]);
    const period =
      input.periodKind === 'custom'
        ? customPeriod(input.from!, input.to!)
        : periodContaining(input.periodKind as PeriodKind, input.date!);
    const id = randomUUID();
    await this.deps.db.transaction().execute(async (trx) => {
      const row = {
        id,
        planId: input.planId,
        groupId: input.groupId,
        title: input.title,
        metric: input.metric,
        measure: input.measure,
        comparison: input.comparison,
        op: input.op,
        threshold: input.threshold,
        scope: input.scope,
        unitId: input.unitId,
        areaCode: input.scope === 'area' ? input.areaCode : null,
        periodKind: input.periodKind,
        periodStart: period.start,
        periodEnd: period.end,
        createdAt: this.deps.clock.now(),
        createdBy: actor.userId,
      };
      await repo.insertTarget(trx, row);
      await this.audit(actor, trx, {
        action: 'plan_target.created',
        entityType: 'plan_target',
        entityId: id,
        after: { ...row, createdAt: undefined },
      });
    });
    return this.getTarget(actor, id);
  }

  // ── scoreboard, notifications, export ──────────────────────────────────────────────────────────────

  /** Units compared on task completion (lead tasks of the plan) and on their targets. */
  async scoreboard(actor: Actor, planId: string) {
    const tree = await this.getPlan(actor, planId);
    const today = this.today();
    const rows = new Map<
      string,
      {
        unit: { id: string; name: string };
        tasks: number;
        done: number;
        overdue: number;
        cancelled: number;
        progressSum: number;
        progressN: number;
        targets: number;
        targetsMet: number;
        targetsAtRisk: number;
        targetsMissed: number;
      }
    >();
    const rowOf = (unit: { id: string; name: string }) => {
      let r = rows.get(unit.id);
      if (!r)
        rows.set(
          unit.id,
          (r = {
            unit,
            tasks: 0,
            done: 0,
            overdue: 0,
            cancelled: 0,
            progressSum: 0,
            progressN: 0,
            targets: 0,
            targetsMet: 0,
            targetsAtRisk: 0,
            targetsMissed: 0,
          }),
        );
      return r;
    };
    for (const g of tree.groups)
      for (const t of g.tasks) {
        const r = rowOf(t.leadUnit);
        r.tasks++;
        if (t.status === 'done') r.done++;
        if (t.status === 'cancelled') r.cancelled++;
        if (isOverdue(t, today)) r.overdue++;
        if (t.progress !== null) {
          r.progressSum += t.progress;
          r.progressN++;
        }
      }
    for (const t of (await this.listTargets(actor, { planId })).items) {
      const r = rowOf(t.unit);
      r.targets++;
      if (t.status === 'met') r.targetsMet++;
      if (t.status === 'at_risk') r.targetsAtRisk++;
      if (t.status === 'missed') r.targetsMissed++;
    }
    const out = [...rows.values()].map(({ progressSum, progressN, ...r }) => ({
      ...r,
      completion: r.tasks - r.cancelled > 0 ? Math.round((r.done / (r.tasks - r.cancelled)) * 1000) / 10 : null,
      progress: progressN > 0 ? Math.round((progressSum / progressN) * 10) / 10 : null,
    }));
    out.sort(
      (a, b) =>
        (b.completion ?? -1) - (a.completion ?? -1) ||
        (b.progress ?? -1) - (a.progress ?? -1) ||
        a.unit.name.localeCompare(b.unit.name, 'vi'),
    );
    return { planId, rows: out };
  }

  /** Notifications of the actor's unit, computed now, with the user's "seen" marks. */
  async notifications(actor: Actor) {
    requirePermission(actor, 'plans.read');
    if (!actor.userId || !actor.unitId) return { items: [], unseen: 0 };
    const [tasks, items, seen] = await Promise.all([
      repo.tasksOfUnits(this.deps.db, { unitId: actor.unitId }),
      repo.itemsConcerning(this.deps.db, actor.unitId, actor.userId),
      repo.seenKeys(this.deps.db, actor.userId),
    ]);
    const coop = await repo.cooperatingUnits(
      this.deps.db,
      tasks.map((t) => t.id),
    );
    const list = computeNotifications({
      unitId: actor.unitId,
      userId: actor.userId,
      today: this.today(),
      tasks: tasks.map((t) => ({ ...t, cooperatingUnitIds: coop.filter((c) => c.taskId === t.id).map((c) => c.id) })),
      items,
    });
    const out = list.slice(0, 200).map((n) => ({ ...n, seen: seen.has(n.key) }));
    return { items: out, unseen: list.filter((n) => !seen.has(n.key)).length };
  }

  async markSeen(actor: Actor, keys: string[]) {
    requirePermission(actor, 'plans.read');
    if (!actor.userId) throw new AppError('FORBIDDEN');
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.markSeen(trx, actor.userId!, keys, this.deps.clock.now());
      await this.audit(actor, trx, {
        action: 'plan_notification.seen',
        entityType: 'app_user',
        entityId: actor.userId,
        note: { keys: keys.length },
      });
    });
    return this.notifications(actor);
  }

  /**
   * The plan (tree with roll-up), its directives and its targets as an XLSX workbook, in `lang`: each sheet
   * opens with header lines (plan, year, time of export in Hanoi time), dates are date cells (dd/mm/yyyy),
   * statuses are their labels. Audited.
   */
  async exportPlan(
    actor: Actor,
    planId: string,
    lang: ExportLanguage = 'vi',
  ): Promise<{ fileName: string; data: Buffer }> {
    const tree = await this.getPlan(actor, planId);
    const [targets, directives] = await Promise.all([this.listTargets(actor, { planId }), this.listDirectives(actor)]);
    const now = this.deps.clock.now();
    const L = (vi: string, en: string) => (lang === 'vi' ? vi : en);
    const head = (sheet: string) => [
      `${tree.title} — ${sheet}`,
      `${L('Năm kế hoạch', 'Plan year')}: ${tree.year} (${rangeText(`${tree.year}-01-01`, `${tree.year}-12-31`)})`,
      exportedAtLine(now, lang),
    ];
    const day = (d: string | null) => (d ? xlsxDate(d) : null);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Bình An';
    const planSheet = L('Kế hoạch', 'Plan');
    const ws = addSheet(wb, planSheet, head(planSheet), [
      { header: L('Nhóm', 'Group'), key: 'group', width: 36 },
      { header: L('Nhiệm vụ', 'Task'), key: 'task', width: 50 },
      { header: L('Đơn vị chủ trì', 'Lead unit'), key: 'lead', width: 30 },
      { header: L('Đơn vị phối hợp', 'Cooperating units'), key: 'coop', width: 30 },
      { header: L('Bắt đầu', 'Start'), key: 'start', width: 12, date: true },
      { header: L('Hạn', 'Due'), key: 'due', width: 12, date: true },
      { header: L('Trạng thái', 'Status'), key: 'status', width: 18 },
      { header: L('Quá hạn', 'Overdue'), key: 'overdue', width: 10 },
      { header: L('Tiến độ (%)', 'Progress (%)'), key: 'progress', width: 12 },
    ]);
    ws.addRow({ group: tree.title, task: L('Toàn kế hoạch', 'Whole plan'), progress: tree.rollup.progress });
    for (const g of tree.groups) {
      ws.addRow({
        group: `${g.code ? `${g.code}. ` : ''}${g.title}${g.breakthrough ? L(' (đột phá)', ' (breakthrough)') : ''}`,
        progress: g.rollup.progress,
      }).font = { bold: true };
      for (const t of g.tasks)
        ws.addRow({
          group: '',
          task: `${'  '.repeat(t.depth)}${t.title}`,
          lead: t.leadUnit.name,
          coop: t.cooperatingUnits.map((c) => c.name).join('; '),
          start: day(t.startOn),
          due: day(t.dueOn),
          status: t.statusLabel[lang],
          overdue: t.overdue ? L('Quá hạn', 'Overdue') : '',
          progress: t.progress,
        });
    }
    const targetSheet = L('Chỉ tiêu', 'Targets');
    const wt = addSheet(wb, targetSheet, head(targetSheet), [
      { header: L('Chỉ tiêu', 'Target'), key: 'title', width: 50 },
      { header: L('Chỉ số', 'Metric'), key: 'metric', width: 36 },
      { header: L('Yêu cầu', 'Rule'), key: 'rule', width: 26 },
      { header: L('Từ ngày', 'From'), key: 'from', width: 12, date: true },
      { header: L('Đến ngày', 'To'), key: 'to', width: 12, date: true },
      { header: L('Giá trị', 'Value'), key: 'value', width: 12 },
      { header: L('Dự báo cuối kỳ', 'Projected'), key: 'projected', width: 14 },
      { header: L('Đánh giá', 'Status'), key: 'status', width: 22 },
    ]);
    for (const t of targets.items)
      wt.addRow({
        title: t.title,
        metric: t.metricLabel[lang],
        rule: t.rule[lang],
        from: day(t.periodStart),
        to: day(t.periodEnd),
        value: t.value === null ? null : Math.round(t.value * 10) / 10,
        projected: t.projected === null ? null : Math.round(t.projected * 10) / 10,
        status: t.statusLabel[lang],
      });
    const directiveSheet = L('Chỉ đạo', 'Directives');
    const wd = addSheet(wb, directiveSheet, head(directiveSheet), [
      { header: L('Số', 'Number'), key: 'number', width: 16 },
      { header: L('Ngày', 'Date'), key: 'date', width: 12, date: true },
      { header: L('Nội dung', 'Item'), key: 'content', width: 60 },
      { header: L('Đơn vị', 'Unit'), key: 'unit', width: 30 },
      { header: L('Hạn', 'Due'), key: 'due', width: 12, date: true },
      { header: L('Trạng thái', 'State'), key: 'state', width: 16 },
    ]);
    for (const d of directives.items.filter((x) => x.planId === planId || x.planId === null))
      for (const i of d.items)
        wd.addRow({
          number: d.number,
          date: day(d.issuedOn),
          content: i.content,
          unit: i.unit.name,
          due: day(i.dueOn),
          state:
            i.status === 'done'
              ? L('Đã hoàn thành', 'Done')
              : i.overdue
                ? L('Quá hạn', 'Overdue')
                : L('Đang thực hiện', 'In progress'),
        });
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    await this.deps.db.transaction().execute((trx) =>
      this.audit(actor, trx, {
        action: 'plan.exported',
        entityType: 'plan',
        entityId: planId,
        note: { format: 'xlsx', lang, bytes: data.length },
      }),
    );
    return { fileName: `ke-hoach-${tree.year}.xlsx`, data };
  }
}

function toRollup(t: Tree<TaskWithUnits>): RollupTask {
  return {
    id: t.id,
    status: t.status as TaskStatus,
    weight: Number(t.weight),
    percent: t.percent,
    dueOn: t.dueOn,
    children: t.children.map(toRollup),
  };
}

function fmt(d: string) {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/**
 * A worksheet: its header lines (the first bold), an empty row, then the table's header row (bold) and its
 * columns; date columns are formatted dd/mm/yyyy.
 */
function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  lines: string[],
  columns: { header: string; key: string; width: number; date?: boolean }[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: c.width,
    ...(c.date ? { style: { numFmt: XLSX_DATE_FORMAT } } : {}),
  }));
  lines.forEach((line, i) => {
    ws.addRow([line]).font = { bold: i === 0, size: i === 0 ? 13 : 11 };
  });
  ws.addRow([]);
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  return ws;
}
