import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { actionsColumn } from '../../components/actions-column';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { applyServerErrors } from '../../components/form-errors';
import { usePhone } from '../../components/phone';
import {
  BLOCKER_TYPES,
  BLOCKER_TYPE_LABELS,
  ESCALATION_LABELS,
  type EscalationLevel,
} from '../../../shared/domain/projects';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import { orgApi } from '../org/api';
import { Light } from '../tasks/Light';
import { conflictNotice, projectApi, projectKeys, type Blocker } from './api';
import { useRoundsT } from './i18n-rounds';
import { withParam } from '../../lib/url-params';

type Dialog = { kind: 'escalate' | 'resolve'; blocker: Blocker };

/** Blockers with the actions the server offers the caller: 上报 (escalate), 报告已破解 (resolve), 确认销号 (confirm). */
export function BlockerTable({
  query,
  hideProject,
  rows,
}: {
  query: Record<string, string | undefined>;
  hideProject?: boolean;
  rows?: Blocker[];
}) {
  const { label, t } = useI18n();
  const tr = useRoundsT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploads, setUploads] = useState<{ id: string; fileName: string }[]>([]);
  const isUnit = hasRole(me, ['unit_admin', 'unit_clerk']);
  const canEscalate = (b: Blocker) => b.actions.includes('urge') && b.level < 3;
  const canResolve = (b: Blocker) => isUnit && (b.actions.includes('requestClose') || b.actions.includes('accept'));
  const canConfirm = (b: Blocker) => b.actions.includes('close');
  const phone = usePhone();
  const list = useQuery({
    queryKey: projectKeys.blockers(query),
    queryFn: () => projectApi.blockers({ pageSize: 200, ...query }),
    enabled: !rows,
  });
  const reload = () => (
    qc.invalidateQueries({ queryKey: ['blockers'] }), qc.invalidateQueries({ queryKey: ['rounds'] })
  );
  const act = useMutation({
    mutationFn: ({
      b,
      path,
      body,
    }: {
      b: Blocker;
      path: 'escalate' | 'resolve' | 'confirm';
      body?: Record<string, unknown>;
    }) => projectApi.blockerAction(b, path, body),
    onSuccess: () => {
      message.success(tr('blockerHandled'));
      setDialog(null);
      setUploads([]);
      reload();
      qc.invalidateQueries({ queryKey: projectKeys.all });
    },
    onError: (e) => {
      if (conflictNotice(message, e, reload)) return setDialog(null);
      if (!dialog) return void message.error(String((e as Error).message));
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  function open(d: Dialog) {
    form.resetFields();
    setError(null);
    setUploads([]);
    setDialog(d);
  }

  const levelText = (b: Blocker) => {
    const level = ESCALATION_LABELS[b.level as EscalationLevel]
      ? label(ESCALATION_LABELS[b.level as EscalationLevel])
      : String(b.level);
    return b.leaderName ? tr('levelWithLeader', { level, leader: b.leaderName }) : level;
  };
  const handle = (b: Blocker) => (
    <Space size={4} wrap>
      {canEscalate(b) && (
        <Button size="small" onClick={() => open({ kind: 'escalate', blocker: b })} data-testid="blocker-escalate">
          {tr('escalate')}
        </Button>
      )}
      {canResolve(b) && (
        <Button
          size="small"
          type="primary"
          onClick={() => open({ kind: 'resolve', blocker: b })}
          data-testid="blocker-resolve"
        >
          {tr('reportSolved')}
        </Button>
      )}
      {canConfirm(b) && (
        <Button
          size="small"
          type="primary"
          loading={act.isPending}
          onClick={() => act.mutate({ b, path: 'confirm' })}
          data-testid="blocker-confirm"
        >
          {tr('confirmClosed')}
        </Button>
      )}
    </Space>
  );
  // On a phone a blocker at a glance, one row each: its light and project (a tap opens the project), the type and
  // state, the problem, who leads it at which level until when, and the buttons the caller may use.
  const phoneColumns = [
    {
      key: 'blocker',
      render: (_: unknown, b: Blocker) => (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }} data-testid="blocker-glance">
          {!hideProject && (
            <Typography.Link onClick={() => navigate(`/projects/${b.projectId}`)} data-testid="blocker-project">
              {b.projectName}
            </Typography.Link>
          )}
          <Space size={4} wrap>
            <Light light={b.light} reasons={[]} />
            <Tag>{label(BLOCKER_TYPE_LABELS[b.type])}</Tag>
            <Tag>{label(STATE_LABELS[b.state])}</Tag>
          </Space>
          <div style={{ overflowWrap: 'anywhere' }}>{b.description}</div>
          {b.resolution && (
            <Typography.Text type="secondary">{tr('resolutionNote', { resolution: b.resolution })}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {levelText(b)} · {tr('colRaised')} {b.raisedOn} · {tr('colLevelDeadline')} {b.deadline}
          </Typography.Text>
          {(canEscalate(b) || canResolve(b) || canConfirm(b)) && handle(b)}
        </div>
      ),
    },
  ];

  const columns = [
    ...(hideProject
      ? []
      : [
          {
            title: tr('colProject'),
            key: 'project',
            render: (_: unknown, b: Blocker) => (
              <Typography.Link onClick={() => navigate(`/projects/${b.projectId}`)} data-testid="blocker-project">
                {b.projectName}
              </Typography.Link>
            ),
          },
        ]),
    {
      title: tr('type'),
      key: 'type',
      width: 80,
      render: (_: unknown, b: Blocker) => label(BLOCKER_TYPE_LABELS[b.type]),
    },
    {
      title: tr('colProblem'),
      key: 'description',
      // How it was solved stays beside the problem, whether or not the reader may act on it.
      render: (_: unknown, b: Blocker) => (
        <Space orientation="vertical" size={0}>
          {b.description}
          {b.resolution && (
            <Typography.Text type="secondary">{tr('resolutionNote', { resolution: b.resolution })}</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: tr('colLevel'),
      key: 'level',
      width: 150,
      render: (_: unknown, b: Blocker) => levelText(b),
    },
    { title: tr('colRaised'), dataIndex: 'raisedOn', width: 100 },
    { title: tr('colLevelDeadline'), dataIndex: 'deadline', width: 100 },
    {
      title: t('status'),
      key: 'state',
      width: 90,
      render: (_: unknown, b: Blocker) => <Tag>{label(STATE_LABELS[b.state])}</Tag>,
    },
    {
      title: tr('colLight'),
      key: 'light',
      width: 80,
      render: (_: unknown, b: Blocker) => <Light light={b.light} reasons={[]} />,
    },
    // Only who can escalate, report solved or confirm sees the 处理 column (a read-only leader sees none).
    ...actionsColumn<Blocker>(rows ?? list.data?.items, (b) => canEscalate(b) || canResolve(b) || canConfirm(b), {
      title: tr('colHandle'),
      width: 220,
      render: (_: unknown, b: Blocker) => handle(b),
    }),
  ];

  return (
    <>
      <ErrorAlert error={list.error} />
      <Table
        size="small"
        rowKey="id"
        onRow={(b) => ({ 'data-testid': `blocker-row-${b.id}` }) as React.HTMLAttributes<HTMLElement>}
        loading={!rows && list.isLoading}
        columns={phone ? phoneColumns : columns}
        showHeader={!phone}
        dataSource={rows ?? list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: tr('noBlockers') }}
        data-testid="blockers-table"
      />
      <Modal
        open={!!dialog}
        title={dialog?.kind === 'escalate' ? tr('escalateTitle') : tr('resolveTitle')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'blocker-dialog-ok' } as object) }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setError(null);
            const b = dialog!.blocker;
            if (dialog!.kind === 'escalate') act.mutate({ b, path: 'escalate', body: { reason: v.reason } });
            else
              act.mutate({
                b,
                path: 'resolve',
                body: { resolution: v.resolution, attachmentIds: uploads.map((u) => u.id) },
              });
          }}
        >
          {dialog?.kind === 'escalate' ? (
            <Form.Item
              name="reason"
              label={tr('escalateReason')}
              rules={[{ required: true, message: tr('reasonRequired') }]}
            >
              <Input.TextArea rows={3} data-testid="escalate-reason" />
            </Form.Item>
          ) : (
            <>
              <Form.Item
                name="resolution"
                label={tr('resolution')}
                rules={[{ required: true, message: tr('resolutionRequired') }]}
              >
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item label={tr('evidenceRequired')} required>
                <EvidenceUpload files={uploads} onAdd={(u) => setUploads((xs) => [...xs, u])} onError={setError} />
              </Form.Item>
            </>
          )}
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </>
  );
}

/** 卡点: open blockers, by leader for the scheduling meeting. */
export default function BlockersPage() {
  const { label, t } = useI18n();
  const tr = useRoundsT();
  const { data: me } = useMe();
  const isLeader = hasRole(me, ['leader', 'principal']);
  const [params, setParams] = useSearchParams();
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const query = {
    state: params.get('state') ?? 'open',
    leaderId: params.get('leaderId') ?? undefined,
    type: params.get('type') ?? undefined,
  };
  const set = (k: string, v: string | undefined) => setParams(withParam(params, k, v));
  return (
    <Card title={tr('blockersPageTitle')} data-testid="blockers-page">
      <Space style={{ marginBottom: 16 }} wrap>
        {isLeader && me && (
          <Button
            type={query.leaderId === me.id ? 'primary' : 'default'}
            onClick={() => set('leaderId', query.leaderId === me.id ? undefined : me.id)}
            data-testid="blockers-mine"
          >
            {tr('blockersMine')}
          </Button>
        )}
        <Select
          placeholder={tr('leaderPlaceholder')}
          allowClear
          style={{ width: 140 }}
          value={query.leaderId}
          onChange={(v) => set('leaderId', v)}
          options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
        />
        <Select
          placeholder={tr('type')}
          allowClear
          style={{ width: 110 }}
          value={query.type}
          onChange={(v) => set('type', v)}
          options={BLOCKER_TYPES.map((x) => ({ value: x, label: label(BLOCKER_TYPE_LABELS[x]) }))}
        />
        <Select
          style={{ width: 110 }}
          value={query.state}
          onChange={(v) => set('state', v)}
          options={[
            { value: 'open', label: tr('blockersOpen') },
            { value: 'closed', label: tr('blockersClosed') },
            { value: 'all', label: t('all') },
          ]}
        />
      </Space>
      <BlockerTable query={query} />
    </Card>
  );
}
