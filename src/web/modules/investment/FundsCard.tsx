import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceUpload, type Evidence } from '../../components/EvidenceUpload';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { countyNow } from '../../lib/time';
import { invApi, invKeys, type Lead } from './api';
import { useInvT } from './i18n';

/**
 * 到位资金: what the investor has paid in, each entry with its evidence (银行进账单, 验资报告) and counted only once the
 * supervision office has confirmed it; the lead's unit enters, the office confirms.
 */
export function FundsCard({ lead, mayWrite }: { lead: Lead; mayWrite: boolean }) {
  const tr = useInvT();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: invKeys.funds(lead.id), queryFn: () => invApi.funds(lead.id) });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [files, setFiles] = useState<Evidence[]>([]);
  const [sending, setSending] = useState(0);
  const [form] = Form.useForm();
  const done = () => {
    qc.invalidateQueries({ queryKey: invKeys.funds(lead.id) });
    qc.invalidateQueries({ queryKey: invKeys.lead(lead.id) });
    qc.invalidateQueries({ queryKey: ['leads'] });
    qc.invalidateQueries({ queryKey: ['investment'] });
  };
  const add = useMutation({
    mutationFn: (v: { amount: number; amountUnit: string; date: Dayjs; note?: string }) =>
      invApi.addFunds(lead.id, {
        amount: v.amount,
        amountUnit: v.amountUnit,
        date: v.date.format('YYYY-MM-DD'),
        note: v.note ?? '',
        attachmentIds: files.map((f) => f.id),
      }),
    onSuccess: () => {
      message.success(tr('saved'));
      setOpen(false);
      done();
    },
    onError: (e) => {
      if (!applyServerErrors(form, e) || e instanceof ApiError) setError(e);
    },
  });
  const confirm = useMutation({
    mutationFn: (fundsId: string) => invApi.confirmFunds(lead.id, fundsId),
    onSuccess: () => {
      message.success(tr('saved'));
      done();
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  const office = hasRole(me, ['supervision_office']);
  const items = q.data?.items ?? [];
  const confirmed = items.filter((f) => f.confirmed).reduce((s, f) => s + f.amount, 0);
  const pending = items.filter((f) => !f.confirmed).reduce((s, f) => s + f.amount, 0);
  if (!lead.signedOn && items.length === 0) return null;
  return (
    <Card
      size="small"
      title={tr('fundsTitle', { confirmed: confirmed.toLocaleString(), pending: pending.toLocaleString() })}
      style={{ marginTop: 12 }}
      data-testid="lead-funds"
      extra={
        mayWrite &&
        !lead.closed &&
        lead.signedOn && (
          <Button
            onClick={() => {
              setError(null);
              setFiles([]);
              form.resetFields();
              setOpen(true);
            }}
            data-testid="funds-add"
          >
            {tr('addFunds')}
          </Button>
        )
      }
    >
      <ErrorAlert error={q.error} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: tr('noFunds') }}
        columns={[
          { title: tr('date'), dataIndex: 'date', width: 110 },
          {
            title: tr('fundsAmount'),
            dataIndex: 'amount',
            align: 'right',
            width: 120,
            render: (v: number) => v.toLocaleString(),
          },
          { title: tr('fundsNote'), dataIndex: 'note' },
          {
            title: tr('fundsEvidence'),
            render: (_, f) =>
              f.attachmentIds.map((id, i) => (
                <a
                  key={id}
                  href={`/api/v1/attachments/${id}`}
                  target="_blank"
                  rel="noreferrer"
                  style={{ marginRight: 8 }}
                >
                  {tr('fundsFile', { n: i + 1 })}
                </a>
              )),
          },
          {
            title: '',
            width: 170,
            render: (_, f) =>
              f.confirmed ? (
                <Tag color="green" data-testid="funds-state">
                  {tr('fundsConfirmed', { on: f.confirmedOn ?? '' })}
                </Tag>
              ) : office ? (
                <Button
                  size="small"
                  type="primary"
                  loading={confirm.isPending && confirm.variables === f.id}
                  onClick={() => confirm.mutate(f.id)}
                  data-testid="funds-confirm"
                >
                  {tr('confirmFunds')}
                </Button>
              ) : (
                <Tag color="gold" data-testid="funds-state">
                  {tr('fundsPending')}
                </Tag>
              ),
          },
        ]}
      />
      <Modal
        open={open}
        title={tr('addFunds')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{
          loading: add.isPending,
          disabled: sending > 0,
          ...({ 'data-testid': 'dialog-ok' } as object),
        }}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ amountUnit: '万元', date: countyNow() }}
          onFinish={(v) => {
            setError(null);
            if (files.length === 0) {
              form.setFields([{ name: 'evidence', errors: [tr('fundsNeedEvidence')] }]);
              return;
            }
            add.mutate(v);
          }}
        >
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item name="amount" label={tr('fundsAmount')} rules={[{ required: true, message: tr('required') }]}>
                <InputNumber min={0} style={{ width: '100%' }} data-testid="funds-amount" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="amountUnit" label=" ">
                <Select options={['万元', '亿元'].map((x) => ({ value: x, label: x }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="date" label={tr('date')} rules={[{ required: true, message: tr('required') }]}>
            <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
          </Form.Item>
          <Form.Item name="note" label={tr('fundsNote')}>
            <Input.TextArea rows={2} data-testid="funds-note" />
          </Form.Item>
          <Form.Item name="evidence" label={tr('fundsEvidence')} required>
            <EvidenceUpload
              files={files}
              onAdd={(u) => {
                setFiles((xs) => [...xs, u]);
                form.setFields([{ name: 'evidence', errors: [] }]);
              }}
              onError={setError}
              onSending={setSending}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
