import type { FormInstance } from 'antd';
import { ApiError } from '../lib/api';

/**
 * Puts each server field error under its field, in the words the server chose in the user's language (the field's
 * own label is already above it). The server names fields as the API does (body.deadline, body.milestones.0.due);
 * a form whose field is named otherwise passes `aliases` (API name → form name: { attachmentIds: 'evidence' }).
 * Returns true when every field error found its field, so the caller shows a general alert only when something
 * is left to say (and that alert names fields by their label, never by the path).
 *
 * A domain refusal names its field with the generic code `invalid_value` while its detail says what is wrong
 * ("原密码错误"): the server sends that detail as the field's message, and older answers are read the same way here.
 */
export function applyServerErrors(form: FormInstance, error: unknown, aliases: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiError)) return false;
  const specific = error.code !== 'validation' ? error.problem.detail : null;
  const problems = (error.problem.errors ?? []).filter((e) => !e.row && !e.column);
  if (!problems.length) return false;
  const byField = new Map<string, string[]>();
  for (const e of problems) {
    // The path below `body`, `query` or `params`, then the form's own name for it.
    const path = (e.field ?? '').split('.').slice(1).join('.') || e.field || '';
    const [head = '', ...rest] = path.split('.');
    const key = [aliases[head] ?? head, ...rest].join('.');
    const message = e.code === 'invalid_value' && specific ? specific : e.message;
    const list = byField.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(key, list);
  }
  // Fields on the form: those with a value and those registered but still empty.
  const known = new Set([...Object.keys(form.getFieldsValue(true) ?? {}), ...Object.keys(form.getFieldsValue() ?? {})]);
  const all = [...byField].map(([name, errors]) => ({
    name: name.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    errors,
  }));
  // A list's row (milestones.0.due) lands on the row's field; a whole list's problem on the list's own field.
  const fields = all.filter((f) => known.has(String(f.name[0])));
  if (fields.length) form.setFields(fields);
  return fields.length === all.length;
}
