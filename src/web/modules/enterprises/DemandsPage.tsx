import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CloseOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { download } from '../../lib/api';
import { beijingMinute as formatDateTime } from '../../lib/time';
import {
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  DEMAND_SOURCE_LABELS,
  RATING_LABELS,
} from '../../../shared/domain/demands';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import type { DemandOut } from '../../../shared/enterprises';
import { orgApi, orgKeys } from '../org/api';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT, type EnterpriseKey } from './i18n';
import { withParam } from '../../lib/url-params';

type Clock = DemandOut['clocks']['contact'];
const CLOCK: Record<Clock, { key: EnterpriseKey; color: string }> = {
  on_time: { key: 'clockOnTime', color: 'green' },
  late: { key: 'clockLate', color: 'orange' },
  pending: { key: 'clockPending', color: 'blue' },
  overdue: { key: 'clockOverdue', color: 'red' },
};
function Clocks({ d }: { d: DemandOut }) {
  const t = useEnterpriseT();
  return (
    <Space size={2} wrap>
      {(['contact', 'reply', 'resolve'] as const).map((k) => (
        <Tag key={k} color={CLOCK[d.clocks[k]].color} data-testid={`clock-${k}`}>
          {t(`${k}Clock` as EnterpriseKey)} {t(CLOCK[d.clocks[k]].key)}
        </Tag>
      ))}
    </Space>
  );
}

/** 企业诉求: the demands the caller sees (a unit its own), with their limits, and the office's export. */
export default function DemandsPage() {
  const t = useEnterpriseT();
  const { label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [recording, setRecording] = useState(false);
  const [created, setCreated] = useState<{ trackingCode: string; link: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const recorder = hasRole(me, ['supervision_office', 'principal', 'unit_admin', 'unit_clerk']);
  const page = Number(params.get('page') ?? 1);
  const query = {
    status: params.get('status') ?? 'open',
    category: params.get('category') ?? undefined,
    late: params.get('late') ?? undefined,
    overdue: params.get('overdue') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const set = (k: string, v: string | undefined) => setParams(withParam(params, k, v, true));
  const list = useQuery({
    queryKey: enterpriseKeys.demandList({ ...query, page }),
    queryFn: () => enterpriseApi.demands({ ...query, page, pageSize: 20 }),
  });
  const limits = useQuery({ queryKey: enterpriseKeys.limits, queryFn: enterpriseApi.limits });
  const [enterpriseSearch, setEnterpriseSearch] = useState('');
  const enterprises = useQuery({
    queryKey: enterpriseKeys.list({ q: enterpriseSearch, pick: true }),
    queryFn: () => enterpriseApi.list({ q: enterpriseSearch || undefined, pageSize: 50 }),
    enabled: recording,
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: recording });
  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) => enterpriseApi.createDemand(body),
    onSuccess: (r) => {
      setRecording(false);
      setCreated(r);
      void qc.invalidateQueries({ queryKey: enterpriseKeys.demands });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  const policy = limits.data?.items.find((i) => i.category === 'policy');
  return (
    <Card
      title={t('demandsTitle')}
      data-testid="demands-page"
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download('/api/v1/demands/export', query).catch((e) => message.error(String(e.message)))}
          >
            {t('export')}
          </Button>
          {recorder && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.resetFields();
                setError(null);
                setRecording(true);
              }}
              data-testid="demand-new"
            >
              {t('recordDemand')}
            </Button>
          )}
        </Space>
      }
    >
      {policy && (
        <Typography.Paragraph type="secondary">
          {t('limitsNote', { contact: policy.contactHours, reply: policy.replyDays, resolve: policy.resolveDays })}
        </Typography.Paragraph>
      )}
      {created && (
        <Alert
          type="success"
          closable
          onClose={() => setCreated(null)}
          style={{ marginBottom: 12 }}
          message={`${t('trackingCode')}：${created.trackingCode}`}
          description={
            <>
              {t('linkOnce')}
              <Typography.Text copyable>{`${window.location.origin}${created.link}`}</Typography.Text>
            </>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group
          value={query.status}
          onChange={(e) => set('status', e.target.value)}
          optionType="button"
          data-testid="demand-status"
          options={[
            { value: 'open', label: t('statusOpen') },
            { value: 'unrouted', label: t('statusUnrouted') },
            { value: 'awaiting_rating', label: t('statusAwaiting') },
            { value: 'closed', label: t('statusClosed') },
            { value: 'all', label: t('statusAll') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('category')}
          style={{ width: 150 }}
          value={query.category}
          onChange={(v) => set('category', v)}
          options={DEMAND_CATEGORIES.map((c) => ({ value: c, label: label(DEMAND_CATEGORY_LABELS[c]) }))}
        />
        <Checkbox checked={query.late === 'true'} onChange={(e) => set('late', e.target.checked ? 'true' : undefined)}>
          {t('lateOnly')}
        </Checkbox>
        {/* 超过办结时限: the cockpit's overdue figure opens the list with it (the same definition on the server). */}
        <Tooltip title={t('overdueOnlyHint')}>
          <Tag.CheckableTag
            checked={query.overdue === 'true'}
            onChange={(on) => set('overdue', on ? 'true' : undefined)}
            data-testid="demand-overdue-filter"
            style={{ border: '1px solid #ffa39e', padding: '1px 8px' }}
          >
            {t('overdueOnly')}
            {query.overdue === 'true' && <CloseOutlined style={{ marginLeft: 4, fontSize: 10 }} />}
          </Tag.CheckableTag>
        </Tooltip>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          defaultValue={query.q}
          onSearch={(v) => set('q', v || undefined)}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<DemandOut>
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        onRow={(d) =>
          ({
            'data-testid': `demand-row-${d.trackingCode}`,
            onClick: () => navigate({ pathname: `/demands/${d.id}`, search: params.toString() }),
            style: { cursor: 'pointer' },
          }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => setParams(withParam(params, 'page', String(p))),
        }}
        columns={[
          { title: t('trackingCode'), dataIndex: 'trackingCode', width: 150 },
          { title: t('enterprise'), dataIndex: 'enterpriseName', width: 200 },
          { title: t('text'), dataIndex: 'text', ellipsis: true },
          {
            title: t('category'),
            key: 'category',
            width: 120,
            render: (_, d) => label(DEMAND_CATEGORY_LABELS[d.category]),
          },
          { title: t('handlingUnit'), dataIndex: 'handlingUnitName', width: 140 },
          { title: t('receivedAt'), key: 'at', width: 150, render: (_, d) => formatDateTime(d.receivedAt) },
          { title: t('status'), key: 'state', width: 100, render: (_, d) => <Tag>{label(STATE_LABELS[d.state])}</Tag> },
          { title: t('limits'), key: 'clocks', width: 230, render: (_, d) => <Clocks d={d} /> },
          {
            title: t('rating'),
            key: 'rating',
            width: 90,
            render: (_, d) => (d.rating ? label(RATING_LABELS[d.rating]) : d.firstRating ? t('reopened') : ''),
          },
        ]}
      />
      <Modal
        open={recording}
        title={t('recordDemand')}
        onCancel={() => setRecording(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: record.isPending }}
        width={640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ source: 'visit', category: 'policy', coUnitIds: [] }}
          onFinish={(v) => {
            setError(null);
            record.mutate(v);
          }}
        >
          <Form.Item name="enterpriseId" label={t('enterprise')} rules={[{ required: true }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setEnterpriseSearch}
              options={(enterprises.data?.items ?? []).map((e) => ({
                value: e.id,
                label: `${e.name}（${e.creditCode}）`,
              }))}
            />
          </Form.Item>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="category" label={t('category')} style={{ flex: 1 }}>
              <Select options={DEMAND_CATEGORIES.map((c) => ({ value: c, label: label(DEMAND_CATEGORY_LABELS[c]) }))} />
            </Form.Item>
            <Form.Item name="source" label={t('source')} style={{ flex: 1 }}>
              <Select
                options={(['visit', 'hotline', 'leader', 'office'] as const).map((s) => ({
                  value: s,
                  label: label(DEMAND_SOURCE_LABELS[s]),
                }))}
              />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="text" label={t('text')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="handlingUnitId" label={t('handlingUnit')} extra={t('handlingUnitHint')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </Card>
  );
}
