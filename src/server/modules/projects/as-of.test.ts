import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/** Issue 11: the library, its counts and its rates "as of" a day that has not come are refused, not today's figures. */
const today = '2026-12-06';
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');

describe('asOf in the future', () => {
  const urls = [
    '/api/v1/projects?asOf=',
    '/api/v1/projects/counts?asOf=',
    '/api/v1/projects/rates?groupBy=pool&asOf=',
    '/api/v1/projects/export?asOf=',
  ];

  it('is refused with a 400 naming asOf, in Chinese and in English', async () => {
    for (const u of urls) {
      const zh = await office.get(`${u}2026-12-07`);
      expect(zh.statusCode, u).toBe(400);
      expect(zh.headers['content-type']).toContain('application/problem+json');
      const body = zh.json();
      expect(body.errors).toEqual([expect.objectContaining({ field: 'query.asOf', code: 'as_of_future' })]);
      expect(body.errors[0].message).toContain('查看日期（asOf）不能晚于今天（2026-12-06）');
      const en = (await office.get(`${u}2027-03-01`, { 'accept-language': 'en' })).json();
      expect(en.errors[0].message).toContain('the as-of date (asOf) cannot be after today (2026-12-06)');
    }
  });

  it('today and a past day are answered', async () => {
    for (const u of urls) {
      expect((await office.get(`${u}${today}`)).statusCode, u).toBe(200);
      expect((await office.get(`${u}2026-06-30`)).statusCode, u).toBe(200);
    }
    expect((await office.get(`/api/v1/projects/rates?groupBy=pool&asOf=${today}`)).json().asOf).toBe(today);
  });
});
