import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, CopyOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { moduleDictionary } from '../../lib/module-i18n';
import { ApiError } from '../../lib/api';
import { tokenApi, tokenKeys, tokensQuery, tokenState, type ApiToken, type TokenState } from './api';

const useTokensT = moduleDictionary(
  {
    title: 'API 令牌',
    intro: '供脚本或其他系统（如县大数据平台）以您的身份调用接口：在请求头中加上 Authorization: Bearer <令牌>。令牌的权限与您的账户相同，加密保存，可随时吊销。',
    create: '新建令牌',
    createTitle: '新建 API 令牌',
    name: '用途',
    namePlaceholder: '如：县大数据平台对接',
    days: '有效天数',
    daysHelp: '1–3650 天；留空则不过期（不建议）',
    daysUnit: '天',
    submit: '创建',
    empty: '还没有令牌',
    prefix: '令牌前缀',
    createdAt: '创建时间',
    lastUsedAt: '最近使用',
    expiresAt: '到期时间',
    never: '不过期',
    neverUsed: '从未使用',
    state: '状态',
    active: '有效',
    revoked: '已吊销',
    expired: '已过期',
    revoke: '吊销',
    revokeConfirm: '吊销后，使用“{name}”的程序将立即无法访问，确定？',
    revokedMsg: '已吊销',
    shownTitle: '请立即复制令牌',
    shownWarning: '令牌只显示这一次，关闭后无法再次查看；如遗失只能吊销后重新创建。请像密码一样保管，不要发在聊天群里。',
    copy: '复制',
    copied: '已复制',
    copyFailed: '浏览器不允许自动复制，请手动选中复制',
    example: '调用示例',
    done: '我已妥善保存',
  },
  {
    title: 'API tokens',
    intro: 'For scripts and other systems (the county data platform, say) to call the API as you: send the header Authorization: Bearer <token>. A token can do what your account can, is stored hashed, and can be revoked at any time.',
    create: 'New token',
    createTitle: 'New API token',
    name: 'Purpose',
    namePlaceholder: 'e.g. county data platform',
    days: 'Valid for',
    daysHelp: '1–3650 days; empty means it never expires (not advised)',
    daysUnit: 'days',
    submit: 'Create',
    empty: 'No tokens yet',
    prefix: 'Prefix',
    createdAt: 'Created',
    lastUsedAt: 'Last used',
    expiresAt: 'Expires',
    never: 'Never',
    neverUsed: 'Never used',
    state: 'Status',
    active: 'Active',
    revoked: 'Revoked',
    expired: 'Expired',
    revoke: 'Revoke',
    revokeConfirm: 'Programs using “{name}” lose access at once. Revoke it?',
    revokedMsg: 'Revoked',
    shownTitle: 'Copy the token now',
    shownWarning: 'The token is shown this once and cannot be seen again after closing; if lost, revoke it and create another. Keep it like a password.',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'The browser refused to copy: select the text and copy it by hand',
    example: 'Example',
    done: 'I have saved it',
  },
);

const STATE_COLORS: Record<TokenState, string> = { active: 'green', revoked: 'default', expired: 'orange' };

/** Personal API tokens: for scripts and other systems; shown once, stored hashed, revocable. */
export default function ApiTokensPage() {
  const t = useTokensT();
  const { t: common, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery(tokensQuery());
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<(ApiToken & { token: string }) | null>(null);
  const [copied, setCopied] = useState(false);
  const tokenBox = useRef<HTMLTextAreaElement | null>(null);
  const [form] = Form.useForm<{ name: string; expiresInDays?: number | null }>();
  const fmt = (s: string | null, empty: string) => (s ? new Date(s).toLocaleString(locale, { timeZone: 'Asia/Shanghai', hour12: false }) : empty);

  const create = useMutation({
    mutationFn: (v: { name: string; expiresInDays?: number | null }) => tokenApi.create(v.name.trim(), v.expiresInDays ?? null),
    onSuccess: (r) => {
      setCreating(false);
      setCopied(false);
      setShown(r);
      void qc.invalidateQueries({ queryKey: tokenKeys.all });
    },
    onError: (e) => applyServerErrors(form, e),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => tokenApi.revoke(id),
    onSuccess: () => {
      message.success(t('revokedMsg'));
      void qc.invalidateQueries({ queryKey: tokenKeys.all });
    },
    onError: (e) => message.error(e instanceof ApiError ? e.problem.detail : String(e)),
  });

  async function copy() {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.token);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context and permission; selecting the text lets the user copy by hand.
      tokenBox.current?.select();
      message.warning(t('copyFailed'));
    }
  }

  const columns: TableColumnsType<ApiToken> = [
    { title: t('name'), dataIndex: 'name' },
    { title: t('prefix'), dataIndex: 'prefix', width: 160, render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    { title: t('createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => fmt(v, '—') },
    { title: t('lastUsedAt'), dataIndex: 'lastUsedAt', width: 180, render: (v: string | null) => fmt(v, t('neverUsed')) },
    { title: t('expiresAt'), dataIndex: 'expiresAt', width: 180, render: (v: string | null) => fmt(v, t('never')) },
    {
      title: t('state'),
      key: 'state',
      width: 90,
      render: (_, tk) => {
        const s = tokenState(tk);
        return <Tag color={STATE_COLORS[s]}>{t(s)}</Tag>;
      },
    },
    {
      title: common('actions'),
      key: 'actions',
      width: 90,
      render: (_, tk) =>
        !tk.revokedAt && (
          <Popconfirm title={t('revokeConfirm', { name: tk.name })} onConfirm={() => revoke.mutate(tk.id)} okButtonProps={{ ...testIdButton('confirm-ok'), danger: true }}>
            <Button type="link" danger size="small" data-testid={`token-revoke-${tk.name}`}>
              {t('revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          <KeyOutlined />
          {t('title')}
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => (form.resetFields(), create.reset(), setCreating(true))} data-testid="token-create">
          {t('create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<ApiToken>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: list.isLoading ? common('loading') : t('empty') }}
        pagination={false}
        columns={columns}
        onRow={(tk) => ({ style: tokenState(tk) === 'active' ? undefined : { color: 'rgba(0,0,0,0.45)' } })}
        data-testid="token-table"
      />

      <Modal
        open={creating}
        title={t('createTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('submit')}
        confirmLoading={create.isPending}
        okButtonProps={testIdButton('token-submit')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ expiresInDays: 90 }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
            <Input placeholder={t('namePlaceholder')} maxLength={60} data-testid="token-name" />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('days')} extra={t('daysHelp')}>
            <InputNumber min={1} max={3650} precision={0} suffix={t('daysUnit')} style={{ width: 160 }} data-testid="token-days" />
          </Form.Item>
          {create.error && !(create.error instanceof ApiError && create.error.problem.errors?.length) ? <ErrorAlert error={create.error} /> : null}
        </Form>
      </Modal>

      <Modal
        open={shown !== null}
        title={t('shownTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setShown(null)} data-testid="token-done">
            {t('done')}
          </Button>
        }
        width={620}
      >
        <Alert type="warning" showIcon title={t('shownWarning')} style={{ marginBottom: 12 }} />
        <Space.Compact style={{ width: '100%' }}>
          <Input.TextArea ref={(el) => void (tokenBox.current = el?.resizableTextArea?.textArea ?? null)} value={shown?.token} readOnly autoSize style={{ fontFamily: 'monospace' }} data-testid="token-value" />
          <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={copy} style={{ height: 'auto' }} data-testid="token-copy">
            {copied ? t('copied') : t('copy')}
          </Button>
        </Space.Compact>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('example')}：
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            curl -H "Authorization: Bearer {shown ? `${shown.prefix}…` : ''}" {window.location.origin}/api/v1/auth/me
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
