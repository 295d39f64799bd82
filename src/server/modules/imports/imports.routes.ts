import type { FastifyError } from 'fastify';
import { z } from 'zod';
import {
  ZIdParams,
  ZImportBatch,
  ZImportBatchList,
  ZSavedMapping,
  ZSavedMappingList,
  ZSaveMapping,
  ZStartImport,
  ZStarted,
  ZUpload,
} from '../../../contracts/imports';
import type { Services } from '../../app';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors';
import { actorOf, errorResponses, noContent, type App } from '../../platform/http';

const tags = ['imports'];

export function importRoutes(app: App, services: Services, config: Config): void {
  app.post(
    '/api/imports/uploads',
    {
      bodyLimit: config.importMaxBytes + 1024 * 1024,
      schema: {
        tags,
        summary: 'Tải tệp CSV/XLSX lên (trường file) / upload a CSV or XLSX file (multipart field "file")',
        consumes: ['multipart/form-data'],
        response: { 200: ZUpload, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { vi: 'Cần multipart/form-data', en: 'multipart/form-data expected' });
      try {
        const file = await request.file({ limits: { fileSize: config.importMaxBytes, files: 1, fields: 10 } });
        if (!file || file.fieldname !== 'file')
          throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'body.file', vi: 'Thiếu tệp (trường "file")', en: 'Missing the file (field "file")' }] });
        return await services.imports.saveUpload(actor, { filename: file.filename, stream: file.file });
      } catch (err) {
        if (err instanceof AppError) throw err;
        const e = err as FastifyError;
        if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { details: { limit: config.importMaxBytes } });
        if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        if (e.statusCode && e.statusCode < 500) throw new AppError('MALFORMED_BODY');
        // busboy: truncated or malformed multipart bodies
        if (/multipart|boundary|form|Unexpected end/i.test(e.message ?? '')) throw new AppError('MALFORMED_BODY');
        throw err;
      }
    },
  );
  app.get(
    '/api/imports/mappings',
    { schema: { tags, summary: 'Bảng ánh xạ đã lưu / saved mappings', response: { 200: ZSavedMappingList, ...errorResponses } } },
    async (request) => ({ items: await services.imports.listMappings(actorOf(request)) }),
  );
  app.post(
    '/api/imports/mappings',
    { schema: { tags, summary: 'Lưu bảng ánh xạ / save a mapping', body: ZSaveMapping, response: { 200: ZSavedMapping, ...errorResponses } } },
    async (request) => services.imports.createMapping(actorOf(request), request.body),
  );
  app.put(
    '/api/imports/mappings/:id',
    { schema: { tags, summary: 'Sửa bảng ánh xạ / change a mapping', params: ZIdParams, body: ZSaveMapping, response: { 200: ZSavedMapping, ...errorResponses } } },
    async (request) => services.imports.updateMapping(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/imports/mappings/:id',
    { schema: { tags, summary: 'Xóa bảng ánh xạ / delete a mapping', params: ZIdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await services.imports.deleteMapping(actorOf(request), request.params.id);
      return noContent(reply);
    },
  );
  app.post(
    '/api/imports',
    {
      schema: {
        tags,
        summary: 'Bắt đầu nhập (chạy nền) / start an import (runs in the background)',
        body: ZStartImport,
        response: { 200: ZStarted, ...errorResponses },
      },
    },
    async (request) => {
      const { batchId } = await services.imports.start(actorOf(request), request.body);
      return { batchId };
    },
  );
  app.get(
    '/api/imports',
    { schema: { tags, summary: 'Các lượt nhập gần đây trong phạm vi / recent batches in scope', response: { 200: ZImportBatchList, ...errorResponses } } },
    async (request) => ({ items: await services.imports.list(actorOf(request)) }),
  );
  app.get(
    '/api/imports/:id',
    { schema: { tags, summary: 'Tiến độ và 200 lỗi đầu / progress and the first 200 errors', params: ZIdParams, response: { 200: ZImportBatch, ...errorResponses } } },
    async (request) => services.imports.get(actorOf(request), request.params.id),
  );
  app.get(
    '/api/imports/:id/report.csv',
    { schema: { tags, summary: 'Báo cáo lỗi đầy đủ (CSV, UTF-8 BOM) / the full error report', params: ZIdParams } },
    async (request, reply) => {
      const r = await services.imports.reportCsv(actorOf(request), request.params.id);
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${r.fileName}"`);
      return reply.send(r.body);
    },
  );
}
