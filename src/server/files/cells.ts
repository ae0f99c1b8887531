import type ExcelJS from 'exceljs';

/**
 * One cell → the text an import reads, for every kind of value a workbook holds: a formula keeps its cached
 * result (as Excel shows it), rich text and hyperlinks their visible text, a date its ISO day. What has no
 * honest text — a formula never calculated (files written by scripts), an error value (#N/A, #REF!) — is a
 * problem for the caller to refuse with its row, never "[object Object]".
 */
export type CellText = { text: string } | { problem: 'formula_without_value' | 'error_value'; value: string };

/** ExcelJS's own test of a number format that shows a date: quoted text and [colour] parts removed. */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** A serial day number (1900 system; 1904 for old Mac files) → its calendar day. */
export function serialToDay(serial: number, date1904 = false): string {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)).toISOString().slice(0, 10);
}

/** Excel shows 15 significant digits: a computed 0.30000000000000004 reads as 0.3. */
const numberText = (n: number) => String(Number(n.toPrecision(15)));

export function cellText(value: ExcelJS.CellValue | undefined, numFmt?: string): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10) };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? numberText(value) : '' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'string') return { text: value };
  if (typeof value !== 'object') return { text: String(value) };
  const v = value as unknown as Record<string, unknown>;
  if ('error' in v) return { problem: 'error_value', value: String(v.error) };
  if (Array.isArray(v.richText))
    return { text: (v.richText as { text?: unknown }[]).map((t) => String(t.text ?? '')).join('') };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (result === undefined || result === null || result === '')
      return { problem: 'formula_without_value', value: `=${String(v.formula ?? v.sharedFormula ?? '')}` };
    // A formula whose cached value is an error: ExcelJS gives NaN (streaming) or { error } (whole-book reader).
    if (typeof result === 'number' && Number.isNaN(result))
      return { problem: 'error_value', value: `=${String(v.formula ?? '')}` };
    if (typeof result === 'number' && isDateFormat(numFmt)) return { text: serialToDay(result) };
    return cellText(result as ExcelJS.CellValue, numFmt);
  }
  // A hyperlink: { text, hyperlink } where text may itself be rich text.
  if ('text' in v) return cellText(v.text as ExcelJS.CellValue, numFmt);
  if ('hyperlink' in v) return { text: String(v.hyperlink) };
  // A checkbox, an image placeholder or a type added later: nothing a row can use.
  return { text: '' };
}
