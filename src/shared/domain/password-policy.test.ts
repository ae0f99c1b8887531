import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { characterClasses, checkPassword } from './password-policy';

describe('password policy', () => {
  it('accepts 8 characters of 3 classes', () => {
    expect(checkPassword('Abcdefg1')).toEqual([]);
    expect(checkPassword('abc123!@')).toEqual([]);
  });
  it('rejects short or monotonous passwords', () => {
    expect(checkPassword('Ab1!')).toContain('too_short');
    expect(checkPassword('abcdefgh1')).toContain('too_few_classes');
    expect(checkPassword('ABCDEFGH')).toEqual(['too_few_classes']);
  });
  it('rejects a password containing the username', () => {
    expect(checkPassword('Zhangsan#2026', undefined, 'zhangsan')).toContain('contains_username');
  });
  it('property: a password is accepted only if long enough and diverse enough', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (pw) => {
        const ok = checkPassword(pw).length === 0;
        const expected = [...pw].length >= 8 && [...pw].length <= 128 && characterClasses(pw) >= 3;
        expect(ok).toBe(expected);
      }),
    );
  });
  it('property: appending characters never reduces the classes', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(characterClasses(a + b)).toBeGreaterThanOrEqual(characterClasses(a));
      }),
    );
  });
});
