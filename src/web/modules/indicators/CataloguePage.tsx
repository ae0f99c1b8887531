import { useState } from 'react';
import { countyYear } from '../../lib/time';
import {
  App,
  Alert,
  AutoComplete,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { orgApi, orgKeys } from '../org/api';
import {
  ACCUMULATION_LABELS,
  FREQUENCY_LABELS,
  RANK_BY_LABELS,
  SERIES_KIND_LABELS,
  SERIES_KINDS,
  type CountyOut,
  type IndicatorOut,
} from '../../../shared/indicators';
import { FREQUENCIES } from '../../../shared/domain/indicators';
import { fmt, indicatorApi, indicatorKeys, pct, type IndicatorBody } from './api';
import { useIndicatorsT } from './i18n';
import { PeerValuesCard } from './PeerValues';

const UNIT_CHOICES = ['亿元', '万元', '元', '万美元', '亿美元', '万千瓦时', '万吨', '万人', '%'];

interface TargetRow {
  year?: number;
  value?: number | null;
  growth?: number | null;
}
interface IndicatorForm {
  name: string;
  unit: string;
  frequency: IndicatorOut['frequency'];
  accumulation: IndicatorOut['accumulation'];
  rankBy: IndicatorOut['rankBy'];
  category?: string;
  responsibleUnitId?: string;
  leaderId?: string | null;
  sortOrder: number;
  targets: TargetRow[];
}

const isConflict = (e: unknown) => e instanceof ApiError && (e.code === 'version_conflict' || e.status === 412);

/**
 * The catalogue of indicators (create, edit with If-Match: unit, frequency 旬/月/季/年, cumulative or level, the
 * responsible unit and leader, annual targets by year), the compared counties, and the coordinating unit. Kept by the
 * supervision office and the coordinating unit; the server refuses everyone else.
 */
export default function CataloguePage() {
  const t = useIndicatorsT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'catalogue';
  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/indicators')}
            aria-label={t('back')}
          />
          {t('catalogueTitle')}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          { key: 'catalogue', label: t('tabCatalogue'), children: <CatalogueTab /> },
          { key: 'counties', label: t('tabCounties'), children: <CountiesTab /> },
          { key: 'peers', label: t('tabPeerValues'), children: <PeerValuesCard /> },
          { key: 'settings', label: t('tabSettings'), children: <SettingsTab /> },
        ]}
      />
    </Card>
  );
}

function CatalogueTab() {
  const t = useIndicatorsT();
  const { t: common, label } = useI18n();
  const list = useQuery({ queryKey: indicatorKeys.list, queryFn: indicatorApi.list });
  const [editing, setEditing] = useState<IndicatorOut | 'new' | null>(null);
  const year = countyYear();
  const canEdit = list.data?.canEdit ?? false;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={list.error} />
      {list.data && !canEdit && <Alert type="info" showIcon message={t('catalogueReadOnly')} />}
      {canEdit && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="indicator-new">
          {t('newIndicator')}
        </Button>
      )}
      <Table<IndicatorOut>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="indicator-catalogue"
        locale={{ emptyText: common('empty') }}
        columns={[
          {
            title: t('fieldName'),
            dataIndex: 'name',
            render: (v: string, r) => (r.active ? v : <Typography.Text delete>{v}</Typography.Text>),
          },
          { title: t('fieldUnit'), dataIndex: 'unit', width: 90 },
          {
            title: t('fieldFrequency'),
            dataIndex: 'frequency',
            width: 70,
            render: (v: IndicatorOut['frequency']) => label(FREQUENCY_LABELS[v]),
          },
          {
            title: t('fieldAccumulation'),
            dataIndex: 'accumulation',
            width: 80,
            render: (v: IndicatorOut['accumulation']) => label(ACCUMULATION_LABELS[v]),
          },
          {
            title: t('fieldRankBy'),
            dataIndex: 'rankBy',
            width: 110,
            render: (v: IndicatorOut['rankBy']) => label(RANK_BY_LABELS[v]),
          },
          { title: t('fieldCategory'), dataIndex: 'category', width: 80 },
          { title: t('responsible'), dataIndex: 'responsibleUnitName' },
          { title: t('leader'), dataIndex: 'leaderName', width: 90 },
          {
            title: t('targetOfYear', { year }),
            key: 'target',
            render: (_: unknown, r) => {
              const tg = r.targets[String(year)];
              if (!tg || (tg.value === null && tg.growth === null)) return '—';
              return [
                tg.value !== null ? `${fmt(tg.value)} ${r.unit}` : null,
                tg.growth !== null ? t('targetGrowth', { growth: pct(tg.growth) }) : null,
              ]
                .filter(Boolean)
                .join('，');
            },
          },
          { title: t('version'), dataIndex: 'version', width: 60 },
          ...(canEdit
            ? [
                {
                  title: common('actions'),
                  key: 'edit',
                  width: 70,
                  render: (_: unknown, r: IndicatorOut) => (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(r)}
                      data-testid={`edit-${r.name}`}
                    >
                      {common('edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <IndicatorDialog indicator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function toForm(i: IndicatorOut | null): IndicatorForm {
  const year = countyYear();
  if (!i)
    return {
      name: '',
      unit: '亿元',
      frequency: 'month',
      accumulation: 'cumulative',
      rankBy: 'growth',
      category: '',
      responsibleUnitId: undefined,
      leaderId: null,
      sortOrder: 0,
      targets: [{ year, value: null, growth: null }],
    };
  const targets = Object.entries(i.targets)
    .map(([y, v]) => ({ year: Number(y), value: v.value, growth: v.growth }))
    .sort((a, b) => b.year - a.year);
  return {
    name: i.name,
    unit: i.unit,
    frequency: i.frequency,
    accumulation: i.accumulation,
    rankBy: i.rankBy,
    category: i.category ?? '',
    responsibleUnitId: i.responsibleUnitId,
    leaderId: i.leaderId,
    sortOrder: i.sortOrder,
    targets: targets.length ? targets : [{ year, value: null, growth: null }],
  };
}

/** Create or edit one indicator. Frequency and cumulative/level are fixed once created (values depend on them). */
function IndicatorDialog({ indicator, onClose }: { indicator: IndicatorOut | null; onClose: () => void }) {
  const t = useIndicatorsT();
  const { t: common, label } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<IndicatorForm>();
  const [error, setError] = useState<unknown>(null);
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const leaderOptions = (leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }));
  if (indicator?.leaderId && !leaderOptions.some((o) => o.value === indicator.leaderId))
    leaderOptions.push({ value: indicator.leaderId, label: indicator.leaderName ?? '' });

  const save = useMutation({
    mutationFn: (v: IndicatorForm) => {
      const targets: Record<string, { value: number | null; growth: number | null }> = {};
      // A year removed from the form is cleared (the server keeps the years a PATCH does not name).
      for (const y of Object.keys(indicator?.targets ?? {})) targets[y] = { value: null, growth: null };
      for (const r of v.targets ?? [])
        if (r?.year) targets[String(r.year)] = { value: r.value ?? null, growth: r.growth ?? null };
      const body: IndicatorBody = {
        name: v.name,
        unit: v.unit,
        rankBy: v.rankBy,
        category: v.category || null,
        responsibleUnitId: v.responsibleUnitId!,
        leaderId: v.leaderId ?? null,
        sortOrder: v.sortOrder ?? 0,
        targets,
      };
      return indicator
        ? indicatorApi.patch(indicator, body)
        : indicatorApi.create({ ...body, frequency: v.frequency, accumulation: v.accumulation });
    },
    onSuccess: (out) => {
      message.success(
        indicator
          ? t('indicatorSaved', { name: out.name, version: out.version })
          : t('indicatorCreated', { name: out.name }),
      );
      void qc.invalidateQueries({ queryKey: indicatorKeys.all });
      onClose();
    },
    onError: (e) => {
      if (isConflict(e)) {
        message.warning(t('conflict'));
        void qc.invalidateQueries({ queryKey: indicatorKeys.all });
        onClose();
        return;
      }
      // Field problems go next to their fields (targets.2026.growth to the row of that year); the rest above the form.
      if (e instanceof ApiError) {
        const rows = form.getFieldValue('targets') as TargetRow[];
        const targetFields = (e.problem.errors ?? []).flatMap((p) => {
          const m = /^body\.targets\.(\d{4})\.(value|growth)$/.exec(p.field ?? '');
          const idx = m ? rows.findIndex((r) => String(r?.year) === m[1]) : -1;
          return m && idx >= 0
            ? [
                {
                  name: ['targets', idx, m[2] as 'value' | 'growth'] as ['targets', number, 'value' | 'growth'],
                  errors: [p.message],
                },
              ]
            : [];
        });
        if (targetFields.length) form.setFields(targetFields);
        if (applyServerErrors(form, e) || targetFields.length) return;
      }
      setError(e);
    },
  });

  return (
    <Modal
      open
      width={720}
      title={indicator ? t('editIndicator', { name: indicator.name }) : t('newIndicator')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={common('save')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'indicator-save' } as Record<string, string>}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form<IndicatorForm>
        form={form}
        layout="vertical"
        initialValues={toForm(indicator)}
        onFinish={(v) => (setError(null), save.mutate(v))}
        data-testid="indicator-form"
      >
        <Space wrap align="start">
          <Form.Item
            name="name"
            label={t('fieldName')}
            rules={[{ required: true, whitespace: true, message: t('required') }, { max: 100 }]}
            style={{ width: 260 }}
          >
            <Input data-testid="indicator-name" />
          </Form.Item>
          <Form.Item
            name="unit"
            label={t('fieldUnit')}
            rules={[{ required: true, whitespace: true, message: t('required') }, { max: 20 }]}
            style={{ width: 140 }}
          >
            <AutoComplete options={UNIT_CHOICES.map((u) => ({ value: u }))} data-testid="indicator-unit" />
          </Form.Item>
          <Form.Item name="category" label={t('fieldCategory')} rules={[{ max: 30 }]} style={{ width: 140 }}>
            <Input />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('fieldSortOrder')} style={{ width: 100 }}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="frequency" label={t('fieldFrequency')} extra={indicator ? t('fixedOnceCreated') : undefined}>
            <Radio.Group
              disabled={!!indicator}
              optionType="button"
              options={FREQUENCIES.map((f) => ({ value: f, label: label(FREQUENCY_LABELS[f]) }))}
              data-testid="indicator-frequency"
            />
          </Form.Item>
          <Form.Item name="accumulation" label={t('fieldAccumulation')}>
            <Radio.Group
              disabled={!!indicator}
              optionType="button"
              options={(['cumulative', 'level'] as const).map((a) => ({
                value: a,
                label: label(ACCUMULATION_LABELS[a]),
              }))}
            />
          </Form.Item>
          <Form.Item name="rankBy" label={t('fieldRankBy')}>
            <Radio.Group
              options={(['growth', 'value'] as const).map((a) => ({ value: a, label: label(RANK_BY_LABELS[a]) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item
            name="responsibleUnitId"
            label={t('responsible')}
            rules={[{ required: true, message: t('required') }]}
            style={{ width: 300 }}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={units.isLoading}
              options={(units.data ?? [])
                .filter((u) => u.active || u.id === indicator?.responsibleUnitId)
                .map((u) => ({ value: u.id, label: u.name }))}
              data-testid="indicator-responsible"
            />
          </Form.Item>
          <Form.Item name="leaderId" label={t('leader')} style={{ width: 200 }}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              loading={leaders.isLoading}
              options={leaderOptions}
              data-testid="indicator-leader"
            />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('annualTargets')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('targetsHelp')}
        </Typography.Paragraph>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" data-testid="indicator-target-row">
                  <Form.Item
                    name={[f.name, 'year']}
                    rules={[
                      { required: true, message: t('required') },
                      ({ getFieldValue }) => ({
                        validator: (_, y) =>
                          (getFieldValue('targets') as TargetRow[]).filter((r) => r?.year === y).length > 1
                            ? Promise.reject(new Error(t('yearTwice')))
                            : Promise.resolve(),
                      }),
                    ]}
                  >
                    <InputNumber
                      min={2000}
                      max={2100}
                      precision={0}
                      placeholder={t('yearPlaceholder')}
                      style={{ width: 100 }}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']}>
                    <InputNumber
                      placeholder={t('targetValuePlaceholder')}
                      style={{ width: 160 }}
                      data-testid="indicator-target-value"
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'growth']}>
                    <InputNumber
                      min={-100}
                      max={1000}
                      placeholder={t('targetGrowthPlaceholder')}
                      addonAfter="%"
                      style={{ width: 170 }}
                      data-testid="indicator-target-growth"
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t('remove')}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ year: countyYear() + 1, value: null, growth: null })}
              >
                {t('addTargetYear')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function CountiesTab() {
  const t = useIndicatorsT();
  const { t: common, label } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: indicatorKeys.list, queryFn: indicatorApi.list });
  const counties = useQuery({ queryKey: indicatorKeys.counties, queryFn: indicatorApi.counties });
  type NewSeries = { name: string; sortOrder: number; kind: CountyOut['kind']; unitId?: string | null };
  const [form] = Form.useForm<NewSeries>();
  const kind = Form.useWatch('kind', form) ?? 'county';
  const orgUnits = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const placeUnits = (orgUnits.data ?? []).filter((u) => u.kind === 'township' || u.kind === 'park');
  const [editing, setEditing] = useState<CountyOut | null>(null);
  const [editForm] = Form.useForm<{ name: string; sortOrder: number }>();
  const [error, setError] = useState<unknown>(null);
  const canEdit = list.data?.canEdit ?? false;
  const reload = () => qc.invalidateQueries({ queryKey: indicatorKeys.all });

  const add = useMutation({
    mutationFn: (v: NewSeries) =>
      indicatorApi.createCounty({
        name: v.name,
        sortOrder: v.sortOrder ?? 0,
        kind: v.kind ?? 'county',
        ...(v.kind === 'place' ? { unitId: v.unitId ?? null } : {}),
      }),
    onSuccess: (c) => (
      message.success(t('countyAdded', { name: c.name })), form.resetFields(), setError(null), reload()
    ),
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  const edit = useMutation({
    mutationFn: (v: { name: string; sortOrder: number }) => indicatorApi.patchCounty(editing!, v),
    onSuccess: () => (message.success(t('countySaved')), setEditing(null), reload()),
    onError: (e) => {
      if (isConflict(e)) return (message.warning(t('conflict')), setEditing(null), reload());
      if (!applyServerErrors(editForm, e)) setError(e);
    },
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('countiesHelp')}</Typography.Paragraph>
      <ErrorAlert error={error ?? counties.error} />
      {canEdit && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ name: '', sortOrder: 0, kind: 'county' }}
          onFinish={(v) => add.mutate(v)}
          data-testid="county-form"
        >
          <Form.Item name="kind" label={t('seriesKind')}>
            <Select
              style={{ width: 150 }}
              options={SERIES_KINDS.map((k) => ({ value: k, label: label(SERIES_KIND_LABELS[k]) }))}
              data-testid="county-kind"
            />
          </Form.Item>
          {kind === 'place' && (
            <Form.Item name="unitId" label={t('placeUnit')} rules={[{ required: true, message: t('required') }]}>
              <Select
                style={{ width: 160 }}
                showSearch
                optionFilterProp="label"
                onChange={(id: string) => {
                  const u = placeUnits.find((x) => x.id === id);
                  if (u && !form.getFieldValue('name')) form.setFieldsValue({ name: u.shortName ?? u.name });
                }}
                options={placeUnits.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
                data-testid="county-place-unit"
              />
            </Form.Item>
          )}
          <Form.Item
            name="name"
            label={t('countyName')}
            rules={[{ required: true, whitespace: true, message: t('required') }, { max: 50 }]}
          >
            <Input style={{ width: 180 }} data-testid="county-name" />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('fieldSortOrder')}>
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={add.isPending}
            icon={<PlusOutlined />}
            data-testid="county-add"
          >
            {t('addCounty')}
          </Button>
        </Form>
      )}
      <Table<CountyOut>
        size="small"
        rowKey="id"
        loading={counties.isLoading}
        dataSource={counties.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="county-table"
        columns={[
          {
            title: t('countyName'),
            dataIndex: 'name',
            render: (v: string, c) =>
              c.isSelf ? (
                <Space>
                  {v}
                  <Tag color="blue">{t('selfCounty')}</Tag>
                </Space>
              ) : c.kind !== 'county' ? (
                <Space>
                  {v}
                  <Tag>{label(SERIES_KIND_LABELS[c.kind])}</Tag>
                </Space>
              ) : (
                v
              ),
          },
          { title: t('fieldSortOrder'), dataIndex: 'sortOrder', width: 90 },
          { title: t('version'), dataIndex: 'version', width: 70 },
          ...(canEdit
            ? [
                {
                  title: common('actions'),
                  key: 'edit',
                  width: 80,
                  render: (_: unknown, c: CountyOut) => (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => (editForm.setFieldsValue({ name: c.name, sortOrder: c.sortOrder }), setEditing(c))}
                    >
                      {common('edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={t('editCounty', { name: editing?.name ?? '' })}
        onCancel={() => setEditing(null)}
        onOk={() => editForm.submit()}
        confirmLoading={edit.isPending}
        forceRender
      >
        <Form form={editForm} layout="vertical" onFinish={(v) => edit.mutate(v)}>
          <Form.Item
            name="name"
            label={t('countyName')}
            rules={[{ required: true, whitespace: true, message: t('required') }, { max: 50 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('fieldSortOrder')}>
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** 牵头抓总: the unit that sees and enters every indicator; set by the supervision office. */
function SettingsTab() {
  const t = useIndicatorsT();
  const { t: common } = useI18n();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: [...indicatorKeys.all, 'settings'], queryFn: indicatorApi.settings });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const [form] = Form.useForm<{ coordinatorUnitId: string | null }>();
  const [error, setError] = useState<unknown>(null);
  const isOffice = hasRole(me, ['supervision_office']);
  const save = useMutation({
    mutationFn: (v: { coordinatorUnitId: string | null }) =>
      indicatorApi.putSettings(v.coordinatorUnitId ?? null, settings.data!.version),
    onSuccess: () => (
      message.success(t('settingsSaved')), setError(null), qc.invalidateQueries({ queryKey: indicatorKeys.all })
    ),
    onError: (e) => {
      if (isConflict(e)) return (message.warning(t('conflict')), qc.invalidateQueries({ queryKey: indicatorKeys.all }));
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  if (!settings.data) return <ErrorAlert error={settings.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('settingsHelp')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="inline"
        key={settings.data.version}
        initialValues={{ coordinatorUnitId: settings.data.coordinatorUnitId }}
        onFinish={(v) => save.mutate(v)}
        disabled={!isOffice}
      >
        <Form.Item name="coordinatorUnitId" label={t('coordinator')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 280 }}
            options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            data-testid="coordinator-select"
          />
        </Form.Item>
        {isOffice && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {common('save')}
          </Button>
        )}
      </Form>
      {!isOffice && <Typography.Text type="secondary">{t('settingsOfficeOnly')}</Typography.Text>}
    </Space>
  );
}
