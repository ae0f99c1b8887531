import { addDays, isIsoDate, type IsoDate } from './dates';
import { toHalfWidth } from './text-match';

/**
 * Dates as offices type them in spreadsheets: 2026-06-30, 2026/6/30, 2026.6.30, 2026年6月30日, 20260630, Excel
 * serial numbers (46203), full-width digits, and 2026年6月底 / 2026年6月. Returns null when it is not a date.
 */
export function parseLooseDate(raw: string | number | Date | null | undefined): IsoDate | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw === 'number') return excelSerial(raw);
  const s = toHalfWidth(String(raw)).trim().replace(/\s+/g, '');
  if (!s) return null;
  if (/^\d{5}(\.\d+)?$/.test(s)) return excelSerial(Number(s));
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return valid(m[1]!, m[2]!, m[3]!);
  m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return valid(m[1]!, m[2]!, m[3]!);
  m = /^(\d{4})[-/.年](\d{1,2})月?(底|末)?$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return addDays(`${mo === 12 ? y + 1 : y}-${String((mo % 12) + 1).padStart(2, '0')}-01`, -1);
  }
  return null;
}

function valid(y: string, m: string, d: string): IsoDate | null {
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Excel's day numbers count from 1899-12-30 (the 1900 leap-year bug included). */
function excelSerial(n: number): IsoDate | null {
  if (!Number.isFinite(n) || n < 1 || n > 2958465) return null;
  return addDays('1899-12-30', Math.floor(n));
}
