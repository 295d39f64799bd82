import { z } from 'zod';
import {
  ZArticleList,
  ZArticleListQuery,
  ZClearRequest,
  ZClockEventRequest,
  ZCreateIncident,
  ZIncident,
  ZIncidentCount,
  ZIncidentCountQuery,
  ZIncidentDueCounts,
  ZIncidentHistory,
  ZIncidentIdParams,
  ZIncidentList,
  ZIncidentListQuery,
  ZUpdateIncident,
} from '../../../contracts/incidents';
import { ZLanguage } from '../../../contracts/auth';
import { exportLanguage } from '../../../domain/export';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';
import { exportIncidents } from './incidents.export';

const tags = ['incidents'];

export function incidentRoutes(app: App, services: Services, deps: Parameters<typeof exportIncidents>[0]): void {
  app.get(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Danh sách vụ việc trong phạm vi, mới nhất trước, phân trang theo con trỏ / incidents in scope, newest first, keyset pages',
        querystring: ZIncidentListQuery,
        response: { 200: ZIncidentList, ...errorResponses },
      },
    },
    async (request) => services.incidents.list(actorOf(request), request.query),
  );
  app.get(
    '/api/incidents/count',
    {
      schema: {
        tags,
        summary: 'Tổng số vụ việc của danh sách đã lọc: chính xác, hoặc ước tính khi quá lớn (exact=true: đếm chính xác) / the filtered list total',
        querystring: ZIncidentCountQuery,
        response: { 200: ZIncidentCount, ...errorResponses },
      },
    },
    async (request) => services.incidents.count(actorOf(request), request.query),
  );
  app.get(
    '/api/incidents/due-counts',
    {
      schema: {
        tags,
        summary: 'Số tin báo quá hạn và sắp đến hạn giải quyết trong phạm vi / crime reports overdue and due soon in scope',
        response: { 200: ZIncidentDueCounts, ...errorResponses },
      },
    },
    async (request) => services.incidents.dueCounts(actorOf(request)),
  );
  app.get(
    '/api/incidents/export',
    {
      schema: {
        tags,
        summary: 'Xuất danh sách đã lọc (CSV hoặc XLSX) / export the filtered list',
        querystring: ZIncidentListQuery.omit({ cursor: true, limit: true }).extend({
          format: z.enum(['csv', 'xlsx']).default('csv'),
          /** Language of labels and headers; without it, Accept-Language (Vietnamese by default). */
          lang: ZLanguage.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { format, lang, ...q } = request.query;
      const file = await exportIncidents(deps, actorOf(request), q, format, exportLanguage(lang, request.headers['accept-language']));
      void reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`);
      return reply.send(file.stream);
    },
  );
  app.post(
    '/api/incidents',
    { schema: { tags, summary: 'Ghi nhận vụ việc / record an incident', body: ZCreateIncident, response: { 200: ZIncident, ...errorResponses } } },
    async (request) => (await services.incidents.create(actorOf(request), request.body))!,
  );
  app.get(
    '/api/incidents/:id',
    { schema: { tags, summary: 'Một vụ việc / one incident', params: ZIncidentIdParams, response: { 200: ZIncident, ...errorResponses } } },
    async (request) => services.incidents.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/incidents/:id',
    {
      schema: { tags, summary: 'Sửa vụ việc (kèm phiên bản) / update (with the version read)', params: ZIncidentIdParams, body: ZUpdateIncident, response: { 200: ZIncident, ...errorResponses } },
    },
    async (request) => services.incidents.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/incidents/:id/clock',
    {
      schema: {
        tags,
        summary: 'Bước giải quyết tin báo theo thời hạn luật định / a step of the legal clock',
        params: ZIncidentIdParams,
        body: ZClockEventRequest,
        response: { 200: ZIncident, ...errorResponses },
      },
    },
    async (request) => services.incidents.clockStep(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/incidents/:id/clear',
    { schema: { tags, summary: 'Điều tra làm rõ / mark a case cleared', params: ZIncidentIdParams, body: ZClearRequest, response: { 200: ZIncident, ...errorResponses } } },
    async (request) => services.incidents.clear(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/incidents/:id/history',
    { schema: { tags, summary: 'Lịch sử thay đổi / change history', params: ZIncidentIdParams, response: { 200: ZIncidentHistory, ...errorResponses } } },
    async (request) => ({ items: await services.incidents.history(actorOf(request), request.params.id) }),
  );
  app.get(
    '/api/law/articles',
    { schema: { tags: ['law'], summary: 'Điều luật Bộ luật Hình sự / Penal Code articles', querystring: ZArticleListQuery, response: { 200: ZArticleList, ...errorResponses } } },
    async (request) => ({ items: services.incidents.articles(actorOf(request), request.query) }),
  );
}
