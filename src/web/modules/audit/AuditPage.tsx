import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { api, download } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';

interface AuditEvent {
  seq: number;
  at: string;
  username: string | null;
  roles: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  requestId: string | null;
  detail: unknown;
  hash: string;
}

const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出',
  'auth.password.change': '修改密码',
  'auth.password.reset': '重置密码',
  'auth.unlock': '解锁账户',
  'auth.totp.enable': '启用动态验证码',
  'auth.totp.reset': '重置动态验证码',
  'access.denied': '越权访问被拒',
  'unit.create': '新建单位',
  'unit.update': '修改单位',
  'unit.move': '移动单位',
  'unit.deactivate': '停用单位',
  'unit.reactivate': '恢复单位',
  'person.create': '新建人员',
  'person.update': '修改人员',
  'person.deactivate': '停用账户',
  'person.reactivate': '恢复账户',
  'person.roles': '角色变更',
  'person.export': '导出人员',
  'org.import.preview': '导入校验',
  'org.import.commit': '导入提交',
  'token.create': '创建 API 令牌',
  'token.revoke': '吊销 API 令牌',
  'audit.view': '查看审计日志',
  'audit.export': '导出审计日志',
  'audit.verify': '校验审计日志',
  'task.create': '新建任务',
  'task.assign': '交办任务',
  'task.export': '导出台账',
  'calendar.set': '修改工作日历',
  'settings.lights': '修改亮灯规则',
};
const RESULT: Record<string, { color: string; label: string }> = { success: { color: 'green', label: '成功' }, failure: { color: 'red', label: '失败' }, denied: { color: 'orange', label: '拒绝' } };

interface Filters {
  range?: [Dayjs, Dayjs];
  action?: string;
  result?: string;
  q?: string;
}

/** 审计日志: for the audit administrator only; viewing it is itself recorded. */
export default function AuditPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const query = {
    from: filters.range?.[0]?.format('YYYY-MM-DD'),
    to: filters.range?.[1]?.format('YYYY-MM-DD'),
    action: filters.action,
    result: filters.result,
    q: filters.q,
  };
  const list = useQuery({ queryKey: ['audit', query, page], queryFn: () => api<{ items: AuditEvent[]; total: number }>('GET', '/api/v1/audit-events', { query: { ...query, ...page } }) });
  const verify = useMutation({ mutationFn: () => api<{ ok: boolean; checked: number; brokenAtSeq?: number }>('POST', '/api/v1/audit-events/verify') });

  return (
    <Card
      title="审计日志"
      extra={
        <Space>
          <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
            校验哈希链
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/v1/audit-events/export', query)}>
            导出 Excel
          </Button>
        </Space>
      }
    >
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={verify.data.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          title={verify.data.ok ? `哈希链完整：已校验 ${verify.data.checked} 条记录` : `哈希链在第 ${verify.data.brokenAtSeq} 条记录处断裂，记录可能被篡改`}
        />
      )}
      <ErrorAlert error={verify.error ?? list.error} style={{ marginBottom: 16 }} />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v: Filters) => (setFilters(v), setPage((p) => ({ ...p, page: 1 })))}>
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="action">
          <Select placeholder="操作" allowClear showSearch style={{ width: 180 }} options={Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` }))} data-testid="audit-action" />
        </Form.Item>
        <Form.Item name="result">
          <Select placeholder="结果" allowClear style={{ width: 100 }} options={Object.entries(RESULT).map(([value, r]) => ({ value, label: r.label }))} />
        </Form.Item>
        <Form.Item name="q">
          <Input placeholder="用户、IP、对象" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="audit-filter">
          查询
        </Button>
      </Form>
      <Table
        rowKey="seq"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '没有符合条件的记录' }}
        expandable={{ rowExpandable: (r) => r.detail !== null, expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.detail, null, 2)}</pre> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => `共 ${n} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          { title: '时间', dataIndex: 'at', width: 210, render: (v: string) => v.replace('T', ' ').slice(0, 19) + ' +08:00' },
          { title: '用户', dataIndex: 'username', width: 110 },
          { title: '角色', dataIndex: 'roles', width: 130 },
          { title: 'IP', dataIndex: 'ip', width: 120 },
          { title: '操作', dataIndex: 'action', render: (a: string) => <span data-testid="audit-row-action">{ACTION_LABELS[a] ?? a} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a}</Typography.Text></span> },
          { title: '对象', key: 'object', render: (_: unknown, r: AuditEvent) => (r.objectType ? `${r.objectType} ${r.objectId ?? ''}` : '—') },
          { title: '结果', dataIndex: 'result', width: 70, render: (v: string) => <Tag color={RESULT[v]?.color}>{RESULT[v]?.label ?? v}</Tag> },
          { title: '请求编号', dataIndex: 'requestId', width: 120, render: (v: string | null) => <Typography.Text ellipsis style={{ width: 110 }}>{v}</Typography.Text> },
          { title: '哈希', dataIndex: 'hash', width: 90, render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
