import type { FormInstance } from 'antd';
import { ApiError } from '../lib/api';

/**
 * Puts each server field error next to its field (body.newPassword → newPassword). Returns true when at least
 * one error found its field, so the caller shows a general message only for what is left.
 *
 * A domain refusal names its field with the generic code `invalid_value` ("取值不正确") while its detail says what
 * is wrong ("原密码错误", "动态验证码错误"): that detail is the message worth showing next to the field.
 */
export function applyServerErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const specific = error.code !== 'validation' ? error.problem.detail : null;
  const byField = new Map<string, string[]>();
  for (const e of error.problem.errors ?? []) {
    // Same key as ApiError.fieldErrors(): the path below `body`, `query` or `params`.
    const key = (e.field ?? '').split('.').slice(1).join('.') || e.field || '';
    const message = e.code === 'invalid_value' && specific ? specific : e.message;
    const list = byField.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(key, list);
  }
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const fields = [...byField]
    .map(([name, errors]) => ({ name: name.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors }))
    .filter((f) => known.has(String(f.name[0])));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
