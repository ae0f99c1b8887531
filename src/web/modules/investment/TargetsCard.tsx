import { useState } from 'react';
import { App, Button, Card, Col, Form, InputNumber, Modal, Row, Table, Tabs, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError, api } from '../../lib/api';
import { TARGET_KEYS, TARGET_LABELS } from '../../../shared/domain/investment';
import type { Summary } from './api';
import { useInvT } from './i18n';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const LIGHT_TAG: Record<string, string> = { red: 'red', yellow: 'gold', green: 'green' };

/** The year's targets on 序时进度 and the conversion rates by year signed, chain and source; 设定年度目标 for the office. */
export function TargetsCard({ s }: { s: Summary }) {
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: async (v: Record<string, number | null>) => {
      const cur = await api<{ version: number }>('GET', '/api/v1/investment/targets', { query: { year: s.year } });
      return api('PUT', '/api/v1/investment/targets', {
        query: { year: s.year },
        body: { ...v, startRate: v.startRate === null || v.startRate === undefined ? null : v.startRate / 100 },
        version: cur.version,
      });
    },
    onSuccess: () => {
      message.success(tr('saved'));
      setOpen(false);
      qc.invalidateQueries({ queryKey: ['investment'] });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e) || e instanceof ApiError) setError(e);
    },
  });
  const fmt = (key: string, v: number | null) =>
    v === null ? '—' : key === 'startRate' ? pct(v) : v.toLocaleString(undefined, { maximumFractionDigits: 2 });
  const conv = (rows: Summary['conversionBy']['year']) => (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: tr('colGroup'), dataIndex: 'label' },
        { title: tr('colSignedN'), dataIndex: 'signed' },
        { title: tr('colStartedN'), dataIndex: 'started' },
        { title: tr('colProducingN'), dataIndex: 'producing' },
        { title: tr('rateSignedStarted'), render: (_, r) => pct(r.signedToStarted) },
        { title: tr('rateStartedProducing'), render: (_, r) => pct(r.startedToProducing) },
      ]}
    />
  );
  return (
    <Row gutter={12} style={{ marginBottom: 12 }}>
      <Col xs={24} xl={12}>
        <Card
          size="small"
          title={tr('targetsTitle')}
          data-testid="investment-targets"
          extra={
            hasRole(me, ['supervision_office', 'principal']) && (
              <Button
                size="small"
                data-testid="targets-set"
                onClick={() => {
                  setError(null);
                  form.setFieldsValue(
                    Object.fromEntries(
                      s.targets.map((t) => [
                        t.key,
                        t.key === 'startRate' && t.target !== null ? t.target * 100 : t.target,
                      ]),
                    ),
                  );
                  setOpen(true);
                }}
              >
                {tr('setTargets')}
              </Button>
            )
          }
        >
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={s.targets}
            columns={[
              { title: '', render: (_, t) => label(TARGET_LABELS[t.key]) },
              { title: tr('targetCol'), render: (_, t) => fmt(t.key, t.target) },
              { title: tr('actualCol'), render: (_, t) => fmt(t.key, t.actual) },
              { title: tr('expectedCol'), render: (_, t) => fmt(t.key, t.expected) },
              {
                title: '',
                render: (_, t) =>
                  t.gapPoints === null ? null : (
                    <Tag color={LIGHT_TAG[t.light]}>
                      {t.gapPoints > 0 ? tr('behind', { n: t.gapPoints }) : tr('ahead')}
                    </Tag>
                  ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={tr('conversionTitle')} data-testid="investment-conversion">
          <Tabs
            size="small"
            items={[
              { key: 'year', label: tr('byYear'), children: conv(s.conversionBy.year) },
              { key: 'chain', label: tr('byChain'), children: conv(s.conversionBy.chain) },
              { key: 'source', label: tr('bySource'), children: conv(s.conversionBy.source) },
            ]}
          />
        </Card>
      </Col>
      <Modal
        open={open}
        title={`${tr('setTargets')}（${s.year}）`}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {TARGET_KEYS.map((k) => (
            <Form.Item
              key={k}
              name={k}
              label={k === 'startRate' ? `${label(TARGET_LABELS[k])}（%）` : label(TARGET_LABELS[k])}
            >
              <InputNumber
                min={0}
                max={k === 'startRate' ? 100 : undefined}
                style={{ width: 200 }}
                data-testid={`target-${k}`}
              />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Row>
  );
}
