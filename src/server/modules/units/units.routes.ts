import { ZUnitList } from '../../../contracts/users';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

export function unitRoutes(app: App, services: Services): void {
  app.get(
    '/api/units',
    { schema: { tags: ['units'], summary: 'Đơn vị trong phạm vi / units in scope', response: { 200: ZUnitList, ...errorResponses } } },
    async (request) => ({ items: await services.units.list(actorOf(request)) }),
  );
}
