import type { z } from 'zod';
import { ZApiError, type TErrorCode, type TFieldError } from '../../contracts/errors';
import type { TLanguage } from '../../contracts/auth';

/** Codes the client itself produces when no API error body is available. */
export type TClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

/** An API failure with its stable code; the UI branches on `code`, never on the message. */
export class ApiError extends Error {
  readonly code: TErrorCode | TClientErrorCode;
  readonly status: number;
  readonly vi: string;
  readonly en: string;
  readonly requestId: string | null;
  readonly fields: TFieldError[];
  readonly details: Record<string, unknown>;

  constructor(init: {
    code: TErrorCode | TClientErrorCode;
    status: number;
    message: string;
    vi?: string;
    en?: string;
    requestId?: string | null;
    fields?: TFieldError[];
    details?: Record<string, unknown>;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.vi = init.vi ?? init.message;
    this.en = init.en ?? init.message;
    this.requestId = init.requestId ?? null;
    this.fields = init.fields ?? [];
    this.details = init.details ?? {};
  }

  /** The server's message in the given language. */
  messageIn(lang: TLanguage): string {
    return lang === 'en' ? this.en : this.vi;
  }
}

export function isApiError(err: unknown, code?: TErrorCode | TClientErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

// Kept in memory only: the CSRF token comes with every session response (login and /me).
let csrfToken: string | null = null;
let language: TLanguage = 'vi';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: TLanguage): void {
  language = lang;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (e.g. a proxy error page): fall through to the generic error below.
  }
  const parsed = ZApiError.safeParse(body);
  if (parsed.success) {
    const e = parsed.data.error;
    return new ApiError({
      code: e.code,
      status: res.status,
      message: e.message,
      vi: e.vi,
      en: e.en,
      requestId: e.requestId,
      fields: e.fields,
      details: e.details,
    });
  }
  return new ApiError({
    code: res.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE',
    status: res.status,
    message: `HTTP ${res.status}`,
  });
}

async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({ code: 'NETWORK', status: 0, message: String(cause) });
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/** Sends a request and validates the JSON answer with the shared contract schema. */
export async function request<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.infer<S>> {
  const res = await send(method, path, body);
  const parsed = schema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) {
    throw new ApiError({ code: 'BAD_RESPONSE', status: res.status, message: parsed.error.message });
  }
  return parsed.data;
}

/** For endpoints that answer 204 No Content. */
export async function requestVoid(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S) => request('GET', path, schema),
  post: <S extends z.ZodType>(path: string, schema: S, body?: unknown) => request('POST', path, schema, body),
  patch: <S extends z.ZodType>(path: string, schema: S, body?: unknown) => request('PATCH', path, schema, body),
  postVoid: (path: string, body?: unknown) => requestVoid('POST', path, body),
};

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}
