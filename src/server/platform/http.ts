import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZApiError } from '../../contracts/errors';
import type { Actor } from './actor';
import { AppError } from './errors';

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No session needed (health, login, public portal). */
    public?: boolean;
    /** Set false to exempt a state-changing route from the CSRF check (login has no session yet). */
    csrf?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

/** The acting user of an authenticated route (the auth hook has already refused anonymous requests). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

/** Error responses every protected route may give, for the OpenAPI document and the serializer. */
export const errorResponses = {
  400: ZApiError,
  401: ZApiError,
  403: ZApiError,
  404: ZApiError,
  409: ZApiError,
  413: ZApiError,
  415: ZApiError,
  422: ZApiError,
  423: ZApiError,
  429: ZApiError,
} as const;

export function noContent(reply: FastifyReply) {
  return reply.code(204).send();
}

export const SESSION_COOKIE = 'binhan_session';
