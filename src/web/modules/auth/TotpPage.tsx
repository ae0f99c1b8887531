import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Steps, Typography } from 'antd';
import QRCode from 'qrcode';
import { useI18n } from '../../app/i18n';
import { useMe, useSetMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { authApi } from './api';

export function TotpPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const setMe = useSetMe();
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function begin() {
    setError(null);
    try {
      const s = await authApi.totpSetup();
      setSetup({ secret: s.secret, qr: await QRCode.toDataURL(s.uri, { margin: 1, width: 200 }) });
    } catch (e) {
      setError(e);
    }
  }
  async function enable(v: { code: string }) {
    setError(null);
    try {
      setMe(await authApi.totpEnable(v.code));
      message.success('已启用动态验证码 / two-factor enabled');
      setSetup(null);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card title={t('menu.totp')} style={{ maxWidth: 620 }}>
      {me?.needsTotpSetup && <Alert type="warning" showIcon title="您的角色要求启用动态验证码，请先完成设置 / your role requires a second factor" style={{ marginBottom: 16 }} />}
      <Steps
        direction="vertical"
        size="small"
        current={setup ? 1 : 0}
        items={[
          { title: '在手机上安装验证器（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）' },
          { title: '扫描二维码或手工输入密钥，然后输入验证器显示的 6 位数字' },
        ]}
      />
      {!setup ? (
        <Button type="primary" onClick={begin} data-testid="totp-begin">
          开始设置 / Set up
        </Button>
      ) : (
        <Space align="start" size="large">
          <img src={setup.qr} alt="TOTP QR" width={200} height={200} />
          <div>
            <Typography.Paragraph>
              密钥 / secret：<Typography.Text code copyable data-testid="totp-secret">{setup.secret}</Typography.Text>
            </Typography.Paragraph>
            <Form layout="inline" onFinish={enable}>
              <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位数字' }]}>
                <Input placeholder="123456" maxLength={6} inputMode="numeric" data-testid="totp-code" />
              </Form.Item>
              <Button type="primary" htmlType="submit" data-testid="totp-enable">
                启用 / Enable
              </Button>
            </Form>
          </div>
        </Space>
      )}
      <ErrorAlert error={error} style={{ marginTop: 16 }} />
    </Card>
  );
}
