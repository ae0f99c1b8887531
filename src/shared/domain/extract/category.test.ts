import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_WORDS, categorise } from './category';

// Sentences written for this test.
describe('categorise from the whole task, with the words in one table', () => {
  it('the table names each category once, from the fixed list, and no word twice', () => {
    const cats = CATEGORY_WORDS.map(([c]) => c);
    expect(new Set(cats).size).toBe(cats.length);
    for (const c of cats) expect(CATEGORIES).toContain(c);
    const words = CATEGORY_WORDS.flatMap(([, ws]) => ws);
    expect(new Set(words).size).toBe(words.length);
  });
  it('follows the object, not a word of the setting', () => {
    expect(categorise('深化亩均论英雄改革，推动低效用地企业提质增效，维护园区发展稳定')).toBe('产业发展');
    expect(categorise('推进腾笼换鸟，为优质项目腾出发展空间，改善园区生态')).toBe('产业发展');
    expect(categorise('开展燃气安全专项整治，年底前完成老旧管网排查')).toBe('安全稳定');
    expect(categorise('改造背街小巷12条，同步实施雨污分流')).toBe('城市建设');
    expect(categorise('组织开展银企对接活动，帮助企业解决融资难题')).toBe('金融');
  });
  it('keeps the earlier rules: the object decides', () => {
    expect(categorise('严厉打击非法采砂')).toBe('其他');
    expect(categorise('排查整治安全隐患')).toBe('安全稳定');
    expect(categorise('制定招商方案')).toBe('招商引资');
    expect(categorise('完成农村危房改造')).toBe('乡村振兴');
  });
});
