/**
 * Password policy (DESIGN.md §7, GB/T 22239 level 3 as evaluators apply it):
 * at least `minLength` characters drawn from at least `minClasses` of the four classes
 * (lower case, upper case, digits, symbols). Pure, shared by server and web form.
 */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

export type PasswordProblem = 'too_short' | 'too_few_classes' | 'too_long' | 'contains_username';

export function characterClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/[0-9]/.test(password)) n++;
  if (/[^a-zA-Z0-9]/.test(password)) n++;
  return n;
}

export function checkPassword(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
  username?: string,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Count code points, not UTF-16 units, so a Chinese character counts once.
  const length = [...password].length;
  if (length < policy.minLength) problems.push('too_short');
  if (length > 128) problems.push('too_long');
  if (characterClasses(password) < policy.minClasses) problems.push('too_few_classes');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('contains_username');
  }
  return problems;
}
