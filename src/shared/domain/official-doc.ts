import type { IsoDate } from './dates';

/**
 * An official document (公文) as blocks: the one model the .docx renderer (src/server/files/official-docx.ts) and
 * the browser previews draw — the supervision bulletin (督查通报) and the meetings' minutes (会议纪要). Pure.
 */
export type Align = 'left' | 'center' | 'right';
export type Block =
  | { t: 'redhead'; title: string; number: string; office: string; date: string }
  | { t: 'title'; lines: string[] }
  | { t: 'addressee'; text: string }
  | { t: 'h1'; text: string }
  | { t: 'h2'; text: string }
  | { t: 'p'; text: string }
  | { t: 'table'; header: string[]; rows: string[][]; widths: number[]; align: Align[] }
  | { t: 'signature'; office: string; date: string };

/** 2026-03-16 → 2026年3月16日 */
export function cnDate(d: IsoDate): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

const DIGITS = '〇一二三四五六七八九';
/** 1 → 一, 12 → 十二, 21 → 二十一 (section numbers). */
export function cnNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
}
