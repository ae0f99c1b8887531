import { useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, CopyOutlined, KeyOutlined, LogoutOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { actionsColumn } from '../../components/actions-column';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { moduleDictionary } from '../../lib/module-i18n';
import { ApiError } from '../../lib/api';
import { authApi } from '../auth/api';
import { tokenApi, tokenKeys, tokensQuery, tokenState, type ApiToken, type TokenScope, type TokenState } from './api';
import { beijingTime } from '../../lib/time';

const useTokensT = moduleDictionary(
  {
    title: 'API 令牌',
    intro:
      '供脚本或其他系统（如县大数据平台）以您的身份调用业务数据接口：在请求头中加上 Authorization: Bearer ' +
      '<令牌>。令牌加密保存，到期自动失效，可随时吊销；修改密码、账户停用或权限减少时全部失效。令牌不能创建或吊销令牌、修改密码或动态验证码，也不能用于管理员功能，这些须登录网页操作。',
    create: '新建令牌',
    createTitle: '新建 API 令牌',
    name: '用途',
    namePlaceholder: '如：县大数据平台对接',
    scope: '权限',
    scopeRead: '只读',
    scopeReadWrite: '读写',
    scopeHelp: '只读令牌只能查询；读写令牌还可报送、修改业务数据',
    days: '有效天数',
    daysHelp: '1–365 天，默认 90 天',
    daysUnit: '天',
    submit: '创建',
    empty: '还没有令牌',
    prefix: '令牌前缀',
    createdAt: '创建时间',
    lastUsedAt: '最近使用',
    expiresAt: '到期时间',
    neverUsed: '从未使用',
    state: '状态',
    active: '有效',
    revoked: '已吊销',
    expired: '已过期',
    revoke: '吊销',
    revokeConfirm: '吊销后，使用“{name}”的程序将立即无法访问，确定？',
    revokedMsg: '已吊销',
    shownTitle: '请立即复制令牌',
    shownWarning:
      '令牌只显示这一次，关闭后无法再次查看；如遗失只能吊销后重新创建。请像密码一样保管，不要发在聊天群里。',
    copy: '复制',
    copied: '已复制',
    copyFailed: '浏览器不允许自动复制，请手动选中复制',
    example: '调用示例',
    done: '我已妥善保存',
    everywhereTitle: '退出所有设备',
    everywhereIntro:
      '怀疑账户或令牌泄露时使用：立即结束您在所有浏览器上的登录（包括当前这一个），并吊销您的全部 API 令牌。',
    everywhere: '退出所有设备并吊销全部令牌',
    everywhereConfirm: '所有设备将退出登录，全部令牌立即失效，确定？',
  },
  {
    title: 'API tokens',
    intro:
      'For scripts and other systems (the county data platform, say) to call the business ' +
      'API as you: send the header Authorization: Bearer <token>. A token is stored hashed, ' +
      'expires, can be revoked at any time, and ends when your password changes, your ' +
      'account is deactivated or your rights shrink. A token cannot create or revoke tokens, ' +
      'change your password or second factor, or use administration: sign in for those.',
    create: 'New token',
    createTitle: 'New API token',
    name: 'Purpose',
    namePlaceholder: 'e.g. county data platform',
    scope: 'Scope',
    scopeRead: 'Read-only',
    scopeReadWrite: 'Read-write',
    scopeHelp: 'A read-only token can only read; a read-write token can also report and change business data',
    days: 'Valid for',
    daysHelp: '1–365 days, 90 by default',
    daysUnit: 'days',
    submit: 'Create',
    empty: 'No tokens yet',
    prefix: 'Prefix',
    createdAt: 'Created',
    lastUsedAt: 'Last used',
    expiresAt: 'Expires',
    neverUsed: 'Never used',
    state: 'Status',
    active: 'Active',
    revoked: 'Revoked',
    expired: 'Expired',
    revoke: 'Revoke',
    revokeConfirm: 'Programs using “{name}” lose access at once. Revoke it?',
    revokedMsg: 'Revoked',
    shownTitle: 'Copy the token now',
    shownWarning:
      'The token is shown this once and cannot be seen again after closing; ' +
      'if lost, revoke it and create another. Keep it like a password.',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'The browser refused to copy: select the text and copy it by hand',
    example: 'Example',
    done: 'I have saved it',
    everywhereTitle: 'Sign out everywhere',
    everywhereIntro:
      'If you suspect your account or a token has leaked: ends your sign-ins ' +
      'in every browser (this one too) and revokes all your API tokens at once.',
    everywhere: 'Sign out everywhere and revoke all tokens',
    everywhereConfirm: 'Every device is signed out and every token stops working at once. Go ahead?',
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
  const [form] = Form.useForm<{ name: string; scope: TokenScope; expiresInDays: number }>();
  const fmt = (s: string | null, empty: string) => (s ? beijingTime(s, locale) : empty);

  const create = useMutation({
    mutationFn: (v: { name: string; scope: TokenScope; expiresInDays: number }) =>
      tokenApi.create(v.name.trim(), v.scope, v.expiresInDays),
    onSuccess: (r) => {
      setCreating(false);
      setCopied(false);
      setShown(r);
      void qc.invalidateQueries({ queryKey: tokenKeys.all });
    },
    // Under each field what concerns it; the alert only for what is left.
    onError: (e) => setCreateError(applyServerErrors(form, e) ? null : e),
  });
  const [createError, setCreateError] = useState<unknown>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => tokenApi.revoke(id),
    onSuccess: () => {
      message.success(t('revokedMsg'));
      void qc.invalidateQueries({ queryKey: tokenKeys.all });
    },
    onError: (e) => message.error(e instanceof ApiError ? e.problem.detail : String(e)),
  });
  const everywhere = useMutation({
    mutationFn: () => authApi.signOutEverywhere(),
    // This session ended too: a fresh page load leaves nothing of it in memory.
    onSuccess: () => window.location.assign('/login'),
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
    {
      title: t('prefix'),
      dataIndex: 'prefix',
      width: 160,
      render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
    },
    {
      title: t('scope'),
      dataIndex: 'scope',
      width: 90,
      render: (v: TokenScope) => (
        <Tag color={v === 'read' ? 'blue' : 'gold'}>{v === 'read' ? t('scopeRead') : t('scopeReadWrite')}</Tag>
      ),
    },
    { title: t('createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => fmt(v, '—') },
    {
      title: t('lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 180,
      render: (v: string | null) => fmt(v, t('neverUsed')),
    },
    { title: t('expiresAt'), dataIndex: 'expiresAt', width: 180, render: (v: string) => fmt(v, '—') },
    {
      title: t('state'),
      key: 'state',
      width: 90,
      render: (_, tk) => {
        const s = tokenState(tk);
        return <Tag color={STATE_COLORS[s]}>{t(s)}</Tag>;
      },
    },
    // Revoked tokens are history: when all are, no 操作 column.
    ...actionsColumn<ApiToken>(list.data, (tk) => !tk.revokedAt, {
      title: common('actions'),
      width: 90,
      render: (_, tk) =>
        !tk.revokedAt && (
          <Popconfirm
            title={t('revokeConfirm', { name: tk.name })}
            onConfirm={() => revoke.mutate(tk.id)}
            okButtonProps={{ ...testIdButton('confirm-ok'), danger: true }}
          >
            <Button type="link" danger size="small" data-testid={`token-revoke-${tk.name}`}>
              {t('revoke')}
            </Button>
          </Popconfirm>
        ),
    }),
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
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => (form.resetFields(), create.reset(), setCreateError(null), setCreating(true))}
          data-testid="token-create"
        >
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
        scroll={{ x: 1000 }}
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
        <Form
          form={form}
          layout="vertical"
          initialValues={{ scope: 'read', expiresInDays: 90 }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
            <Input placeholder={t('namePlaceholder')} maxLength={60} data-testid="token-name" />
          </Form.Item>
          <Form.Item name="scope" label={t('scope')} extra={t('scopeHelp')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'read', label: <span data-testid="token-scope-read">{t('scopeRead')}</span> },
                { value: 'read_write', label: <span data-testid="token-scope-read_write">{t('scopeReadWrite')}</span> },
              ]}
            />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('days')} extra={t('daysHelp')} rules={[{ required: true }]}>
            <InputNumber
              min={1}
              max={365}
              precision={0}
              suffix={t('daysUnit')}
              style={{ width: 160 }}
              data-testid="token-days"
            />
          </Form.Item>
          {createError ? <ErrorAlert error={createError} /> : null}
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
          <Input.TextArea
            ref={(el) => void (tokenBox.current = el?.resizableTextArea?.textArea ?? null)}
            value={shown?.token}
            readOnly
            autoSize
            style={{ fontFamily: 'monospace' }}
            data-testid="token-value"
          />
          <Button
            icon={copied ? <CheckOutlined /> : <CopyOutlined />}
            onClick={copy}
            style={{ height: 'auto' }}
            data-testid="token-copy"
          >
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

      <Card type="inner" size="small" title={t('everywhereTitle')} style={{ marginTop: 24 }}>
        <Typography.Paragraph type="secondary">{t('everywhereIntro')}</Typography.Paragraph>
        <Popconfirm
          title={t('everywhereConfirm')}
          onConfirm={() => everywhere.mutate()}
          okButtonProps={{ ...testIdButton('everywhere-ok'), danger: true }}
        >
          <Button danger icon={<LogoutOutlined />} loading={everywhere.isPending} data-testid="sign-out-everywhere">
            {t('everywhere')}
          </Button>
        </Popconfirm>
      </Card>
    </Card>
  );
}
