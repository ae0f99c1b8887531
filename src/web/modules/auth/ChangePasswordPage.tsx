import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useMe, useSetMe } from '../../app/session';
import { applyServerErrors } from '../../components/form-errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { authApi, authKeys } from './api';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Change my password; also the page everyone with an initial password is sent to first. The server checks the
 * policy and says what is wrong next to the field; the browser only checks length and that both entries match.
 */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { data: me } = useMe();
  const setMe = useSetMe();
  const navigate = useNavigate();
  const config = useQuery({ queryKey: authKeys.config, queryFn: authApi.config });
  const min = config.data?.passwordPolicy.minLength ?? 8;
  const classes = config.data?.passwordPolicy.minClasses ?? 3;

  async function submit(v: PasswordValues) {
    setError(null);
    setBusy(true);
    try {
      // The server ends every session and renews this one: the answer carries the new CSRF token (setMe stores it).
      const fresh = await authApi.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      setMe(fresh);
      message.success(t('changed'));
      navigate('/', { replace: true });
    } catch (e) {
      if (!applyServerErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('menu.password')} style={{ maxWidth: 520 }}>
      {me?.mustChangePassword && (
        <Alert type="warning" showIcon title={t('mustChange')} style={{ marginBottom: 16 }} data-testid="must-change" />
      )}
      <Typography.Paragraph type="secondary" data-testid="password-policy">
        {t('passwordPolicy', { min, classes })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy}>
        <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('newPassword')}
          rules={[{ required: true }, { min, message: t('passwordTooShort', { min }) }]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <ErrorAlert error={error} style={{ marginBottom: 16 }} />
        <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password-submit">
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}
