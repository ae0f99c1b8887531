import type { FormInstance } from 'antd';
import { ApiError } from '../lib/api';

/**
 * Puts each server field error next to its field (body.newPassword → newPassword). Returns true when at least
 * one error found its field, so the caller shows a general message only for what is left.
 */
export function applyServerErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const byField = error.fieldErrors();
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const fields = Object.entries(byField)
    .map(([name, errors]) => ({ name: name.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors }))
    .filter((f) => known.has(String(f.name[0])));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
