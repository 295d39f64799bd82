import {
  ZActionInput,
  ZActionParams,
  ZActionUpdate,
  ZBoard,
  ZCloneEvent,
  ZConflictCheck,
  ZConflictResult,
  ZCreateEvent,
  ZEvent,
  ZEventIdParams,
  ZEventList,
  ZEventListQuery,
  ZEventStats,
  ZEventStatsQuery,
  ZLinkIncident,
  ZLogEntryInput,
  ZStatusChange,
  ZStrengthInput,
  ZStrengthList,
  ZStrengthQuery,
  ZTemplates,
  ZUpdateEvent,
  ZVenueQuery,
  ZVenues,
} from '../../../contracts/events';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

const tags = ['events'];

export function eventRoutes(app: App, services: Services): void {
  const s = () => services.events;
  app.get(
    '/api/events',
    {
      schema: {
        tags,
        summary: 'Sự kiện trong phạm vi, theo khoảng thời gian và bộ lọc / events in scope overlapping a date range',
        querystring: ZEventListQuery,
        response: { 200: ZEventList, ...errorResponses },
      },
    },
    async (request) => s().list(actorOf(request), request.query),
  );
  app.get(
    '/api/events/board',
    {
      schema: {
        tags,
        summary: 'Bảng trực: sự kiện đang diễn ra và nhật ký mới nhất / live board of active events',
        response: { 200: ZBoard, ...errorResponses },
      },
    },
    async (request) => s().board(actorOf(request)),
  );
  app.get(
    '/api/events/stats',
    {
      schema: {
        tags,
        summary:
          'Số sự kiện được bảo vệ, tuyệt đối an toàn, so với cùng kỳ / events protected and absolutely safe per period',
        querystring: ZEventStatsQuery,
        response: { 200: ZEventStats, ...errorResponses },
      },
    },
    async (request) => s().stats(actorOf(request), request.query),
  );
  app.get(
    '/api/events/templates',
    {
      schema: {
        tags,
        summary: 'Mẫu kế hoạch theo loại sự kiện / plan templates per event type',
        response: { 200: ZTemplates, ...errorResponses },
      },
    },
    async (request) => s().templates(actorOf(request)),
  );
  app.get(
    '/api/events/venues',
    {
      schema: {
        tags,
        summary: 'Địa điểm thường tổ chức sự kiện / known venues with their commune on a date',
        querystring: ZVenueQuery,
        response: { 200: ZVenues, ...errorResponses },
      },
    },
    async (request) => s().venues(actorOf(request), request.query.date),
  );
  app.get(
    '/api/events/strength',
    {
      schema: {
        tags,
        summary: 'Quân số có thể huy động của đơn vị / available strength of units',
        querystring: ZStrengthQuery,
        response: { 200: ZStrengthList, ...errorResponses },
      },
    },
    async (request) => s().strengths(actorOf(request), request.query.unitId),
  );
  app.put(
    '/api/events/strength',
    {
      schema: {
        tags,
        summary: 'Đặt quân số có thể huy động từ ngày (đến ngày) / set a unit’s strength from a date',
        body: ZStrengthInput,
        response: { 200: ZStrengthList, ...errorResponses },
      },
    },
    async (request) => s().setStrength(actorOf(request), request.body),
  );
  app.post(
    '/api/events/conflicts',
    {
      schema: {
        tags,
        summary: 'Kiểm tra xung đột của một kế hoạch / check the conflicts of a plan',
        body: ZConflictCheck,
        response: { 200: ZConflictResult, ...errorResponses },
      },
    },
    async (request) => s().checkConflicts(actorOf(request), request.body),
  );
  app.post(
    '/api/events',
    {
      schema: {
        tags,
        summary: 'Tạo sự kiện (dự thảo), có thể theo mẫu / create a draft event, optionally from its template',
        body: ZCreateEvent,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().create(actorOf(request), request.body),
  );
  app.get(
    '/api/events/:id',
    {
      schema: {
        tags,
        summary: 'Một sự kiện với kế hoạch, nhật ký, kết quả / one event',
        params: ZEventIdParams,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().get(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/events/:id',
    {
      schema: {
        tags,
        summary: 'Sửa kế hoạch (kèm phiên bản) / change the plan (with the version read)',
        params: ZEventIdParams,
        body: ZUpdateEvent,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/events/:id/status',
    {
      schema: {
        tags,
        summary:
          'Chuyển trạng thái; phê duyệt vượt xung đột cần quyền chỉ huy và lý do / change status; an override needs a commander and a reason',
        params: ZEventIdParams,
        body: ZStatusChange,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().changeStatus(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/events/:id/clone',
    {
      schema: {
        tags,
        summary: 'Nhân bản sự kiện cũ sang ngày mới / clone a past event',
        params: ZEventIdParams,
        body: ZCloneEvent,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().clone(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/events/:id/log',
    {
      schema: {
        tags,
        summary: 'Ghi nhật ký diễn biến / write the activity log',
        params: ZEventIdParams,
        body: ZLogEntryInput,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().addLog(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/events/:id/incidents',
    {
      schema: {
        tags,
        summary: 'Liên kết vụ việc từ sổ tiếp nhận / link an incident',
        params: ZEventIdParams,
        body: ZLinkIncident,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().linkIncident(actorOf(request), request.params.id, request.body.incidentId),
  );
  app.post(
    '/api/events/:id/actions',
    {
      schema: {
        tags,
        summary: 'Thêm việc cần làm sau sự kiện / add an after-action item',
        params: ZEventIdParams,
        body: ZActionInput,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().addAction(actorOf(request), request.params.id, request.body),
  );
  app.patch(
    '/api/events/:id/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'Cập nhật việc cần làm sau sự kiện / update an after-action item',
        params: ZActionParams,
        body: ZActionUpdate,
        response: { 200: ZEvent, ...errorResponses },
      },
    },
    async (request) => s().updateAction(actorOf(request), request.params.id, request.params.actionId, request.body),
  );
}
