import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportDialog } from '../../components/ImportDialog';
import { applyServerErrors } from '../../components/form-errors';
import { download } from '../../lib/api';
import { countyToday } from '../../lib/time';
import { DIVISIONS, SECTIONS, sectionOfDivision } from '../../../shared/domain/industry';
import {
  SCALE_LABELS,
  SCALES,
  SIZE_LABELS,
  SIZES,
  type EnterpriseOut,
  type LiaisonPeriodOut,
} from '../../../shared/enterprises';
import { orgApi, orgKeys } from '../org/api';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT } from './i18n';
import { withParam } from '../../lib/url-params';

const DIVISION_OPTIONS = Object.entries(DIVISIONS).map(([code, name]) => ({
  value: code,
  label: `${sectionOfDivision(code)}${code} ${name}`,
}));

/** The first day of this quarter: a 包联 change takes effect within it (the server checks it too). */
const quarterStart = () => {
  const today = countyToday();
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  return dayjs(`${today.slice(0, 4)}-${String(q * 3 + 1).padStart(2, '0')}-01`);
};

/**
 * An enterprise's 包联 history, newest first: who (leader, unit, person), from which day to which (the last day it
 * held; a same-day correction shows one day struck through).
 */
export function LiaisonHistory({ id }: { id: string }) {
  const t = useEnterpriseT();
  const q = useQuery({ queryKey: enterpriseKeys.liaisons(id), queryFn: () => enterpriseApi.liaisons(id) });
  const last = (p: LiaisonPeriodOut) => (p.until ? dayjs(p.until).subtract(1, 'day').format('YYYY-MM-DD') : null);
  return (
    <div data-testid={`liaison-history-${id}`}>
      <ErrorAlert error={q.error} />
      <Table<LiaisonPeriodOut>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        pagination={false}
        title={() => (
          <Space direction="vertical" size={0}>
            <strong>{t('liaisonHistory')}</strong>
            <span style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>{t('liaisonRule')}</span>
          </Space>
        )}
        locale={{ emptyText: t('liaisonNone') }}
        dataSource={q.data?.items ?? []}
        columns={[
          {
            title: t('liaisonFrom'),
            key: 'from',
            width: 120,
            render: (_, p) => (p.until === p.from ? <s>{p.from}</s> : p.from),
          },
          {
            title: t('liaisonUntil'),
            key: 'until',
            width: 120,
            render: (_, p) =>
              p.current ? <Tag color="green">{t('liaisonCurrent')}</Tag> : p.until === p.from ? '' : last(p),
          },
          { title: t('liaisonLeader'), key: 'leader', render: (_, p) => p.leaderName ?? '—' },
          { title: t('liaisonUnit'), key: 'unit', render: (_, p) => p.unitName ?? '—' },
          { title: t('liaisonPerson'), key: 'person', render: (_, p) => p.person ?? '—' },
        ]}
      />
    </div>
  );
}

/** 企业库: the registry as the caller sees it (by 包联), with registering, editing, import and export for the office. */
export default function EnterprisesPage() {
  const t = useEnterpriseT();
  const { label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const keeper = hasRole(me, ['supervision_office', 'principal']);
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<EnterpriseOut | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const page = Number(params.get('page') ?? 1);
  const query = {
    q: params.get('q') ?? undefined,
    section: params.get('section') ?? undefined,
    scale: params.get('scale') ?? undefined,
    areaUnitId: params.get('areaUnitId') ?? undefined,
    key: params.get('key') ?? undefined,
    mine: params.get('mine') ?? undefined,
    confirmed: params.get('confirmed') ?? undefined,
  };
  const set = (k: string, v: string | undefined) => setParams(withParam(params, k, v, true));
  const list = useQuery({
    queryKey: enterpriseKeys.list({ ...query, page }),
    queryFn: () => enterpriseApi.list({ ...query, page, pageSize: 20 }),
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
    enabled: keeper,
  });
  const areas = (units.data ?? []).filter((u) => u.active && (u.kind === 'township' || u.kind === 'park'));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing === 'new'
        ? enterpriseApi.create(body as never)
        : enterpriseApi.patch(editing as EnterpriseOut, body as never),
    onSuccess: () => {
      message.success(t('saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });

  function open(e: EnterpriseOut | 'new') {
    setError(null);
    form.resetFields();
    if (e !== 'new')
      form.setFieldsValue({
        ...e,
        contactName: e.contacts[0]?.name,
        contactMobile: e.contacts[0]?.mobile,
        foundedOn: e.foundedOn ? dayjs(e.foundedOn) : null,
      });
    setEditing(e);
  }

  function submit(v: Record<string, unknown>) {
    setError(null);
    const { contactName, contactMobile, foundedOn, liaisonSince, ...rest } = v;
    save.mutate({
      ...rest,
      ...(liaisonSince ? { liaisonSince: (liaisonSince as dayjs.Dayjs).format('YYYY-MM-DD') } : {}),
      industrySection: v.industryDivision ? sectionOfDivision(v.industryDivision as string) : null,
      foundedOn: foundedOn ? (foundedOn as dayjs.Dayjs).format('YYYY-MM-DD') : null,
      contacts: contactName ? [{ name: contactName, mobile: contactMobile || null }] : [],
      ...(editing !== 'new' && editing && !editing.confirmed ? { confirmed: true } : {}),
    });
  }

  return (
    <Card
      title={t('registryTitle')}
      data-testid="enterprises-page"
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download('/api/v1/enterprises/export', query).catch((e) => message.error(String(e.message)))}
          >
            {t('export')}
          </Button>
          {keeper && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="enterprise-import">
                {t('import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="enterprise-new">
                {t('register')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('search')}
          style={{ width: 320 }}
          defaultValue={query.q}
          onSearch={(v) => set('q', v || undefined)}
          data-testid="enterprise-search"
        />
        <Select
          allowClear
          placeholder={t('section')}
          style={{ width: 220 }}
          value={query.section}
          onChange={(v) => set('section', v)}
          options={Object.entries(SECTIONS).map(([c, s]) => ({ value: c, label: `${c} ${s.name}` }))}
        />
        <Select
          allowClear
          placeholder={t('scale')}
          style={{ width: 110 }}
          value={query.scale}
          onChange={(v) => set('scale', v)}
          options={SCALES.map((s) => ({ value: s, label: label(SCALE_LABELS[s]) }))}
        />
        <Select
          allowClear
          placeholder={t('area')}
          style={{ width: 160 }}
          value={query.areaUnitId}
          onChange={(v) => set('areaUnitId', v)}
          options={areas.map((u) => ({ value: u.id, label: u.shortName ?? u.name }))}
        />
        <Checkbox checked={query.key === 'true'} onChange={(e) => set('key', e.target.checked ? 'true' : undefined)}>
          {t('keyOnly')}
        </Checkbox>
        <Checkbox checked={query.mine === 'true'} onChange={(e) => set('mine', e.target.checked ? 'true' : undefined)}>
          {t('mine')}
        </Checkbox>
        {keeper && (
          <Checkbox
            checked={query.confirmed === 'false'}
            onChange={(e) => set('confirmed', e.target.checked ? 'false' : undefined)}
          >
            {t('unconfirmed')}
          </Checkbox>
        )}
      </Space>
      <ErrorAlert error={list.error} />
      <Table<EnterpriseOut>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        onRow={(e) => ({ 'data-testid': `enterprise-row-${e.creditCode}` }) as React.HTMLAttributes<HTMLElement>}
        expandable={{ expandedRowRender: (e) => <LiaisonHistory id={e.id} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => setParams(withParam(params, 'page', String(p))),
        }}
        columns={[
          {
            title: t('colName'),
            key: 'name',
            render: (_, e) => (
              <Space size={4}>
                {keeper ? <a onClick={() => open(e)}>{e.name}</a> : e.name}
                {e.key && <Tag color="red">{t('keyTag')}</Tag>}
                {!e.confirmed && <Tag color="orange">{t('unconfirmed')}</Tag>}
              </Space>
            ),
          },
          { title: t('colCode'), dataIndex: 'creditCode', width: 190 },
          {
            title: t('colIndustry'),
            key: 'industry',
            render: (_, e) => (e.industryDivision ? `${e.industrySection}${e.industryDivision} ${e.industryName}` : ''),
          },
          {
            title: t('colScale'),
            key: 'scale',
            width: 110,
            render: (_, e) =>
              [e.scale && label(SCALE_LABELS[e.scale]), e.size && label(SIZE_LABELS[e.size])]
                .filter(Boolean)
                .join(' · '),
          },
          { title: t('area'), dataIndex: 'areaName', width: 150 },
          {
            title: t('colLiaison'),
            key: 'liaison',
            render: (_, e) =>
              [e.liaisonLeaderName, e.liaisonUnitName, e.liaisonPerson].filter(Boolean).join(' / ') || '—',
          },
          { title: t('colOpenDemands'), dataIndex: 'openDemands', width: 90, align: 'right' },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('register') : t('editEnterprise')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={editing !== 'new' && editing && !editing.confirmed ? t('confirm') : undefined}
        okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'enterprise-save' } as object) }}
        width={720}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ key: false }}>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="name" label={t('name')} rules={[{ required: true }]} style={{ flex: 2 }}>
              <Input data-testid="enterprise-name" />
            </Form.Item>
            <Form.Item
              name="creditCode"
              label={t('creditCode')}
              extra={t('creditCodeHelp')}
              rules={[{ required: true }]}
              style={{ flex: 2 }}
            >
              <Input maxLength={40} data-testid="enterprise-code" />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="legalRepresentative" label={t('legalRepresentative')} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="industryDivision" label={t('division')} style={{ flex: 2 }}>
              <Select showSearch allowClear optionFilterProp="label" options={DIVISION_OPTIONS} />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="scale" label={t('scale')} style={{ flex: 1 }}>
              <Select allowClear options={SCALES.map((s) => ({ value: s, label: label(SCALE_LABELS[s]) }))} />
            </Form.Item>
            <Form.Item name="size" label={t('size')} style={{ flex: 1 }}>
              <Select allowClear options={SIZES.map((s) => ({ value: s, label: label(SIZE_LABELS[s]) }))} />
            </Form.Item>
            <Form.Item name="areaUnitId" label={t('area')} style={{ flex: 1 }}>
              <Select allowClear options={areas.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="address" label={t('address')}>
            <Input />
          </Form.Item>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="contactName" label={t('contactName')} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="contactMobile" label={t('contactMobile')} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="employees" label={t('employees')} style={{ flex: 1 }}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="foundedOn" label={t('foundedOn')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="key" valuePropName="checked">
            <Checkbox>{t('key')}</Checkbox>
          </Form.Item>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="liaisonLeaderId" label={t('liaisonLeader')} style={{ flex: 1 }}>
              <Select
                allowClear
                options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
              />
            </Form.Item>
            <Form.Item name="liaisonUnitId" label={t('liaisonUnit')} style={{ flex: 1 }}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
                data-testid="enterprise-liaison-unit"
              />
            </Form.Item>
            <Form.Item name="liaisonPerson" label={t('liaisonPerson')} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
          </Space.Compact>
          {editing !== 'new' && (
            <Form.Item name="liaisonSince" label={t('liaisonSince')} extra={t('liaisonSinceHelp')}>
              <DatePicker
                style={{ width: 200 }}
                data-testid="enterprise-liaison-since"
                disabledDate={(d) => d.isAfter(dayjs(countyToday()), 'day') || d.isBefore(quarterStart(), 'day')}
              />
            </Form.Item>
          )}
        </Form>
        {editing && editing !== 'new' && <LiaisonHistory id={editing.id} />}
        <ErrorAlert error={error} />
      </Modal>
      <ImportDialog<{ created: number; updated: number; skipped: number }>
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
        }}
        endpoint="/api/v1/enterprises/import"
        title={t('importTitle')}
        hint={t('importHint')}
        columns={[{ field: 'name', title: t('colName') }]}
        unit={t('importUnit')}
        testId="enterprise-import-dialog"
        width={900}
        duplicatesHint={{ found: (count) => t('importDuplicates', { count }), update: t('importUpdate') }}
      />
    </Card>
  );
}
