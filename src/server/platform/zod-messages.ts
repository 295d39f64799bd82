import type { TFieldError } from '../../contracts/errors';

/** A zod issue, reduced to what we translate (zod 4 issue shape). */
type Issue = {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  format?: string;
};

/** Vietnamese (and English) text for a zod issue, naming the field path. */
export function issueToFieldError(prefix: string, issue: Issue): TFieldError {
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const isString = issue.origin === 'string';
  const isArray = issue.origin === 'array';
  let vi: string;
  switch (issue.code) {
    case 'invalid_type':
      vi =
        issue.message.includes('received undefined') || issue.message.includes('Required')
          ? 'Bắt buộc nhập'
          : `Sai kiểu dữ liệu (cần ${issue.expected ?? 'giá trị khác'})`;
      break;
    case 'too_small':
      vi = isString
        ? `Phải có ít nhất ${issue.minimum} ký tự`
        : isArray
          ? `Phải có ít nhất ${issue.minimum} phần tử`
          : `Phải lớn hơn hoặc bằng ${issue.minimum}`;
      break;
    case 'too_big':
      vi = isString
        ? `Không được quá ${issue.maximum} ký tự`
        : isArray
          ? `Không được quá ${issue.maximum} phần tử`
          : `Phải nhỏ hơn hoặc bằng ${issue.maximum}`;
      break;
    case 'invalid_format':
      vi = issue.format === 'regex' ? 'Sai định dạng' : `Sai định dạng (${issue.format ?? ''})`;
      break;
    case 'invalid_value':
      vi = `Giá trị không hợp lệ${issue.values ? ` (chấp nhận: ${issue.values.join(', ')})` : ''}`;
      break;
    case 'unrecognized_keys':
      vi = `Trường không được phép: ${(issue.keys ?? []).join(', ')}`;
      break;
    default:
      vi = 'Giá trị không hợp lệ';
  }
  // Our own messages (refinements, patterns) are written "Vietnamese / English": keep both halves.
  const bilingual = issue.code === 'custom' || issue.code === 'invalid_format' ? / \/ /.exec(issue.message) : null;
  if (bilingual) return { path, vi: issue.message.slice(0, bilingual.index), en: issue.message.slice(bilingual.index + 3) };
  const en = issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'Required' : issue.message;
  return { path, vi, en };
}
