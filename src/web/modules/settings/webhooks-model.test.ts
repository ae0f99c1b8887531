import { describe, expect, it } from 'vitest';
import { deliveryState, errorHint, hasMaskedCredential } from './webhooks-model';

describe('webhook deliveries as an administrator reads them', () => {
  it('tells a failed message waiting for its retry from one not tried yet', () => {
    expect(deliveryState({ status: 'sent', attempts: 1 })).toBe('sent');
    expect(deliveryState({ status: 'failed', attempts: 6 })).toBe('failed');
    expect(deliveryState({ status: 'pending', attempts: 2 })).toBe('retrying');
    expect(deliveryState({ status: 'pending', attempts: 0 })).toBe('waiting');
  });

  it('explains the usual causes of a failure', () => {
    expect(errorHint('fetch failed: connect ECONNREFUSED 127.0.0.1:9')).toBe('hintRefused');
    expect(errorHint('fetch failed: getaddrinfo ENOTFOUND oapi.dingtalk.com')).toBe('hintNotFound');
    expect(errorHint('The operation was aborted due to timeout')).toBe('hintTimeout');
    expect(errorHint('HTTP 200: {"errcode":310000,"errmsg":"sign not match"}')).toBe('hintErrcode');
    expect(errorHint('HTTP 404: not found')).toBe('hintHttp');
    expect(errorHint('something else')).toBeNull();
    expect(errorHint(null)).toBeNull();
  });

  it('recognises a URL whose credential the list masked', () => {
    expect(hasMaskedCredential('https://oapi.dingtalk.com/robot/send?access_token=***')).toBe(true);
    expect(hasMaskedCredential('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=1')).toBe(true);
    expect(hasMaskedCredential('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBe(false);
  });
});
