import { z } from 'zod';
import {
  ZCloseItem,
  ZCreateDirective,
  ZCreateGroup,
  ZCreatePlan,
  ZCreateTarget,
  ZCreateTask,
  ZDirective,
  ZDirectiveList,
  ZIdParams,
  ZMarkSeen,
  ZMyTasks,
  ZMyTasksQuery,
  ZNotifications,
  ZPlanList,
  ZPlanListQuery,
  ZPlanTree,
  ZProgressReport,
  ZScoreboard,
  ZScoreboardQuery,
  ZTarget,
  ZTargetList,
  ZTargetListQuery,
  ZTaskDetail,
  ZTaskStatusChange,
  ZUpdateTask,
} from '../../../contracts/plans';
import { ZLanguage } from '../../../contracts/auth';
import { exportLanguage } from '../../../domain/export';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

const tags = ['plans'];
const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...errorResponses });

/** Plans, tasks, progress, directives, targets, scoreboard, notifications: one service call per route. */
export function planRoutes(app: App, services: Services): void {
  const s = services.plans;
  app.get(
    '/api/plans',
    {
      schema: {
        tags,
        summary: 'Kế hoạch (có tiến độ tổng hợp) / plans with roll-up',
        querystring: ZPlanListQuery,
        response: ok(ZPlanList),
      },
    },
    async (r) => s.listPlans(actorOf(r), r.query),
  );
  app.post(
    '/api/plans',
    { schema: { tags, summary: 'Tạo kế hoạch / create a plan', body: ZCreatePlan, response: ok(ZPlanTree) } },
    async (r) => s.createPlan(actorOf(r), r.body),
  );
  app.get(
    '/api/plans/my-tasks',
    {
      schema: {
        tags,
        summary: 'Nhiệm vụ của đơn vị tôi / my unit’s tasks',
        querystring: ZMyTasksQuery,
        response: ok(ZMyTasks),
      },
    },
    async (r) => s.myTasks(actorOf(r), r.query),
  );
  app.get(
    '/api/plans/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo: được giao, sắp đến hạn, quá hạn, chỉ đạo / notifications',
        response: ok(ZNotifications),
      },
    },
    async (r) => s.notifications(actorOf(r)),
  );
  app.post(
    '/api/plans/notifications/seen',
    {
      schema: {
        tags,
        summary: 'Đánh dấu đã xem / mark notifications seen',
        body: ZMarkSeen,
        response: ok(ZNotifications),
      },
    },
    async (r) => s.markSeen(actorOf(r), r.body.keys),
  );
  app.get(
    '/api/plans/targets',
    {
      schema: {
        tags,
        summary: 'Chỉ tiêu, giá trị tính trực tiếp từ thống kê / targets with live values',
        querystring: ZTargetListQuery,
        response: ok(ZTargetList),
      },
    },
    async (r) => s.listTargets(actorOf(r), r.query),
  );
  app.post(
    '/api/plans/targets',
    { schema: { tags, summary: 'Tạo chỉ tiêu / create a target', body: ZCreateTarget, response: ok(ZTarget) } },
    async (r) => s.createTarget(actorOf(r), r.body),
  );
  app.get(
    '/api/plans/targets/:id',
    { schema: { tags, summary: 'Một chỉ tiêu / one target', params: ZIdParams, response: ok(ZTarget) } },
    async (r) => s.getTarget(actorOf(r), r.params.id),
  );
  app.get(
    '/api/plans/scoreboard',
    {
      schema: {
        tags,
        summary: 'So sánh đơn vị: hoàn thành nhiệm vụ, chỉ tiêu / unit scoreboard',
        querystring: ZScoreboardQuery,
        response: ok(ZScoreboard),
      },
    },
    async (r) => s.scoreboard(actorOf(r), r.query.planId),
  );
  app.get(
    '/api/plans/:id',
    { schema: { tags, summary: 'Cây kế hoạch / plan tree', params: ZIdParams, response: ok(ZPlanTree) } },
    async (r) => s.getPlan(actorOf(r), r.params.id),
  );
  app.get(
    '/api/plans/:id/export',
    {
      schema: {
        tags,
        summary: 'Xuất XLSX / export as XLSX',
        params: ZIdParams,
        querystring: z.object({ lang: ZLanguage.optional() }),
      },
    },
    async (r, reply) => {
      const file = await s.exportPlan(
        actorOf(r),
        r.params.id,
        exportLanguage(r.query.lang, r.headers['accept-language']),
      );
      void reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file.fileName}"`);
      return reply.send(file.data);
    },
  );
  app.post(
    '/api/plans/:id/groups',
    {
      schema: {
        tags,
        summary: 'Thêm nhóm nhiệm vụ / add a task group',
        params: ZIdParams,
        body: ZCreateGroup,
        response: ok(ZPlanTree),
      },
    },
    async (r) => s.createGroup(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/api/plans/groups/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Giao nhiệm vụ / add a task to a group',
        params: ZIdParams,
        body: ZCreateTask,
        response: ok(ZTaskDetail),
      },
    },
    async (r) => s.createTask(actorOf(r), r.params.id, r.body),
  );
  app.get(
    '/api/plans/tasks/:id',
    { schema: { tags, summary: 'Một nhiệm vụ / one task', params: ZIdParams, response: ok(ZTaskDetail) } },
    async (r) => s.getTask(actorOf(r), r.params.id),
  );
  app.patch(
    '/api/plans/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Sửa nhiệm vụ (kèm phiên bản) / edit a task',
        params: ZIdParams,
        body: ZUpdateTask,
        response: ok(ZTaskDetail),
      },
    },
    async (r) => s.updateTask(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/api/plans/tasks/:id/subtasks',
    {
      schema: {
        tags,
        summary: 'Giao việc cho đơn vị cấp dưới / delegate a subtask',
        params: ZIdParams,
        body: ZCreateTask,
        response: ok(ZTaskDetail),
      },
    },
    async (r) => s.createSubtask(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/api/plans/tasks/:id/status',
    {
      schema: {
        tags,
        summary: 'Chuyển trạng thái / change the status',
        params: ZIdParams,
        body: ZTaskStatusChange,
        response: ok(ZTaskDetail),
      },
    },
    async (r) => s.changeStatus(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/api/plans/tasks/:id/progress',
    {
      // Attachments up to 5 MB travel as base64 (4/3 of the size).
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Báo cáo tiến độ / report progress',
        params: ZIdParams,
        body: ZProgressReport,
        response: ok(ZTaskDetail),
      },
    },
    async (r) => s.reportProgress(actorOf(r), r.params.id, r.body),
  );
  app.get(
    '/api/plans/progress/:id/attachment',
    { schema: { tags, summary: 'Tệp đính kèm / attachment', params: ZIdParams } },
    async (r, reply) => {
      const file = await s.attachment(actorOf(r), r.params.id);
      void reply
        .header('content-type', file.type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff');
      return reply.send(file.data);
    },
  );
  app.get(
    '/api/directives',
    { schema: { tags, summary: 'Sổ theo dõi chỉ đạo / directives register', response: ok(ZDirectiveList) } },
    async (r) => s.listDirectives(actorOf(r)),
  );
  app.post(
    '/api/directives',
    {
      schema: {
        tags,
        summary: 'Ban hành chỉ đạo / issue a directive',
        body: ZCreateDirective,
        response: ok(ZDirective),
      },
    },
    async (r) => s.createDirective(actorOf(r), r.body),
  );
  app.get(
    '/api/directives/:id',
    { schema: { tags, summary: 'Một chỉ đạo / one directive', params: ZIdParams, response: ok(ZDirective) } },
    async (r) => s.getDirective(actorOf(r), r.params.id),
  );
  app.post(
    '/api/directives/items/:id/close',
    {
      schema: {
        tags,
        summary: 'Báo cáo hoàn thành nội dung chỉ đạo / close a follow-up item with a report',
        params: ZIdParams,
        body: ZCloseItem,
        response: ok(ZDirective),
      },
    },
    async (r) => s.closeItem(actorOf(r), r.params.id, r.body),
  );
}
