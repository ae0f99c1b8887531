import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useMe, useSetMe } from '../../app/session';
import { applyServerErrors } from '../../components/form-errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { authApi } from './api';

export function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const [error, setError] = useState<unknown>(null);
  const { data: me } = useMe();
  const setMe = useSetMe();
  const navigate = useNavigate();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: authApi.config });
  const min = config.data?.passwordPolicy.minLength ?? 8;

  async function submit(v: { currentPassword: string; newPassword: string }) {
    setError(null);
    try {
      const fresh = await authApi.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      setMe(fresh);
      message.success(t('changed'));
      navigate('/', { replace: true });
    } catch (e) {
      if (!applyServerErrors(form, e)) setError(e);
    }
  }

  return (
    <Card title={t('menu.password')} style={{ maxWidth: 520 }}>
      {me?.mustChangePassword && <Alert type="warning" showIcon title={t('mustChange')} style={{ marginBottom: 16 }} data-testid="must-change" />}
      <Typography.Paragraph type="secondary">{t('passwordPolicy', { min })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('newPassword')} rules={[{ required: true }, { min, message: t('passwordPolicy', { min }) }]}>
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('confirmPassword')}
          dependencies={['newPassword']}
          rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('passwordsDiffer')))) })]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <ErrorAlert error={error} style={{ marginBottom: 16 }} />
        <Button type="primary" htmlType="submit" data-testid="change-password-submit">
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}
