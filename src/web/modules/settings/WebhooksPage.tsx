import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import {
  ApiOutlined,
  EditOutlined,
  HistoryOutlined,
  PlusOutlined,
  ReloadOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { actionsColumn } from '../../components/actions-column';
import { ConflictAlert, ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { ApiError } from '../../lib/api';
import {
  deliveriesQuery,
  settingsApi,
  settingsKeys,
  WEBHOOK_FORMATS,
  webhooksQuery,
  type Delivery,
  type Webhook,
  type WebhookFormat,
} from './api';
import { deliveryState, errorHint, hasMaskedCredential, type DeliveryState } from './webhooks-model';
import { NOTIFICATION_KIND_LABELS, useSettingsT } from './i18n';
import { beijingTime } from '../../lib/time';

type SettingsT = ReturnType<typeof useSettingsT>;

interface HookForm {
  name: string;
  format: WebhookFormat;
  url: string;
  secret?: string;
  clearSecret?: boolean;
  kinds: string[];
}

type Dialog = { kind: 'create' } | { kind: 'edit'; hook: Webhook };

const FORMAT_LABEL = { dingtalk: 'formatDingtalk', wecom: 'formatWecom', generic: 'formatGeneric' } as const;
const FORMAT_HELP = { dingtalk: 'helpDingtalk', wecom: 'helpWecom', generic: 'helpGeneric' } as const;
const FORMAT_COLORS: Record<WebhookFormat, string> = { dingtalk: 'blue', wecom: 'green', generic: 'purple' };
const STATE_COLORS: Record<DeliveryState, string> = {
  sent: 'green',
  failed: 'red',
  retrying: 'orange',
  waiting: 'default',
};

const isConflict = (e: unknown) => e instanceof ApiError && (e.code === 'version_conflict' || e.status === 412);
const problemText = (e: unknown) => (e instanceof ApiError ? e.problem.detail : String((e as Error)?.message ?? e));

function useTime() {
  const { locale } = useI18n();
  return (iso: string | null) => (iso ? beijingTime(iso, locale) : '—');
}

/** The raw error as the server recorded it, with what it usually means beside it. */
function DeliveryError({ d, t }: { d: Pick<Delivery, 'lastError' | 'lastStatus'>; t: SettingsT }) {
  if (!d.lastError) return <>—</>;
  const hint = errorHint(d.lastError);
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text type="danger" style={{ wordBreak: 'break-all' }}>
        {d.lastError}
      </Typography.Text>
      {hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(hint)}
        </Typography.Text>
      )}
    </Space>
  );
}

function StateTag({ d, t }: { d: Pick<Delivery, 'status' | 'attempts'>; t: SettingsT }) {
  const s = deliveryState(d);
  return (
    <Tag color={STATE_COLORS[s]} data-testid="delivery-state">
      {t(s)}
    </Tag>
  );
}

/** The latest delivery of a hook, for the list (the same query the deliveries drawer uses). */
function LastDelivery({ hook, t }: { hook: Webhook; t: SettingsT }) {
  const time = useTime();
  const q = useQuery(deliveriesQuery(hook.id));
  if (q.isLoading) return <Typography.Text type="secondary">…</Typography.Text>;
  if (q.error) return <Typography.Text type="secondary">—</Typography.Text>;
  const last = q.data?.[0];
  if (!last) return <Typography.Text type="secondary">{t('noDeliveries')}</Typography.Text>;
  return (
    <Tooltip title={last.lastError ?? undefined}>
      <Space size={4} data-testid={`webhook-last-${hook.name}`}>
        <StateTag d={last} t={t} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {time(last.deliveredAt ?? last.createdAt)}
        </Typography.Text>
      </Space>
    </Tooltip>
  );
}

/** 推送记录: every message to one hook, failures first to the eye (red), with attempts, next retry and error. */
function DeliveriesDrawer({ hook, onClose, t }: { hook: Webhook | null; onClose(): void; t: SettingsT }) {
  const { t: common } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const time = useTime();
  const q = useQuery({ ...deliveriesQuery(hook?.id ?? ''), enabled: !!hook, refetchInterval: hook ? 15_000 : false });
  const retry = useMutation({
    mutationFn: (id: string) => settingsApi.retryDelivery(id),
    onSuccess: () => {
      message.success(t('retryQueued'));
      if (hook) void qc.invalidateQueries({ queryKey: settingsKeys.deliveries(hook.id) });
    },
    onError: (e) => message.error(problemText(e)),
  });
  const columns: TableColumnsType<Delivery> = [
    { title: t('createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => time(v) },
    {
      title: t('messageTitle'),
      key: 'message',
      ellipsis: true,
      render: (_, d) => d.title ?? t('messageSize', { n: d.size }),
    },
    { title: t('deliveryStatus'), key: 'state', width: 90, render: (_, d) => <StateTag d={d} t={t} /> },
    { title: t('attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
    {
      title: t('nextRetry'),
      key: 'next',
      width: 170,
      render: (_, d) => (deliveryState(d) === 'retrying' ? time(d.nextAttemptAt) : '—'),
    },
    { title: t('error'), key: 'error', render: (_, d) => <DeliveryError d={d} t={t} /> },
    // Only a delivery not sent after a try can be retried: a log of sent messages has no 操作 column.
    ...actionsColumn<Delivery>(q.data, retriable, {
      title: common('actions'),
      width: 100,
      render: (_, d) =>
        retriable(d) && (
          <Button
            type="link"
            size="small"
            icon={<ReloadOutlined />}
            loading={retry.isPending && retry.variables === d.id}
            onClick={() => retry.mutate(d.id)}
          >
            {t('retryNow')}
          </Button>
        ),
    }),
  ];
  return (
    <Drawer
      open={hook !== null}
      onClose={onClose}
      title={hook ? t('deliveriesTitle', { name: hook.name }) : ''}
      size={1080}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('deliveriesHint')}</Typography.Paragraph>
      {q.error ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorAlert error={q.error} />
          <Button onClick={() => q.refetch()}>{common('retry')}</Button>
        </Space>
      ) : (
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          columns={columns}
          locale={{ emptyText: q.isLoading ? common('loading') : t('deliveriesEmpty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(d) => `delivery-${deliveryState(d)}`}
          data-testid="deliveries-table"
        />
      )}
    </Drawer>
  );
}

const retriable = (d: Delivery) => d.status !== 'sent' && d.attempts > 0;

/** 消息推送: DingTalk / WeCom group robots and generic signed JSON; test messages and the delivery record. */
export default function WebhooksPage() {
  const t = useSettingsT();
  const { t: common, label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const allowed = hasRole(me, ['system_admin']);
  const qc = useQueryClient();
  const list = useQuery({ ...webhooksQuery(), enabled: allowed });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const [shown, setShown] = useState<Webhook | null>(null);
  const [form] = Form.useForm<HookForm>();
  const format = Form.useWatch('format', form);
  const clearSecret = Form.useWatch('clearSecret', form);

  async function reload(): Promise<Webhook[]> {
    await qc.invalidateQueries({ queryKey: settingsKeys.webhooks, exact: true });
    return qc.getQueryData<Webhook[]>(settingsKeys.webhooks) ?? [];
  }

  const formValues = (h: Webhook): HookForm => ({
    name: h.name,
    format: h.format,
    url: h.url,
    secret: '',
    clearSecret: false,
    kinds: h.kinds,
  });

  function open(d: Dialog) {
    setFormError(null);
    setConflict(false);
    form.resetFields();
    form.setFieldsValue(
      d.kind === 'create' ? { format: 'dingtalk', kinds: [], url: '', secret: '' } : formValues(d.hook),
    );
    setDialog(d);
  }

  const save = useMutation({
    mutationFn: async (v: HookForm) => {
      if (!dialog) throw new Error('no dialog');
      const secret = v.format === 'wecom' ? null : v.secret?.trim() || null;
      if (dialog.kind === 'create')
        return settingsApi.createWebhook({
          name: v.name.trim(),
          format: v.format,
          url: v.url.trim(),
          secret,
          kinds: v.kinds ?? [],
        });
      const h = dialog.hook;
      // The list gives the URL masked and never the secret: send them only when the administrator changed them.
      return settingsApi.updateWebhook(h, {
        name: v.name.trim(),
        kinds: v.kinds ?? [],
        ...(v.url.trim() !== h.url ? { url: v.url.trim() } : {}),
        ...(v.clearSecret ? { secret: null } : secret ? { secret } : {}),
      });
    },
    onSuccess: async () => {
      message.success(common('saved'));
      setDialog(null);
      await reload();
    },
    onError: async (e) => {
      if (isConflict(e) && dialog?.kind === 'edit') {
        // Someone else saved first: show their version, never overwrite it silently.
        const fresh = (await reload()).find((h) => h.id === dialog.hook.id);
        if (fresh) {
          setDialog({ kind: 'edit', hook: fresh });
          form.setFieldsValue(formValues(fresh));
        }
        setConflict(true);
        return;
      }
      if (!applyServerErrors(form, e)) setFormError(e);
    },
  });

  const toggle = useMutation({
    mutationFn: (h: Webhook) => settingsApi.updateWebhook(h, { active: !h.active }),
    onSuccess: async (h) => {
      message.success(h.active ? t('enabledOn') : t('enabledOff'));
      await reload();
    },
    onError: async (e) => {
      if (isConflict(e)) message.warning(t('versionConflict'));
      else message.error(problemText(e));
      await reload();
    },
  });

  const test = useMutation({
    mutationFn: async (h: Webhook) => {
      await settingsApi.sendTest(h.id);
      // The answer counts every delivery sent just now; this hook's newest row says how the test itself went.
      const items = await qc.fetchQuery({ ...deliveriesQuery(h.id), staleTime: 0 });
      return { hook: h, newest: items[0] };
    },
    onSuccess: ({ hook, newest }) => {
      const s = newest ? deliveryState(newest) : 'waiting';
      if (s === 'sent') message.success(t('testSent'));
      else if (newest?.lastError) {
        const hint = errorHint(newest.lastError);
        message.error(t('testFailed', { error: hint ? `${t(hint)}（${newest.lastError}）` : newest.lastError }));
      } else message.info(t('testQueued'));
      setShown(hook);
    },
    onError: (e) => message.error(problemText(e)),
  });

  if (me && !allowed) return <Result status="403" title={t('noPermission')} subTitle={t('onlySysAdmin')} />;

  const kindOptions = Object.entries(NOTIFICATION_KIND_LABELS)
    .filter(([k]) => k !== 'test')
    .map(([value, pair]) => ({ value, label: label(pair) }));
  const kindLabel = (k: string) => (NOTIFICATION_KIND_LABELS[k] ? label(NOTIFICATION_KIND_LABELS[k]) : k);

  const columns: TableColumnsType<Webhook> = [
    {
      title: t('hookName'),
      dataIndex: 'name',
      width: 170,
      render: (v: string, h) => <span data-testid={`webhook-row-${h.name}`}>{v}</span>,
    },
    {
      title: t('format'),
      dataIndex: 'format',
      width: 140,
      render: (f: WebhookFormat) => <Tag color={FORMAT_COLORS[f]}>{t(FORMAT_LABEL[f])}</Tag>,
    },
    {
      title: t('url'),
      key: 'url',
      render: (_, h) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: '100%' }}>
          <Typography.Text code ellipsis={{ tooltip: h.url }} style={{ fontSize: 12, maxWidth: 380 }}>
            {h.url}
          </Typography.Text>
          {h.format !== 'wecom' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('secret')}：{h.hasSecret ? t('secretSet') : t('secretNone')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('kinds'),
      dataIndex: 'kinds',
      width: 150,
      render: (ks: string[]) =>
        ks.length ? (
          ks.map((k) => <Tag key={k}>{kindLabel(k)}</Tag>)
        ) : (
          <Typography.Text type="secondary">{t('kindsAll')}</Typography.Text>
        ),
    },
    {
      title: t('enabled'),
      dataIndex: 'active',
      width: 70,
      render: (active: boolean, h) => (
        <Switch
          size="small"
          checked={active}
          loading={toggle.isPending && toggle.variables?.id === h.id}
          onChange={() => toggle.mutate(h)}
          data-testid={`webhook-toggle-${h.name}`}
          aria-label={t('enabled')}
        />
      ),
    },
    { title: t('lastDelivery'), key: 'last', width: 210, render: (_, h) => <LastDelivery hook={h} t={t} /> },
    {
      title: common('actions'),
      key: 'actions',
      width: 250,
      render: (_, h) => (
        <Space size={0} wrap>
          <Button
            size="small"
            icon={<SendOutlined />}
            style={{ marginInlineEnd: 4 }}
            loading={test.isPending && test.variables?.id === h.id}
            onClick={() => test.mutate(h)}
            data-testid={`webhook-test-${h.name}`}
          >
            {t('sendTest')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<HistoryOutlined />}
            onClick={() => setShown(h)}
            data-testid={`webhook-deliveries-${h.name}`}
          >
            {t('deliveries')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => open({ kind: 'edit', hook: h })}
            data-testid={`webhook-edit-${h.name}`}
          >
            {common('edit')}
          </Button>
        </Space>
      ),
    },
  ];

  const editing = dialog?.kind === 'edit' ? dialog.hook : null;
  const shownFormat: WebhookFormat = format ?? editing?.format ?? 'dingtalk';

  return (
    <Card
      title={
        <Space>
          <ApiOutlined />
          {t('webhooksTitle')}
        </Space>
      }
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => open({ kind: 'create' })}
          data-testid="webhook-create"
        >
          {t('newWebhook')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('webhooksIntro')}</Typography.Paragraph>
      {list.error ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ErrorAlert error={list.error} />
          <Button onClick={() => list.refetch()}>{common('retry')}</Button>
        </Space>
      ) : (
        <Table<Webhook>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          columns={columns}
          pagination={false}
          locale={{
            emptyText: list.isLoading ? (
              common('loading')
            ) : (
              <Empty
                description={
                  <Space orientation="vertical" size={0}>
                    <span>{t('webhooksEmpty')}</span>
                    <Typography.Text type="secondary">{t('webhooksEmptyHint')}</Typography.Text>
                  </Space>
                }
              >
                <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'create' })}>
                  {t('newWebhook')}
                </Button>
              </Empty>
            ),
          }}
          onRow={(h) => ({ style: h.active ? undefined : { color: 'rgba(0,0,0,0.45)' } })}
          data-testid="webhooks-table"
        />
      )}

      <Modal
        open={dialog !== null}
        title={editing ? t('editWebhook', { name: editing.name }) : t('newWebhook')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={common('save')}
        confirmLoading={save.isPending}
        okButtonProps={testIdButton('webhook-save')}
        destroyOnHidden
        width={640}
      >
        {conflict && <ConflictAlert title={t('versionConflict')} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => (setFormError(null), setConflict(false), save.mutate(v))}
          onValuesChange={() => setFormError(null)}
        >
          <Form.Item name="name" label={t('hookName')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
            <Input maxLength={60} placeholder={t('hookNamePlaceholder')} data-testid="webhook-name" />
          </Form.Item>
          <Form.Item name="format" label={t('format')} rules={[{ required: true }]} extra={t(FORMAT_HELP[shownFormat])}>
            <Select
              disabled={!!editing}
              options={WEBHOOK_FORMATS.map((f) => ({ value: f, label: t(FORMAT_LABEL[f]) }))}
              data-testid="webhook-format"
            />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('url')}
            extra={editing && hasMaskedCredential(editing.url) ? t('maskedUrl') : undefined}
            rules={[
              { required: true, whitespace: true },
              { max: 1000 },
              {
                validator: async (_, v: string | undefined) => {
                  const s = (v ?? '').trim();
                  if (s && !/^https?:\/\/\S+$/i.test(s)) throw new Error(t('urlInvalid'));
                  if (editing && s !== editing.url && hasMaskedCredential(s)) throw new Error(t('maskedUrlKept'));
                },
              },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={1000}
              placeholder={
                shownFormat === 'dingtalk'
                  ? 'https://oapi.dingtalk.com/robot/send?access_token=…'
                  : shownFormat === 'wecom'
                    ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'
                    : 'https://'
              }
              data-testid="webhook-url"
            />
          </Form.Item>
          {shownFormat !== 'wecom' && (
            <>
              <Form.Item
                name="secret"
                label={shownFormat === 'dingtalk' ? t('secretDingtalk') : t('secretGeneric')}
                rules={[{ max: 200 }]}
                extra={editing?.hasSecret ? t('secretKeep') : undefined}
              >
                <Input.Password
                  maxLength={200}
                  autoComplete="new-password"
                  disabled={!!clearSecret}
                  placeholder={shownFormat === 'dingtalk' ? 'SEC…' : undefined}
                  data-testid="webhook-secret"
                />
              </Form.Item>
              {editing?.hasSecret && (
                <Form.Item name="clearSecret" valuePropName="checked" style={{ marginTop: -12 }}>
                  <Checkbox>{t('clearSecret')}</Checkbox>
                </Form.Item>
              )}
            </>
          )}
          <Form.Item name="kinds" label={t('kinds')} extra={t('kindsHelp')}>
            <Select
              mode="tags"
              allowClear
              options={kindOptions}
              placeholder={t('kindsAll')}
              maxCount={30}
              data-testid="webhook-kinds"
            />
          </Form.Item>
          <ErrorAlert error={formError} />
        </Form>
      </Modal>

      <DeliveriesDrawer hook={shown} onClose={() => setShown(null)} t={t} />
    </Card>
  );
}
