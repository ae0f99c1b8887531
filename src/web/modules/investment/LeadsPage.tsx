import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { download } from '../../lib/api';
import { countyYear } from '../../lib/time';
import { orgApi, orgKeys } from '../org/api';
import {
  LAND_USE_LABELS,
  LAND_USES,
  LEAD_SOURCE_LABELS,
  LEAD_SOURCES,
  LEAD_STAGE_LABELS,
  LEAD_STAGES,
} from '../../../shared/domain/investment';
import { invApi, invKeys, type Lead } from './api';
import { useInvT } from './i18n';
import { TargetsCard } from './TargetsCard';
import { StallDaysButton } from './StallDaysDialog';
import { withParam } from '../../lib/url-params';

const LIGHT_COLOR: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red', none: 'default' };
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/** 招商线索: the year's figures, the pipeline by stage with stall lights, and 登记线索. */
export default function LeadsPage() {
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? countyYear());
  const stage = params.get('stage') ?? '';
  const q = params.get('q') ?? '';
  // The cockpit's 久未跟进 links here with the lights it counts (yellow, red).
  const light = params.get('light') ?? '';
  const page = Number(params.get('page') ?? 1);
  const query = {
    stage: stage === 'lost' ? undefined : stage || undefined,
    state: stage === 'lost' ? 'lost' : undefined,
    light: light || undefined,
    q: q || undefined,
    page,
    pageSize: 20,
  };
  const list = useQuery({ queryKey: invKeys.leads(query), queryFn: () => invApi.leads(query) });
  const summary = useQuery({ queryKey: invKeys.summary(year), queryFn: () => invApi.summary(year) });
  const [creating, setCreating] = useState(false);
  const set = (k: string, v: string) => setParams(withParam(params, k, v, true));
  const s = summary.data;
  const mayWrite = hasRole(me, ['supervision_office', 'principal', 'unit_admin', 'unit_clerk']);

  return (
    <div>
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {tr('pipeline')}
        </Typography.Title>
        <Space>
          <Select
            value={year}
            style={{ width: 110 }}
            options={[0, 1, 2].map((d) => ({ value: countyYear() - d, label: `${countyYear() - d}` }))}
            onChange={(v) => set('year', String(v))}
            aria-label={tr('year')}
          />
          <StallDaysButton />
          <Button onClick={() => download('/api/v1/leads/export', { q: q || undefined })} data-testid="leads-export">
            {tr('export')}
          </Button>
          {mayWrite && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="lead-new">
              {tr('newLead')}
            </Button>
          )}
        </Space>
      </Space>
      {s && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="investment-summary">
          <Row gutter={16}>
            <Col span={4}>
              <Statistic title={tr('signedCount')} value={s.signedCount} />
            </Col>
            <Col span={5}>
              <Statistic title={tr('signedAmount')} value={s.signedAmount} precision={0} />
            </Col>
            <Col span={5}>
              <Statistic title={tr('fundsInPlace')} value={s.fundsInPlace} precision={0} />
            </Col>
            <Col span={5}>
              <Statistic title={tr('rateSignedStarted')} value={pct(s.conversion.signedToStarted)} />
            </Col>
            <Col span={5}>
              <Statistic title={tr('rateStartedProducing')} value={pct(s.conversion.startedToProducing)} />
            </Col>
          </Row>
          <Typography.Text type="secondary">
            {tr('signingEvents', { n: s.signingEvents })}；
            {tr('stalled', { yellow: s.stalled.yellow, red: s.stalled.red })}；
            {tr('revitalisedYear', { n: s.sites.revitalisedThisYear, mu: s.sites.revitalisedAreaMu })}；
            <span data-testid="summary-fulfilment">
              {tr('fulfilmentBoth', {
                investor: pct(s.fulfilment.investor.rate),
                county: pct(s.fulfilment.county.rate),
                overdue: s.fulfilment.county.overdue,
              })}
            </span>
          </Typography.Text>
        </Card>
      )}
      {s && <TargetsCard s={s} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type={!stage ? 'primary' : 'default'} onClick={() => set('stage', '')}>
          {tr('allStages')}
        </Button>
        {LEAD_STAGES.map((x) => (
          <Button
            key={x}
            type={stage === x ? 'primary' : 'default'}
            onClick={() => set('stage', x)}
            data-testid={`stage-tab-${x}`}
          >
            {label(LEAD_STAGE_LABELS[x])} {s ? s.stages[x] : ''}
          </Button>
        ))}
        <Button type={stage === 'lost' ? 'primary' : 'default'} onClick={() => set('stage', 'lost')}>
          {tr('lost')} {s?.lost ?? ''}
        </Button>
        {light && (
          <Tag closable onClose={() => set('light', '')} data-testid="leads-light-filter">
            {tr('stalledFilter', {
              lights: light
                .split(',')
                .map((x) => tr(x === 'red' ? 'lightRed' : 'lightYellow'))
                .join('、'),
            })}
          </Tag>
        )}
        <Input.Search
          defaultValue={q}
          placeholder={tr('search')}
          allowClear
          onSearch={(v) => set('q', v)}
          style={{ width: 240 }}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Lead>
        rowKey="id"
        data-testid="leads-table"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          onChange: (p) => set('page', String(p)),
          showSizeChanger: false,
        }}
        onRow={(r) => ({ onClick: () => navigate(`/leads/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: tr('colSerial'), dataIndex: 'serial', width: 60 },
          {
            title: tr('colProject'),
            dataIndex: 'projectName',
            render: (v, r) => <Link to={`/leads/${r.id}`}>{v}</Link>,
          },
          { title: tr('colInvestor'), dataIndex: 'investor' },
          {
            title: tr('colInvestment'),
            dataIndex: 'investment',
            align: 'right',
            render: (v: number) => v.toLocaleString(),
          },
          {
            title: tr('colChain'),
            render: (_, r) => [r.chainName, r.linkName].filter(Boolean).join(' · ') || r.industry,
          },
          {
            title: tr('colStage'),
            render: (_, r) =>
              r.closed ? (
                <Tag>{tr('lost')}</Tag>
              ) : (
                <Tag color="blue" data-testid="lead-stage">
                  {label(LEAD_STAGE_LABELS[r.stage])}
                </Tag>
              ),
          },
          { title: tr('colSigned'), dataIndex: 'signedOn', render: (v) => v ?? '' },
          { title: tr('colUnit'), dataIndex: 'responsibleUnitName' },
          { title: tr('colLeader'), dataIndex: 'leaderName' },
          {
            title: tr('colLight'),
            render: (_, r) =>
              r.light === 'none' ? (
                ''
              ) : (
                <Tag color={LIGHT_COLOR[r.light]} data-testid="lead-light" data-light={r.light}>
                  {r.daysIdle !== null ? tr('colIdle', { n: r.daysIdle }) : ''}
                </Tag>
              ),
          },
        ]}
      />
      {creating && <NewLeadDialog onClose={() => setCreating(false)} onCreated={(id) => navigate(`/leads/${id}`)} />}
    </div>
  );
}

function NewLeadDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const chains = useQuery({ queryKey: invKeys.chains, queryFn: invApi.chains });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const chainId = Form.useWatch('chainId', form);
  const graph = useQuery({
    queryKey: invKeys.graph(chainId ?? ''),
    queryFn: () => invApi.graph(chainId),
    enabled: !!chainId,
  });
  const office = hasRole(me, ['supervision_office', 'principal']);
  const unitOptions = useMemo(
    () =>
      (units.data ?? [])
        .filter((u) => u.active && (office || u.id === me?.unitId))
        .map((u) => ({ value: u.id, label: u.name })),
    [units.data, office, me?.unitId],
  );
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      invApi.createLead({
        investor: v.investor,
        projectName: v.projectName,
        industry: v.industry ?? '',
        chainId: v.chainId ?? null,
        linkId: v.linkId ?? null,
        investment: v.investment,
        investmentUnit: v.investmentUnit,
        source: v.source,
        responsibleUnitId: v.responsibleUnitId,
        leaderId: v.leaderId ?? null,
        description: v.description ?? '',
        space: v.spaceMin
          ? { kind: v.spaceKind, min: v.spaceMin, max: v.spaceMax ?? null, landUse: v.landUse ?? null }
          : null,
      }),
    onSuccess: (l) => {
      message.success(tr('saved'));
      qc.invalidateQueries({ queryKey: ['leads'] });
      onCreated(l.id);
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  return (
    <Modal
      open
      title={tr('newLead')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
      width={720}
      destroyOnHidden
    >
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          investmentUnit: '万元',
          source: 'task_force',
          spaceKind: 'land',
          responsibleUnitId: office ? undefined : me?.unitId,
        }}
        onFinish={(v) => (setError(null), create.mutate(v))}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="projectName"
              label={tr('projectName')}
              rules={[{ required: true, message: tr('required') }]}
            >
              <Input data-testid="lead-project" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="investor" label={tr('investor')} rules={[{ required: true, message: tr('required') }]}>
              <Input data-testid="lead-investor" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="investment" label={tr('investment')} rules={[{ required: true, message: tr('required') }]}>
              <InputNumber min={0} style={{ width: '100%' }} data-testid="lead-investment" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="investmentUnit" label=" ">
              <Select options={['万元', '亿元'].map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="source" label={tr('source')}>
              <Select options={LEAD_SOURCES.map((x) => ({ value: x, label: label(LEAD_SOURCE_LABELS[x]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="chainId" label={tr('chain')}>
              <Select allowClear options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="linkId" label={tr('link')}>
              <Select allowClear options={(graph.data?.links ?? []).map((l) => ({ value: l.id, label: l.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="responsibleUnitId"
              label={tr('unit')}
              rules={[{ required: true, message: tr('required') }]}
            >
              <Select showSearch optionFilterProp="label" options={unitOptions} data-testid="lead-unit" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="leaderId" label={tr('leader')}>
              <Select
                allowClear
                options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="spaceKind" label={tr('spaceKind')}>
              <Select
                options={[
                  { value: 'land', label: tr('land') },
                  { value: 'floor', label: tr('floor') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="spaceMin" label={tr('spaceMin')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="spaceMax" label={tr('spaceMax')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="landUse" label={tr('landUse')}>
              <Select allowClear options={LAND_USES.map((x) => ({ value: x, label: label(LAND_USE_LABELS[x]) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={tr('description')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
