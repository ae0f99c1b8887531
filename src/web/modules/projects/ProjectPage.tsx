import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload } from '../../components/EvidenceUpload';
import { PublicationCard } from '../publication/PublicationCard';
import { applyServerErrors } from '../../components/form-errors';
import { stackedOnPhone, usePhone } from '../../components/phone';
import {
  BLOCKER_TYPES,
  BLOCKER_TYPE_LABELS,
  POOLS,
  POOL_LABELS,
  PROJECT_TYPE_LABELS,
} from '../../../shared/domain/projects';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import { orgApi, orgKeys } from '../org/api';
import { Light } from '../tasks/Light';
import { conflictNotice, pct, projectApi, projectKeys, wan, type Milestone } from './api';
import { BlockerTable } from './BlockersPage';
import { MilestonePlanDialog } from './MilestonePlanDialog';
import { useProjectsT } from './i18n';
import { beijingTime, countyNow } from '../../lib/time';

type Dialog =
  | { kind: 'move' }
  | { kind: 'complete' | 'send-back' | 'cancel'; milestone: Milestone }
  | { kind: 'blocker' };

/** 项目详情: the project's fields, pool history, milestones, monthly investment and blockers. */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const { label, t: common, locale } = useI18n();
  const tr = useProjectsT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const phone = usePhone();
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
  const milestones = useQuery({
    queryKey: projectKeys.sub(id, 'milestones'),
    queryFn: () => projectApi.milestones(id),
  });
  const investments = useQuery({
    queryKey: projectKeys.sub(id, 'investments'),
    queryFn: () => projectApi.investments(id),
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const leaderName = useMemo(
    () => new Map((leaders.data?.items ?? []).map((p) => [p.id, p.displayName])),
    [leaders.data],
  );
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const isUnit = hasRole(me, ['unit_admin', 'unit_clerk']);
  const p = project.data;
  const canWrite = isIssuer || (isUnit && !!p && me?.unitId === p.responsibleUnitId);
  const canActOn = (m: Milestone) =>
    (isUnit && (m.actions.includes('accept') || m.actions.includes('requestClose'))) ||
    (canWrite && (m.actions.includes('close') || m.actions.includes('reject') || m.actions.includes('cancel')));

  const refresh = () => qc.invalidateQueries({ queryKey: projectKeys.one(id) });
  const onError = (e: unknown, f = form, set = setError) => {
    if (conflictNotice(message, e, refresh)) return;
    if (!applyServerErrors(f, e)) set(e);
  };

  const act = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      const d = dialog!;
      if (d.kind === 'move')
        return projectApi.move(p!, {
          pool: String(v.pool),
          date: (v.date as Dayjs).format('YYYY-MM-DD'),
          reason: String(v.reason),
        });
      if (d.kind === 'blocker')
        return projectApi.raiseBlocker({ projectId: id, type: v.type, description: v.description });
      if (d.kind === 'complete')
        return projectApi.milestoneAction(id, d.milestone, 'complete', {
          actualDate: (v.actualDate as Dayjs).format('YYYY-MM-DD'),
          note: v.note || null,
          attachmentIds: uploads.map((u) => u.id),
        });
      return projectApi.milestoneAction(id, d.milestone, d.kind, { reason: v.reason });
    },
    onSuccess: () => {
      message.success(tr('handled'));
      setDialog(null);
      setUploads([]);
      qc.invalidateQueries({ queryKey: projectKeys.all });
      qc.invalidateQueries({ queryKey: ['blockers'] });
    },
    onError: (e) => onError(e),
  });
  const quick = useMutation({
    mutationFn: ({ m, path }: { m: Milestone; path: 'accept' | 'confirm' }) => projectApi.milestoneAction(id, m, path),
    onSuccess: () => (message.success(tr('handled')), refresh()),
    onError: (e) => {
      if (!conflictNotice(message, e, refresh)) message.error(String((e as Error).message));
    },
  });
  const invest = useMutation({
    mutationFn: (v: { month: Dayjs; amount: number; reason?: string }) =>
      projectApi.addInvestment(p!, {
        month: v.month.format('YYYY-MM'),
        amount: v.amount,
        reason: v.reason?.trim() || null,
      }),
    onSuccess: (r) => {
      if (r.warning === 'over_remaining') message.warning(tr('investmentOverRemaining'));
      else message.success(tr('investmentRecorded'));
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
      <Result
        status="warning"
        title={tr('cannotOpen')}
        subTitle={<ErrorAlert error={project.error} />}
        extra={<Button onClick={() => navigate('/projects')}>{tr('backToLibrary')}</Button>}
      />
    );

  const msColumns = [
    { title: tr('colMilestone'), dataIndex: 'name' },
    { title: tr('colPlannedDate'), dataIndex: 'plannedDate', width: 110 },
    {
      title: tr('colActualDate'),
      key: 'actual',
      width: 110,
      render: (_: unknown, m: Milestone) =>
        m.actualDate ??
        (m.daysLate > 0 ? (
          <Typography.Text type="danger">{tr('daysLate', { days: m.daysLate })}</Typography.Text>
        ) : (
          '—'
        )),
    },
    {
      title: common('status'),
      key: 'state',
      width: 90,
      render: (_: unknown, m: Milestone) => <Tag data-testid="milestone-state">{label(STATE_LABELS[m.state])}</Tag>,
    },
    {
      title: tr('colLight'),
      key: 'light',
      width: 90,
      render: (_: unknown, m: Milestone) => <Light light={m.light} reasons={m.lightReasons} />,
    },
    // Only those who can act on a milestone shown see the column: a read-only leader, or a principal before any
    // milestone waits for confirmation, gets no empty 办理 column.
    ...(milestones.data?.some(canActOn)
      ? [
          {
            title: tr('colHandle'),
            key: 'actions',
            width: 260,
            render: (_: unknown, m: Milestone) => (
              <Space size={4} wrap>
                {isUnit && m.actions.includes('accept') && (
                  <Button
                    size="small"
                    onClick={() => quick.mutate({ m, path: 'accept' })}
                    data-testid="milestone-accept"
                  >
                    {tr('accept')}
                  </Button>
                )}
                {isUnit && (m.actions.includes('requestClose') || m.actions.includes('accept')) && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => open({ kind: 'complete', milestone: m })}
                    data-testid="milestone-complete"
                  >
                    {tr('reportDone')}
                  </Button>
                )}
                {canWrite && m.actions.includes('close') && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => quick.mutate({ m, path: 'confirm' })}
                    data-testid="milestone-confirm"
                  >
                    {tr('confirmDone')}
                  </Button>
                )}
                {canWrite && m.actions.includes('reject') && (
                  <Button size="small" onClick={() => open({ kind: 'send-back', milestone: m })}>
                    {tr('sendBack')}
                  </Button>
                )}
                {canWrite && m.actions.includes('cancel') && (
                  <Button size="small" danger onClick={() => open({ kind: 'cancel', milestone: m })}>
                    {tr('cancelMilestone')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const inv = investments.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/projects')}
              aria-label={tr('backToLibrary')}
            />
            <span data-testid="project-name">{p.name}</span>
            <Tag data-testid="project-pool">{label(POOL_LABELS[p.pool])}</Tag>
            <Light light={p.light} reasons={[]} />
          </Space>
        }
        extra={
          canWrite && (
            <Space>
              <Button onClick={() => navigate(`/projects/${p.id}/edit`)} data-testid="project-edit">
                {tr('editInfo')}
              </Button>
              <Button onClick={() => open({ kind: 'move' })} data-testid="project-move">
                {tr('movePool')}
              </Button>
              <Button onClick={() => open({ kind: 'blocker' })} data-testid="blocker-raise">
                {tr('raiseBlocker')}
              </Button>
            </Space>
          )
        }
      >
        {phone && (
          // On a phone the project at a glance before its fields: this year's investment against the time's share,
          // milestones done, investment so far.
          <section className="phone-glance" data-testid="project-glance" aria-label={tr('glanceTitle')}>
            <div>
              <div className="phone-glance-label">{tr('yearInvestmentRate')}</div>
              <div className="phone-glance-value">{pct(p.investment.rate)}</div>
              <div className="phone-glance-label">{tr('glanceExpected', { expected: pct(p.investment.expected) })}</div>
            </div>
            <div>
              <div className="phone-glance-label">{tr('glanceMilestones')}</div>
              <div className="phone-glance-value">
                {p.milestonesDone}/{p.milestoneCount}
              </div>
            </div>
            <div>
              <div className="phone-glance-label">{tr('investmentToDate')}</div>
              <div className="phone-glance-value">{wan(p.investmentToDate)}</div>
            </div>
          </section>
        )}
        <Descriptions
          size="small"
          column={phone ? 1 : 3}
          bordered
          styles={phone ? { label: { width: 112 } } : undefined}
        >
          <Descriptions.Item label={tr('serial')}>{p.serial}</Descriptions.Item>
          <Descriptions.Item label={tr('type')}>{label(PROJECT_TYPE_LABELS[p.type])}</Descriptions.Item>
          <Descriptions.Item label={tr('constructionPeriod')}>
            {p.startYear}–{p.endYear}
          </Descriptions.Item>
          <Descriptions.Item label={tr('content')} span={phone ? 1 : 3}>
            {p.content}
          </Descriptions.Item>
          <Descriptions.Item label={tr('totalInvestmentWan')}>{wan(p.totalInvestment)}</Descriptions.Item>
          <Descriptions.Item label={tr('annualPlans')}>
            {Object.entries(p.annualPlans)
              .map(([y, a]) => tr('yearAmount', { year: y, amount: wan(a) }))
              .join(tr('planSep')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('investmentToDate')}>{wan(p.investmentToDate)}</Descriptions.Item>
          <Descriptions.Item label={tr('yearInvestmentRate')}>
            {tr('rateWithExpected', { rate: pct(p.investment.rate), expected: pct(p.investment.expected) })}
          </Descriptions.Item>
          {p.forecast && (
            <Descriptions.Item label={tr('investmentForecast')} span={phone ? 1 : 3}>
              <Space direction="vertical" size={2} data-testid="project-forecast">
                <span>
                  {p.forecast.method === 'final'
                    ? tr('ifcFinal', { yearEnd: wan(p.forecast.yearEnd), plan: wan(p.forecast.plan) })
                    : tr('ifcText', {
                        month: Number((p.forecast.throughMonth ?? '').slice(5)),
                        completed: wan(p.forecast.completed),
                        expected: wan(p.forecast.expected),
                        pace: wan(p.forecast.pacePerMonth),
                        yearEnd: wan(p.forecast.yearEnd),
                        plan: wan(p.forecast.plan),
                      })}
                  <Tag color={p.forecast.misses ? 'red' : 'green'} style={{ marginLeft: 8 }}>
                    {p.forecast.misses ? tr('ifcShort', { shortfall: wan(p.forecast.shortfall) }) : tr('ifcReach')}
                  </Tag>
                </span>
                {p.forecast.misses && p.forecast.neededPerMonth !== null && (
                  <Typography.Text type="secondary">
                    {tr('ifcNeeded', { months: p.forecast.monthsLeft, needed: wan(p.forecast.neededPerMonth) })}
                    {p.forecast.neededGrowth !== null &&
                      tr('ifcNeededGrowth', { growth: p.forecast.neededGrowth.toFixed(0) })}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {tr('ifcMethod')}
                </Typography.Text>
              </Space>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={tr('ownerEnterprise')}>{p.ownerEnterprise ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={tr('responsibleUnit')}>
            {unitName.get(p.responsibleUnitId) ?? '…'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('liaisonLeader')}>
            {p.leaderId ? (leaderName.get(p.leaderId) ?? '…') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('township')}>
            {p.townshipUnitId ? (unitName.get(p.townshipUnitId) ?? '…') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('coordinates')}>
            {p.location ? `${p.location.lng.toFixed(5)}, ${p.location.lat.toFixed(5)}` : tr('notLocated')}
          </Descriptions.Item>
          <Descriptions.Item label={tr('flags')}>
            {[p.major && tr('flagMajor'), p.attracted && tr('flagAttracted'), p.livelihood && tr('flagLivelihood')]
              .filter(Boolean)
              .join(tr('listSep')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('entrySource')}>
            {[p.source, p.sourceRef].filter(Boolean).join(' ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('poolSince')}>{p.poolSince}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={tr('movesTitle')} size="small">
        <ErrorAlert error={moves.error} />
        <Table
          size="small"
          rowKey="seq"
          loading={moves.isLoading}
          pagination={false}
          dataSource={moves.data ?? []}
          locale={{ emptyText: tr('noRecords') }}
          data-testid="project-moves"
          showHeader={!phone}
          columns={stackedOnPhone(phone, [
            { title: tr('colDate'), dataIndex: 'date', width: 110 },
            {
              title: tr('colMove'),
              key: 'mv',
              width: 180,
              render: (_: unknown, m: NonNullable<typeof moves.data>[number]) =>
                m.from
                  ? `${label(POOL_LABELS[m.from])} → ${label(POOL_LABELS[m.to])}`
                  : tr('enteredPool', { pool: label(POOL_LABELS[m.to]) }),
            },
            { title: tr('reason'), dataIndex: 'reason' },
            { title: tr('colActor'), dataIndex: 'actorName', width: 100 },
          ])}
        />
      </Card>

      <Card
        title={tr('milestonesTitle', { done: p.milestonesDone, count: p.milestoneCount })}
        size="small"
        extra={
          isIssuer && (
            <Button size="small" type="primary" onClick={() => setPlanning(true)} data-testid="milestones-plan">
              {tr('planMilestones')}
            </Button>
          )
        }
      >
        <ErrorAlert error={milestones.error} />
        <Table
          size="small"
          rowKey="id"
          loading={milestones.isLoading}
          pagination={false}
          dataSource={milestones.data ?? []}
          columns={stackedOnPhone(phone, msColumns)}
          showHeader={!phone}
          locale={{ emptyText: tr('noMilestones') }}
          data-testid="project-milestones"
        />
      </Card>

      <Card title={tr('monthlyInvestmentTitle')} size="small">
        <ErrorAlert error={investments.error} />
        {inv && (
          <Typography.Paragraph type="secondary">
            {tr('investmentSummary', {
              total: wan(inv.totalInvestment),
              done: wan(inv.completedToDate),
              remaining: wan(inv.remaining),
              year: inv.progress.year,
              planned: wan(inv.progress.planned),
              completed: wan(inv.progress.completed),
              rate: pct(inv.progress.rate),
              expected: pct(inv.progress.expected),
            })}
          </Typography.Paragraph>
        )}
        {canWrite && (
          <Form
            form={invForm}
            layout="inline"
            style={{ marginBottom: 12, rowGap: 8 }}
            onFinish={(v) => (setInvError(null), invest.mutate(v))}
            data-testid="investment-form"
          >
            <Form.Item name="month" rules={[{ required: true, message: tr('selectMonth') }]} initialValue={countyNow()}>
              <DatePicker
                picker="month"
                placeholder={tr('month')}
                disabledDate={(d) => d.isAfter(countyNow(), 'month')}
              />
            </Form.Item>
            <Form.Item name="amount" rules={[{ required: true, message: tr('enterAmount') }]}>
              <InputNumber
                min={0}
                precision={2}
                placeholder={tr('amountThisMonth')}
                style={{ width: 160 }}
                data-testid="investment-amount"
              />
            </Form.Item>
            <Form.Item name="reason" initialValue="">
              <Input placeholder={tr('reasonIfOver')} style={{ width: 260 }} data-testid="investment-reason" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={invest.isPending} data-testid="investment-submit">
              {tr('submitInvestment')}
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
          locale={{ emptyText: tr('noInvestments') }}
          data-testid="investment-records"
          showHeader={!phone}
          columns={stackedOnPhone(phone, [
            { title: tr('month'), dataIndex: 'month', width: 90 },
            {
              title: tr('colAmount'),
              dataIndex: 'amount',
              width: 120,
              align: 'right' as const,
              render: (a: number) => wan(a),
            },
            {
              title: tr('note'),
              key: 'r',
              render: (_: unknown, r: NonNullable<typeof inv>['records'][number]) => (
                <Space size={4}>
                  {r.superseded && <Tag>{tr('superseded')}</Tag>}
                  {r.overRemaining && <Tag color="orange">{tr('overRemaining')}</Tag>}
                  {r.reason}
                </Space>
              ),
            },
            { title: tr('colRecordedBy'), dataIndex: 'recordedBy', width: 100 },
            {
              title: tr('colRecordedAt'),
              dataIndex: 'recordedAt',
              width: 170,
              render: (s: string) => beijingTime(s, locale),
            },
          ])}
        />
      </Card>

      <Card title={tr('projectBlockers')} size="small">
        <BlockerTable query={{ projectId: id, state: 'all' }} hideProject />
      </Card>

      <PublicationCard projectId={p.id} />

      {planning && (
        <MilestonePlanDialog project={p} planned={milestones.data ?? []} onClose={() => setPlanning(false)} />
      )}

      <Modal
        open={!!dialog}
        title={
          dialog?.kind === 'move'
            ? tr('movePool')
            : dialog?.kind === 'blocker'
              ? tr('raiseBlocker')
              : dialog?.kind === 'complete'
                ? tr('reportDoneTitle', { name: dialog.milestone.name })
                : dialog?.kind === 'send-back'
                  ? tr('sendBackTitle')
                  : tr('cancelMilestoneTitle')
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), act.mutate(v))}>
          {dialog?.kind === 'move' && (
            <>
              <Form.Item name="pool" label={tr('targetPool')} rules={[{ required: true, message: tr('selectPool') }]}>
                <Select
                  options={POOLS.filter((x) => x !== p.pool).map((x) => ({ value: x, label: label(POOL_LABELS[x]) }))}
                  data-testid="move-pool"
                />
              </Form.Item>
              <Form.Item
                name="date"
                label={tr('effectiveDate')}
                rules={[{ required: true, message: tr('selectDate') }]}
                initialValue={countyNow()}
              >
                <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
              </Form.Item>
              <Form.Item name="reason" label={tr('reason')} rules={[{ required: true, message: tr('enterReason') }]}>
                <Input.TextArea rows={3} data-testid="move-reason" />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'blocker' && (
            <>
              <Form.Item name="type" label={tr('blockerType')} rules={[{ required: true, message: tr('selectType') }]}>
                <Select options={BLOCKER_TYPES.map((x) => ({ value: x, label: label(BLOCKER_TYPE_LABELS[x]) }))} />
              </Form.Item>
              <Form.Item
                name="description"
                label={tr('problemDescription')}
                rules={[{ required: true, message: tr('describeBlocker') }]}
              >
                <Input.TextArea rows={4} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'complete' && (
            <>
              <Form.Item
                name="actualDate"
                label={tr('actualDoneDate')}
                rules={[{ required: true, message: tr('selectDate') }]}
                initialValue={countyNow()}
              >
                <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label={tr('note')}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item label={tr('evidenceRequired')} required>
                <EvidenceUpload files={uploads} onAdd={(u) => setUploads((xs) => [...xs, u])} onError={setError} />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'send-back' || dialog?.kind === 'cancel') && (
            <Form.Item
              name="reason"
              label={tr('justification')}
              rules={[{ required: true, message: tr('enterJustification') }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
        {dialog?.kind === 'move' && <Alert type="info" showIcon title={tr('moveHint')} />}
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </Modal>
    </Space>
  );
}
