import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Radio, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { orgApi, orgKeys } from '../org/api';
import { GAIN_KINDS, SCORING_EVENT_KINDS, SCORING_LABELS, type ScoringEventKind, type ScoringRules } from '../../../shared/domain/scoring';
import { scoringApi, scoringKeys, type Commendation, type LeagueRow } from './api';

type Line = LeagueRow['breakdown'][number];
type Ev = Line['events'][number];

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const PRESETS = [
  { label: '本月', value: [dayjs().startOf('month'), dayjs()] as [Dayjs, Dayjs] },
  { label: '上月', value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
  { label: '本季度', value: [dayjs().startOf('month').subtract(dayjs().month() % 3, 'month'), dayjs()] as [Dayjs, Dayjs] },
  { label: '今年以来', value: [dayjs().startOf('year'), dayjs()] as [Dayjs, Dayjs] },
];

/**
 * 考核排名: the league of a period (departments and townships separately), each score opening to the recorded
 * events behind it; the praise and criticism the office records; and the scoring rules, versioned, edited by the
 * supervision office. Scores are computed by the server from the events each time, never stored.
 */
export default function ScoringPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('year').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const kind = params.get('kind') === 'township' ? 'township' : 'unit';
  const set = (next: Record<string, string>) => setParams({ from, to, kind, ...next });
  const league = useQuery({ queryKey: scoringKeys.league({ from, to, kind }), queryFn: () => scoringApi.league({ from, to, kind }) });
  const data = league.data;

  const columns = [
    { title: '名次', dataIndex: 'rank', width: 70, render: (r: number) => <b style={{ fontSize: 16 }}>{r}</b> },
    { title: kind === 'township' ? '乡镇' : '单位', dataIndex: 'name' },
    { title: '得分', key: 's', width: 110, render: (_: unknown, r: LeagueRow) => <b style={{ fontSize: 16 }} data-testid={`league-score-${r.unitId}`}>{r.score}</b> },
    { title: '加分', key: 'g', width: 90, render: (_: unknown, r: LeagueRow) => <Typography.Text type="success">{signed(sum(r.breakdown.filter((l) => l.points > 0)))}</Typography.Text> },
    { title: '扣分', key: 'c', width: 90, render: (_: unknown, r: LeagueRow) => <Typography.Text type="danger">{signed(sum(r.breakdown.filter((l) => l.points < 0)))}</Typography.Text> },
    {
      title: '主要事项',
      key: 'b',
      render: (_: unknown, r: LeagueRow) =>
        r.breakdown.length ? (
          <Space size={4} wrap>
            {r.breakdown.map((l) => (
              <Tag key={l.kind} color={l.points > 0 ? 'green' : l.points < 0 ? 'red' : 'default'}>
                {SCORING_LABELS[l.kind]} {l.kind === 'overdueDay' ? `${l.count} 天` : `${l.count} 次`} {signed(l.points)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">本期无计分事项（{r.base} 分基础分）</Typography.Text>
        ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title="考核排名"
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              presets={PRESETS}
              allowClear={false}
              onChange={(v) => v?.[0] && v[1] && set({ from: fmt(v[0]), to: fmt(v[1]) })}
              data-testid="league-period"
            />
            <Segmented
              value={kind}
              onChange={(v) => set({ kind: String(v) })}
              options={[
                { value: 'unit', label: '县直部门' },
                { value: 'township', label: '乡镇' },
              ]}
              data-testid="league-kind"
            />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {from} 至 {to}，按计分规则第 {data?.rulesVersion ?? '…'} 版{data?.rulesVersion === 0 ? '（系统默认）' : ''}从记录在案的事项逐项计算（基础分 {data?.rules.base ?? 100} 分）。点击一行，查看每一分来自哪件事。
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
          expandable={{ expandRowByClick: true, rowExpandable: (r) => r.breakdown.length > 0, expandedRowRender: (r) => <Events row={r} from={from} to={to} kind={kind} /> }}
          locale={{ emptyText: '没有单位' }}
        />
      </Card>
      <CommendationsCard from={from} to={to} />
      <RulesCard />
    </Space>
  );
}

const sum = (lines: Line[]) => lines.reduce((s, l) => s + l.points, 0);

/** The events behind one unit's score, line by line (fetched when the row is opened). */
function Events({ row: summary, from, to, kind }: { row: LeagueRow; from: string; to: string; kind: string }) {
  const q = { from, to, kind, unitId: summary.unitId };
  const detail = useQuery({ queryKey: scoringKeys.league(q), queryFn: () => scoringApi.unitEvents(q) });
  const row = detail.data?.rows[0];
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!row) return <Typography.Text type="secondary">{detail.isLoading ? '正在读取计分事项…' : '该单位本期无计分事项'}</Typography.Text>;
  return (
    <div data-testid={`league-events-${row.unitId}`}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {row.name}：基础分 {row.base} {row.breakdown.map((l) => `${signed(l.points)}（${SCORING_LABELS[l.kind]}）`).join(' ')} = <b>{row.score}</b> 分
      </Typography.Paragraph>
      {row.breakdown.map((l) => (
        <div key={l.kind} style={{ marginBottom: 12 }}>
          <Typography.Text strong>
            {SCORING_LABELS[l.kind]}：{l.kind === 'overdueDay' ? `${l.count} 个工作日` : `${l.count} 次`}，{signed(l.points)} 分
          </Typography.Text>
          <Table
            rowKey={(e: Ev) => `${e.ref ?? ''}|${e.itemId ?? ''}|${e.on}|${e.title}`}
            size="small"
            pagination={l.events.length > 10 ? { pageSize: 10, size: 'small' } : false}
            dataSource={l.events}
            columns={[
              { title: '日期', dataIndex: 'on', width: 110 },
              { title: '事项', dataIndex: 'title' },
              { title: l.kind === 'overdueDay' ? '逾期工作日' : '次数', dataIndex: 'count', width: 100 },
              { title: '分值', key: 'p', width: 80, render: (_: unknown, e: Ev) => <Typography.Text type={e.points < 0 ? 'danger' : 'success'}>{signed(e.points)}</Typography.Text> },
            ]}
          />
        </div>
      ))}
    </div>
  );
}

/** 表扬与通报批评: the office records them against a unit (counted in the league); a mistaken entry is withdrawn. */
function CommendationsCard({ from, to }: { from: string; to: string }) {
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['supervision_office']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: scoringKeys.commendations({ from, to }), queryFn: () => scoringApi.commendations({ from, to }) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: canEdit });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [withdrawing, setWithdrawing] = useState<Commendation | null>(null);
  const [reason, setReason] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: scoringKeys.all });
  const record = useMutation({
    mutationFn: (v: { unitId: string; kind: 'praised' | 'criticised'; on: Dayjs; reason: string }) => scoringApi.record({ ...v, on: fmt(v.on) }),
    onSuccess: () => {
      message.success('已登记，计入考核');
      setOpen(false);
      form.resetFields();
      void refresh();
    },
    onError: (e) => (applyServerErrors(form, e) ? setError(null) : setError(e)),
  });
  const withdraw = useMutation({
    mutationFn: () => scoringApi.withdraw(withdrawing!.id, withdrawing!.version, reason),
    onSuccess: () => {
      message.success('已撤销，不再计分');
      setWithdrawing(null);
      setReason('');
      void refresh();
    },
  });
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.shortName ?? u.name })), [units.data]);
  return (
    <Card
      title="表扬与通报批评"
      size="small"
      extra={
        canEdit && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="commendation-new">
            登记表扬 / 批评
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
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本期没有表扬或通报批评" /> }}
        columns={[
          { title: '日期', dataIndex: 'on', width: 110 },
          { title: '单位', dataIndex: 'unitName', width: 140 },
          { title: '类别', key: 'k', width: 100, render: (_: unknown, c: Commendation) => <Tag color={c.kind === 'praised' ? 'green' : 'red'}>{c.kind === 'praised' ? '表扬' : '通报批评'}</Tag> },
          { title: '事由', key: 'r', render: (_: unknown, c: Commendation) => (c.withdrawn ? <Typography.Text delete>{c.reason}</Typography.Text> : c.reason) },
          { title: '登记人', dataIndex: 'createdByName', width: 100 },
          {
            title: '状态',
            key: 's',
            width: 200,
            render: (_: unknown, c: Commendation) =>
              c.withdrawn ? (
                <Typography.Text type="secondary">已撤销：{c.withdrawReason}</Typography.Text>
              ) : canEdit ? (
                <Typography.Link onClick={() => setWithdrawing(c)}>撤销</Typography.Link>
              ) : (
                '计分'
              ),
          },
        ]}
      />
      <Modal title="登记表扬或通报批评" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="登记" confirmLoading={record.isPending} destroyOnHidden>
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" initialValues={{ kind: 'praised', on: dayjs() }} onFinish={(v) => record.mutate(v)}>
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
            <Select showSearch optionFilterProp="label" options={unitOptions} placeholder="选择单位" data-testid="commendation-unit" />
          </Form.Item>
          <Form.Item name="kind" label="类别">
            <Radio.Group
              options={[
                { value: 'praised', label: '表扬' },
                { value: 'criticised', label: '通报批评' },
              ]}
            />
          </Form.Item>
          <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="reason" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }]}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：县委常委会议定事项提前完成，受县委通报表扬" data-testid="commendation-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title="撤销这条记录" open={!!withdrawing} onCancel={() => setWithdrawing(null)} onOk={() => withdraw.mutate()} okText="撤销" okButtonProps={{ danger: true, disabled: !reason.trim() }} confirmLoading={withdraw.isPending}>
        <Typography.Paragraph>
          {withdrawing?.on} {withdrawing?.unitName}：{withdrawing?.reason}
        </Typography.Paragraph>
        <ErrorAlert error={withdraw.error} />
        <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="撤销理由（必填，留痕）" />
      </Modal>
    </Card>
  );
}

/** 计分规则: every office edit is a new version (If-Match); if someone saved first, the newer rules are loaded and the user is told. */
function RulesCard() {
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
    mutationFn: (rules: ScoringRules) => scoringApi.setRules(readVersion ?? 0, rules),
    onSuccess: (r) => {
      qc.setQueryData(scoringKeys.rules, r);
      void qc.invalidateQueries({ queryKey: scoringKeys.all });
      setReadVersion(r.version);
      setConflict(null);
      setError(null);
      message.success(`计分规则已保存为第 ${r.version} 版，排名已按新规则重算`);
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
  const field = (k: keyof ScoringRules, label: string, min: number, max: number) => (
    <Form.Item key={k} name={k} label={label} rules={[{ required: true, message: '必填' }]} style={{ marginBottom: 12 }}>
      <InputNumber min={min} max={max} step={0.5} suffix="分" style={{ width: 140 }} disabled={!canEdit} data-testid={`rule-${k}`} />
    </Form.Item>
  );
  const gains = new Set<ScoringEventKind>(GAIN_KINDS);
  return (
    <Card title="计分规则" size="small" extra={q.data && <Tag color={q.data.custom ? 'blue' : 'default'} data-testid="rules-version">{q.data.custom ? `第 ${q.data.version} 版` : '系统默认（第 0 版）'}</Tag>}>
      <ErrorAlert error={q.error} />
      {conflict !== null && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="rules-conflict" title={`保存未成功：计分规则已被他人修改为第 ${conflict} 版。下面已载入第 ${conflict} 版，请核对后再保存。`} />}
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="计分规则由督查室制定；每次修改形成新版本，旧版本保留，可用于重算以往时段。" />}
      <ErrorAlert error={error} />
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)} disabled={!canEdit}>
        {field('base', '基础分', 0, 1000)}
        {SCORING_EVENT_KINDS.map((k) => field(k, `${SCORING_LABELS[k]}${k === 'overdueDay' ? '' : '（每次）'}`, k === 'closedLate' ? -100 : gains.has(k) ? 0 : -100, k === 'closedLate' || gains.has(k) ? 100 : 0))}
      </Form>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        <Descriptions.Item label="说明">加分项填正数，扣分项填负数，均为 0.5 的倍数；逾期按工作日逐日扣分。保存后形成新版本，立即用于排名。</Descriptions.Item>
      </Descriptions>
      {canEdit && (
        <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="rules-save">
          保存为新版本
        </Button>
      )}
    </Card>
  );
}
