import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isForbiddenAddress } from './webhook-target';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
  ])('refuses %s', (ip) => expect(isForbiddenAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '203.119.1.1', '2400:3200::1', '::ffff:8.8.8.8', '2002:808:808::1'])(
    'allows %s',
    (ip) => expect(isForbiddenAddress(ip)).toBe(false),
  );

  it('resolves a host name and checks every address it has, IPv4 and IPv6', async () => {
    const dnsOf = (answers: Record<string, string[]>) => async (h: string) => answers[h] ?? [];
    const lookup = dnsOf({
      'oapi.dingtalk.com': ['106.11.23.5', '2408:4001::5'],
      'sneaky.example': ['93.184.216.34', '::ffff:127.0.0.1'],
    });
    expect(await checkWebhookTarget('https://oapi.dingtalk.com/robot/send?access_token=x', [], lookup)).toBeNull();
    expect(await checkWebhookTarget('https://sneaky.example/hook', [], lookup)).toEqual({
      code: 'webhook_target_private',
      address: 'sneaky.example → ::ffff:127.0.0.1',
    });
    expect(await checkWebhookTarget('https://nowhere.example/', [], lookup)).toMatchObject({
      code: 'webhook_target_unresolved',
    });
    // Written as a number or in hex, the URL still names loopback.
    expect(await checkWebhookTarget('http://2130706433:8080/', [], lookup)).toMatchObject({
      code: 'webhook_target_private',
    });
    expect(await checkWebhookTarget('http://0x7f.1/', [], lookup)).toMatchObject({ code: 'webhook_target_private' });
    expect(await checkWebhookTarget('http://[::ffff:a9fe:a9fe]/latest/meta-data', [], lookup)).toMatchObject({
      code: 'webhook_target_private',
    });
  });

  it('lets the hosts the administrator allowed through', async () => {
    const lookup = async () => ['10.20.30.40'];
    expect(await checkWebhookTarget('http://dsj.county.local/hook', ['dsj.county.local'], lookup)).toBeNull();
    expect(await checkWebhookTarget('http://127.0.0.1:9000/hook', ['127.0.0.1'], lookup)).toBeNull();
    expect(await checkWebhookTarget('http://other.county.local/hook', ['dsj.county.local'], lookup)).toMatchObject({
      code: 'webhook_target_private',
    });
  });
});
