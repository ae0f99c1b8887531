import { describe, expect, it } from 'vitest';
import './zod-config';
import { config, z } from 'zod';

describe('zod configured without importing it', () => {
  it('is jitless: zod reads the global the web app sets before any page loads', () => {
    expect(config().jitless).toBe(true);
    // A schema built now parses without compiling (no `new Function` under the CSP).
    expect(z.object({ a: z.string() }).parse({ a: 'x' })).toEqual({ a: 'x' });
  });
});
