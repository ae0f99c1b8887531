import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Slider, Space, Tag, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ConflictAlert, ErrorAlert } from '../../components/ErrorAlert';
import { testIdButton } from '../../components/test-id';
import { DEFAULT_THRESHOLDS, type LightThresholds } from '../../../shared/domain/light';
import { lightsQuery, settingsApi, settingsKeys, type Thresholds } from './api';
import { useSettingsT } from './i18n';
import { ReportingCard } from './ReportingCard';
import { useVersionedForm } from './useVersionedForm';

const COLORS = { red: '#cf1322', yellow: '#d4b106', green: '#389e0d' } as const;
const dot = (c: string) => (
  <span
    style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: c, marginInlineEnd: 6 }}
  />
);

/** The light the shared rule gives for a gap of `gap` points (src/shared/domain/light.ts: red when > red, yellow when ≥ yellow). */
function lightFor(gap: number, t: Partial<LightThresholds>): keyof typeof COLORS {
  if (t.redGap !== undefined && t.redGap !== null && gap > t.redGap) return 'red';
  if (t.yellowGap !== undefined && t.yellowGap !== null && gap >= t.yellowGap) return 'yellow';
  return 'green';
}

const pick = (x: Thresholds): LightThresholds => ({
  dueSoonWorkingDays: x.dueSoonWorkingDays,
  yellowGap: x.yellowGap,
  redGap: x.redGap,
});

/** 亮灯规则: the three thresholds of the light rule, set by the supervision office, versioned (If-Match). */
export default function LightsPage() {
  const t = useSettingsT();
  const { t: common } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['supervision_office']);
  const qc = useQueryClient();
  const q = useQuery(lightsQuery());
  const [form] = Form.useForm<LightThresholds>();
  const [exampleProgress, setExampleProgress] = useState(30);
  const values = Form.useWatch([], form) as Partial<LightThresholds> | undefined;

  const { save, conflict, formError, onFinish, onValuesChange } = useVersionedForm<LightThresholds, Thresholds>({
    form,
    data: q.data,
    queryKey: settingsKeys.lights,
    fetchFresh: () => qc.fetchQuery({ ...lightsQuery(), staleTime: 0 }),
    pick,
    save: (version, v) => settingsApi.setLights(version, v),
    saved: t('lightsSaved'),
    alsoRefresh: settingsKeys.reporting,
  });

  const current = q.data;
  const gap = 50 - exampleProgress;
  const exampleLight = lightFor(gap, values ?? {});

  const number = (min: number, max: number, suffix: string, testId: string) => (
    <InputNumber min={min} max={max} precision={0} suffix={suffix} style={{ width: 200 }} data-testid={testId} />
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <BulbOutlined />
            {t('lightsTitle')}
          </Space>
        }
        extra={
          current && (
            <Tag color={current.custom ? 'blue' : 'default'} data-testid="lights-state">
              {current.custom ? t('lightsCustom', { version: current.version }) : t('lightsDefault')}
            </Tag>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('lightsIntro')}</Typography.Paragraph>
        <Typography.Paragraph>
          <ul style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            <li>
              {dot(COLORS.red)}
              {t('lightsRed')}
            </li>
            <li>
              {dot(COLORS.yellow)}
              {t('lightsYellow')}
            </li>
            <li>
              {dot(COLORS.green)}
              {t('lightsGreen')}
            </li>
          </ul>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('lightsProgress')}</Typography.Paragraph>
        {me && !canEdit && <Alert type="info" showIcon title={t('lightsReadOnly')} style={{ marginBottom: 16 }} />}
        {q.error ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={q.error} />
            <Button onClick={() => q.refetch()}>{common('retry')}</Button>
          </Space>
        ) : q.isLoading ? (
          <Skeleton active paragraph={{ rows: 6 }} data-testid="lights-loading" />
        ) : (
          <Row gutter={32}>
            <Col xs={24} lg={13}>
              {conflict && <ConflictAlert title={t('versionConflict')} />}
              <Form<LightThresholds>
                form={form}
                layout="vertical"
                disabled={!canEdit}
                onFinish={onFinish}
                onValuesChange={onValuesChange}
              >
                <Form.Item
                  name="dueSoonWorkingDays"
                  label={t('dueSoon')}
                  extra={t('dueSoonHelp')}
                  rules={[{ required: true }]}
                >
                  {number(0, 30, t('workingDays'), 'lights-due-soon')}
                </Form.Item>
                <Form.Item
                  name="yellowGap"
                  label={t('yellowGap')}
                  extra={t('yellowGapHelp')}
                  rules={[{ required: true }]}
                >
                  {number(1, 100, t('points'), 'lights-yellow')}
                </Form.Item>
                <Form.Item
                  name="redGap"
                  label={t('redGap')}
                  extra={t('redGapHelp')}
                  dependencies={['yellowGap']}
                  rules={[
                    { required: true },
                    ({ getFieldValue }) => ({
                      validator: async (_, v: number | null) => {
                        const y = getFieldValue('yellowGap') as number | null;
                        if (v !== null && v !== undefined && y !== null && y !== undefined && v <= y)
                          throw new Error(t('redMustExceedYellow'));
                      },
                    }),
                  ]}
                >
                  {number(1, 100, t('points'), 'lights-red')}
                </Form.Item>
                <ErrorAlert error={formError} style={{ marginBottom: 16 }} />
                {canEdit && (
                  <Space>
                    <Button type="primary" htmlType="submit" loading={save.isPending} {...testIdButton('lights-save')}>
                      {common('save')}
                    </Button>
                    <Button
                      onClick={() => {
                        form.setFieldsValue(DEFAULT_THRESHOLDS);
                        message.info(
                          t('defaultsFilled', {
                            due: DEFAULT_THRESHOLDS.dueSoonWorkingDays,
                            yellow: DEFAULT_THRESHOLDS.yellowGap,
                            red: DEFAULT_THRESHOLDS.redGap,
                          }),
                        );
                      }}
                      data-testid="lights-defaults"
                    >
                      {t('restoreDefaults')}
                    </Button>
                  </Space>
                )}
              </Form>
            </Col>
            <Col xs={24} lg={11}>
              <Card size="small" type="inner" title={t('example')}>
                <Typography.Paragraph>
                  {t('exampleText', { progress: exampleProgress, gap: Math.max(0, gap) })}
                </Typography.Paragraph>
                <Slider
                  min={0}
                  max={100}
                  value={exampleProgress}
                  onChange={setExampleProgress}
                  tooltip={{ formatter: (v) => `${v}%` }}
                />
                <Typography.Text strong data-testid="lights-example">
                  {dot(COLORS[exampleLight])}
                  {t(exampleLight === 'red' ? 'lightRed' : exampleLight === 'yellow' ? 'lightYellow' : 'lightGreen')}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
        )}
      </Card>
      <ReportingCard />
    </Space>
  );
}
