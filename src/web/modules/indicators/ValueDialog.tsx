import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { parsePeriodText } from '../../../shared/domain/indicators-check';
import { periodLabel } from '../../../shared/domain/indicators';
import type { CountyOut, IndicatorOut, ValueOut } from '../../../shared/indicators';
import { indicatorApi, type ValueBody } from './api';
import { useIndicatorsT } from './i18n';

/** Units a value may be typed in, for an indicator kept in `unit` (the server converts). */
const FAMILIES = [
  ['元', '万元', '亿元'],
  ['美元', '万美元', '亿美元'],
  ['千瓦时', '万千瓦时', '亿千瓦时'],
  ['吨', '万吨'],
  ['人', '万人'],
];
const unitsFor = (unit: string) => FAMILIES.find((f) => f.includes(unit)) ?? [unit];

interface FormValues {
  period: string;
  countyId: string;
  value: number;
  unit: string;
  growth?: number | null;
  rank?: number | null;
  source?: string;
  note?: string;
}

/**
 * Entry of one value, own county or a peer. A period that already has a value is corrected: the new version carries
 * the version it replaces. Warnings the server raises are shown and the person confirms them, or changes the value.
 */
export function ValueDialog({
  indicator,
  counties,
  values,
  open,
  onClose,
  onDone,
}: {
  indicator: IndicatorOut;
  counties: CountyOut[];
  values: ValueOut[];
  open: boolean;
  onClose: () => void;
  onDone: (v: ValueOut) => void;
}) {
  const t = useIndicatorsT();
  const { t: common, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [warnings, setWarnings] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const self = counties.find((c) => c.isSelf);
  const period = Form.useWatch('period', form);
  const countyId = Form.useWatch('countyId', form);
  const key = useMemo(() => {
    const p = period ? parsePeriodText(period, indicator.frequency) : null;
    return p && 'key' in p ? p.key : null;
  }, [period, indicator.frequency]);
  const existing = key
    ? values.find((v) => v.current && v.period === key && v.countyId === (countyId ?? self?.id))
    : undefined;

  async function submit(confirm: boolean) {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: ValueBody = {
        period: v.period,
        value: v.value,
        unit: v.unit === indicator.unit ? null : v.unit,
        growth: v.growth ?? null,
        rank: v.rank ?? null,
        countyId: v.countyId === self?.id ? null : v.countyId,
        source: v.source || null,
        note: v.note || null,
        confirm,
      };
      const out = await indicatorApi.enter(indicator.id, body, existing?.version);
      message.success(
        t('entered', { period: periodLabel(out.period, locale, indicator.accumulation), version: out.version }),
      );
      setWarnings(null);
      form.resetFields();
      onDone(out);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'indicator_needs_confirmation') setWarnings(e);
      else if (!applyServerErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('enterTitle', { name: indicator.name })}
      onCancel={() => (setWarnings(null), setError(null), onClose())}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={onClose}>
          {common('cancel')}
        </Button>,
        warnings ? (
          <Button key="w" danger type="primary" loading={busy} onClick={() => submit(true)} data-testid="value-confirm">
            {t('confirmWarnings')}
          </Button>
        ) : (
          <Button key="ok" type="primary" loading={busy} onClick={() => submit(false)} data-testid="value-submit">
            {common('save')}
          </Button>
        ),
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ countyId: self?.id, unit: indicator.unit, source: '' }}
        onValuesChange={() => setWarnings(null)}
      >
        <Space style={{ width: '100%' }} align="start">
          <Form.Item
            name="period"
            label={t('period')}
            rules={[{ required: true, message: t('required') }]}
            extra={key ? periodLabel(key, locale, indicator.accumulation) : undefined}
          >
            <Input placeholder={t('periodPlaceholder')} style={{ width: 200 }} data-testid="value-period" />
          </Form.Item>
          <Form.Item name="countyId" label={t('county')}>
            <Select
              style={{ width: 160 }}
              options={counties.map((c) => ({
                value: c.id,
                label: c.isSelf ? `${c.name}（${t('countySelf')}）` : c.name,
              }))}
              data-testid="value-county"
            />
          </Form.Item>
        </Space>
        <Space style={{ width: '100%' }} align="start">
          <Form.Item name="value" label={t('value')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber style={{ width: 200 }} data-testid="value-value" />
          </Form.Item>
          <Form.Item name="unit" label={t('unitLabel')}>
            <Select
              style={{ width: 120 }}
              options={unitsFor(indicator.unit).map((u) => ({ value: u, label: u }))}
              data-testid="value-unit"
            />
          </Form.Item>
        </Space>
        <Space style={{ width: '100%' }} align="start">
          <Form.Item name="growth" label={t('growthLabel')}>
            <InputNumber style={{ width: 200 }} step={0.1} data-testid="value-growth" />
          </Form.Item>
          <Form.Item name="rank" label={t('rankLabel')}>
            <InputNumber style={{ width: 120 }} min={1} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="source" label={t('sourceLabel')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('noteLabel')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        {existing && (
          <Alert
            type="info"
            showIcon
            title={t('correctionNote', { version: existing.version })}
            style={{ marginBottom: 12 }}
          />
        )}
        {warnings && (
          <Alert
            type="warning"
            showIcon
            data-testid="value-warnings"
            title={t('warningsTitle')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {(warnings.problem.errors ?? []).map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
