import { z } from 'zod';

/**
 * The one error model of the API. Every error response is `{ error: TApiError }`.
 * Codes are stable strings the web client branches on; the table below is the only place
 * that maps a code to an HTTP status and to its Vietnamese and English messages.
 */
export const ERROR_CODES = {
  /** Request body, query or params failed validation; `fields` names each bad path. */
  VALIDATION_FAILED: { status: 400, vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  /** Body could not be parsed as JSON. */
  MALFORMED_BODY: { status: 400, vi: 'Nội dung yêu cầu không đọc được', en: 'Malformed request body' },
  /** The request itself could not be read: bad percent-encoding in the path, a broken HTTP message. */
  MALFORMED_REQUEST: { status: 400, vi: 'Yêu cầu không đọc được', en: 'Malformed request' },
  /** A path segment longer than the router accepts. */
  URI_TOO_LONG: { status: 414, vi: 'Địa chỉ yêu cầu quá dài', en: 'Request URL too long' },
  /** Request line and headers together exceed the server's limit (Node's `maxHeaderSize`). */
  HEADERS_TOO_LARGE: { status: 431, vi: 'Phần đầu yêu cầu quá lớn', en: 'Request headers too large' },
  /** The client did not send the whole request in time. */
  REQUEST_TIMEOUT: { status: 408, vi: 'Yêu cầu gửi quá chậm', en: 'Request timed out' },
  /** No valid session cookie. */
  UNAUTHENTICATED: { status: 401, vi: 'Bạn cần đăng nhập', en: 'You need to sign in' },
  /** Username or password wrong (never says which). */
  INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
    en: 'Wrong username or password',
  },
  /**
   * The account has TOTP enabled and no code was sent. Said whatever the password (it confirms nothing about
   * it); nothing is counted, since the answer tells nothing.
   */
  TOTP_REQUIRED: { status: 401, vi: 'Cần mã xác thực hai lớp', en: 'Two-factor code required' },
  /** With TOTP enabled: the password, the code, or both are wrong, or the code was used already (never says which). */
  TOTP_INVALID: {
    status: 401,
    vi: 'Mật khẩu hoặc mã xác thực hai lớp không đúng',
    en: 'Wrong password or two-factor code',
  },
  /** Too many failed logins: the account is locked until `details.lockedUntil`. */
  ACCOUNT_LOCKED: {
    status: 423,
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần',
    en: 'Account temporarily locked after repeated failed sign-ins',
  },
  /**
   * The account was disabled by an administrator. Not sent by sign-in any more (a disabled account answers like a
   * wrong password, so the answer never confirms a password); kept for clients that know it.
   */
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị vô hiệu hóa', en: 'Account disabled' },
  /** State-changing request without a valid X-CSRF-Token header. */
  CSRF_INVALID: { status: 403, vi: 'Thiếu hoặc sai mã chống giả mạo (CSRF)', en: 'Missing or invalid CSRF token' },
  /** The actor's roles lack the permission. */
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You do not have permission' },
  /** The record exists but lies outside the actor's unit scope. */
  OUT_OF_SCOPE: {
    status: 403,
    vi: 'Dữ liệu nằm ngoài phạm vi đơn vị của bạn',
    en: 'The record is outside your unit scope',
  },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  /** Unique constraint or concurrent update. */
  CONFLICT: { status: 409, vi: 'Dữ liệu bị trùng hoặc đã thay đổi', en: 'Conflict with existing data' },
  /** A domain rule refused the change (e.g. an invalid status transition). */
  RULE_VIOLATION: { status: 422, vi: 'Thao tác vi phạm quy tắc nghiệp vụ', en: 'The change breaks a business rule' },
  /** New password does not meet the policy; `fields` says why. */
  WEAK_PASSWORD: { status: 422, vi: 'Mật khẩu không đạt yêu cầu', en: 'Password does not meet the policy' },
  /** An import file's container expands beyond a bound (XLSX: entries, uncompressed size, ratio); `details.limit` names it. */
  IMPORT_ARCHIVE_TOO_LARGE: { status: 413, vi: 'Tệp nhập giải nén vượt giới hạn cho phép', en: 'The import file expands beyond the allowed limit' },
  /** An import file's content exceeds a bound (cell length, columns, rows, line length, sheets); `details.limit` names it. */
  IMPORT_LIMIT_EXCEEDED: { status: 422, vi: 'Tệp nhập vượt giới hạn cho phép', en: 'The import file exceeds an allowed limit' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Nội dung gửi lên quá lớn', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Kiểu nội dung không được hỗ trợ',
    en: 'Unsupported content type',
  },
  RATE_LIMITED: { status: 429, vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau', en: 'Too many requests, try again later' },
  /** TOTP secrets cannot be sealed or opened: BINHAN_TOTP_KEY is not set (PostgreSQL) or is not the key that sealed them. */
  TOTP_KEY_MISSING: {
    status: 503,
    vi: 'Máy chủ chưa có khóa mã hóa xác thực hai lớp (BINHAN_TOTP_KEY) hoặc khóa không đúng',
    en: 'The server lacks the key of two-factor secrets (BINHAN_TOTP_KEY), or it is not the right one',
  },
  NOT_READY: { status: 503, vi: 'Hệ thống chưa sẵn sàng', en: 'Service not ready' },
  /** The process already works on MAX_IN_FLIGHT requests: refused at once, with `Retry-After`, before any work. */
  OVERLOADED: { status: 503, vi: 'Hệ thống đang quá tải, vui lòng thử lại sau giây lát', en: 'The server is busy, try again in a moment' },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống', en: 'Internal error' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type TErrorCode = keyof typeof ERROR_CODES;
export const ZErrorCode = z.enum(Object.keys(ERROR_CODES) as [TErrorCode, ...TErrorCode[]]);

export const ZFieldError = z.object({
  /** Dotted path of the bad field, e.g. `body.password` or `query.limit`. For file rows: `row 12, column date`. */
  path: z.string(),
  vi: z.string(),
  en: z.string(),
});
export type TFieldError = z.infer<typeof ZFieldError>;

export const ZApiError = z.object({
  error: z.object({
    code: ZErrorCode,
    /** Message in the language of the request (Accept-Language), Vietnamese by default. */
    message: z.string(),
    vi: z.string(),
    en: z.string(),
    requestId: z.string(),
    fields: z.array(ZFieldError).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type TApiError = z.infer<typeof ZApiError>;
