/**
 * What an error may say in a log. Driver errors carry the values of the statement that failed: PGlite's
 * `params` (every bound value: a reporter's name and phone, a narrative, a password hash), `detail`
 * (`Key (phone)=(0912…) already exists`, `Failing row contains (…every column…)`), messages of data
 * exceptions (`invalid input syntax for type uuid: "…"`). Logs leave the system (files, collectors), so an
 * error is logged through this one serializer: a whitelist of fields that say where and why, never with what.
 * The logger of the app (app.ts), the CLI's last-resort error output (cli/main.ts) and the import runner use it.
 */

/** Fields copied as they are (short identifiers of the failure, no row values). */
const SAFE_FIELDS = [
  'type',
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
  'statusCode',
  'validationContext',
] as const;

const QUERY_MAX = 500;

export type SafeError = Record<string, unknown>;

/** `Key (a, b)=(1, x) already exists.` → `Key (a, b)=(…) already exists.`; unknown shapes are dropped. */
export function redactDetail(detail: string): string {
  const key =
    /^(Key \([^)]*\))=\([\s\S]*\)( (?:already exists|is not present in table "[^"]*"|is still referenced from table "[^"]*")\.?)$/.exec(
      detail,
    );
  if (key) return `${key[1]}=(…)${key[2]}`;
  if (detail.startsWith('Failing row contains')) return 'Failing row contains (…)';
  if (/^Key \(/.test(detail) && /conflicts with/.test(detail))
    return detail.replace(/=\([\s\S]*$/, '=(…) conflicts with … (values redacted)');
  return '[redacted]';
}

/** Quoted values in the message of a PostgreSQL data exception (class 22), e.g. `… for type uuid: "x"`. */
export function redactMessage(message: string, code: unknown): string {
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return message.replace(/"(?:[^"]|"")*"/g, '"…"');
  return message;
}

function isErrorLike(v: unknown): v is Error & Record<string, unknown> {
  return typeof v === 'object' && v !== null && ('message' in v || v instanceof Error);
}

/** The loggable form of anything thrown: a whitelist of fields, values of the failed statement left out. */
export function redactError(err: unknown, depth = 0): SafeError | unknown {
  if (!isErrorLike(err)) return err;
  const e = err as Record<string, unknown>;
  const out: SafeError = {};
  out.type = (err as Error).constructor?.name ?? 'Error';
  const name = typeof e.name === 'string' ? e.name : undefined;
  if (name && name !== out.type) out.name = name;
  const message = typeof e.message === 'string' ? redactMessage(e.message, e.code) : String(e.message);
  out.message = message;
  if (typeof e.stack === 'string') {
    // The stack's first line repeats the message: keep the redacted one.
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${name ?? out.type}: ${message}`, ...frames].join('\n');
  }
  for (const f of SAFE_FIELDS) {
    const v = e[f];
    if (v !== undefined && v !== null && (typeof v === 'string' || typeof v === 'number')) out[f] = v;
  }
  if (typeof e.detail === 'string' && e.detail) out.detail = redactDetail(e.detail);
  // The statement's text has placeholders ($1, …), not values; kept short to say which statement failed.
  const query = typeof e.query === 'string' ? e.query : typeof e.sql === 'string' ? e.sql : undefined;
  if (query) out.query = query.length > QUERY_MAX ? `${query.slice(0, QUERY_MAX)}…` : query;
  if (depth < 3 && e.cause !== undefined) out.cause = redactError(e.cause, depth + 1);
  if (depth < 3 && Array.isArray(e.errors))
    out.errors = (e.errors as unknown[]).slice(0, 10).map((x) => redactError(x, depth + 1));
  return out;
}

/** Human-readable form for a terminal (the CLI's last resort): the redacted stack and the identifying fields. */
export function describeError(err: unknown): string {
  const safe = redactError(err);
  if (typeof safe !== 'object' || safe === null) return String(safe);
  const s = safe as SafeError;
  const facts = ['code', 'constraint', 'table', 'column', 'detail']
    .filter((k) => s[k] !== undefined)
    .map((k) => `${k}: ${String(s[k])}`);
  return [typeof s.stack === 'string' ? s.stack : `${String(s.type)}: ${String(s.message)}`, ...facts].join('\n');
}

/**
 * A request's URL as logged: the path, and of the query string only the parameter names. Query values are what a
 * user searched for (a name, a phone number, a plate) and must not leave the system in a log line.
 * `/api/incidents?q=0912345678&page=2` → `/api/incidents?q=…&page=…`.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      // A name is shown only when it looks like one (a value smuggled as a name stays out too).
      return /^[A-Za-z][A-Za-z0-9_.[\]-]{0,39}$/.test(name) ? `${name}=…` : '…';
    });
  return `${url.slice(0, at)}?${names.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer with the URL through `redactUrl`. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    hostname: req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * pino options every logger of the app gets (a caller cannot override them): errors through `redactError`
 * under the usual keys, and paths that could hold request values or credentials censored if someone logs them.
 */
export function redactionOptions(): Record<string, unknown> {
  return {
    serializers: { err: redactError, error: redactError, req: serializeRequest },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'body',
        'req.body',
        'request.body',
        'params',
        'parameters',
        '*.params',
        '*.parameters',
        '*.body',
      ],
      censor: '[redacted]',
    },
  };
}
