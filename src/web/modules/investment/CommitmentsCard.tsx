import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload, type Evidence } from '../../components/EvidenceUpload';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError, api } from '../../lib/api';
import { countyNow } from '../../lib/time';
import {
  COMMITMENT_SIDE_LABELS,
  COMMITMENT_SIDES,
  COMMITMENT_TYPE_LABELS,
  COMMITMENT_TYPES_OF,
  COMMITMENT_UNIT,
  type CommitmentSide,
} from '../../../shared/domain/investment';
import { invApi, invKeys, type Commitment, type Lead } from './api';
import { useInvT } from './i18n';

const LIGHT_COLOR: Record<string, string> = { red: 'red', yellow: 'gold', green: 'green' };
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

/**
 * 协议履约: the agreement's commitments on both sides, each a supervised item (its state and light from the core),
 * with 履约率 per side; 登记承诺 once signed (a tax rebate is refused by the server, naming the 公平竞争审查条例), 报告兑现
 * with evidence by the delivering unit, 确认 or 退回 by the signing side; the enterprise's demands linked to it.
 */
export function CommitmentsCard({ lead, mayWrite }: { lead: Lead; mayWrite: boolean }) {
  const tr = useInvT();
  const { label } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: invKeys.commitments(lead.id), queryFn: () => invApi.commitments(lead.id) });
  const demands = useQuery({ queryKey: invKeys.leadDemands(lead.id), queryFn: () => invApi.leadDemands(lead.id) });
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'fulfil' | 'confirm'; c: Commitment } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [files, setFiles] = useState<Evidence[]>([]);
  const [form] = Form.useForm();
  const side = (Form.useWatch('side', form) as CommitmentSide | undefined) ?? 'investor';
  const type = Form.useWatch('type', form) as keyof typeof COMMITMENT_UNIT | undefined;
  const units = useQuery({
    queryKey: ['units'],
    queryFn: () => api<{ items: { id: string; name: string; shortName: string | null }[] }>('GET', '/api/v1/units'),
    enabled: dialog?.kind === 'create',
  });
  const signed = !!lead.signedOn && !lead.closed;

  const act = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      if (dialog?.kind === 'create')
        return invApi.createCommitment(lead.id, {
          side: v.side,
          type: v.type,
          description: v.description ?? '',
          amount: v.amount ?? null,
          due: (v.due as Dayjs).format('YYYY-MM-DD'),
          handlingUnitId: v.side === 'county' ? (v.handlingUnitId ?? null) : null,
        });
      if (dialog?.kind === 'fulfil')
        return invApi.fulfil(lead.id, dialog.c.id, {
          date: (v.date as Dayjs).format('YYYY-MM-DD'),
          note: v.note,
          attachmentIds: files.map((f) => f.id),
        });
      if (dialog?.kind === 'confirm')
        return invApi.confirmCommitment(lead.id, dialog.c.id, { accept: v.accept, reason: v.reason ?? null });
    },
    onSuccess: () => {
      message.success(tr('saved'));
      setDialog(null);
      qc.invalidateQueries({ queryKey: invKeys.commitments(lead.id) });
      qc.invalidateQueries({ queryKey: ['investment'] });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e) || e instanceof ApiError) setError(e);
    },
  });
  const open = (d: typeof dialog) => {
    setError(null);
    setFiles([]);
    form.resetFields();
    setDialog(d);
  };
  const f = q.data?.fulfilment;

  return (
    <Card
      size="small"
      title={tr('commitments')}
      style={{ marginTop: 12 }}
      data-testid="lead-commitments"
      extra={
        mayWrite &&
        signed && (
          <Button onClick={() => open({ kind: 'create' })} data-testid="commitment-add">
            {tr('addCommitment')}
          </Button>
        )
      }
    >
      <ErrorAlert error={q.error} />
      {!signed && <Typography.Paragraph type="secondary">{tr('commitmentsAfterSigning')}</Typography.Paragraph>}
      <Row gutter={16} style={{ marginBottom: 8 }}>
        {COMMITMENT_SIDES.map((s) => (
          <Col xs={12} md={6} key={s}>
            <Statistic
              title={`${label(COMMITMENT_SIDE_LABELS[s])} · ${tr('fulfilmentRate')}`}
              value={pct(f?.[s].rate ?? null)}
              data-testid={`fulfilment-${s}`}
            />
            <Typography.Text type="secondary">
              {tr('fulfilmentDetail', {
                fulfilled: f?.[s].fulfilled ?? 0,
                due: f?.[s].due ?? 0,
                overdue: f?.[s].overdue ?? 0,
              })}
            </Typography.Text>
          </Col>
        ))}
      </Row>
      <Table
        size="small"
        rowKey="id"
        dataSource={q.data?.items}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: tr('noCommitments') }}
        columns={[
          {
            title: tr('side'),
            render: (_, c) => (
              <Tag color={c.side === 'county' ? 'purple' : 'blue'}>{label(COMMITMENT_SIDE_LABELS[c.side])}</Tag>
            ),
          },
          {
            title: tr('commitment'),
            render: (_, c) => (
              <span>
                {label(COMMITMENT_TYPE_LABELS[c.type])}
                {c.amount !== null && COMMITMENT_UNIT[c.type] ? ` ${c.amount} ${label(COMMITMENT_UNIT[c.type]!)}` : ''}
                {c.description ? `：${c.description}` : ''}
              </span>
            ),
          },
          { title: tr('due'), dataIndex: 'deadline' },
          { title: tr('handlingUnit'), dataIndex: 'handlingUnitName' },
          {
            title: tr('state'),
            render: (_, c) => (
              <Space size={4}>
                <Tag color={LIGHT_COLOR[c.light]}>{tr(`cstate_${c.state}` as never)}</Tag>
                {c.fulfilledOn && <span>{c.fulfilledOn}</span>}
                {c.blockerId && <Tag color="red">{tr('blockerRaised')}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            render: (_, c) => (
              <Space>
                {(c.actions.includes('requestClose') || c.actions.includes('accept')) && (
                  <Button size="small" onClick={() => open({ kind: 'fulfil', c })} data-testid="commitment-fulfil">
                    {tr('reportFulfilled')}
                  </Button>
                )}
                {c.actions.includes('close') && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => open({ kind: 'confirm', c })}
                    data-testid="commitment-confirm"
                  >
                    {tr('confirmFulfilled')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {(demands.data?.items.length ?? 0) > 0 && (
        <div style={{ marginTop: 12 }} data-testid="lead-demands">
          <Typography.Text strong>{tr('linkedDemands')}</Typography.Text>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={demands.data!.items}
            columns={[
              { title: tr('colProject'), render: (_, d) => <Link to={`/demands/${d.id}`}>{d.title}</Link> },
              {
                title: tr('colDemandState'),
                render: (_, d) => (
                  <Tag color={LIGHT_COLOR[d.light]} data-testid="lead-demand-state">
                    {label(
                      STATE_LABELS[d.state as keyof typeof STATE_LABELS] ?? { 'zh-CN': d.state, 'en-US': d.state },
                    )}
                  </Tag>
                ),
              },
              { title: tr('due'), dataIndex: 'deadline' },
            ]}
          />
        </div>
      )}
      <Modal
        open={!!dialog}
        title={
          dialog?.kind === 'create'
            ? tr('addCommitment')
            : dialog?.kind === 'fulfil'
              ? tr('reportFulfilled')
              : tr('confirmFulfilled')
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'commitment-ok' } as object) }}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), act.mutate(v))}>
          {dialog?.kind === 'create' && (
            <>
              <Form.Item name="side" label={tr('side')} initialValue="investor">
                <Radio.Group
                  data-testid="commitment-side"
                  onChange={() => form.setFieldValue('type', undefined)}
                  options={COMMITMENT_SIDES.map((s) => ({ value: s, label: label(COMMITMENT_SIDE_LABELS[s]) }))}
                />
              </Form.Item>
              <Form.Item name="type" label={tr('commitmentType')} rules={[{ required: true, message: tr('required') }]}>
                <Select
                  data-testid="commitment-type"
                  options={COMMITMENT_TYPES_OF[side].map((t) => ({
                    value: t,
                    label: label(COMMITMENT_TYPE_LABELS[t]),
                  }))}
                />
              </Form.Item>
              {type && COMMITMENT_UNIT[type] && (
                <Form.Item name="amount" label={`${tr('amount')}（${label(COMMITMENT_UNIT[type]!)}）`}>
                  <InputNumber min={0} style={{ width: 200 }} data-testid="commitment-amount" />
                </Form.Item>
              )}
              <Form.Item name="description" label={tr('description')}>
                <Input.TextArea rows={2} data-testid="commitment-description" />
              </Form.Item>
              <Form.Item name="due" label={tr('due')} rules={[{ required: true, message: tr('required') }]}>
                <DatePicker data-testid="commitment-due" />
              </Form.Item>
              {side === 'county' && (
                <Form.Item name="handlingUnitId" label={tr('handlingUnit')}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    data-testid="commitment-unit"
                    options={units.data?.items.map((u) => ({ value: u.id, label: u.shortName || u.name }))}
                  />
                </Form.Item>
              )}
              <Typography.Text type="secondary">{tr('noTaxRebate')}</Typography.Text>
            </>
          )}
          {dialog?.kind === 'fulfil' && (
            <>
              <Form.Item
                name="date"
                label={tr('date')}
                initialValue={countyNow()}
                rules={[{ required: true, message: tr('required') }]}
              >
                <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label={tr('fulfilNote')} rules={[{ required: true, message: tr('required') }]}>
                <Input.TextArea rows={2} data-testid="fulfil-note" />
              </Form.Item>
              <EvidenceUpload files={files} onAdd={(u) => setFiles((xs) => [...xs, u])} onError={setError} />
            </>
          )}
          {dialog?.kind === 'confirm' && (
            <>
              <Form.Item name="accept" label={tr('confirmFulfilled')} initialValue={true}>
                <Radio.Group
                  options={[
                    { value: true, label: tr('confirmYes') },
                    { value: false, label: tr('confirmNo') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="reason" label={tr('sendBackReason')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
