import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Token {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');

/** Personal API tokens: for scripts and other systems; shown once, stored hashed, revocable. */
export default function ApiTokensPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['api-tokens'], queryFn: () => api<{ items: Token[] }>('GET', '/api/v1/api-tokens') });
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: { name: string; expiresInDays?: number }) => api<Token & { token: string }>('POST', '/api/v1/api-tokens', { body: { name: v.name, expiresInDays: v.expiresInDays ?? null } }),
    onSuccess: (r) => (setCreating(false), setShown(r.token), qc.invalidateQueries({ queryKey: ['api-tokens'] })),
  });
  const revoke = useMutation({ mutationFn: (id: string) => api('POST', `/api/v1/api-tokens/${id}/revoke`), onSuccess: () => (message.success('已吊销'), qc.invalidateQueries({ queryKey: ['api-tokens'] })) });

  return (
    <Card title="API 令牌" extra={<Button type="primary" onClick={() => setCreating(true)}>新建令牌</Button>}>
      <Typography.Paragraph type="secondary">供脚本或其他系统以您的身份调用接口：请求头 Authorization: Bearer &lt;令牌&gt;。权限与您的账户相同，可随时吊销。</Typography.Paragraph>
      <ErrorAlert error={list.error ?? revoke.error} />
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '还没有令牌' }}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '前缀', dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: '创建时间', dataIndex: 'createdAt', render: fmt },
          { title: '最近使用', dataIndex: 'lastUsedAt', render: fmt },
          { title: '到期', dataIndex: 'expiresAt', render: fmt },
          { title: '状态', key: 's', render: (_: unknown, t: Token) => (t.revokedAt ? <Tag>已吊销</Tag> : <Tag color="green">有效</Tag>) },
          {
            title: '操作',
            key: 'a',
            render: (_: unknown, t: Token) =>
              !t.revokedAt && (
                <Popconfirm title="吊销后使用该令牌的程序将无法访问，确定？" onConfirm={() => revoke.mutate(t.id)}>
                  <Button type="link" danger>
                    吊销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title="新建 API 令牌" footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label="用途" rules={[{ required: true, max: 60 }]}>
            <Input placeholder="如：县大数据平台对接" />
          </Form.Item>
          <Form.Item name="expiresInDays" label="有效天数（留空为不过期）">
            <InputNumber min={1} max={3650} />
          </Form.Item>
          <ErrorAlert error={create.error} />
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            创建
          </Button>
        </Form>
      </Modal>
      <Modal open={shown !== null} title="请立即复制令牌" onOk={() => setShown(null)} onCancel={() => setShown(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon title="令牌只显示这一次，关闭后无法再次查看。" style={{ marginBottom: 12 }} />
        <Space>
          <Typography.Text code copyable>
            {shown}
          </Typography.Text>
        </Space>
      </Modal>
    </Card>
  );
}
