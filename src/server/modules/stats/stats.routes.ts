import {
  ZStatDensityQuery,
  ZStatDensityResult,
  ZStatHotspotQuery,
  ZStatHotspotResult,
  ZStatQuery,
  ZStatResult,
  ZStatTargetParams,
  ZStatTargets,
  ZStatTargetUpdate,
} from '../../../contracts/stats';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

const tags = ['stats'];

export function statsRoutes(app: App, services: Services): void {
  app.get(
    '/api/stats',
    {
      schema: {
        tags,
        summary:
          'Thống kê: một chỉ số × kỳ (so với cùng kỳ / kỳ trước) × phân tổ, trong phạm vi của người dùng; đếm theo ngày xảy ra / ' +
          'statistics: one metric × period (vs same period last year / previous) × breakdown, within the caller’s scope; counted by date of occurrence. ' +
          'per=population: tỷ lệ trên 10.000 dân mỗi xã, phường (chỉ số đếm, phân tổ area_current) / rate per 10,000 inhabitants of each commune (count metrics, breakdown area_current)',
        querystring: ZStatQuery,
        response: { 200: ZStatResult, ...errorResponses },
      },
    },
    async (request) => services.stats.queryWithRates(actorOf(request), request.query),
  );
  app.get(
    '/api/stats/hotspots',
    {
      schema: {
        tags,
        summary:
          'Điểm nóng Getis-Ord Gi* (xã, phường hoặc lưới ô vuông; hiệu chỉnh FDR) / hot spots by Getis-Ord Gi* (communes or a square grid; FDR-corrected)',
        querystring: ZStatHotspotQuery,
        response: { 200: ZStatHotspotResult, ...errorResponses },
      },
    },
    async (request) => services.stats.hotspots(actorOf(request), request.query),
  );
  app.get(
    '/api/stats/density',
    {
      schema: {
        tags,
        summary:
          'Bản đồ mật độ: số vụ có tọa độ theo ô lưới vuông (tâm ô, tối đa 20.000 ô), trong phạm vi của người dùng / ' +
          'density map: incidents with a point counted on a square grid (cell centres, at most 20,000 cells), within the caller’s scope',
        querystring: ZStatDensityQuery,
        response: { 200: ZStatDensityResult, ...errorResponses },
      },
    },
    async (request) => services.stats.density(actorOf(request), request.query),
  );
  app.get(
    '/api/stats/targets',
    {
      schema: {
        tags,
        summary: 'Chỉ tiêu (Nghị quyết 96/2019/QH14) / targets',
        response: { 200: ZStatTargets, ...errorResponses },
      },
    },
    async (request) => services.stats.targets(actorOf(request)),
  );
  app.put(
    '/api/stats/targets/:metric',
    {
      schema: {
        tags,
        summary: 'Sửa chỉ tiêu / edit a target',
        params: ZStatTargetParams,
        body: ZStatTargetUpdate,
        response: { 200: ZStatTargets, ...errorResponses },
      },
    },
    async (request) => services.stats.updateTarget(actorOf(request), request.params.metric, request.body),
  );
}
