import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_CHARS,
  creditCodeCheckChar,
  creditCodeProblem,
  isCreditCode,
  normaliseCreditCode,
} from './credit-code';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts real codes, the check character computed', () => {
    // The standard's own example, and published codes of two well-known companies.
    for (const code of ['91350100M000100Y43', '91110000100011743X', '91440300708461136T']) {
      expect(creditCodeProblem(code), code).toBeNull();
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('names what is wrong: length, characters, region, check character (with the right one)', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toEqual({ problem: 'length' });
    expect(creditCodeProblem('91350100M000100Y433')).toEqual({ problem: 'length' });
    expect(creditCodeProblem('91350100M000I00Y43')).toEqual({ problem: 'characters' }); // I is not a code character
    expect(creditCodeProblem('91350100M000100Y4O')).toEqual({ problem: 'characters' });
    expect(creditCodeProblem('913501A0M000100Y43')).toEqual({ problem: 'region' });
    expect(creditCodeProblem('91350100M000100Y44')).toEqual({ problem: 'check', expected: '3' });
    expect(creditCodeProblem('911100001000140802')).toEqual({ problem: 'check', expected: 'N' });
  });

  it('reads codes as people type them: full width, lower case, spaces', () => {
    expect(normaliseCreditCode('９１３５０１００ｍ０００１００ｙ４３')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode(' 91350100 m000100y43 ')).toBe('91350100M000100Y43');
  });

  const body = fc
    .tuple(
      fc.constantFrom(...'159Y'),
      fc.constantFrom(...'123'),
      fc.stringMatching(/^\d{6}$/),
      fc.array(fc.constantFrom(...CREDIT_CODE_CHARS), { minLength: 9, maxLength: 9 }),
    )
    .map(([a, b, region, id]) => `${a}${b}${region}${id.join('')}`);

  it('property: a code completed with its check character is valid, and every other last character is not', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...CREDIT_CODE_CHARS), (first17, other) => {
        const check = creditCodeCheckChar(first17)!;
        expect(isCreditCode(first17 + check)).toBe(true);
        if (other !== check) expect(creditCodeProblem(first17 + other)).toEqual({ problem: 'check', expected: check });
      }),
    );
  });

  it('property: changing any one of the first 17 characters is caught by the check character', () => {
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 16 }), fc.constantFrom(...CREDIT_CODE_CHARS), (first17, at, c) => {
        fc.pre(first17[at] !== c && !(at >= 2 && at < 8 && !/\d/.test(c)));
        const code = first17 + creditCodeCheckChar(first17);
        const changed = code.slice(0, at) + c + code.slice(at + 1);
        expect(isCreditCode(changed)).toBe(false);
      }),
    );
  });
});
