import { ERROR_CODES, type TErrorCode, type TFieldError } from '../../contracts/errors';

/** The one error type services throw; the app's error handler serialises it. */
export class AppError extends Error {
  constructor(
    readonly code: TErrorCode,
    readonly opts: { fields?: TFieldError[]; details?: Record<string, unknown>; vi?: string; en?: string } = {},
  ) {
    super(opts.en ?? ERROR_CODES[code].en);
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const forbidden = () => new AppError('FORBIDDEN');
export const outOfScope = () => new AppError('OUT_OF_SCOPE');
export const notFound = (what?: string) =>
  new AppError('NOT_FOUND', what ? { vi: `Không tìm thấy ${what}`, en: `${what} not found` } : {});

/** A business rule refused the change; vi/en say which rule. */
export const ruleViolation = (vi: string, en: string, details?: Record<string, unknown>) =>
  new AppError('RULE_VIOLATION', { vi, en, details });

export function fieldError(path: string, vi: string, en: string): TFieldError {
  return { path, vi, en };
}
