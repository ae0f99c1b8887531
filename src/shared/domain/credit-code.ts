/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters — 登记管理部门代码 (1), 机构类别代码 (1), 登记管理机关行政区划码 (6
 * digits), 主体标识码 (组织机构代码, 9), 校验码 (1). The characters are the digits and the capital letters without
 * I, O, S, V and Z; the check character makes the weighted sum of all 18 a multiple of 31. Pure.
 */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = 'length' | 'characters' | 'region' | 'check';

/** Full-width letters and digits (ｗ１２…) and lower case, as people type them, made canonical; spaces removed. */
export function normaliseCreditCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

/** The check character of the first 17 characters, or null when one of them is not a code character. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Why a (normalised) code is not a 统一社会信用代码, with the check character it should carry; null when valid. */
export function creditCodeProblem(code: string): { problem: CreditCodeProblem; expected?: string } | null {
  if (code.length !== 18) return { problem: 'length' };
  if ([...code].some((c) => !CREDIT_CODE_CHARS.includes(c))) return { problem: 'characters' };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { problem: 'region' };
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  return code[17] === expected ? null : { problem: 'check', expected };
}

export function isCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}
