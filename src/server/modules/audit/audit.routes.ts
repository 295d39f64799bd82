import { ZAuditList, ZAuditListQuery } from '../../../contracts/users';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

export function auditRoutes(app: App, services: Services): void {
  app.get(
    '/api/audit',
    { schema: { tags: ['audit'], summary: 'Nhật ký kiểm toán / audit log', querystring: ZAuditListQuery, response: { 200: ZAuditList, ...errorResponses } } },
    async (request) => ({ items: await services.audit.list(actorOf(request), request.query) }),
  );
}
