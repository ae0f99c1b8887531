import { describe, expect, it } from 'vitest';
import { segmenter } from './segmenter';
import { makeTitle } from '../../../shared/domain/extract/extract';

describe('jieba segmenter', () => {
  it('keeps the organisation’s unit names whole, and a title ends on a word', () => {
    const cut = segmenter(['发改局', '县生态环境分局']);
    expect(cut('发改局具体负责，县生态环境分局配合')).toEqual(expect.arrayContaining(['发改局', '县生态环境分局']));
    const quote = '县住建局要加快推进城西片区老旧小区改造和背街小巷整治提升工程建设，年底前全面完成。';
    const title = makeTitle(quote, cut);
    expect(title.length).toBeLessThanOrEqual(30);
    // The title is whole words of the segmentation of the clause it came from.
    const words = cut(title);
    expect(words.join('')).toBe(title);
    expect(cut(quote).join('')).toContain(title);
  });
});
