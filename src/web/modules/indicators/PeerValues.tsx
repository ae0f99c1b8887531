import { useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { parsePeriodText } from '../../../shared/domain/indicators-check';
import { periodLabel } from '../../../shared/domain/indicators';
import { FREQUENCY_LABELS, type CountyOut } from '../../../shared/indicators';
import { fmt, indicatorApi, indicatorKeys } from './api';
import { useIndicatorsT } from './i18n';

interface Row {
  value: number | null;
  growth: number | null;
  rank: number | null;
}
type Outcome = { kind: 'saved'; version: number } | { kind: 'warnings' | 'errors'; messages: string[] };

/**
 * 兄弟县数据: one period of one indicator for every compared county in one grid (as the city's bulletin lists them).
 * Each county's row is written as its own value (a correction carries the version it corrects); warnings are shown on
 * the row and kept once the person confirms them.
 */
export function PeerValuesCard() {
  const t = useIndicatorsT();
  const { label, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: indicatorKeys.list, queryFn: indicatorApi.list });
  const counties = useQuery({ queryKey: indicatorKeys.counties, queryFn: indicatorApi.counties });
  const writable = (list.data?.items ?? []).filter((i) => i.canWrite && i.active);
  const [indicatorId, setIndicatorId] = useState<string | undefined>(undefined);
  const indicator = writable.find((i) => i.id === indicatorId);
  const [periodText, setPeriodText] = useState('');
  const parsed = indicator && periodText ? parsePeriodText(periodText, indicator.frequency) : null;
  const period = parsed && 'key' in parsed ? parsed.key : null;
  const year = period ? Number(period.slice(0, 4)) : undefined;
  const values = useQuery({
    queryKey: indicatorKeys.values(indicatorId ?? '', year, false),
    queryFn: () => indicatorApi.values(indicatorId!, year, false),
    enabled: !!indicatorId && !!year,
  });
  const [edits, setEdits] = useState<Record<string, Partial<Row>>>({});
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);

  const current = useMemo(
    () => new Map((values.data ?? []).filter((v) => v.period === period).map((v) => [v.countyId, v])),
    [values.data, period],
  );
  const rowOf = (c: CountyOut): Row => {
    const v = current.get(c.id);
    return { value: v?.value ?? null, growth: v?.growth ?? null, rank: v?.rank ?? null, ...edits[c.id] };
  };
  const changed = (counties.data ?? []).filter((c) => {
    const e = edits[c.id];
    if (!e) return false;
    const v = current.get(c.id);
    const r = rowOf(c);
    return r.value !== null && (!v || r.value !== v.value || r.growth !== v.growth || r.rank !== v.rank);
  });

  async function save() {
    if (!indicator || !period) return;
    setBusy(true);
    const out: Record<string, Outcome> = {};
    let saved = 0;
    for (const c of changed) {
      const r = rowOf(c);
      try {
        const v = await indicatorApi.enter(
          indicator.id,
          {
            period,
            value: r.value!,
            growth: r.growth,
            rank: r.rank,
            countyId: c.isSelf ? null : c.id,
            source: t('peerSource'),
            confirm,
          },
          current.get(c.id)?.version,
        );
        out[c.id] = { kind: 'saved', version: v.version };
        saved++;
      } catch (e) {
        if (e instanceof ApiError)
          out[c.id] = {
            kind: e.code === 'indicator_needs_confirmation' ? 'warnings' : 'errors',
            messages: (e.problem.errors ?? [])
              .map((p) => p.message)
              .concat(e.problem.errors?.length ? [] : [e.problem.detail ?? e.message]),
          };
        else out[c.id] = { kind: 'errors', messages: [String(e)] };
      }
    }
    setOutcomes(out);
    setEdits((prev) => Object.fromEntries(Object.entries(prev).filter(([id]) => out[id]?.kind !== 'saved')));
    setBusy(false);
    if (saved) message.success(t('peerSaved', { count: saved }));
    void qc.invalidateQueries({ queryKey: indicatorKeys.all });
  }

  const set = (id: string, k: keyof Row, v: number | null) =>
    setEdits((prev) => ({ ...prev, [id]: { ...prev[id], [k]: v } }));
  const anyWarnings = Object.values(outcomes).some((o) => o.kind === 'warnings');

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('peerHelp')}</Typography.Paragraph>
      <ErrorAlert error={list.error ?? counties.error ?? values.error} />
      <Space wrap>
        <Select
          placeholder={t('indicator')}
          style={{ width: 260 }}
          value={indicatorId}
          onChange={(v) => (setIndicatorId(v), setEdits({}), setOutcomes({}))}
          showSearch
          optionFilterProp="label"
          options={writable.map((i) => ({
            value: i.id,
            label: `${i.name}（${label(FREQUENCY_LABELS[i.frequency])}，${i.unit}）`,
          }))}
          data-testid="peer-indicator"
        />
        <Input
          placeholder={t('periodPlaceholder')}
          style={{ width: 220 }}
          value={periodText}
          onChange={(e) => (setPeriodText(e.target.value), setEdits({}), setOutcomes({}))}
          status={periodText && indicator && !period ? 'error' : undefined}
          data-testid="peer-period"
        />
        {period && indicator && <Tag>{periodLabel(period, locale, indicator.accumulation)}</Tag>}
      </Space>
      {periodText && indicator && !period && (
        <Typography.Text type="danger">
          {t('peerPeriodInvalid', { frequency: label(FREQUENCY_LABELS[indicator.frequency]) })}
        </Typography.Text>
      )}
      {indicator && period && (
        <>
          <Table<CountyOut>
            size="small"
            rowKey="id"
            pagination={false}
            loading={values.isLoading}
            dataSource={counties.data ?? []}
            data-testid="peer-grid"
            columns={[
              {
                title: t('county'),
                dataIndex: 'name',
                render: (v: string, c) =>
                  c.isSelf ? (
                    <Space>
                      {v}
                      <Tag color="blue">{t('selfCounty')}</Tag>
                    </Space>
                  ) : (
                    v
                  ),
              },
              {
                title: `${t('value')}（${indicator.unit}）`,
                key: 'value',
                render: (_: unknown, c) => (
                  <InputNumber
                    value={rowOf(c).value}
                    onChange={(v) => set(c.id, 'value', v)}
                    style={{ width: 140 }}
                    data-testid={`peer-value-${c.name}`}
                  />
                ),
              },
              {
                title: t('growthLabel'),
                key: 'growth',
                render: (_: unknown, c) => (
                  <InputNumber
                    value={rowOf(c).growth}
                    onChange={(v) => set(c.id, 'growth', v)}
                    style={{ width: 110 }}
                  />
                ),
              },
              {
                title: t('rankLabel'),
                key: 'rank',
                render: (_: unknown, c) => (
                  <InputNumber
                    value={rowOf(c).rank}
                    min={1}
                    precision={0}
                    onChange={(v) => set(c.id, 'rank', v)}
                    style={{ width: 90 }}
                  />
                ),
              },
              {
                title: t('version'),
                key: 'version',
                width: 60,
                render: (_: unknown, c) => current.get(c.id)?.version ?? '—',
              },
              {
                title: t('result'),
                key: 'outcome',
                render: (_: unknown, c) => {
                  const o = outcomes[c.id];
                  if (!o)
                    return current.get(c.id) ? (
                      <Typography.Text type="secondary">{fmt(current.get(c.id)!.value)}</Typography.Text>
                    ) : null;
                  if (o.kind === 'saved') return <Tag color="green">{t('peerSavedRow', { version: o.version })}</Tag>;
                  return (
                    <Typography.Text type={o.kind === 'errors' ? 'danger' : 'warning'}>
                      {o.messages.join('；')}
                    </Typography.Text>
                  );
                },
              },
            ]}
          />
          {anyWarnings && <Alert type="warning" showIcon message={t('warningsTitle')} />}
          <Space>
            <Checkbox checked={confirm} onChange={(e) => setConfirm(e.target.checked)}>
              {t('confirmWarnings')}
            </Checkbox>
            <Button
              type="primary"
              disabled={changed.length === 0}
              loading={busy}
              onClick={() => void save()}
              data-testid="peer-save"
            >
              {t('peerSave', { count: changed.length })}
            </Button>
          </Space>
        </>
      )}
    </Space>
  );
}
