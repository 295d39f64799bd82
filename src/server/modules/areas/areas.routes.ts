import {
  ZAreaCodeParams,
  ZAreaDateQuery,
  ZAreaDetail,
  ZAreaList,
  ZAreaListQuery,
  ZFeatureCollection,
  ZGenerationList,
  ZGenerationQuery,
  ZGeoJsonQuery,
  ZLocateQuery,
  ZLocateResult,
  ZPopulationImportResult,
  ZPopulationList,
  ZPopulationPut,
  ZPopulationQuery,
  ZResolveQuery,
  ZResolveResult,
} from '../../../contracts/areas';
import type { Services } from '../../app';
import { actorOf, errorResponses, type App } from '../../platform/http';

const tags = ['areas'];

export function areaRoutes(app: App, services: Services): void {
  app.get(
    '/api/areas/generations',
    {
      schema: {
        tags,
        summary: 'Các thế hệ địa bàn, số xã và huyện của một tỉnh / area generations with a province\'s counts',
        querystring: ZGenerationQuery,
        response: { 200: ZGenerationList, ...errorResponses },
      },
    },
    async (request) => ({ items: await services.areas.generations(actorOf(request), request.query.province) }),
  );
  app.get(
    '/api/areas',
    {
      schema: {
        tags,
        summary: 'Địa bàn có hiệu lực vào một ngày; tìm có hoặc không dấu / areas valid on a date; search with or without diacritics',
        querystring: ZAreaListQuery,
        response: { 200: ZAreaList, ...errorResponses },
      },
    },
    async (request) => services.areas.list(actorOf(request), request.query),
  );
  app.get(
    '/api/areas/geojson',
    {
      schema: { tags, summary: 'Ranh giới (GeoJSON) / boundaries valid on a date', querystring: ZGeoJsonQuery, response: { 200: ZFeatureCollection, ...errorResponses } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, max-age=300');
      return services.areas.geojson(actorOf(request), request.query);
    },
  );
  app.get(
    '/api/areas/resolve',
    {
      schema: {
        tags,
        summary: 'Quy đổi mã địa bàn sang thế hệ khác / resolve an area onto another generation',
        querystring: ZResolveQuery,
        response: { 200: ZResolveResult, ...errorResponses },
      },
    },
    async (request) => services.areas.resolve(actorOf(request), request.query),
  );
  app.get(
    '/api/areas/locate',
    { schema: { tags, summary: 'Địa bàn chứa một điểm / area at a point', querystring: ZLocateQuery, response: { 200: ZLocateResult, ...errorResponses } } },
    async (request) => services.areas.locate(actorOf(request), request.query),
  );
  app.get(
    '/api/areas/population',
    {
      schema: {
        tags,
        summary:
          'Dân số các xã, phường có hiệu lực vào một ngày (số liệu năm gần nhất không sau năm của ngày đó) / ' +
          'population of the communes valid on a date (the latest year not after that date\'s year)',
        querystring: ZPopulationQuery,
        response: { 200: ZPopulationList, ...errorResponses },
      },
    },
    async (request) => services.areas.population(actorOf(request), request.query),
  );
  app.put(
    '/api/areas/population',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Nạp số liệu dân số theo xã, phường và năm (quản trị; tất cả hoặc không; mỗi lỗi nêu dòng và cột) / ' +
          'import population figures per commune and year (administrators; all or nothing; each problem names its row and column)',
        body: ZPopulationPut,
        response: { 200: ZPopulationImportResult, ...errorResponses },
      },
    },
    async (request) =>
      services.areas.importPopulation(
        actorOf(request),
        request.body.rows.map((r) => ({ area_code: r.areaCode, valid_from: r.validFrom, year: r.year, population: r.population, source: r.source })),
        { origin: 'json' },
      ),
  );
  app.get(
    '/api/areas/:code',
    {
      schema: {
        tags,
        summary: 'Địa bàn và phả hệ / an area with its lineage',
        params: ZAreaCodeParams,
        querystring: ZAreaDateQuery,
        response: { 200: ZAreaDetail, ...errorResponses },
      },
    },
    async (request) => services.areas.detail(actorOf(request), request.params.code, request.query.date),
  );
}
