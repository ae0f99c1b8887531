import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { countyNow } from '../../lib/time';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { orgApi, orgKeys } from '../org/api';
import {
  GAIN_KINDS,
  isRateKind,
  RATE_KINDS,
  SCORING_EVENT_KINDS,
  SCORING_GROUPS,
  type ScoreKind,
  type ScoringEventKind,
  type ScoringGroup,
  type ScoringRules,
} from '../../../shared/domain/scoring';
import { scoringApi, scoringKeys, type Commendation, type LeagueRow } from './api';
import { GROUP_KEYS, KIND_KEYS, RATE_DEF_KEYS, useScoringT } from './i18n';

type Line = LeagueRow['breakdown'][number];
type Ev = Line['events'][number];

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const PRESETS = [
  { key: 'presetThisMonth', value: [countyNow().startOf('month'), countyNow()] as [Dayjs, Dayjs] },
  {
    key: 'presetLastMonth',
    value: [countyNow().subtract(1, 'month').startOf('month'), countyNow().subtract(1, 'month').endOf('month')] as [
      Dayjs,
      Dayjs,
    ],
  },
  {
    key: 'presetThisQuarter',
    value: [
      countyNow()
        .startOf('month')
        .subtract(countyNow().month() % 3, 'month'),
      countyNow(),
    ] as [Dayjs, Dayjs],
  },
  { key: 'presetYearToDate', value: [countyNow().startOf('year'), countyNow()] as [Dayjs, Dayjs] },
] as const;

/**
 * 考核排名: the league of a period (departments and townships separately), each score opening to the recorded
 * events behind it; the praise and criticism the office records; and the scoring rules, versioned, edited by the
 * supervision office. Scores are computed by the server from the events each time, never stored.
 */
export default function ScoringPage() {
  const t = useScoringT();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? countyNow().startOf('year').format('YYYY-MM-DD');
  const to = params.get('to') ?? countyNow().format('YYYY-MM-DD');
  const kind = params.get('kind') === 'township' ? 'township' : 'unit';
  const set = (next: Record<string, string>) => setParams({ from, to, kind, ...next });
  const league = useQuery({
    queryKey: scoringKeys.league({ from, to, kind }),
    queryFn: () => scoringApi.league({ from, to, kind }),
  });
  const data = league.data;

  const columns = [
    { title: t('colRank'), dataIndex: 'rank', width: 70, render: (r: number) => <b style={{ fontSize: 16 }}>{r}</b> },
    { title: kind === 'township' ? t('colTownship') : t('colUnit'), dataIndex: 'name' },
    {
      title: t('colScore'),
      key: 's',
      width: 110,
      render: (_: unknown, r: LeagueRow) => (
        <b style={{ fontSize: 16 }} data-testid={`league-score-${r.unitId}`}>
          {r.score}
        </b>
      ),
    },
    // The groups apart (督办任务, 重点项目, 表扬与批评), each after its cap: where the points came from.
    ...SCORING_GROUPS.map((g) => ({
      title: t(GROUP_KEYS[g]),
      key: `group-${g}`,
      width: 110,
      render: (_: unknown, r: LeagueRow) => <GroupCell row={r} group={g} />,
    })),
    // 问责: cases concerning the unit opened in the period (counts only; a case itself is seen by those it concerns).
    {
      title: t('colCases'),
      key: 'cases',
      width: 110,
      render: (_: unknown, r: LeagueRow) =>
        r.cases && r.cases.opened > 0 ? (
          <Link
            to={`/accountability?unitId=${r.unitId}&from=${from}&to=${to}`}
            onClick={(e) => e.stopPropagation()}
            data-testid={`league-cases-${r.unitId}`}
          >
            {t('casesCell', { opened: r.cases.opened })}
            {r.cases.tolerated > 0 && (
              <Typography.Text type="success" style={{ display: 'block', fontSize: 12 }}>
                {t('casesTolerated', { count: r.cases.tolerated })}
              </Typography.Text>
            )}
          </Link>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    {
      title: t('colMainItems'),
      key: 'b',
      render: (_: unknown, r: LeagueRow) =>
        r.breakdown.length ? (
          <Space size={4} wrap>
            {r.breakdown.map((l) => (
              <Tag key={`${l.group}-${l.kind}`} color={l.points > 0 ? 'green' : l.points < 0 ? 'red' : 'default'}>
                {t(KIND_KEYS[l.kind])} {countOf(t, l.kind, l.count, 'days')} {signed(l.points)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('nothingScored', { base: r.base })}</Typography.Text>
        ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={t('title')}
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              presets={PRESETS.map((p) => ({ label: t(p.key), value: p.value }))}
              allowClear={false}
              onChange={(v) => v?.[0] && v[1] && set({ from: fmt(v[0]), to: fmt(v[1]) })}
              data-testid="league-period"
            />
            <Segmented
              value={kind}
              onChange={(v) => set({ kind: String(v) })}
              options={[
                { value: 'unit', label: t('kindUnit') },
                { value: 'township', label: t('kindTownship') },
              ]}
              data-testid="league-kind"
            />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('intro', {
            from,
            to,
            version: data?.rulesVersion ?? '…',
            default: data?.rulesVersion === 0 ? t('systemDefault') : '',
            base: data?.rules.base ?? 100,
          })}
        </Typography.Paragraph>
        <ErrorAlert error={league.error} />
        <Table
          rowKey="unitId"
          size="middle"
          loading={league.isLoading}
          dataSource={data?.rows ?? []}
          columns={columns}
          pagination={false}
          data-testid="league-table"
          onRow={(r) => ({ 'data-testid': `league-row-${r.unitId}` }) as React.HTMLAttributes<HTMLElement>}
          expandable={{
            expandRowByClick: true,
            rowExpandable: (r) => r.breakdown.length > 0,
            expandedRowRender: (r) => <Events row={r} from={from} to={to} kind={kind} />,
          }}
          locale={{ emptyText: t('noUnits') }}
        />
      </Card>
      <CommendationsCard from={from} to={to} />
      <RulesCard />
    </Space>
  );
}

/** A group's points as counted; when its deductions reached the cap, the cell says how much was waived (扣完为止). */
function GroupCell({ row, group }: { row: LeagueRow; group: ScoringGroup }) {
  const t = useScoringT();
  const g = row.groups.find((x) => x.group === group);
  if (!g || (g.gained === 0 && g.deducted === 0)) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <span data-testid={`league-group-${group}-${row.unitId}`}>
      <Typography.Text type={g.points < 0 ? 'danger' : g.points > 0 ? 'success' : undefined}>
        {signed(g.points)}
      </Typography.Text>
      {g.waived > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('capReached', { deducted: g.deducted, waived: g.waived })}
        </Typography.Text>
      )}
    </span>
  );
}

/** 3 次, 5 天 — a rate line has no count (one per period): its share says it. */
function countOf(t: ReturnType<typeof useScoringT>, kind: ScoreKind, count: number, days: 'days' | 'workingDays') {
  if (isRateKind(kind)) return '';
  return kind === 'overdueDay' ? t(days, { count }) : t('times', { count });
}

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/** A unit's rate: 12/20 (60%), and "not scored" when the denominator is under the rule's minimum. */
function RateCell({ rate, kind }: { rate: { numerator: number; denominator: number }; kind: ScoreKind }) {
  const t = useScoringT();
  const rules = useQuery({ queryKey: scoringKeys.rules, queryFn: scoringApi.rules });
  const min = isRateKind(kind) ? rules.data?.rules.rates[kind].minCount : undefined;
  const share = rate.denominator ? rate.numerator / rate.denominator : 0;
  return (
    <span data-testid={`league-rate-${kind}`}>
      {t('rateCell', { numerator: rate.numerator, denominator: rate.denominator, share: pct(share) })}
      {min !== undefined && rate.denominator < min && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('rateNotScored', { min })}
        </Typography.Text>
      )}
    </span>
  );
}

/** The events behind one unit's score, line by line (fetched when the row is opened). */
function Events({ row: summary, from, to, kind }: { row: LeagueRow; from: string; to: string; kind: string }) {
  const t = useScoringT();
  const q = { from, to, kind, unitId: summary.unitId };
  const detail = useQuery({ queryKey: scoringKeys.league(q), queryFn: () => scoringApi.unitEvents(q) });
  const row = detail.data?.rows[0];
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!row)
    return (
      <Typography.Text type="secondary">
        {detail.isLoading ? t('loadingEvents') : t('unitNothingScored')}
      </Typography.Text>
    );
  return (
    <div data-testid={`league-events-${row.unitId}`}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {t('eventsSum', {
          name: row.name,
          base: row.base,
          lines: row.groups
            .filter((g) => g.gained !== 0 || g.deducted !== 0)
            .map((g) => t('eventsSumLine', { points: signed(g.points), label: t(GROUP_KEYS[g.group]) }))
            .join(' '),
        })}
        <b>{row.score}</b>
        {t('pointsSuffix')}
        {row.floored > 0 && (
          <Typography.Text type="secondary">{t('flooredNote', { floored: row.floored })}</Typography.Text>
        )}
      </Typography.Paragraph>
      {row.breakdown.map((l) => (
        <div key={`${l.group}-${l.kind}`} style={{ marginBottom: 12 }}>
          <Typography.Text strong>
            {t('lineHead', {
              label: `${t(GROUP_KEYS[l.group])} · ${t(KIND_KEYS[l.kind])}`,
              count: countOf(t, l.kind, l.count, 'workingDays'),
              points: signed(l.points),
            })}
          </Typography.Text>
          <Table
            rowKey={(e: Ev) => `${e.ref ?? ''}|${e.itemId ?? ''}|${e.on}|${e.title}`}
            size="small"
            pagination={l.events.length > 10 ? { pageSize: 10, size: 'small' } : false}
            dataSource={l.events}
            columns={[
              { title: t('colDate'), dataIndex: 'on', width: 110 },
              { title: t('colItem'), dataIndex: 'title' },
              isRateKind(l.kind)
                ? {
                    // A rate line: the unit's share, and whether the rule's minimum let it count.
                    title: t('colRate'),
                    key: 'rate',
                    width: 200,
                    render: (_: unknown, e: Ev) => (e.rate ? <RateCell rate={e.rate} kind={l.kind} /> : null),
                  }
                : {
                    title: l.kind === 'overdueDay' ? t('colOverdueWorkingDays') : t('colTimes'),
                    dataIndex: 'count',
                    width: 100,
                  },
              {
                title: t('colPoints'),
                key: 'p',
                width: l.events.some((e) => e.exempt) ? 240 : 80,
                render: (_: unknown, e: Ev) =>
                  e.exempt ? (
                    // 容错免责: the deduction is shown as not counted, with the case that exempted it.
                    <Tag color="green" data-testid="league-event-exempt">
                      0 · {e.exempt}
                    </Tag>
                  ) : (
                    <Typography.Text type={e.points < 0 ? 'danger' : 'success'}>{signed(e.points)}</Typography.Text>
                  ),
              },
            ]}
          />
        </div>
      ))}
    </div>
  );
}

/** 表扬与通报批评: the office records them against a unit (counted in the league); a mistaken entry is withdrawn. */
function CommendationsCard({ from, to }: { from: string; to: string }) {
  const t = useScoringT();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['supervision_office']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: scoringKeys.commendations({ from, to }),
    queryFn: () => scoringApi.commendations({ from, to }),
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: canEdit });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [withdrawing, setWithdrawing] = useState<Commendation | null>(null);
  const [reason, setReason] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: scoringKeys.all });
  const record = useMutation({
    mutationFn: (v: { unitId: string; kind: 'praised' | 'criticised'; on: Dayjs; reason: string }) =>
      scoringApi.record({ ...v, on: fmt(v.on) }),
    onSuccess: () => {
      message.success(t('recorded'));
      setOpen(false);
      form.resetFields();
      void refresh();
    },
    onError: (e) => (applyServerErrors(form, e) ? setError(null) : setError(e)),
  });
  const withdraw = useMutation({
    mutationFn: () => scoringApi.withdraw(withdrawing!.id, withdrawing!.version, reason),
    onSuccess: () => {
      message.success(t('withdrawn'));
      setWithdrawing(null);
      setReason('');
      void refresh();
    },
  });
  const unitOptions = useMemo(
    () => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.shortName ?? u.name })),
    [units.data],
  );
  return (
    <Card
      title={t('commendationsTitle')}
      size="small"
      extra={
        canEdit && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="commendation-new">
            {t('recordButton')}
          </Button>
        )
      }
    >
      <ErrorAlert error={list.error} />
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        data-testid="commendations"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCommendations')} /> }}
        columns={[
          { title: t('colDate'), dataIndex: 'on', width: 110 },
          { title: t('colUnit'), dataIndex: 'unitName', width: 140 },
          {
            title: t('colKind'),
            key: 'k',
            width: 100,
            render: (_: unknown, c: Commendation) => (
              <Tag color={c.kind === 'praised' ? 'green' : 'red'}>
                {c.kind === 'praised' ? t('praised') : t('criticised')}
              </Tag>
            ),
          },
          {
            title: t('colReason'),
            key: 'r',
            render: (_: unknown, c: Commendation) =>
              c.withdrawn ? <Typography.Text delete>{c.reason}</Typography.Text> : c.reason,
          },
          { title: t('colRecordedBy'), dataIndex: 'createdByName', width: 100 },
          {
            title: t('colState'),
            key: 's',
            width: 200,
            render: (_: unknown, c: Commendation) =>
              c.withdrawn ? (
                <Typography.Text type="secondary">
                  {t('withdrawnWithReason', { reason: c.withdrawReason ?? '' })}
                </Typography.Text>
              ) : canEdit ? (
                <Typography.Link onClick={() => setWithdrawing(c)}>{t('withdraw')}</Typography.Link>
              ) : (
                t('scored')
              ),
          },
        ]}
      />
      <Modal
        title={t('recordTitle')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('record')}
        confirmLoading={record.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'praised', on: countyNow() }}
          onFinish={(v) => record.mutate(v)}
        >
          <Form.Item name="unitId" label={t('colUnit')} rules={[{ required: true, message: t('chooseUnitRequired') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={unitOptions}
              placeholder={t('chooseUnit')}
              data-testid="commendation-unit"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('colKind')}>
            <Radio.Group
              options={[
                { value: 'praised', label: t('praised') },
                { value: 'criticised', label: t('criticised') },
              ]}
            />
          </Form.Item>
          <Form.Item name="on" label={t('colDate')} rules={[{ required: true, message: t('chooseDateRequired') }]}>
            <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('colReason')}
            rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              placeholder={t('reasonPlaceholder')}
              data-testid="commendation-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={t('withdrawTitle')}
        open={!!withdrawing}
        onCancel={() => setWithdrawing(null)}
        onOk={() => withdraw.mutate()}
        okText={t('withdraw')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={withdraw.isPending}
      >
        <Typography.Paragraph>
          {withdrawing?.on} {withdrawing?.unitName}
          {t('colon')}
          {withdrawing?.reason}
        </Typography.Paragraph>
        <ErrorAlert error={withdraw.error} />
        <Input.TextArea
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('withdrawReasonPlaceholder')}
        />
      </Modal>
    </Card>
  );
}

/** 计分规则: every office edit is a new version (If-Match); if someone saved first, the newer rules are loaded and the user is told. */
function RulesCard() {
  const t = useScoringT();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['supervision_office']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: scoringKeys.rules, queryFn: scoringApi.rules });
  const [form] = Form.useForm<ScoringRules>();
  const [readVersion, setReadVersion] = useState<number | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (q.data && readVersion === null) {
      form.setFieldsValue(q.data.rules);
      setReadVersion(q.data.version);
    }
  }, [q.data, readVersion, form]);
  const save = useMutation({
    // An emptied cap means no cap (null), not a missing field.
    mutationFn: (rules: ScoringRules) => {
      const caps = Object.fromEntries(SCORING_GROUPS.map((g) => [g, rules.deductionCaps?.[g] ?? null]));
      return scoringApi.setRules(readVersion ?? 0, { ...rules, deductionCaps: caps as ScoringRules['deductionCaps'] });
    },
    onSuccess: (r) => {
      qc.setQueryData(scoringKeys.rules, r);
      void qc.invalidateQueries({ queryKey: scoringKeys.all });
      setReadVersion(r.version);
      setConflict(null);
      setError(null);
      message.success(t('rulesSaved', { version: r.version }));
    },
    onError: async (e) => {
      if (e instanceof ApiError && (e.code === 'version_conflict' || e.status === 412)) {
        const fresh = await qc.fetchQuery({ queryKey: scoringKeys.rules, queryFn: scoringApi.rules, staleTime: 0 });
        form.setFieldsValue(fresh.rules);
        setReadVersion(fresh.version);
        setConflict(fresh.version);
        return;
      }
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  const field = (k: Exclude<keyof ScoringRules, 'deductionCaps'>, label: string, min: number, max: number) => (
    <Form.Item
      key={k}
      name={k}
      label={label}
      rules={[{ required: true, message: t('required') }]}
      style={{ marginBottom: 12 }}
    >
      <InputNumber
        min={min}
        max={max}
        step={0.5}
        suffix={t('pointsUnit')}
        style={{ width: 140 }}
        disabled={!canEdit}
        data-testid={`rule-${k}`}
      />
    </Form.Item>
  );
  const gains = new Set<ScoringEventKind>(GAIN_KINDS);
  return (
    <Card
      title={t('rulesTitle')}
      size="small"
      extra={
        q.data && (
          <Tag color={q.data.custom ? 'blue' : 'default'} data-testid="rules-version">
            {q.data.custom ? t('rulesVersion', { version: q.data.version }) : t('rulesDefaultVersion')}
          </Tag>
        )
      }
    >
      <ErrorAlert error={q.error} />
      {conflict !== null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rules-conflict"
          title={t('rulesConflict', { version: conflict })}
        />
      )}
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rulesReadOnly')} />}
      <ErrorAlert error={error} />
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)} disabled={!canEdit}>
        {field('base', t('base'), 0, 1000)}
        {field('floor', t('floor'), 0, 1000)}
        {SCORING_GROUPS.map((g) => (
          <Form.Item
            key={`cap-${g}`}
            name={['deductionCaps', g]}
            label={t('capOf', { group: t(GROUP_KEYS[g]) })}
            style={{ marginBottom: 12 }}
          >
            <InputNumber
              min={0}
              max={1000}
              step={0.5}
              suffix={t('pointsUnit')}
              placeholder={t('noCap')}
              style={{ width: 140 }}
              disabled={!canEdit}
              data-testid={`rule-cap-${g}`}
            />
          </Form.Item>
        ))}
        {SCORING_EVENT_KINDS.map((k) =>
          field(
            k,
            `${t(KIND_KEYS[k])}${k === 'overdueDay' ? '' : t('perTime')}`,
            k === 'closedLate' ? -100 : gains.has(k) ? 0 : -100,
            k === 'closedLate' || gains.has(k) ? 100 : 0,
          ),
        )}
        {/* The rate rules on a line of their own inside the inline form (one form, one version saved). */}
        <div style={{ flexBasis: '100%' }}>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('ratesTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('ratesHelp')}</Typography.Paragraph>
          <Table
            rowKey="kind"
            size="small"
            pagination={false}
            data-testid="rate-rules"
            dataSource={RATE_KINDS.map((kind) => ({ kind }))}
            columns={[
              {
                title: t('colRate'),
                key: 'k',
                width: 180,
                render: (_: unknown, r: { kind: (typeof RATE_KINDS)[number] }) => <b>{t(KIND_KEYS[r.kind])}</b>,
              },
              ...(
                [
                  ['weight', 'rateWeight', 0, 50, 0.5, 'pointsUnit'],
                  ['target', 'rateTarget', 0, 1, 0.05, null],
                  ['lowest', 'rateLowest', 0, 1, 0.05, null],
                  ['minCount', 'rateMinCount', 1, 1000, 1, null],
                ] as const
              ).map(([f, label, min, max, step, unit]) => ({
                title: t(label),
                key: f,
                width: 130,
                render: (_: unknown, r: { kind: (typeof RATE_KINDS)[number] }) => (
                  <Form.Item
                    name={['rates', r.kind, f]}
                    rules={[{ required: true, message: t('required') }]}
                    style={{ margin: 0 }}
                  >
                    <InputNumber
                      min={min}
                      max={max}
                      step={step}
                      suffix={unit ? t(unit) : undefined}
                      style={{ width: 110 }}
                      data-testid={`rule-rate-${r.kind}-${f}`}
                    />
                  </Form.Item>
                ),
              })),
              {
                title: t('rateDefinition'),
                key: 'def',
                render: (_: unknown, r: { kind: (typeof RATE_KINDS)[number] }) => (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(RATE_DEF_KEYS[r.kind])}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </div>
      </Form>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('notes')}>{t('rulesHelp')}</Descriptions.Item>
      </Descriptions>

      {canEdit && (
        <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="rules-save">
          {t('saveNewVersion')}
        </Button>
      )}
    </Card>
  );
}
