import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { hasRole, useMe } from '../../app/session';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { countyNow } from '../../lib/time';
import { MEETING_KINDS, MEETING_KIND_LABELS, MEETING_STATE_LABELS } from '../../../shared/domain/meetings';
import { meetingApi, meetingKeys, type Meeting } from './api';
import { useMeetingsT } from './i18n';

const STATE_COLOR = { planned: 'default', held: 'blue', minutes_issued: 'red' } as const;

/** The chairs a meeting may have: the county's leaders and principals. */
export function useChairs() {
  return useQuery({
    queryKey: ['people', 'chairs'],
    queryFn: async () => {
      const [l, p] = await Promise.all([
        orgApi.people({ role: 'leader', pageSize: 200 }),
        orgApi.people({ role: 'principal', pageSize: 200 }),
      ]);
      const seen = new Map([...p.items, ...l.items].map((x) => [x.id, x]));
      return [...seen.values()];
    },
  });
}

/**
 * 会议调度: the meetings (a unit sees those that gave it a decision) and, for the office and the leaders, a new
 * meeting whose agenda the server generates from what is late.
 */
export default function MeetingsPage() {
  const me = useMe();
  const canCreate = hasRole(me.data, ['supervision_office', 'principal', 'leader']);
  const isSupervising = hasRole(me.data, ['supervision_office', 'principal']);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { label } = useI18n();
  const t = useMeetingsT();
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: meetingKeys.list, queryFn: meetingApi.list });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: canCreate });
  const chairs = useChairs();
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => meetingApi.create(v),
    onSuccess: async (m) => {
      qc.invalidateQueries({ queryKey: meetingKeys.all });
      const a = await meetingApi.agenda(m.id);
      message.success(t('created', { count: a.items.length }));
      navigate(`/meetings/${m.id}`);
    },
    onError: (e) => applyServerErrors(form, e),
  });

  const columns = [
    { title: t('colDate'), dataIndex: 'date', width: 110 },
    {
      title: t('colKind'),
      dataIndex: 'kind',
      width: 90,
      render: (k: Meeting['kind']) => label(MEETING_KIND_LABELS[k]),
    },
    {
      title: t('colTitle'),
      key: 'title',
      render: (_: unknown, m: Meeting) => <Link to={`/meetings/${m.id}`}>{m.title}</Link>,
    },
    { title: t('colChair'), dataIndex: 'chairName', width: 100 },
    {
      title: t('colState'),
      dataIndex: 'state',
      width: 110,
      render: (s: Meeting['state']) => <Tag color={STATE_COLOR[s]}>{label(MEETING_STATE_LABELS[s])}</Tag>,
    },
    { title: t('colDecisions'), dataIndex: 'decisionCount', width: 90, align: 'right' as const },
    {
      title: t('colMinutes'),
      key: 'minutes',
      width: 100,
      render: (_: unknown, m: Meeting) => (m.minutesNumber ? t('minutesNo', { number: m.minutesNumber }) : '—'),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      {canCreate && (
        <Card title={t('newTitle')} size="small">
          <Form
            form={form}
            layout="inline"
            initialValues={{
              kind: 'scheduling',
              date: countyNow(),
              generateAgenda: true,
              chairId: isSupervising ? undefined : me.data?.id,
            }}
            onFinish={(v) =>
              create.mutate({
                ...v,
                date: v.date.format('YYYY-MM-DD'),
                attendeeUnitIds: v.attendeeUnitIds ?? [],
                place: v.place || null,
              })
            }
            style={{ rowGap: 8 }}
          >
            <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
              <Select
                style={{ width: 110 }}
                options={MEETING_KINDS.map((k) => ({ value: k, label: label(MEETING_KIND_LABELS[k]) }))}
                data-testid="meeting-kind"
              />
            </Form.Item>
            <Form.Item name="title" label={t('title')} rules={[{ required: true, max: 200 }]}>
              <Input style={{ width: 260 }} data-testid="meeting-title" />
            </Form.Item>
            <Form.Item name="date" label={t('date')} rules={[{ required: true }]}>
              <DatePicker data-testid="meeting-date" />
            </Form.Item>
            <Form.Item name="chairId" label={t('chair')} rules={[{ required: true }]}>
              <Select
                style={{ width: 160 }}
                showSearch
                optionFilterProp="label"
                options={(chairs.data ?? []).map((p) => ({
                  value: p.id,
                  label: `${p.displayName}${p.title ? `（${p.title}）` : ''}`,
                }))}
                data-testid="meeting-chair"
              />
            </Form.Item>
            <Form.Item name="place" label={t('place')} rules={[{ max: 100 }]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="attendeeUnitIds" label={t('attendees')}>
              <TreeSelect
                style={{ width: 360 }}
                treeData={unitTree(units.data ?? [], false)}
                multiple
                showSearch
                treeNodeFilterProp="searchText"
                maxTagCount="responsive"
                data-testid="meeting-attendees"
              />
            </Form.Item>
            <Form.Item name="generateAgenda" valuePropName="checked">
              <Checkbox>{t('generate')}</Checkbox>
            </Form.Item>
            <Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                icon={<PlusOutlined />}
                loading={create.isPending}
                data-testid="meeting-create"
              >
                {t('create')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('generateHelp')}
          </Typography.Paragraph>
          <ErrorAlert error={create.error} style={{ marginTop: 8 }} />
        </Card>
      )}
      <ErrorAlert error={list.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('empty') }}
        data-testid="meetings-table"
      />
    </Space>
  );
}
