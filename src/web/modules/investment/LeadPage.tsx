import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { countyNow } from '../../lib/time';
import {
  LAND_USE_LABELS,
  LEAD_SOURCE_LABELS,
  LEAD_STAGE_LABELS,
  LEAD_STAGES,
  SPACE_UNIT,
  stageIndex,
} from '../../../shared/domain/investment';
import { POOL_LABELS, PROJECT_TYPE_LABELS, PROJECT_TYPES } from '../../../shared/domain/projects';
import { invApi, invKeys } from './api';
import { useInvT } from './i18n';
import { CommitmentsCard } from './CommitmentsCard';
import { FundsCard } from './FundsCard';

/** A lead: its data, its stages and follow-ups, 记录进展 (forward only, follow-up, signing, lost), 转入重点项目库, sites that fit. */
export default function LeadPage() {
  const { id = '' } = useParams();
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const lead = useQuery({ queryKey: invKeys.lead(id), queryFn: () => invApi.lead(id) });
  const stages = useQuery({ queryKey: invKeys.stages(id), queryFn: () => invApi.stages(id) });
  const matches = useQuery({ queryKey: invKeys.leadMatches(id), queryFn: () => invApi.leadMatches(id) });
  const [dialog, setDialog] = useState<'stage' | 'convert' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const chosen = Form.useWatch('stage', form) as string | undefined;
  const l = lead.data;
  const act = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      if (dialog === 'convert') return invApi.convert(l!, { pool: v.pool, type: v.type });
      return invApi.recordStage(l!, {
        stage: v.stage,
        date: (v.date as Dayjs).format('YYYY-MM-DD'),
        note: v.note ?? '',
        occasion: v.occasion || null,
        reason: v.reason || null,
      });
    },
    onSuccess: () => {
      message.success(tr('saved'));
      setDialog(null);
      qc.invalidateQueries({ queryKey: ['leads'] });
      qc.invalidateQueries({ queryKey: ['investment'] });
      qc.invalidateQueries({ queryKey: ['projects'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && (e.code === 'version_conflict' || e.code === 'precondition_failed')) {
        message.warning(tr('conflict'));
        qc.invalidateQueries({ queryKey: invKeys.lead(id) });
        return;
      }
      if (!applyServerErrors(form, e) || e instanceof ApiError) setError(e);
    },
  });
  if (lead.error) return <ErrorAlert error={lead.error} />;
  if (!l) return null;
  const mayWrite =
    hasRole(me, ['supervision_office', 'principal']) ||
    (hasRole(me, ['unit_admin', 'unit_clerk']) && me?.unitId === l.responsibleUnitId);
  const forward = LEAD_STAGES.filter(
    (s) => stageIndex(s) >= stageIndex(l.typedStage) && !(l.projectId && (s === 'started' || s === 'producing')),
  );
  const open = (kind: 'stage' | 'convert') => {
    setError(null);
    form.resetFields();
    setDialog(kind);
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/leads')}>
          {tr('back')}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {l.projectName}
        </Typography.Title>
        {l.closed ? (
          <Tag>{tr('lost')}</Tag>
        ) : (
          <Tag color="blue" data-testid="lead-stage">
            {label(LEAD_STAGE_LABELS[l.stage])}
          </Tag>
        )}
      </Space>
      {l.projectId && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          data-testid="lead-project-link"
          title={
            <span>
              {tr('converted')}
              <Link to={`/projects/${l.projectId}`}>{tr('openProject')}</Link>
              {l.projectPool ? `（${tr('landing', { pool: label(POOL_LABELS[l.projectPool]) })}）` : ''}。
              {tr('fromProject')}
            </span>
          }
        />
      )}
      <Card
        size="small"
        title={tr('fieldLead')}
        extra={
          mayWrite &&
          !l.closed && (
            <Space>
              <Button onClick={() => open('stage')} data-testid="lead-record-stage">
                {tr('recordStage')}
              </Button>
              {!l.projectId && stageIndex(l.typedStage) >= stageIndex('signed') && (
                <Button type="primary" onClick={() => open('convert')} data-testid="lead-convert">
                  {tr('convert')}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={tr('investor')}>{l.investor}</Descriptions.Item>
          <Descriptions.Item label={tr('investment')}>{l.investment.toLocaleString()} 万元</Descriptions.Item>
          <Descriptions.Item label={tr('source')}>{label(LEAD_SOURCE_LABELS[l.source])}</Descriptions.Item>
          <Descriptions.Item label={tr('chain')}>
            {[l.chainName, l.linkName].filter(Boolean).join(' · ') || l.industry}
          </Descriptions.Item>
          <Descriptions.Item label={tr('unit')}>{l.responsibleUnitName}</Descriptions.Item>
          <Descriptions.Item label={tr('leader')}>{l.leaderName ?? ''}</Descriptions.Item>
          <Descriptions.Item label={tr('space')}>
            {l.space
              ? `${l.space.min}${l.space.max ? `–${l.space.max}` : ''} \
${label(SPACE_UNIT[l.space.kind])}${l.space.landUse ? `，${label(LAND_USE_LABELS[l.space.landUse])}` : ''}`
              : tr('none')}
          </Descriptions.Item>
          <Descriptions.Item label={tr('colSigned')}>
            {l.signedOn ?? ''} {l.signings > 1 ? tr('signings', { n: l.signings }) : ''}
          </Descriptions.Item>
          <Descriptions.Item label={tr('fundsInPlace')}>{l.fundsInPlace.toLocaleString()}</Descriptions.Item>
          {l.closed && <Descriptions.Item label={tr('reason')}>{l.lostReason}</Descriptions.Item>}
          <Descriptions.Item label={tr('description')} span={3}>
            {l.description}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={tr('events')} style={{ marginTop: 12 }}>
        <Timeline
          items={[
            ...(stages.data?.events ?? []).map((e) => ({
              key: e.seq,
              color: e.action === 'lose' ? 'gray' : e.action === 'signing' || e.stage === 'signed' ? 'green' : 'blue',
              children: (
                <span>
                  {e.date}　
                  <b>
                    {e.stage === 'lost'
                      ? tr('lost')
                      : LEAD_STAGES.includes(e.stage as never)
                        ? label(LEAD_STAGE_LABELS[e.stage as (typeof LEAD_STAGES)[number]])
                        : e.stage}
                  </b>
                  {e.occasion ? `（${e.occasion}）` : ''}　{e.note}　
                  <Typography.Text type="secondary">{e.actorName}</Typography.Text>
                </span>
              ),
            })),
            ...(stages.data?.landing.startedOn
              ? [
                  {
                    key: 'started',
                    color: 'green',
                    children: `${stages.data.landing.startedOn}　${tr('started')}（${tr('fromProject')}）`,
                  },
                ]
              : []),
            ...(stages.data?.landing.producingOn
              ? [
                  {
                    key: 'producing',
                    color: 'green',
                    children: `${stages.data.landing.producingOn}　${tr('producing')}`,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <FundsCard lead={l} mayWrite={mayWrite} />
      <CommitmentsCard lead={l} mayWrite={mayWrite} />
      <Card size="small" title={tr('matches')} style={{ marginTop: 12 }}>
        <Table
          size="small"
          rowKey={(m) => m.site.id}
          dataSource={matches.data?.items}
          pagination={false}
          locale={{ emptyText: tr('noMatches') }}
          columns={[
            { title: tr('siteName'), render: (_, m) => m.site.name },
            { title: tr('area'), render: (_, m) => `${m.site.area} ${label(SPACE_UNIT[m.site.kind])}` },
            { title: tr('township'), render: (_, m) => m.site.townshipName },
            { title: tr('score'), dataIndex: 'score' },
          ]}
        />
      </Card>
      <Modal
        open={!!dialog}
        title={dialog === 'convert' ? tr('convert') : tr('recordStage')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), act.mutate(v))}>
          {dialog === 'stage' && (
            <>
              <Form.Item name="stage" label={tr('stage')} rules={[{ required: true, message: tr('required') }]}>
                <Select
                  data-testid="stage-select"
                  options={[
                    ...forward.map((s) => ({
                      value: s,
                      label:
                        s === l.typedStage
                          ? `${label(LEAD_STAGE_LABELS[s])} · ${tr('followUp')}`
                          : label(LEAD_STAGE_LABELS[s]),
                    })),
                    { value: 'lost', label: tr('closeLost') },
                  ]}
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
              {chosen === 'signed' && (
                <Form.Item name="occasion" label={tr('occasion')}>
                  <Input data-testid="stage-occasion" />
                </Form.Item>
              )}
              {chosen === 'lost' ? (
                <Form.Item name="reason" label={tr('reason')} rules={[{ required: true, message: tr('required') }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              ) : (
                <Form.Item name="note" label={tr('note')}>
                  <Input.TextArea rows={3} data-testid="stage-note" />
                </Form.Item>
              )}
            </>
          )}
          {dialog === 'convert' && (
            <>
              <Form.Item name="pool" label={tr('convertPool')} initialValue="reserve">
                <Select
                  data-testid="convert-pool"
                  options={(['reserve', 'preliminary'] as const).map((p) => ({
                    value: p,
                    label: label(POOL_LABELS[p]),
                  }))}
                />
              </Form.Item>
              <Form.Item name="type" label={tr('projectType')} initialValue="industry">
                <Select options={PROJECT_TYPES.map((p) => ({ value: p, label: label(PROJECT_TYPE_LABELS[p]) }))} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </div>
  );
}
