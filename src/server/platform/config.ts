import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../domain/import/limits';

/**
 * Every environment variable Bình An reads, validated once at start-up.
 * README.md has the same list as a table; keep them in step.
 */
const ZEnv = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Embedded database folder (PGlite data + lock file). Ignored when DATABASE_URL is set. */
  BINHAN_DATA_DIR: z.string().min(1).default('./var/db'),
  /** PostgreSQL connection string; when set, Bình An uses PostgreSQL instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Session idle timeout in minutes. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(8 * 60),
  /** Absolute session lifetime in hours. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** Set to true behind HTTPS so the session cookie is marked Secure. */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Trust X-Forwarded-* from a reverse proxy (client IP for rate limits and audit). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Maximum JSON body size in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  /** Failed sign-ins before the account is locked, and for how long. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Sign-in attempts per client IP per minute (all accounts together). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /**
   * API requests one process works on at once; one more is refused at once with 503 and Retry-After instead of
   * queueing without limit (a queue of seconds is worse than a quick "try again": see platform/load-shedding.ts).
   */
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** Legal clock: whether the day a report is received counts as day 1 (practice varies; see ARCHITECTURE.md). */
  CLOCK_RECEIPT_DAY_COUNTS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The incident list's total is counted exactly up to this many rows, estimated above (exact on demand). */
  LIST_EXACT_COUNT_UP_TO: z.coerce.number().int().min(0).default(10_000),
  /** Volume of the demo incidents `binhan start` loads into an empty database (1 = a city of 8.5 million). */
  BINHAN_DEMO_SCALE: z.coerce.number().min(0.001).max(1000).default(1),
  /** Folder of the built web app; served at /. */
  WEB_DIST_DIR: z.string().default('dist/web'),
  /** Largest file accepted for an incident import (bytes). */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
  /** Pause between import chunks (ms): lets other requests through on the embedded database during a large import. */
  IMPORT_CHUNK_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Bounds of an import file (see domain/import/limits.ts): cell, columns, rows, line; XLSX container. */
  IMPORT_MAX_CELL_CHARS: z.coerce.number().int().min(100).max(10_000_000).default(DEFAULT_IMPORT_LIMITS.maxCellChars),
  IMPORT_MAX_COLUMNS: z.coerce.number().int().min(10).max(16_384).default(DEFAULT_IMPORT_LIMITS.maxColumns),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000_000).default(DEFAULT_IMPORT_LIMITS.maxRows),
  IMPORT_MAX_LINE_CHARS: z.coerce.number().int().min(1000).max(100_000_000).default(DEFAULT_IMPORT_LIMITS.maxLineChars),
  IMPORT_XLSX_MAX_ENTRIES: z.coerce.number().int().min(10).max(65_535).default(DEFAULT_IMPORT_LIMITS.xlsxMaxEntries),
  IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(1024 * 1024).max(64 * 1024 ** 3).default(DEFAULT_IMPORT_LIMITS.xlsxMaxUncompressedBytes),
  IMPORT_XLSX_MAX_RATIO: z.coerce.number().int().min(10).max(100_000).default(DEFAULT_IMPORT_LIMITS.xlsxMaxRatio),
  IMPORT_XLSX_MAX_SHEETS: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_IMPORT_LIMITS.xlsxMaxSheets),
  IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES: z.coerce.number().int().min(1024 * 1024).max(4 * 1024 ** 3).default(DEFAULT_IMPORT_LIMITS.xlsxMaxSharedStringsBytes),
  /** Folder where uploaded import files wait (default: <system temp>/binhan-imports). */
  BINHAN_IMPORT_DIR: z.string().min(1).optional(),
  /**
   * Key that encrypts TOTP secrets at rest (AES-256-GCM): 32 bytes as 64 hex digits or base64. Required on
   * PostgreSQL once two-factor is used; the embedded database keeps a generated one in BINHAN_DATA_DIR/totp.key.
   */
  BINHAN_TOTP_KEY: z
    .string()
    .transform((v) => v.trim())
    .refine((v) => parseKey(v) !== null, {
      message: '32 byte (64 chữ số hex hoặc base64) / must be 32 bytes: 64 hex digits or base64',
    })
    .transform((v) => parseKey(v)!)
    .optional(),
  /** Append-only file of signed audit checkpoints, kept outside the database (platform/audit-anchor.ts). */
  BINHAN_AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  /** Ed25519 seed that signs the checkpoints (32 bytes, 64 hex digits or base64); else `<anchor file>.key`. */
  BINHAN_AUDIT_ANCHOR_KEY: z
    .string()
    .transform((v) => v.trim())
    .refine((v) => parseKey(v) !== null, {
      message: '32 byte (64 chữ số hex hoặc base64) / must be 32 bytes: 64 hex digits or base64',
    })
    .transform((v) => parseKey(v)!)
    .optional(),
  /** A running server appends a checkpoint (when the chain moved) every this many hours; 0 = never. */
  BINHAN_AUDIT_ANCHOR_HOURS: z.coerce.number().min(0).max(24 * 24).default(24), // a timer holds at most 24.8 days
  /**
   * For tests and demos only: the server's clock starts at this instant (ISO 8601 with its offset, e.g.
   * 2026-12-03T09:00:00+07:00) and runs on from there; "today" of the statistics, deadlines and sessions follow it.
   */
  BINHAN_CLOCK: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: 'cần một thời điểm ISO 8601 có múi giờ, ví dụ 2026-12-03T09:00:00+07:00 / needs an ISO 8601 instant with its offset, e.g. 2026-12-03T09:00:00+07:00',
    })
    .refine((v) => !Number.isNaN(Date.parse(v)) && Date.parse(v) >= Date.UTC(1900, 0, 1) && Date.parse(v) < Date.UTC(2101, 0, 1), {
      message: 'không phải thời điểm hợp lệ trong 1900–2100 / not a valid instant within 1900–2100',
    })
    .optional(),
});

/** A 32-byte key written as 64 hex digits or as (url-safe) base64; null when it is neither. */
export function parseKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const b = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

export type Config = {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  poolMax: number;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRatePerMinute: number;
  maxInFlight: number;
  clockReceiptDayCounts: boolean;
  listExactCountUpTo: number;
  demoScale: number;
  webDistDir: string;
  importMaxBytes: number;
  importDir: string | undefined;
  importChunkPauseMs: number;
  /** BINHAN_TOTP_KEY decoded; undefined = not configured (see platform/secret-box.ts). */
  totpKey: Buffer | undefined;
  importLimits: ImportLimits;
  /** BINHAN_AUDIT_ANCHOR_FILE resolved; undefined = no checkpoints configured. */
  auditAnchorFile: string | undefined;
  auditAnchorKey: Buffer | undefined;
  auditAnchorHours: number;
  /** BINHAN_CLOCK: the instant the server's clock starts at (tests and demos); undefined = the system clock. */
  clockStart: Date | undefined;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ZEnv.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.BINHAN_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    poolMax: e.DATABASE_POOL_MAX,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    maxInFlight: e.MAX_IN_FLIGHT,
    clockReceiptDayCounts: e.CLOCK_RECEIPT_DAY_COUNTS,
    listExactCountUpTo: e.LIST_EXACT_COUNT_UP_TO,
    demoScale: e.BINHAN_DEMO_SCALE,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importDir: e.BINHAN_IMPORT_DIR ? path.resolve(e.BINHAN_IMPORT_DIR) : undefined,
    importChunkPauseMs: e.IMPORT_CHUNK_PAUSE_MS,
    totpKey: e.BINHAN_TOTP_KEY,
    importLimits: {
      maxCellChars: e.IMPORT_MAX_CELL_CHARS,
      maxColumns: e.IMPORT_MAX_COLUMNS,
      maxRows: e.IMPORT_MAX_ROWS,
      maxLineChars: e.IMPORT_MAX_LINE_CHARS,
      xlsxMaxEntries: e.IMPORT_XLSX_MAX_ENTRIES,
      xlsxMaxUncompressedBytes: e.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
      xlsxMaxRatio: e.IMPORT_XLSX_MAX_RATIO,
      xlsxMaxSheets: e.IMPORT_XLSX_MAX_SHEETS,
      xlsxMaxSharedStringsBytes: e.IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES,
    },
    auditAnchorFile: e.BINHAN_AUDIT_ANCHOR_FILE ? path.resolve(e.BINHAN_AUDIT_ANCHOR_FILE) : undefined,
    auditAnchorKey: e.BINHAN_AUDIT_ANCHOR_KEY,
    auditAnchorHours: e.BINHAN_AUDIT_ANCHOR_HOURS,
    clockStart: e.BINHAN_CLOCK ? new Date(e.BINHAN_CLOCK) : undefined,
    ...overrides,
  };
}
