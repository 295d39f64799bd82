import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, type TApiError, type TErrorCode, type TFieldError } from '../contracts/errors';
import { AuthService } from './modules/auth/auth.service';
import { authRoutes } from './modules/auth/auth.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { AuditService } from './modules/audit/audit.service';
import { areaRoutes } from './modules/areas/areas.routes';
import { AreaService } from './modules/areas/areas.service';
import { importRoutes } from './modules/imports/imports.routes';
import { ImportService } from './modules/imports/imports.service';
import { incidentRoutes } from './modules/incidents/incidents.routes';
import { IncidentService } from './modules/incidents/incidents.service';
import { healthRoutes } from './modules/health/health.routes';
import { statsRoutes } from './modules/stats/stats.routes';
import { StatsService } from './modules/stats/stats.service';
import { eventRoutes } from './modules/events/events.routes';
import { EventService } from './modules/events/events.service';
import { planRoutes } from './modules/plans/plans.routes';
import { PlanService } from './modules/plans/plans.service';
import { unitRoutes } from './modules/units/units.routes';
import { UnitService } from './modules/units/units.service';
import { userRoutes } from './modules/users/users.routes';
import { UserService } from './modules/users/users.service';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import type { Config } from './platform/config';
import type { Database } from './platform/db/database';
import { resolveSecretBox } from './platform/secret-box';
import { registerLoadShedding } from './platform/load-shedding';
import { AppError } from './platform/errors';
import { redactionOptions } from './platform/log-redaction';
import { SESSION_COOKIE, type App } from './platform/http';
import { findForbiddenText } from './platform/input-guard';
import { issueToFieldError } from './platform/zod-messages';

export interface Services {
  auth: AuthService;
  users: UserService;
  units: UnitService;
  audit: AuditService;
  areas: AreaService;
  incidents: IncidentService;
  imports: ImportService;
  stats: StatsService;
  plans: PlanService;
  events: EventService;
}

export function createServices(deps: { database: Database; config: Config; clock: Clock }): Services {
  const d = { db: deps.database.db, clock: deps.clock, config: deps.config };
  const secrets = resolveSecretBox(deps.config, deps.database);
  const units = new UnitService(d);
  const areas = new AreaService(d);
  const incidents = new IncidentService({ ...d, units });
  const events = new EventService({ ...d, units, areas, incidents });
  const stats = new StatsService({ ...d, units, areas, events });
  return {
    auth: new AuthService({ ...d, secrets }),
    users: new UserService(d),
    units,
    audit: new AuditService(d),
    areas,
    incidents,
    imports: new ImportService({ ...d, units, areas }),
    stats,
    plans: new PlanService({ ...d, stats, units }),
    events,
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function languageOf(request: Pick<FastifyRequest, 'headers'>): 'vi' | 'en' {
  const h = request.headers['accept-language'];
  return typeof h === 'string' && /^en\b/i.test(h.trim()) ? 'en' : 'vi';
}

function errorBody(
  request: Pick<FastifyRequest, 'id' | 'headers'>,
  code: TErrorCode,
  opts: { vi?: string; en?: string; fields?: TFieldError[]; details?: Record<string, unknown> } = {},
): TApiError {
  const vi = opts.vi ?? ERROR_CODES[code].vi;
  const en = opts.en ?? ERROR_CODES[code].en;
  return {
    error: {
      code,
      message: languageOf(request) === 'en' ? en : vi,
      vi,
      en,
      requestId: String(request.id),
      ...(opts.fields ? { fields: opts.fields } : {}),
      ...(opts.details ? { details: opts.details } : {}),
    },
  };
}

/** Maps anything thrown to one of our codes. Driver errors are translated here and only here. */
function toApiError(err: unknown): { code: TErrorCode; opts: Parameters<typeof errorBody>[2] } {
  if (err instanceof AppError) return { code: err.code, opts: err.opts };
  const e = err as FastifyError & { code?: string; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const ctx = e.validationContext === 'querystring' ? 'query' : (e.validationContext ?? 'body');
    const fields = e.validation.map((v) =>
      issueToFieldError(ctx, {
        ...(v.params as object),
        code: v.keyword,
        message: v.message ?? '',
        path: v.instancePath.split('/').filter(Boolean),
      }),
    );
    return { code: 'VALIDATION_FAILED', opts: { fields } };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', opts: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: e.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_BODY', opts: {} };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'MALFORMED_BODY', opts: {} };
    case '23505':
      return { code: 'CONFLICT', opts: {} };
    case '23503':
      return { code: 'CONFLICT', opts: { vi: 'Dữ liệu tham chiếu không tồn tại hoặc đang được dùng', en: 'Referenced record missing or in use' } };
    case '22P02': // invalid text representation
    case '22007': // invalid datetime format
    case '22008': // datetime field overflow
    case '22003': // numeric value out of range (a number the contract let through but the column cannot hold)
      return { code: 'VALIDATION_FAILED', opts: {} };
  }
  if (e.statusCode === 429) return { code: 'RATE_LIMITED', opts: {} };
  if (e.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', opts: {} };
  if (e.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE', opts: {} };
  if (e.statusCode === 400 && typeof e.code === 'string' && e.code.startsWith('FST_')) return { code: 'MALFORMED_BODY', opts: {} };
  return { code: 'INTERNAL', opts: {} };
}

/** Headers of our own that are not security headers: left out of the copy used for answers written raw. */
const NOT_SECURITY_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'x-request-id', 'cache-control', 'vary']);

/**
 * Answers an error Node's HTTP parser found before any request existed (431 headers too large, a broken
 * request line or header, a timeout) in the app's error model and with the security headers, instead of
 * Fastify's default text. The socket is closed after it: its byte stream cannot be trusted any more.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket, securityHeaders: Record<string, string>) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const code: TErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'MALFORMED_REQUEST';
  const status = ERROR_CODES[code].status;
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody({ id: requestId, headers: {} }, code));
  const headers: Record<string, string | number> = {
    ...securityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': requestId,
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
}

/**
 * A request refused before its body was read (413, 415, 401…): Fastify answers at once and closes the
 * connection with the body still arriving, and a client that sends its whole body before reading (most
 * do) then gets a reset instead of the answer. So the rest of the body is read and discarded first, up to a
 * bound of bytes and time, and the connection stays usable; beyond the bound the answer goes out and the
 * connection is closed.
 */
function drainRefusedBody(request: FastifyRequest, reply: FastifyReply, bodyLimit: number): Promise<void> {
  const raw = request.raw;
  const bound = Math.max(16 * bodyLimit, 64 * 1024 * 1024);
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      raw.removeListener('data', onData);
      raw.removeListener('end', onEnd);
      raw.removeListener('error', onFail);
      raw.removeListener('close', onFail);
      if (drained) reply.removeHeader('connection');
      else reply.header('connection', 'close');
      resolve();
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > bound) finish(false);
    };
    const onEnd = () => finish(true);
    const onFail = () => finish(false);
    const timer = setTimeout(() => finish(false), 10_000);
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('error', onFail);
    raw.once('close', onFail);
    raw.resume();
  });
}

export interface BuildOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  /** pino options, or false for tests. */
  logger?: boolean | object;
}

export async function buildApp(opts: BuildOptions): Promise<{ app: App; services: Services }> {
  const clock = opts.clock ?? systemClock;
  const { config, database } = opts;
  const services = createServices({ database, config, clock });
  // TOTP secrets: encrypted at rest; plaintext ones from before are sealed now, and PostgreSQL without a key
  // refuses to start once two-factor is in use.
  await services.auth.prepareTotpSecrets();

  // Security headers helmet sets, copied after start-up for the answers written before routing (below).
  const securityHeaders: Record<string, string> = {};
  const app = Fastify({
    // Redaction is a property of the logger: whatever options a caller gives (a test's captured stream), errors
    // are serialized without the values of the statement that failed (platform/log-redaction.ts).
    logger:
      opts.logger === false
        ? false
        : { level: config.logLevel, ...(typeof opts.logger === 'object' ? opts.logger : {}), ...redactionOptions() },
    // Bad percent-encoding in the path, a path segment over the router's limit: our error model.
    frameworkErrors: (error, request, reply) => {
      const code: TErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'MALFORMED_REQUEST';
      request.log.info({ code: error.code }, 'request refused by the router');
      void (reply as unknown as FastifyReply)
        .headers({ ...securityHeaders, 'cache-control': 'no-store', 'x-request-id': String(request.id) })
        .code(ERROR_CODES[code].status)
        .send(errorBody(request, code));
    },
    clientErrorHandler: (err, socket) => answerClientError(err, socket, securityHeaders),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design injects its CSS-in-JS styles
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'], // MapLibre workers
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure,
  });
  // After helmet (a refused request keeps the security headers), before authentication (it costs no session lookup).
  registerLoadShedding(app, { maxInFlight: config.maxInFlight });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: config.importMaxBytes, files: 1 } });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Bình An API',
        description:
          'API của Bình An. Lỗi trả về dạng { error: { code, message, vi, en, requestId, fields? } }. ' +
          'Các yêu cầu thay đổi dữ liệu cần header X-CSRF-Token (lấy từ /api/auth/me).',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Served over plain HTTP on a laptop: do not ask the browser to upgrade to HTTPS.
    transformStaticCSP: (header) =>
      header.replace(/upgrade-insecure-requests;?/, '').replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // Authentication and CSRF, before the body is parsed: an anonymous or forged request is refused
  // before it costs anything.
  app.addHook('onRequest', async (request) => {
    const routeConfig = request.routeOptions.config;
    const matched = Boolean(request.routeOptions.url);
    if (!matched || !request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    if (request.url === '/api/openapi.json') return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const found = await services.auth.authenticate(token, {
        requestId: String(request.id),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (found) {
        request.actor = found.actor;
        request.csrfToken = found.csrfToken;
      }
    }
    if (routeConfig.public) return;
    if (!request.actor) throw new AppError('UNAUTHENTICATED');
    if (UNSAFE.has(request.method) && routeConfig.csrf !== false) {
      const given = request.headers['x-csrf-token'];
      if (!AuthService.csrfMatches(request.csrfToken ?? '', typeof given === 'string' ? given : undefined))
        throw new AppError('CSRF_INVALID');
    }
  });

  // One check of every string of params, query and body (NUL and other control characters, lone
  // surrogates), before the schemas: no route can let one reach SQL.
  app.addHook('preValidation', async (request) => {
    const bad =
      findForbiddenText(request.params, 'params') ?? findForbiddenText(request.query, 'query') ?? findForbiddenText(request.body, 'body');
    if (bad) throw new AppError('VALIDATION_FAILED', { fields: [bad] });
  });

  app.setErrorHandler(async (err, request, reply) => {
    let mapped: ReturnType<typeof toApiError>;
    try {
      mapped = toApiError(err);
    } catch (mappingError) {
      request.log.error({ err: mappingError }, 'error mapping failed');
      mapped = { code: 'INTERNAL', opts: {} };
    }
    const { code, opts: o } = mapped;
    const status = ERROR_CODES[code].status;
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code, status }, 'request refused');
    if (!request.raw.complete && !request.raw.readableEnded) await drainRefusedBody(request, reply, config.bodyLimitBytes);
    return reply.code(status).send(errorBody(request, code, o));
  });

  const webRoot = config.webDistDir;
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.code(404).send(errorBody(request, 'NOT_FOUND'));
    }
    if (!hasWeb) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><p>Giao diện web chưa được build: chạy <code>npm run build</code>. / The web app is not built: run <code>npm run build</code>.</p>');
    }
    // Client-side routes of the single-page app.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  healthRoutes(app, { database });
  authRoutes(app, services, config);
  userRoutes(app, services);
  unitRoutes(app, services);
  areaRoutes(app, services);
  incidentRoutes(app, services, { db: database.db, clock, units: services.units, incidents: services.incidents });
  importRoutes(app, services, config);
  auditRoutes(app, services);
  statsRoutes(app, services);
  planRoutes(app, services);
  eventRoutes(app, services);
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  // Batches left 'running' by a process that died: the embedded database has one process, so all of them;
  // on PostgreSQL those without a recent heartbeat.
  try {
    await services.imports.recoverInterrupted({ all: database.engine === 'pglite' });
  } catch (err) {
    app.log.warn({ err }, 'import recovery skipped');
  }
  app.addHook('onClose', async () => {
    await services.imports.idle();
  });

  await app.ready();
  // The headers helmet gives every answer, read once from a real answer, for the answers Fastify's router
  // and Node's parser write before any hook runs (frameworkErrors, clientError above).
  const probe = await app.inject({ method: 'GET', url: '/api/__headers' });
  for (const [name, value] of Object.entries(probe.headers)) {
    if (!NOT_SECURITY_HEADERS.has(name) && typeof value === 'string') securityHeaders[name] = value;
  }
  return { app: app as unknown as App, services };
}
