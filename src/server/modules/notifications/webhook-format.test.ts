import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { absoluteLink, buildRequest, describeFailure } from './webhook-format';

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

describe('a message read on a phone opens its item', () => {
  it('carries an absolute link on the public address, and a path only when there is none', () => {
    expect(absoluteLink('/tasks/42?todo=true', 'https://dc.example.gov.cn')).toBe(
      'https://dc.example.gov.cn/tasks/42?todo=true',
    );
    expect(absoluteLink('/tasks/42', null)).toBe('/tasks/42');
    expect(absoluteLink('https://other.example/x', 'https://dc.example.gov.cn')).toBe('https://other.example/x');
    expect(absoluteLink('//evil.example/x', 'https://dc.example.gov.cn')).toBe('//evil.example/x');
    expect(absoluteLink(null, 'https://dc.example.gov.cn')).toBeNull();
    const msg = {
      id: 'd1',
      kind: 'overdue',
      title: '任务逾期',
      body: '请尽快办理',
      link: absoluteLink('/tasks/42', 'https://dc.example.gov.cn'),
      createdAt: '2026-12-01T00:00:00Z',
    };
    expect(JSON.parse(buildRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send', null, msg).body)).toMatchObject({
      markdown: { text: expect.stringContaining('[查看详情](https://dc.example.gov.cn/tasks/42)') },
    });
  });
});
