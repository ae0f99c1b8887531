import { useState } from 'react';
import { Alert, Button, Card, Collapse, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useSetMe } from '../../app/session';
import { ApiError } from '../../lib/api';
import { authApi } from './api';

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const [form] = Form.useForm<{ username: string; password: string; totp?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const setMe = useSetMe();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: authApi.config });

  async function submit(values: { username: string; password: string; totp?: string }) {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login({ username: values.username, password: values.password, ...(values.totp ? { totp: values.totp } : {}) });
      setMe(me);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.problem.totpRequired) setNeedTotp(true);
        setError(e.problem.detail);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #fdf3f3 0%, #f5f5f5 60%)' }}>
      <div style={{ width: 400 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={2} style={{ color: '#b4232a', marginBottom: 4 }}>
            {t('appName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('appSubtitle')}</Typography.Text>
        </div>
        <Card>
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('username') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('password') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            {needTotp && (
              <Form.Item name="totp" label={t('totp')} rules={[{ required: true, pattern: /^\d{6}$/, message: '6 位数字 / 6 digits' }]}>
                <Input prefix={<SafetyOutlined />} inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="login-totp" autoFocus />
              </Form.Item>
            )}
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('signIn')}
            </Button>
          </Form>
          <div style={{ textAlign: 'right', marginTop: 8 }}>
            <Button type="link" size="small" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {t('language')}
            </Button>
          </div>
        </Card>
        {config.data?.demo && (
          <Card size="small" style={{ marginTop: 16 }}>
            {config.data.demoPasswordChangeWaived && <Alert type="info" showIcon title={t('demoWaiver')} style={{ marginBottom: 8 }} data-testid="demo-waiver" />}
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'demo',
                  label: `${t('demoAccounts')}（${t('demoPasswordHint')} Luoshi@2026）`,
                  children: config.data.demoAccounts.map((a) => (
                    <div key={a.username}>
                      <Button type="link" size="small" onClick={() => form.setFieldsValue({ username: a.username, password: 'Luoshi@2026' })}>
                        {a.username}
                      </Button>
                      <Typography.Text type="secondary">{a.label}</Typography.Text>
                    </div>
                  )),
                },
              ]}
            />
          </Card>
        )}
      </div>
    </div>
  );
}
