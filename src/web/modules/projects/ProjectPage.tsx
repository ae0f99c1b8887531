import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { PublicationCard } from '../publication/PublicationCard';
import { applyServerErrors } from '../../components/form-errors';
import { BLOCKER_TYPES, BLOCKER_TYPE_LABELS, POOLS, POOL_LABELS, PROJECT_TYPE_LABELS } from '../../../shared/domain/projects';
import { STATE_LABELS } from '../../../shared/supervision';
import { orgApi, orgKeys } from '../org/api';
import { Light } from '../tasks/Light';
import { conflictNotice, pct, projectApi, projectKeys, wan, type Milestone } from './api';
import { BlockerTable } from './BlockersPage';
import { MilestonePlanDialog } from './MilestonePlanDialog';

type Dialog = { kind: 'move' } | { kind: 'complete' | 'send-back' | 'cancel'; milestone: Milestone } | { kind: 'blocker' };

/** 项目详情: the project's fields, pool history, milestones, monthly investment and blockers. */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const { label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [invForm] = Form.useForm();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [invError, setInvError] = useState<unknown>(null);
  const [uploads, setUploads] = useState<{ id: string; fileName: string }[]>([]);
  const [planning, setPlanning] = useState(false);

  const project = useQuery({ queryKey: projectKeys.one(id), queryFn: () => projectApi.get(id) });
  const moves = useQuery({ queryKey: projectKeys.sub(id, 'moves'), queryFn: () => projectApi.moves(id) });
  const milestones = useQuery({ queryKey: projectKeys.sub(id, 'milestones'), queryFn: () => projectApi.milestones(id) });
  const investments = useQuery({ queryKey: projectKeys.sub(id, 'investments'), queryFn: () => projectApi.investments(id) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({ queryKey: ['people', 'leaders'], queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }) });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const leaderName = useMemo(() => new Map((leaders.data?.items ?? []).map((p) => [p.id, p.displayName])), [leaders.data]);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const isUnit = hasRole(me, ['unit_admin', 'unit_clerk']);
  const p = project.data;
  const canWrite = isIssuer || (isUnit && !!p && me?.unitId === p.responsibleUnitId);

  const refresh = () => qc.invalidateQueries({ queryKey: projectKeys.one(id) });
  const onError = (e: unknown, f = form, set = setError) => {
    if (conflictNotice(message, e, refresh)) return;
    if (!applyServerErrors(f, e)) set(e);
  };

  const act = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      const d = dialog!;
      if (d.kind === 'move') return projectApi.move(p!, { pool: String(v.pool), date: (v.date as Dayjs).format('YYYY-MM-DD'), reason: String(v.reason) });
      if (d.kind === 'blocker') return projectApi.raiseBlocker({ projectId: id, type: v.type, description: v.description });
      if (d.kind === 'complete') return projectApi.milestoneAction(id, d.milestone, 'complete', { actualDate: (v.actualDate as Dayjs).format('YYYY-MM-DD'), note: v.note || null, attachmentIds: uploads.map((u) => u.id) });
      return projectApi.milestoneAction(id, d.milestone, d.kind, { reason: v.reason });
    },
    onSuccess: () => {
      message.success('已办理');
      setDialog(null);
      setUploads([]);
      qc.invalidateQueries({ queryKey: projectKeys.all });
      qc.invalidateQueries({ queryKey: ['blockers'] });
    },
    onError: (e) => onError(e),
  });
  const quick = useMutation({
    mutationFn: ({ m, path }: { m: Milestone; path: 'accept' | 'confirm' }) => projectApi.milestoneAction(id, m, path),
    onSuccess: () => (message.success('已办理'), refresh()),
    onError: (e) => {
      if (!conflictNotice(message, e, refresh)) message.error(String((e as Error).message));
    },
  });
  const invest = useMutation({
    mutationFn: (v: { month: Dayjs; amount: number; reason?: string }) => projectApi.addInvestment(p!, { month: v.month.format('YYYY-MM'), amount: v.amount, reason: v.reason?.trim() || null }),
    onSuccess: (r) => {
      if (r.warning === 'over_remaining') message.warning('已记录：超过剩余总投资，已标记并保留原因');
      else message.success('已记录本月完成投资');
      invForm.resetFields();
      setInvError(null);
      refresh();
    },
    onError: (e) => onError(e, invForm, setInvError),
  });

  function open(d: Dialog) {
    form.resetFields();
    setError(null);
    setUploads([]);
    setDialog(d);
  }

  if (project.isLoading) return <Spin style={{ margin: 48 }} />;
  if (project.error || !p)
    return (
      <Result status="warning" title="无法打开该项目" subTitle={<ErrorAlert error={project.error} />} extra={<Button onClick={() => navigate('/projects')}>返回项目库</Button>} />
    );

  const msColumns = [
    { title: '节点', dataIndex: 'name' },
    { title: '计划日期', dataIndex: 'plannedDate', width: 110 },
    { title: '实际日期', key: 'actual', width: 110, render: (_: unknown, m: Milestone) => m.actualDate ?? (m.daysLate > 0 ? <Typography.Text type="danger">逾期 {m.daysLate} 天</Typography.Text> : '—') },
    { title: '状态', key: 'state', width: 90, render: (_: unknown, m: Milestone) => <Tag data-testid="milestone-state">{label(STATE_LABELS[m.state])}</Tag> },
    { title: '亮灯', key: 'light', width: 90, render: (_: unknown, m: Milestone) => <Light light={m.light} reasons={m.lightReasons} /> },
    {
      title: '办理',
      key: 'actions',
      width: 260,
      render: (_: unknown, m: Milestone) => (
        <Space size={4} wrap>
          {isUnit && m.actions.includes('accept') && (
            <Button size="small" onClick={() => quick.mutate({ m, path: 'accept' })} data-testid="milestone-accept">
              签收
            </Button>
          )}
          {isUnit && (m.actions.includes('requestClose') || m.actions.includes('accept')) && (
            <Button size="small" type="primary" onClick={() => open({ kind: 'complete', milestone: m })} data-testid="milestone-complete">
              报完成
            </Button>
          )}
          {canWrite && m.actions.includes('close') && (
            <Button size="small" type="primary" onClick={() => quick.mutate({ m, path: 'confirm' })} data-testid="milestone-confirm">
              确认完成
            </Button>
          )}
          {canWrite && m.actions.includes('reject') && (
            <Button size="small" onClick={() => open({ kind: 'send-back', milestone: m })}>
              退回
            </Button>
          )}
          {canWrite && m.actions.includes('cancel') && (
            <Button size="small" danger onClick={() => open({ kind: 'cancel', milestone: m })}>
              撤销
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const inv = investments.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/projects')} aria-label="返回项目库" />
            <span data-testid="project-name">{p.name}</span>
            <Tag data-testid="project-pool">{label(POOL_LABELS[p.pool])}</Tag>
            <Light light={p.light} reasons={[]} />
          </Space>
        }
        extra={
          canWrite && (
            <Space>
              <Button onClick={() => navigate(`/projects/${p.id}/edit`)} data-testid="project-edit">
                修改信息
              </Button>
              <Button onClick={() => open({ kind: 'move' })} data-testid="project-move">
                调整库别
              </Button>
              <Button onClick={() => open({ kind: 'blocker' })} data-testid="blocker-raise">
                提出卡点
              </Button>
            </Space>
          )
        }
      >
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="序号">{p.serial}</Descriptions.Item>
          <Descriptions.Item label="类型">{label(PROJECT_TYPE_LABELS[p.type])}</Descriptions.Item>
          <Descriptions.Item label="建设年限">
            {p.startYear}–{p.endYear}
          </Descriptions.Item>
          <Descriptions.Item label="建设内容" span={3}>
            {p.content}
          </Descriptions.Item>
          <Descriptions.Item label="总投资（万元）">{wan(p.totalInvestment)}</Descriptions.Item>
          <Descriptions.Item label="年度计划投资">{Object.entries(p.annualPlans).map(([y, a]) => `${y}年 ${wan(a)}`).join('；') || '—'}</Descriptions.Item>
          <Descriptions.Item label="累计完成投资">{wan(p.investmentToDate)}</Descriptions.Item>
          <Descriptions.Item label="本年投资完成率">
            {pct(p.investment.rate)}（序时进度 {pct(p.investment.expected)}）
          </Descriptions.Item>
          <Descriptions.Item label="建设单位">{p.ownerEnterprise ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="责任单位">{unitName.get(p.responsibleUnitId) ?? '…'}</Descriptions.Item>
          <Descriptions.Item label="包联领导">{p.leaderId ? (leaderName.get(p.leaderId) ?? '…') : '—'}</Descriptions.Item>
          <Descriptions.Item label="所在乡镇">{p.townshipUnitId ? (unitName.get(p.townshipUnitId) ?? '…') : '—'}</Descriptions.Item>
          <Descriptions.Item label="坐标">{p.location ? `${p.location.lng.toFixed(5)}, ${p.location.lat.toFixed(5)}` : '未定位'}</Descriptions.Item>
          <Descriptions.Item label="标记">
            {[p.major && '重大', p.attracted && '招引', p.livelihood && '民生实事'].filter(Boolean).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="入库来源">{[p.source, p.sourceRef].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
          <Descriptions.Item label="当前库别自">{p.poolSince}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title="入库与调整记录" size="small">
        <ErrorAlert error={moves.error} />
        <Table
          size="small"
          rowKey="seq"
          loading={moves.isLoading}
          pagination={false}
          dataSource={moves.data ?? []}
          locale={{ emptyText: '暂无记录' }}
          data-testid="project-moves"
          columns={[
            { title: '日期', dataIndex: 'date', width: 110 },
            { title: '调整', key: 'mv', width: 180, render: (_: unknown, m: NonNullable<typeof moves.data>[number]) => (m.from ? `${label(POOL_LABELS[m.from])} → ${label(POOL_LABELS[m.to])}` : `入库：${label(POOL_LABELS[m.to])}`) },
            { title: '原因', dataIndex: 'reason' },
            { title: '经办人', dataIndex: 'actorName', width: 100 },
          ]}
        />
      </Card>

      <Card
        title={`项目节点（${p.milestonesDone}/${p.milestoneCount}）`}
        size="small"
        extra={
          isIssuer && (
            <Button size="small" type="primary" onClick={() => setPlanning(true)} data-testid="milestones-plan">
              安排节点
            </Button>
          )
        }
      >
        <ErrorAlert error={milestones.error} />
        <Table size="small" rowKey="id" loading={milestones.isLoading} pagination={false} dataSource={milestones.data ?? []} columns={msColumns} locale={{ emptyText: '尚未安排节点' }} data-testid="project-milestones" />
      </Card>

      <Card title="月度完成投资（万元）" size="small">
        <ErrorAlert error={investments.error} />
        {inv && (
          <Typography.Paragraph type="secondary">
            总投资 {wan(inv.totalInvestment)}，累计完成 {wan(inv.completedToDate)}，剩余 {wan(inv.remaining)}；{inv.progress.year} 年计划 {wan(inv.progress.planned)}、完成 {wan(inv.progress.completed)}（{pct(inv.progress.rate)}，序时进度 {pct(inv.progress.expected)}）
          </Typography.Paragraph>
        )}
        {canWrite && (
          <Form form={invForm} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => (setInvError(null), invest.mutate(v))} data-testid="investment-form">
            <Form.Item name="month" rules={[{ required: true, message: '请选择月份' }]} initialValue={dayjs()}>
              <DatePicker picker="month" placeholder="月份" disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
            </Form.Item>
            <Form.Item name="amount" rules={[{ required: true, message: '请填写金额' }]}>
              <InputNumber min={0} precision={2} placeholder="本月完成（万元）" style={{ width: 160 }} data-testid="investment-amount" />
            </Form.Item>
            <Form.Item name="reason" initialValue="">
              <Input placeholder="原因（超过剩余总投资时必填）" style={{ width: 260 }} data-testid="investment-reason" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={invest.isPending} data-testid="investment-submit">
              填报
            </Button>
          </Form>
        )}
        <ErrorAlert error={invError} />
        <Table
          size="small"
          rowKey="id"
          loading={investments.isLoading}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          dataSource={inv?.records ?? []}
          locale={{ emptyText: '尚未填报月度投资' }}
          data-testid="investment-records"
          columns={[
            { title: '月份', dataIndex: 'month', width: 90 },
            { title: '金额（万元）', dataIndex: 'amount', width: 120, align: 'right' as const, render: (a: number) => wan(a) },
            { title: '说明', key: 'r', render: (_: unknown, r: NonNullable<typeof inv>['records'][number]) => <Space size={4}>{r.superseded && <Tag>已被更正</Tag>}{r.overRemaining && <Tag color="orange">超过剩余总投资</Tag>}{r.reason}</Space> },
            { title: '填报人', dataIndex: 'recordedBy', width: 100 },
            { title: '填报时间', dataIndex: 'recordedAt', width: 170, render: (s: string) => new Date(s).toLocaleString('zh-CN') },
          ]}
        />
      </Card>

      <Card title="项目卡点" size="small">
        <BlockerTable query={{ projectId: id, state: 'all' }} hideProject />
      </Card>

      <PublicationCard projectId={p.id} />

      {planning && <MilestonePlanDialog project={p} planned={milestones.data ?? []} onClose={() => setPlanning(false)} />}

      <Modal
        open={!!dialog}
        title={dialog?.kind === 'move' ? '调整库别' : dialog?.kind === 'blocker' ? '提出卡点' : dialog?.kind === 'complete' ? `报节点完成：${dialog.milestone.name}` : dialog?.kind === 'send-back' ? '退回节点完成申请' : '撤销节点'}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), act.mutate(v))}>
          {dialog?.kind === 'move' && (
            <>
              <Form.Item name="pool" label="调入库别" rules={[{ required: true, message: '请选择库别' }]}>
                <Select options={POOLS.filter((x) => x !== p.pool).map((x) => ({ value: x, label: label(POOL_LABELS[x]) }))} data-testid="move-pool" />
              </Form.Item>
              <Form.Item name="date" label="生效日期" rules={[{ required: true, message: '请选择日期' }]} initialValue={dayjs()}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请写明原因' }]}>
                <Input.TextArea rows={3} data-testid="move-reason" />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'blocker' && (
            <>
              <Form.Item name="type" label="卡点类型" rules={[{ required: true, message: '请选择类型' }]}>
                <Select options={BLOCKER_TYPES.map((x) => ({ value: x, label: label(BLOCKER_TYPE_LABELS[x]) }))} />
              </Form.Item>
              <Form.Item name="description" label="问题描述" rules={[{ required: true, message: '请描述卡点' }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'complete' && (
            <>
              <Form.Item name="actualDate" label="实际完成日期" rules={[{ required: true, message: '请选择日期' }]} initialValue={dayjs()}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label="说明">
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item label="佐证材料（必传）" required>
                <EvidenceUpload files={uploads} onAdd={(u) => setUploads((xs) => [...xs, u])} onError={setError} />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'send-back' || dialog?.kind === 'cancel') && (
            <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请写明理由' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
        {dialog?.kind === 'move' && <Alert type="info" showIcon title="调整记录永久保留；日期不能晚于今天，也不能早于上一次调整" />}
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </Modal>
    </Space>
  );
}
