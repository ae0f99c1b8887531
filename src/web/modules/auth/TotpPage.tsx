import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Steps, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import QRCode from 'qrcode';
import { useI18n } from '../../app/i18n';
import { useMe, useSetMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { usePhone } from '../../components/phone';
import { authApi } from './api';

/**
 * TOTP setup: the person proves who they are (password, and the current code when the factor is on), the server
 * makes a secret, the person scans it and proves it works with one code. Switching off takes the same proof.
 */
export function TotpPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const setMe = useSetMe();
  const [form] = Form.useForm<{ code: string }>();
  const [proofForm] = Form.useForm<{ password: string; code?: string }>();
  const [setup, setSetup] = useState<{ secret: string; uri: string; qr: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const phone = usePhone();
  const forced = !!me?.needsTotpSetup;
  const on = !!me?.totpEnabled;

  async function begin() {
    let proof: { password: string; code?: string };
    try {
      proof = await proofForm.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const s = await authApi.totpSetup(proof);
      proofForm.resetFields();
      // Rendered here as a data: image (the CSP allows img-src data:), so the secret never leaves the browser.
      setSetup({ secret: s.secret, uri: s.uri, qr: await QRCode.toDataURL(s.uri, { margin: 1, width: 200 }) });
    } catch (e) {
      if (!applyServerErrors(proofForm, e)) setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function disable() {
    let proof: { password: string; code?: string };
    try {
      proof = await proofForm.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(true);
    try {
      setMe(await authApi.totpDisable({ password: proof.password, code: proof.code ?? '' }));
      proofForm.resetFields();
      message.success(t('totpDisabled'));
    } catch (e) {
      if (!applyServerErrors(proofForm, e)) setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function enable(v: { code: string }) {
    setError(null);
    setBusy(true);
    try {
      setMe(await authApi.totpEnable(v.code));
      message.success(t('totpEnabled'));
      setSetup(null);
      form.resetFields();
      if (forced) navigate('/', { replace: true });
    } catch (e) {
      if (!applyServerErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('menu.totp')} style={{ maxWidth: 680 }}>
      {forced && (
        <Alert
          type="warning"
          showIcon
          title={t('totpRequiredByRole')}
          style={{ marginBottom: 16 }}
          data-testid="totp-required"
        />
      )}
      <Typography.Paragraph type="secondary">{t('totpIntro')}</Typography.Paragraph>
      {on && !setup && (
        <Alert type="success" showIcon title={t('totpIsOn')} style={{ marginBottom: 16 }} data-testid="totp-on" />
      )}
      <Steps
        orientation="vertical"
        size="small"
        current={setup ? 1 : 0}
        items={[{ title: t('totpStepApp') }, { title: t('totpStepScan') }, { title: t('totpStepCode') }]}
        style={{ marginBottom: 16 }}
      />
      {!setup ? (
        <Form
          form={proofForm}
          layout="vertical"
          style={{ maxWidth: 360 }}
          onFinish={() => void begin()}
          requiredMark={false}
        >
          <Typography.Paragraph>{t('totpReauth')}</Typography.Paragraph>
          <Form.Item name="password" label={t('totpPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="totp-password" />
          </Form.Item>
          {on && (
            <Form.Item
              name="code"
              label={t('totpCurrentCode')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('sixDigits') }]}
            >
              <Input
                placeholder="123456"
                maxLength={6}
                inputMode="numeric"
                autoComplete="one-time-code"
                data-testid="totp-current-code"
              />
            </Form.Item>
          )}
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-begin">
              {on ? t('totpChange') : t('totpBegin')}
            </Button>
            {on && (
              <Popconfirm
                title={t('totpDisableConfirm')}
                onConfirm={() => void disable()}
                okButtonProps={{ ...testIdButton('totp-disable-ok'), danger: true }}
              >
                <Button danger loading={busy} data-testid="totp-disable">
                  {t('totpDisable')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Form>
      ) : (
        <Space align="start" size="large" wrap>
          <img
            src={setup.qr}
            alt={t('totpQrAlt')}
            width={200}
            height={200}
            style={{ border: '1px solid #f0f0f0' }}
            data-testid="totp-qr"
          />
          <div>
            {/* A phone cannot scan its own screen: the otpauth:// link opens the authenticator app installed on it. */}
            {phone && (
              <Typography.Paragraph>
                <Button href={setup.uri} data-testid="totp-open-app">
                  {t('totpOpenApp')}
                </Button>
              </Typography.Paragraph>
            )}
            <Typography.Paragraph>
              {t('totpSecret')}：
              <Typography.Text code copyable data-testid="totp-secret">
                {setup.secret}
              </Typography.Text>
            </Typography.Paragraph>
            <Form form={form} layout="inline" onFinish={enable}>
              <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('sixDigits') }]}>
                <Input
                  placeholder="123456"
                  maxLength={6}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  data-testid="totp-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-enable">
                {t('totpEnable')}
              </Button>
            </Form>
          </div>
        </Space>
      )}
      <ErrorAlert error={error} style={{ marginTop: 16 }} />
    </Card>
  );
}
