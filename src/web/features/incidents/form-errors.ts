import type { FormInstance } from 'antd';
import { isApiError } from '../../app/api';
import type { TLanguage } from '../../../contracts/auth';

/**
 * Puts the server's field errors (paths like `body.areaCode`, `body.identifiers.0.value`) on the form's
 * fields. Returns the messages of errors that name no field of the form (to show elsewhere), or null
 * when the error is not a validation failure.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fieldNames: readonly string[], lang: TLanguage): string[] | null {
  if (!isApiError(err, 'VALIDATION_FAILED')) return null;
  const unmatched: string[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const f of err.fields) {
    const text = lang === 'en' ? f.en : f.vi;
    const path = f.path.replace(/^body\.?/, '').split('.').filter(Boolean);
    const top = path[0];
    if (!top || !fieldNames.includes(top)) {
      unmatched.push(f.path ? `${f.path.replace(/^body\./, '')}: ${text}` : text);
      continue;
    }
    // Points are one control: body.point.lon → point. Lists keep their index: identifiers.0.value.
    const name = top === 'point' ? ['point'] : path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const existing = fields.find((x) => x.name.join('.') === name.join('.'));
    if (existing) existing.errors.push(text);
    else fields.push({ name, errors: [text] });
  }
  form.setFields(fields);
  return unmatched;
}
