import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './webhook-format';

describe('a failed delivery says why', () => {
  it('names the network cause that fetch keeps out of its message', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const error = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(describeFailure(error)).toMatch(/^fetch failed: .*ECONNREFUSED/);
  });

  it('keeps plain errors as they are', () => {
    expect(describeFailure(new Error('The operation was aborted due to timeout'))).toBe(
      'The operation was aborted due to timeout',
    );
    expect(describeFailure('boom')).toBe('boom');
  });
});
