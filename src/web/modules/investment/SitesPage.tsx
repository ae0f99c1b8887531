import { useState } from 'react';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countyNow } from '../../lib/time';
import {
  LAND_USE_LABELS,
  LEAD_STAGE_LABELS,
  SITE_STATE_LABELS,
  SITE_STATES,
  SPACE_UNIT,
} from '../../../shared/domain/investment';
import { invApi, invKeys, type Site } from './api';
import { useInvT } from './i18n';
import { SitePhotos } from './SitePhotos';

const STATE_COLOR = { idle: 'default', negotiating: 'gold', revitalised: 'green' } as const;

/** 闲置土地、低效厂房: the inventory by state, the leads a site fits, and 洽谈中 / 已盘活 with the lead that lands. */
export default function SitesPage() {
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const page = Number(params.get('page') ?? 1);
  const query = { state: state || undefined, page, pageSize: 20 };
  const list = useQuery({ queryKey: invKeys.sites(query), queryFn: () => invApi.sites(query) });
  const [picked, setOpen] = useState<Site | null>(null);
  // The 招商地图 links a site as ?focus=<id>: its drawer opens on the site read by id.
  const focus = params.get('focus');
  const focused = useQuery({
    queryKey: invKeys.site(focus ?? ''),
    queryFn: () => invApi.site(focus!),
    enabled: !!focus && !picked,
  });
  const open = picked ?? (focus ? (focused.data ?? null) : null);
  const closeDrawer = () => {
    setOpen(null);
    if (focus) {
      const next = new URLSearchParams(params);
      next.delete('focus');
      setParams(next);
    }
  };
  const [moving, setMoving] = useState<Site | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const matches = useQuery({
    queryKey: invKeys.siteMatches(open?.id ?? moving?.id ?? ''),
    queryFn: () => invApi.siteMatches((open ?? moving)!.id),
    enabled: !!(open ?? moving),
  });
  const act = useMutation({
    mutationFn: (v: { state: string; date: Dayjs; leadId?: string }) =>
      invApi.siteState(moving!, { state: v.state, date: v.date.format('YYYY-MM-DD'), leadId: v.leadId ?? null }),
    onSuccess: () => {
      message.success(tr('saved'));
      setMoving(null);
      qc.invalidateQueries({ queryKey: ['sites'] });
      qc.invalidateQueries({ queryKey: ['leads'] });
      qc.invalidateQueries({ queryKey: ['investment'] });
    },
    onError: setError,
  });
  const mayWrite = hasRole(me, ['supervision_office', 'principal', 'unit_admin', 'unit_clerk']);
  // As the server decides (the office and principals any site, a unit the sites it keeps or that lie in it).
  const mayEdit = (s: Site) =>
    hasRole(me, ['supervision_office', 'principal']) ||
    (mayWrite && (s.responsibleUnitId === me?.unitId || s.townshipUnitId === me?.unitId));
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {tr('sites')}
        </Typography.Title>
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={tr('state')}
          value={state || undefined}
          options={SITE_STATES.map((s) => ({ value: s, label: label(SITE_STATE_LABELS[s]) }))}
          onChange={(v) => setParams(v ? { state: v } : {})}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Site>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total,
          showSizeChanger: false,
          onChange: (p) => setParams({ ...(state ? { state } : {}), page: String(p) }),
        }}
        columns={[
          { title: tr('colSerial'), dataIndex: 'serial', width: 60 },
          {
            title: tr('siteName'),
            dataIndex: 'name',
            render: (v, s) => (
              <Space>
                <a onClick={() => setOpen(s)} data-testid="site-open">
                  {v}
                </a>
                {s.photoCount > 0 && <Tag>{tr('photoCount', { n: s.photoCount })}</Tag>}
              </Space>
            ),
          },
          { title: tr('area'), render: (_, s) => `${s.area.toLocaleString()} ${label(SPACE_UNIT[s.kind])}` },
          { title: tr('landUse'), render: (_, s) => label(LAND_USE_LABELS[s.landUse]) },
          { title: tr('township'), dataIndex: 'townshipName' },
          { title: tr('owner'), dataIndex: 'owner' },
          { title: tr('terms'), dataIndex: 'askingTerms' },
          {
            title: tr('state'),
            render: (_, s) => (
              <Tag color={STATE_COLOR[s.state]} data-testid="site-state">
                {label(SITE_STATE_LABELS[s.state])} {s.stateSince}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_, s) =>
              mayWrite &&
              s.state !== 'revitalised' && (
                <Button
                  size="small"
                  data-testid="site-set-state"
                  onClick={() => {
                    setError(null);
                    form.resetFields();
                    setMoving(s);
                  }}
                >
                  {tr('setState')}
                </Button>
              ),
          },
        ]}
      />
      <Drawer open={!!open} width={560} title={open?.name} onClose={closeDrawer} destroyOnHidden>
        {open && (
          <>
            <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={tr('area')}>
                {open.area.toLocaleString()} {label(SPACE_UNIT[open.kind])}
              </Descriptions.Item>
              <Descriptions.Item label={tr('landUse')}>{label(LAND_USE_LABELS[open.landUse])}</Descriptions.Item>
              <Descriptions.Item label={tr('township')}>{open.townshipName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tr('state')}>
                {label(SITE_STATE_LABELS[open.state])} {open.stateSince}
              </Descriptions.Item>
              <Descriptions.Item label={tr('owner')}>{open.owner || '—'}</Descriptions.Item>
              <Descriptions.Item label={tr('terms')}>{open.askingTerms || '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{tr('photos')}</Typography.Title>
            <SitePhotos siteId={open.id} mayWrite={mayEdit(open)} />
          </>
        )}
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {tr('leadsForSite')}
        </Typography.Title>
        <Table
          size="small"
          rowKey={(m) => m.lead.id}
          dataSource={matches.data?.items}
          pagination={false}
          columns={[
            { title: tr('colProject'), render: (_, m) => <Link to={`/leads/${m.lead.id}`}>{m.lead.projectName}</Link> },
            { title: tr('colStage'), render: (_, m) => label(LEAD_STAGE_LABELS[m.lead.stage]) },
            {
              title: tr('space'),
              render: (_, m) => (m.lead.space ? `${m.lead.space.min}–${m.lead.space.max ?? ''}` : ''),
            },
            { title: tr('score'), dataIndex: 'score' },
          ]}
        />
      </Drawer>
      <Modal
        open={!!moving}
        title={`${tr('setState')}：${moving?.name ?? ''}`}
        onCancel={() => setMoving(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), act.mutate(v))}>
          <Form.Item name="state" label={tr('state')} rules={[{ required: true, message: tr('required') }]}>
            <Select
              data-testid="site-state-select"
              options={[
                { value: 'negotiating', label: tr('toNegotiating') },
                { value: 'revitalised', label: tr('toRevitalised') },
                { value: 'idle', label: tr('toIdle') },
              ].filter((o) => o.value !== moving?.state)}
            />
          </Form.Item>
          <Form.Item
            name="date"
            label={tr('date')}
            initialValue={countyNow()}
            rules={[{ required: true, message: tr('required') }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
          </Form.Item>
          <Form.Item name="leadId" label={tr('forLead')}>
            <Select
              allowClear
              data-testid="site-lead-select"
              options={(matches.data?.items ?? []).map((m) => ({
                value: m.lead.id,
                label: `${m.lead.projectName}（${m.lead.investor}）`,
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
