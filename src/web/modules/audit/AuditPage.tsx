import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, download } from '../../lib/api';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/role-labels';
import { auditApi, auditListQuery, type AuditEvent, type AuditFilter } from './api';
import { ACTION_LABELS, OBJECT_LABELS, RESULT_LABELS, useAuditT } from './i18n';

interface FilterForm {
  range?: [Dayjs | null, Dayjs | null] | null;
  action?: string;
  result?: AuditFilter['result'];
  q?: string;
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
/** `2026-11-23T04:11:05.466+08:00` → `2026-11-23 04:11:05 +08:00`: the server's own clock reading and offset, not re-computed here. */
const showTime = (at: string) => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(at);
  return m ? `${m[1]} ${m[2]} ${m[3] === 'Z' ? '+00:00' : m[3]}` : at;
};
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(s);

/** 审计日志: for the audit administrator only; every read of it is itself recorded on the server. */
export default function AuditPage() {
  const t = useAuditT();
  const { t: common, label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const allowed = !me || hasRole(me, ['audit_admin']);
  const list = useQuery({ ...auditListQuery(filter, page.page, page.pageSize), enabled: allowed });
  const verify = useMutation({ mutationFn: auditApi.verify });

  if (!allowed) return <Result status="403" title={t('noPermission')} subTitle={t('onlyAuditAdmin')} />;

  const apply = (v: FilterForm) => {
    setFilter({
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      action: v.action || undefined,
      result: v.result,
      q: v.q?.trim() || undefined,
    });
    setPage((p) => ({ ...p, page: 1 }));
  };

  const actionLabel = (a: string) => (ACTION_LABELS[a] ? label(ACTION_LABELS[a]) : a);
  const columns: TableColumnsType<AuditEvent> = [
    { title: t('seq'), dataIndex: 'seq', width: 80 },
    {
      title: t('time'),
      dataIndex: 'at',
      width: 200,
      render: (v: string) => (
        <Tooltip title={v}>
          <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{showTime(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('user'),
      dataIndex: 'username',
      width: 120,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('anonymous')}</Typography.Text>,
    },
    {
      title: t('roles'),
      dataIndex: 'roles',
      width: 140,
      render: (v: string | null) =>
        v ? (
          <Space size={[0, 4]} wrap>
            {v.split(',').map((r) => (
              <Tag key={r} title={r}>
                {isRole(r) ? label(ROLE_LABELS[r]) : r}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t('action'),
      dataIndex: 'action',
      width: 190,
      render: (a: string) => (
        <span data-testid="audit-row-action">
          {actionLabel(a)}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
            {a}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('object'),
      key: 'object',
      width: 200,
      render: (_, r) => {
        if (!r.objectType) return '—';
        const type = OBJECT_LABELS[r.objectType] ? label(OBJECT_LABELS[r.objectType]) : r.objectType;
        if (!r.objectId) return type;
        return (
          <span>
            {type}{' '}
            {isUuid(r.objectId) ? (
              <Tooltip title={r.objectId}>
                <Typography.Text type="secondary" copyable={{ text: r.objectId }}>
                  {r.objectId.slice(0, 8)}
                </Typography.Text>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary">{r.objectId}</Typography.Text>
            )}
          </span>
        );
      },
    },
    {
      title: t('result'),
      dataIndex: 'result',
      width: 80,
      render: (v: string) => (
        <Tag color={RESULT_LABELS[v]?.color}>{RESULT_LABELS[v] ? label(RESULT_LABELS[v]) : v}</Tag>
      ),
    },
    {
      title: t('requestId'),
      dataIndex: 'requestId',
      width: 120,
      render: (v: string | null) =>
        v ? (
          <Tooltip title={v}>
            <Typography.Text copyable={{ text: v }} style={{ fontSize: 12 }}>
              {v.slice(0, 8)}
            </Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('hash'),
      dataIndex: 'hash',
      width: 110,
      render: (v: string) => (
        <Tooltip title={<span style={{ wordBreak: 'break-all' }}>{v}</span>}>
          <Typography.Text code style={{ fontSize: 12 }}>
            {v.slice(0, 10)}
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Button
            icon={<SafetyCertificateOutlined />}
            onClick={() => verify.mutate()}
            loading={verify.isPending}
            data-testid="audit-verify"
          >
            {t('verify')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              download('/api/v1/audit-events/export', { ...filter }).catch((e: unknown) =>
                message.error(e instanceof ApiError ? e.problem.detail : String(e)),
              )
            }
            data-testid="audit-export"
          >
            {t('exportExcel')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          type={verify.data.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          title={
            verify.data.ok
              ? t('verifyOk', { n: verify.data.checked })
              : t('verifyBroken', { seq: verify.data.brokenAtSeq ?? '?', n: verify.data.checked })
          }
          description={
            verify.data.problems.length > 0 &&
            verify.data.problems.map((p) => <div key={p.kind}>{label(p.message)}</div>)
          }
        />
      )}
      <ErrorAlert error={verify.error} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={apply}
        // Pickers apply at once; the text box on Enter or 查询.
        onValuesChange={(changed: Partial<FilterForm>) => !('q' in changed) && form.submit()}
      >
        <Form.Item name="range">
          <DatePicker.RangePicker
            placeholder={[t('from'), t('to')]}
            allowEmpty={[true, true]}
            data-testid="audit-range"
          />
        </Form.Item>
        <Form.Item name="action">
          <Select
            placeholder={t('action')}
            allowClear
            showSearch={{ optionFilterProp: 'search' }}
            style={{ width: 240 }}
            options={Object.keys(ACTION_LABELS).map((code) => ({
              value: code,
              search: `${actionLabel(code)} ${code}`,
              label: `${actionLabel(code)}（${code}）`,
            }))}
            data-testid="audit-action"
          />
        </Form.Item>
        <Form.Item name="result">
          <Select
            placeholder={t('result')}
            allowClear
            style={{ width: 110 }}
            options={Object.keys(RESULT_LABELS).map((value) => ({ value, label: label(RESULT_LABELS[value]!) }))}
            data-testid="audit-result"
          />
        </Form.Item>
        <Form.Item name="q">
          <Input
            placeholder={t('q')}
            allowClear
            prefix={<SearchOutlined />}
            style={{ width: 240 }}
            onPressEnter={() => form.submit()}
            data-testid="audit-q"
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-filter">
            {t('query')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => (form.resetFields(), form.submit())}>
            {common('reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1400 }}
        locale={{ emptyText: list.isLoading ? common('loading') : t('empty') }}
        expandable={{
          rowExpandable: (r) => r.detail !== null && r.detail !== undefined,
          expandedRowRender: (r) => (
            <pre
              style={{
                margin: 0,
                padding: 12,
                background: '#fafafa',
                border: '1px solid #f0f0f0',
                borderRadius: 4,
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-all',
                fontSize: 12,
              }}
              data-testid="audit-detail"
            >
              {JSON.stringify(r.detail, null, 2)}
            </pre>
          ),
        }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('total', { n }),
          onChange: (p, s) => setPage({ page: s === page.pageSize ? p : 1, pageSize: s }),
        }}
        data-testid="audit-table"
      />
    </Card>
  );
}
