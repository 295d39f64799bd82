import {
  ZAddJurisdictionRequest,
  ZCreateUnitRequest,
  ZScope,
  ZScopeQuery,
  ZUnit,
  ZUnitDetail,
  ZUnitDetailQuery,
  ZUnitIdParams,
  ZUnitList2,
  ZUnitListQuery,
  ZUpdateUnitRequest,
} from '../../../contracts/units';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

const tags = ['units'];

export function unitRoutes(app: App, services: Services): void {
  app.get(
    '/api/units',
    {
      schema: {
        tags,
        summary: 'Đơn vị trong phạm vi (có hiệu lực vào ngày) / units in scope (valid on a date)',
        querystring: ZUnitListQuery,
        response: { 200: ZUnitList2, ...errorResponses },
      },
    },
    async (request) => ({ items: await services.units.list(actorOf(request), request.query) }),
  );
  app.get(
    '/api/scope',
    { schema: { tags, summary: 'Phạm vi địa bàn của tôi vào một ngày / my jurisdiction on a date', querystring: ZScopeQuery, response: { 200: ZScope, ...errorResponses } } },
    async (request) => services.units.scope(actorOf(request), request.query.date),
  );
  app.get(
    '/api/units/:id',
    {
      schema: {
        tags,
        summary: 'Đơn vị: lịch sử và địa bàn quản lý / a unit with history and jurisdiction',
        params: ZUnitIdParams,
        querystring: ZUnitDetailQuery,
        response: { 200: ZUnitDetail, ...errorResponses },
      },
    },
    async (request) => services.units.detail(actorOf(request), request.params.id, request.query.date),
  );
  app.post(
    '/api/units',
    { schema: { tags, summary: 'Thêm đơn vị / create a unit', body: ZCreateUnitRequest, response: { 200: ZUnit, ...errorResponses } } },
    async (request) => services.units.create(actorOf(request), request.body),
  );
  app.patch(
    '/api/units/:id',
    { schema: { tags, summary: 'Sửa đơn vị / update a unit', params: ZUnitIdParams, body: ZUpdateUnitRequest, response: { 200: ZUnit, ...errorResponses } } },
    async (request) => services.units.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/units/:id/jurisdiction',
    {
      schema: {
        tags,
        summary: 'Thêm địa bàn quản lý / add jurisdiction over an area',
        params: ZUnitIdParams,
        body: ZAddJurisdictionRequest,
        response: { 200: ZUnitDetail, ...errorResponses },
      },
    },
    async (request) => services.units.addJurisdiction(actorOf(request), request.params.id, request.body),
  );
}
