import { Alert, Button, Card, Form, Input, InputNumber, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { testIdButton } from '../../components/test-id';
import type { ReportingRules } from '../../../shared/domain/cadence';
import { reportingQuery, settingsApi, settingsKeys } from './api';
import { useSettingsT } from './i18n';
import { useVersionedForm } from './useVersionedForm';

const pick = (r: ReportingRules): ReportingRules => ({
  weeklyDueWeekday: r.weeklyDueWeekday,
  cutoff: r.cutoff,
  monthlyDueDay: r.monthlyDueDay,
});

/**
 * 进展报送规则: when reports fall due (weekday, cut-off time, day of the month), set by the supervision office.
 * The settings row is shared with the light thresholds, so a save also refreshes that card's version.
 */
export function ReportingCard() {
  const t = useSettingsT();
  const { t: common } = useI18n();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['supervision_office']);
  const qc = useQueryClient();
  const q = useQuery(reportingQuery());
  const [form] = Form.useForm<ReportingRules>();
  const { save, conflict, formError, onFinish, onValuesChange } = useVersionedForm<
    ReportingRules,
    ReportingRules & { version: number }
  >({
    form,
    data: q.data,
    queryKey: settingsKeys.reporting,
    fetchFresh: () => qc.fetchQuery({ ...reportingQuery(), staleTime: 0 }),
    pick,
    save: (version, v) => settingsApi.setReporting(version, v),
    saved: t('reportingSaved'),
    alsoRefresh: settingsKeys.lights,
  });

  return (
    <Card
      title={
        <Space>
          <ClockCircleOutlined />
          {t('reportingTitle')}
        </Space>
      }
      extra={
        q.data && (
          <Tag color={q.data.custom ? 'blue' : 'default'}>
            {q.data.custom ? t('lightsCustom', { version: q.data.version }) : t('lightsDefault')}
          </Tag>
        )
      }
      data-testid="reporting-card"
    >
      <Typography.Paragraph type="secondary">{t('reportingIntro')}</Typography.Paragraph>
      {me && !canEdit && <Alert type="info" showIcon title={t('reportingReadOnly')} style={{ marginBottom: 16 }} />}
      {q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          {conflict && <Alert type="warning" showIcon title={t('versionConflict')} style={{ marginBottom: 16 }} />}
          <Form<ReportingRules>
            form={form}
            layout="inline"
            disabled={!canEdit}
            onFinish={onFinish}
            onValuesChange={onValuesChange}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="weeklyDueWeekday" label={t('weeklyDue')} rules={[{ required: true }]}>
              <Select
                style={{ width: 110 }}
                data-testid="reporting-weekday"
                options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`weekday${d}` as 'weekday1') }))}
              />
            </Form.Item>
            <Form.Item
              name="cutoff"
              label={t('cutoff')}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}
            >
              <Input style={{ width: 90 }} placeholder="17:00" data-testid="reporting-cutoff" />
            </Form.Item>
            <Form.Item
              name="monthlyDueDay"
              label={t('monthlyDue')}
              extra={t('monthlyDueHelp')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={31} precision={0} data-testid="reporting-monthly" />
            </Form.Item>
            {canEdit && (
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={save.isPending} {...testIdButton('reporting-save')}>
                  {common('save')}
                </Button>
              </Form.Item>
            )}
          </Form>
          <ErrorAlert error={formError} style={{ marginTop: 12 }} />
        </>
      )}
    </Card>
  );
}
