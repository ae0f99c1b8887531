import { describe, expect, it } from 'vitest';
import { createKept } from './kept';

describe('kept views', () => {
  it('serves a view again within its seconds, shares one computation, and computes anew after forget', async () => {
    const kept = createKept(60);
    let runs = 0;
    const compute = async () => ++runs;
    const [a, b] = await Promise.all([kept.get('k', compute), kept.get('k', compute)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await kept.get('k', compute)).toBe(1);
    expect(await kept.get('other', compute)).toBe(2);
    kept.forget();
    expect(await kept.get('k', compute)).toBe(3);
  });

  it('keeps nothing that failed, nothing a write overtook, and nothing when set to 0 seconds', async () => {
    const kept = createKept(60);
    await expect(kept.get('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await kept.get('k', async () => 'ok')).toBe('ok');
    // A computation still running when a write is answered is served to its own callers, then dropped.
    let release!: (v: string) => void;
    const slow = kept.get('s', () => new Promise<string>((r) => (release = r)));
    kept.forget();
    release('before the write');
    expect(await slow).toBe('before the write');
    expect(await kept.get('s', async () => 'after the write')).toBe('after the write');
    const off = createKept(0);
    let n = 0;
    await off.get('k', async () => ++n);
    await off.get('k', async () => ++n);
    expect(n).toBe(2);
  });

  it('forgets a view once its seconds have passed', async () => {
    const kept = createKept(0.05);
    let n = 0;
    await kept.get('k', async () => ++n);
    await new Promise((r) => setTimeout(r, 80));
    expect(await kept.get('k', async () => ++n)).toBe(2);
  });
});
