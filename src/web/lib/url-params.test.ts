import { describe, expect, it } from 'vitest';
import { withParam } from './url-params';

describe('withParam', () => {
  const p = new URLSearchParams('q=a&page=3&scale=s');
  it('sets, replaces and removes one parameter, leaving the given ones untouched', () => {
    expect(withParam(p, 'q', 'b').toString()).toBe('q=b&page=3&scale=s');
    expect(withParam(p, 'scale', undefined).toString()).toBe('q=a&page=3');
    expect(withParam(p, 'scale', '').toString()).toBe('q=a&page=3');
    expect(p.toString()).toBe('q=a&page=3&scale=s');
  });
  it('goes back to the first page for a new filter, but not when the page itself changes', () => {
    expect(withParam(p, 'q', 'b', true).toString()).toBe('q=b&scale=s');
    expect(withParam(p, 'page', '4', true).toString()).toBe('q=a&page=4&scale=s');
  });
});
