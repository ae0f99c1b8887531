import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportDialog } from '../../components/ImportDialog';
import { applyServerErrors } from '../../components/form-errors';
import { STATE_LABELS } from '../../../shared/supervision-labels';
import {
  FINDING_SEVERITIES,
  FINDING_SEVERITY_LABELS,
  FINDING_SOURCES,
  FINDING_SOURCE_LABELS,
  type FindingOut,
  type FindingSource,
} from '../../../shared/findings';
import { orgApi, orgKeys } from '../org/api';
import { Light } from '../tasks/Light';
import { countyNow } from '../../lib/time';
import { findingApi, findingKeys } from './api';
import { useFindingsT } from './i18n';
import { withParam } from '../../lib/url-params';

const OPEN = 'assigned,returned,accepted,in_progress,close_requested';
export const SEVERITY_COLORS = { general: undefined, serious: 'orange', critical: 'red' } as const;

/**
 * 问题整改: the ledger of findings in the caller's scope — by source, state and words — with the office's ways in
 * (record one, import the inspectors' list) and the export in the layout the inspectors ask for.
 */
export default function FindingsPage() {
  const tr = useFindingsT();
  const { label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe().data;
  const office = !!me?.roles.some((r) => r === 'supervision_office' || r === 'principal');
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const query = {
    q: params.get('q') ?? undefined,
    source: params.get('source') ?? undefined,
    state: params.get('state') ?? undefined,
    todo: params.get('todo') ?? undefined,
    page,
    pageSize: 20,
  };
  const list = useQuery({ queryKey: findingKeys.list(query), queryFn: () => findingApi.list(query) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [importDefaults, setImportDefaults] = useState<{ source: FindingSource; sourceTitle: string; foundOn: string }>(
    { source: 'inspection', sourceTitle: '', foundOn: countyNow().format('YYYY-MM-DD') },
  );
  const [form] = Form.useForm();
  const set = (k: string, v: string | undefined) => {
    setParams(withParam(params, k, v));
    setPage(1);
  };
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => findingApi.create(v),
    onSuccess: (f) => {
      message.success(tr('created', { title: f.title }));
      setCreating(false);
      void qc.invalidateQueries({ queryKey: findingKeys.all });
      navigate(`/findings/${f.id}`);
    },
    onError: (e) => applyServerErrors(form, e),
  });
  const exportUrl = `/api/v1/findings/export?${new URLSearchParams(
    Object.entries({ q: query.q, source: query.source, state: query.state }).filter(
      (e): e is [string, string] => !!e[1],
    ),
  )}`;

  return (
    <Card
      title={tr('title')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={exportUrl} data-testid="findings-export">
            {tr('exportLedger')}
          </Button>
          {office && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="findings-import">
              {tr('importList')}
            </Button>
          )}
          {office && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => (form.resetFields(), setCreating(true))}
              data-testid="finding-new"
            >
              {tr('newFinding')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={tr('search')}
          defaultValue={query.q}
          onSearch={(v) => set('q', v.trim() || undefined)}
          style={{ width: 320 }}
        />
        <Select
          allowClear
          placeholder={tr('allSources')}
          value={query.source}
          onChange={(v) => set('source', v)}
          style={{ width: 140 }}
          options={FINDING_SOURCES.map((s) => ({ value: s, label: label(FINDING_SOURCE_LABELS[s]) }))}
        />
        <Select
          allowClear
          placeholder={tr('allStates')}
          value={query.state}
          onChange={(v) => set('state', v)}
          style={{ width: 140 }}
          options={[
            { value: OPEN, label: tr('open') },
            { value: 'closed', label: tr('closedState') },
          ]}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<FindingOut>
        rowKey="id"
        size="middle"
        data-testid="findings-table"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        onRow={(f) => ({ onClick: () => navigate(`/findings/${f.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: tr('colSerial'), dataIndex: 'serial', width: 64 },
          {
            title: tr('colProblem'),
            key: 'p',
            render: (_: unknown, f) => (
              <Typography.Link onClick={() => navigate(`/findings/${f.id}`)}>{f.title}</Typography.Link>
            ),
          },
          {
            title: tr('colSource'),
            key: 's',
            width: 100,
            render: (_: unknown, f) => label(FINDING_SOURCE_LABELS[f.source]),
          },
          {
            title: tr('colSeverity'),
            key: 'v',
            width: 90,
            render: (_: unknown, f) => (
              <Tag color={SEVERITY_COLORS[f.severity]}>{label(FINDING_SEVERITY_LABELS[f.severity])}</Tag>
            ),
          },
          { title: tr('colUnit'), key: 'u', width: 160, render: (_: unknown, f) => unitName.get(f.assigneeUnitId) },
          { title: tr('colDeadline'), dataIndex: 'deadline', width: 110 },
          {
            title: tr('colState'),
            key: 'st',
            width: 100,
            render: (_: unknown, f) => <Tag>{label(STATE_LABELS[f.state])}</Tag>,
          },
          {
            title: tr('colLight'),
            key: 'l',
            width: 80,
            render: (_: unknown, f) => <Light light={f.light} reasons={f.lightReasons} />,
          },
        ]}
      />
      <Drawer
        open={creating}
        title={tr('newFinding')}
        size={600}
        onClose={() => setCreating(false)}
        destroyOnHidden
        extra={
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="finding-create">
            {tr('create')}
          </Button>
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ source: 'inspection', severity: 'general', foundOn: countyNow() }}
          onFinish={(v: Record<string, unknown>) =>
            create.mutate({
              ...v,
              foundOn: (v.foundOn as Dayjs).format('YYYY-MM-DD'),
              deadline: (v.deadline as Dayjs).format('YYYY-MM-DD'),
              issue: true,
            })
          }
        >
          <Space style={{ display: 'flex' }} align="start">
            <Form.Item name="source" label={tr('source')} rules={[{ required: true }]}>
              <Select
                style={{ width: 140 }}
                data-testid="finding-source"
                options={FINDING_SOURCES.map((s) => ({ value: s, label: label(FINDING_SOURCE_LABELS[s]) }))}
              />
            </Form.Item>
            <Form.Item name="foundOn" label={tr('foundOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="severity" label={tr('severity')} rules={[{ required: true }]}>
              <Select
                style={{ width: 100 }}
                options={FINDING_SEVERITIES.map((s) => ({ value: s, label: label(FINDING_SEVERITY_LABELS[s]) }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="sourceTitle" label={tr('sourceTitle')}>
            <Input placeholder={tr('sourceTitleHint')} maxLength={300} />
          </Form.Item>
          <Form.Item name="problem" label={tr('problem')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} data-testid="finding-problem" />
          </Form.Item>
          <Form.Item name="measures" label={tr('measures')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} data-testid="finding-measures" />
          </Form.Item>
          <Form.Item name="unitId" label={tr('unit')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="finding-unit"
              options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Space style={{ display: 'flex' }} align="start">
            <Form.Item name="responsible" label={tr('responsible')}>
              <Input maxLength={100} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="deadline" label={tr('deadline')} rules={[{ required: true }]}>
              <DatePicker data-testid="finding-deadline" />
            </Form.Item>
          </Space>
        </Form>
        <ErrorAlert error={create.error} />
      </Drawer>
      <ImportDialog<{ created: number; skipped: number }>
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          void qc.invalidateQueries({ queryKey: findingKeys.all });
        }}
        endpoint="/api/v1/findings/import"
        previewQuery={new URLSearchParams(
          Object.entries(importDefaults).filter((e): e is [string, string] => !!e[1]),
        ).toString()}
        before={
          <Space wrap>
            <Typography.Text type="secondary">{tr('importDefaults')}</Typography.Text>
            <Select
              value={importDefaults.source}
              onChange={(source) => setImportDefaults((d) => ({ ...d, source }))}
              style={{ width: 120 }}
              options={FINDING_SOURCES.map((s) => ({ value: s, label: label(FINDING_SOURCE_LABELS[s]) }))}
            />
            <Input
              placeholder={tr('sourceTitle')}
              value={importDefaults.sourceTitle}
              onChange={(e) => setImportDefaults((d) => ({ ...d, sourceTitle: e.target.value }))}
              style={{ width: 260 }}
            />
            <Input
              placeholder={tr('foundOn')}
              value={importDefaults.foundOn}
              onChange={(e) => setImportDefaults((d) => ({ ...d, foundOn: e.target.value }))}
              style={{ width: 130 }}
            />
          </Space>
        }
        title={tr('importTitle')}
        hint={tr('importHint')}
        columns={[{ field: 'title', title: tr('colProblem') }]}
        unit={tr('importUnit')}
        testId="finding-import"
        width={960}
      />
    </Card>
  );
}
