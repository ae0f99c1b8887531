import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { countyNow } from '../../lib/time';
import { DEMAND_CATEGORIES, DEMAND_CATEGORY_LABELS } from '../../../shared/domain/demands';
import { VISIT_KIND_LABELS, VISIT_KINDS, quarterOf } from '../../../shared/domain/visits';
import type { VisitOut } from '../../../shared/enterprises';
import { orgApi, orgKeys } from '../org/api';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT } from './i18n';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** 走访: the visits the caller sees, recording one with its demands, coverage per 包联 leader and unit, the forgotten. */
export default function VisitsPage() {
  const t = useEnterpriseT();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'visits';
  return (
    <Card title={t('visitsTitle')} data-testid="visits-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(new URLSearchParams({ tab: k }))}
        items={[
          { key: 'visits', label: t('tabVisits'), children: <VisitList /> },
          { key: 'coverage', label: t('tabCoverage'), children: <Coverage /> },
          { key: 'unvisited', label: t('tabUnvisited'), children: <Unvisited /> },
        ]}
      />
    </Card>
  );
}

function VisitList() {
  const t = useEnterpriseT();
  const { label } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string | undefined>();
  const [recording, setRecording] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: enterpriseKeys.visitList({ page, kind }),
    queryFn: () => enterpriseApi.visits({ page, kind, pageSize: 20 }),
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
    enabled: recording,
  });
  const enterprises = useQuery({
    queryKey: enterpriseKeys.list({ q: search, pageSize: 50, all: 1 }),
    queryFn: () => enterpriseApi.list({ q: search || undefined, pageSize: 50 }),
    enabled: recording,
  });
  const [picked, setPicked] = useState<{ value: string; label: string }[]>([]);
  const record = useMutation({
    mutationFn: (v: Record<string, unknown>) => enterpriseApi.createVisit(v),
    onSuccess: (v) => {
      message.success(t('visitSaved', { count: v.demands.length }));
      setRecording(false);
      void qc.invalidateQueries({ queryKey: enterpriseKeys.visits });
      void qc.invalidateQueries({ queryKey: enterpriseKeys.demands });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  const options = [
    ...picked,
    ...(enterprises.data?.items ?? [])
      .filter((e) => !picked.some((p) => p.value === e.id))
      .map((e) => ({ value: e.id, label: e.name })),
  ];
  const met = (Form.useWatch('enterpriseIds', form) as string[] | undefined) ?? [];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('visitKind')}
          style={{ width: 160 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={VISIT_KINDS.map((k) => ({ value: k, label: label(VISIT_KIND_LABELS[k]) }))}
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="visit-record"
          onClick={() => {
            setError(null);
            form.resetFields();
            setPicked([]);
            setRecording(true);
          }}
        >
          {t('recordVisit')}
        </Button>
      </Space>
      <ErrorAlert error={list.error} />
      <Table<VisitOut>
        rowKey="id"
        onRow={(v) => ({ 'data-testid': `visit-row-${v.id}` }) as object}
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        expandable={{
          expandedRowRender: (v) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.discussed}</Typography.Paragraph>
              {v.demands.map((d) => (
                <div key={d.id}>
                  <Tag>{label(DEMAND_CATEGORY_LABELS[d.category])}</Tag>
                  <a href={`/demands/${d.id}`}>{d.trackingCode}</a> {d.text}
                </div>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t('visitOn'), dataIndex: 'on', width: 110 },
          {
            title: t('visitKind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: VisitOut['kind']) => <Tag color="blue">{label(VISIT_KIND_LABELS[k])}</Tag>,
          },
          {
            title: t('visitTitle'),
            dataIndex: 'title',
            render: (x: string | null, v) => x ?? v.discussed.slice(0, 30),
          },
          {
            title: t('present'),
            render: (_: unknown, v) => [...v.leaders.map((l) => l.name), ...v.units.map((u) => u.name)].join('、'),
          },
          {
            title: t('enterprisesMet'),
            render: (_: unknown, v) => v.enterprises.map((e) => e.name).join('、'),
          },
          { title: t('demandsCount'), width: 70, render: (_: unknown, v) => v.demands.length },
        ]}
      />
      <Modal
        open={recording}
        title={t('recordVisit')}
        onCancel={() => setRecording(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: record.isPending, ...({ 'data-testid': 'visit-ok' } as object) }}
        width={720}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'walk', on: countyNow(), leaderIds: [], unitIds: [], enterpriseIds: [], demands: [] }}
          onFinish={(v) => {
            setError(null);
            record.mutate({ ...v, on: (v.on as Dayjs).format('YYYY-MM-DD') });
          }}
        >
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="on" label={t('visitOn')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
            </Form.Item>
            <Form.Item name="kind" label={t('visitKind')} style={{ flex: 1 }}>
              <Select options={VISIT_KINDS.map((k) => ({ value: k, label: label(VISIT_KIND_LABELS[k]) }))} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="title" label={t('visitTitle')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="leaderIds" label={t('leadersPresent')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
            />
          </Form.Item>
          <Form.Item name="unitIds" label={t('unitsPresent')} extra={t('unitsPresentHint')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="enterpriseIds" label={t('enterprisesMet')} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={setSearch}
              options={options}
              data-testid="visit-enterprises"
              onChange={(ids: string[]) =>
                setPicked(options.filter((o) => ids.includes(o.value)).map((o) => ({ value: o.value, label: o.label })))
              }
            />
          </Form.Item>
          <Form.Item name="discussed" label={t('discussed')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="visit-discussed" />
          </Form.Item>
          <Typography.Text strong>{t('demandsRaised')}</Typography.Text>
          <Form.List name="demands">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Card key={f.key} size="small" style={{ margin: '8px 0' }}>
                    <Space.Compact block style={{ gap: 8 }}>
                      <Form.Item
                        name={[f.name, 'enterpriseId']}
                        label={t('demandEnterprise')}
                        rules={[{ required: true }]}
                        style={{ flex: 2 }}
                      >
                        <Select
                          data-testid={`visit-demand-enterprise-${f.name}`}
                          options={options.filter((o) => met.includes(o.value))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'category']}
                        label={t('category')}
                        initialValue="policy"
                        style={{ flex: 1 }}
                      >
                        <Select
                          options={DEMAND_CATEGORIES.map((c) => ({
                            value: c,
                            label: label(DEMAND_CATEGORY_LABELS[c]),
                          }))}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        aria-label="remove"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(f.name)}
                        style={{ marginTop: 30 }}
                      />
                    </Space.Compact>
                    <Form.Item name={[f.name, 'text']} label={t('text')} rules={[{ required: true }]}>
                      <Input.TextArea rows={2} data-testid={`visit-demand-text-${f.name}`} />
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add()}
                  style={{ marginTop: 8 }}
                  data-testid="visit-add-demand"
                >
                  {t('addDemand')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </>
  );
}

function Coverage() {
  const t = useEnterpriseT();
  const [quarter, setQuarter] = useState(quarterOf(countyNow().format('YYYY-MM-DD')));
  const q = useQuery({ queryKey: enterpriseKeys.coverage(quarter), queryFn: () => enterpriseApi.coverage(quarter) });
  const year = Number(quarter.slice(0, 4));
  const quarters = [year - 1, year, year + 1].flatMap((y) => [1, 2, 3, 4].map((n) => `${y}-Q${n}`));
  const columns = [
    { title: t('colWho'), dataIndex: 'name' },
    { title: t('colTotal'), dataIndex: 'total', width: 110 },
    { title: t('colVisited'), dataIndex: 'visited', width: 140 },
    {
      title: t('colShare'),
      dataIndex: 'share',
      width: 200,
      render: (s: number | null) => (
        <Progress percent={s === null ? 0 : Math.round(s * 100)} size="small" format={() => pct(s)} />
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          value={quarter}
          onChange={setQuarter}
          style={{ width: 140 }}
          options={quarters.map((x) => ({ value: x, label: x }))}
          aria-label={t('quarter')}
        />
        {q.data && (
          <Typography.Text strong data-testid="county-coverage">
            {t('county')}：{q.data.county.visited}/{q.data.county.total}（{pct(q.data.county.share)}）
          </Typography.Text>
        )}
      </Space>
      {q.data && <Typography.Text type="secondary">{q.data.definition}</Typography.Text>}
      <ErrorAlert error={q.error} />
      <Typography.Title level={5}>{t('coverageLeaders')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.leaders ?? []}
        columns={columns}
        pagination={false}
      />
      <Typography.Title level={5}>{t('coverageUnits')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.units ?? []}
        columns={columns}
        pagination={false}
      />
    </Space>
  );
}

type Row = Awaited<ReturnType<typeof enterpriseApi.unvisited>>['items'][number];

function Unvisited() {
  const t = useEnterpriseT();
  const [months, setMonths] = useState(6);
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: enterpriseKeys.unvisited({ months, page }),
    queryFn: () => enterpriseApi.unvisited({ months, page, pageSize: 20 }),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('months')}</span>
        <InputNumber
          min={1}
          max={36}
          value={months}
          onChange={(v) => {
            setMonths(v ?? 6);
            setPage(1);
          }}
        />
        {q.data && <Typography.Text>{t('since', { since: q.data.since, total: q.data.total })}</Typography.Text>}
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 700 }}
        pagination={{ current: page, total: q.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: t('colName'),
            dataIndex: 'name',
            render: (n: string, e) => (
              <>
                {n} {e.key && <Tag color="gold">{t('keyTag')}</Tag>}
              </>
            ),
          },
          {
            title: t('colLiaison'),
            render: (_: unknown, e) => [e.liaisonLeaderName, e.liaisonUnitName].filter(Boolean).join(' / '),
          },
          { title: t('lastVisit'), dataIndex: 'lastVisitOn', render: (d: string | null) => d ?? t('never') },
        ]}
      />
    </Space>
  );
}
