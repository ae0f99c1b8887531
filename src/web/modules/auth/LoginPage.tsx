import { useState } from 'react';
import { Alert, Button, Card, Collapse, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useSetMe } from '../../app/session';
import { ApiError } from '../../lib/api';
import { authApi, authKeys } from './api';

/** The demo county's shared password (src/server/demo/county.ts); the web app cannot import server code. */
const DEMO_PASSWORD = 'Luoshi@2026';

interface LoginValues {
  username: string;
  password: string;
  totp?: string;
}

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<string | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const setMe = useSetMe();
  const config = useQuery({ queryKey: authKeys.config, queryFn: authApi.config });

  async function submit(values: LoginValues) {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login({
        username: values.username,
        password: values.password,
        ...(needTotp && values.totp ? { totp: values.totp } : {}),
      });
      setMe(me);
      // Back to the page that asked for the sign-in (a path of this app only, never another site's address).
      const from = (location.state as { from?: string } | null)?.from;
      const back = from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login');
      navigate(back ? from : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        // The password was right but a second factor is needed (or the code given was wrong): ask for the code.
        if (e.code === 'totp_required' || e.code === 'totp_invalid') setNeedTotp(true);
        setError(e.problem.detail);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  }

  const demo = config.data?.demo ? config.data : null;

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #fdf3f3 0%, #f5f5f5 60%)',
      }}
    >
      <div style={{ width: '100%', maxWidth: 400, padding: '24px 12px', boxSizing: 'border-box' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={2} style={{ color: '#b4232a', marginBottom: 4 }}>
            {t('appName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('appSubtitle')}</Typography.Text>
        </div>
        <Card>
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('username') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('password') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            {needTotp && (
              <Form.Item
                name="totp"
                label={t('totp')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('sixDigits') }]}
              >
                <Input
                  prefix={<SafetyOutlined />}
                  inputMode="numeric"
                  maxLength={6}
                  autoComplete="one-time-code"
                  data-testid="login-totp"
                  autoFocus
                />
              </Form.Item>
            )}
            {error && (
              <Alert
                type="error"
                showIcon
                title={error}
                style={{ marginBottom: 16 }}
                data-testid="login-error"
                role="alert"
              />
            )}
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('signIn')}
            </Button>
          </Form>
          <div style={{ textAlign: 'right', marginTop: 8 }}>
            <Button
              type="link"
              size="small"
              onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
              data-testid="language-switch"
            >
              {t('language')}
            </Button>
          </div>
        </Card>
        {demo && (
          <Card size="small" style={{ marginTop: 16 }} data-testid="demo-accounts">
            {demo.demoPasswordChangeWaived && (
              <Alert
                type="info"
                showIcon
                title={t('demoWaiver')}
                style={{ marginBottom: 8 }}
                data-testid="demo-waiver"
              />
            )}
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'demo',
                  label: t('demoAccountsTitle', { password: DEMO_PASSWORD }),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
                        {t('demoAccountsFill')}
                      </Typography.Paragraph>
                      {demo.demoAccounts.map((a) => (
                        <div key={a.username}>
                          <Button
                            type="link"
                            size="small"
                            onClick={() => form.setFieldsValue({ username: a.username, password: DEMO_PASSWORD })}
                            data-testid={`demo-account-${a.username}`}
                          >
                            {a.username}
                          </Button>
                          <Typography.Text type="secondary">{a.label}</Typography.Text>
                        </div>
                      ))}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        )}
      </div>
    </div>
  );
}
