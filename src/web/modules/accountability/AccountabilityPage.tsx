import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { countyNow } from '../../lib/time';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { orgApi, orgKeys } from '../org/api';
import { taskApi } from '../tasks/api';
import type { CaseState, ToleranceState } from '../../../shared/domain/accountability';
import { caseApi, caseKeys, type Case } from './api';
import { useCaseT } from './i18n';
import { withParam } from '../../lib/url-params';

export const STATE_COLOR: Record<CaseState, string> = { open: 'processing', decided: 'default', withdrawn: 'default' };
export const TOL_COLOR: Record<ToleranceState, string> = { pending: 'gold', accepted: 'green', rejected: 'red' };
export const STATE_KEY = { open: 'stateOpen', decided: 'stateDecided', withdrawn: 'stateWithdrawn' } as const;
export const TOL_KEY = { pending: 'tolPending', accepted: 'tolAccepted', rejected: 'tolRejected' } as const;

/**
 * 问责与容错: the cases the caller may see (the server scopes: the office and the principals all; anyone else only
 * the cases naming him, and a unit's head those against the unit), filtered by state and 容错; the office opens
 * a case here, on the evidence of the items it links.
 */
export default function AccountabilityPage() {
  const t = useCaseT();
  const { data: me } = useMe();
  const office = hasRole(me, ['supervision_office']);
  const [params, setParams] = useSearchParams();
  const q = {
    state: params.get('state') ?? undefined,
    tolerance: params.get('tolerance') ?? undefined,
    unitId: params.get('unitId') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    pageSize: 200,
  };
  const set = (k: string, v: string | undefined) => setParams(withParam(params, k, v));
  const list = useQuery({ queryKey: caseKeys.list(q), queryFn: () => caseApi.list(q) });
  const [opening, setOpening] = useState(params.get('open') === '1');

  return (
    <Card
      title={t('title')}
      extra={
        <Space wrap>
          <Select
            style={{ width: 130 }}
            value={q.state ?? ''}
            onChange={(v) => set('state', v || undefined)}
            options={[
              { value: '', label: `${t('filterState')}：${t('all')}` },
              { value: 'open', label: t('stateOpen') },
              { value: 'decided', label: t('stateDecided') },
              { value: 'withdrawn', label: t('stateWithdrawn') },
            ]}
            data-testid="cases-state"
          />
          <Select
            style={{ width: 170 }}
            value={q.tolerance ?? ''}
            onChange={(v) => set('tolerance', v || undefined)}
            options={[
              { value: '', label: `${t('filterTolerance')}：${t('all')}` },
              { value: 'pending', label: t('tolPending') },
              { value: 'accepted', label: t('tolAccepted') },
              { value: 'rejected', label: t('tolRejected') },
              { value: 'none', label: t('tolNone') },
            ]}
            data-testid="cases-tolerance"
          />
          {office && (
            <Button type="primary" onClick={() => setOpening(true)} data-testid="case-open">
              {t('open')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <Table<Case>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('noCases') }}
        data-testid="cases-table"
        columns={[
          { title: t('colNumber'), dataIndex: 'number', width: 150 },
          {
            title: t('colTitle'),
            key: 'title',
            render: (_, c) => (
              <Link to={`/accountability/${c.id}`} data-testid={`case-link-${c.id}`}>
                {c.title}
              </Link>
            ),
          },
          {
            title: t('colSubjects'),
            key: 's',
            render: (_, c) => (
              <Space size={4} wrap>
                {c.unit && <Tag>{c.unit.name}</Tag>}
                {c.persons.map((p) => (
                  <Tag key={p.id}>
                    {p.name}（{p.unitName}）
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('colOpenedOn'), dataIndex: 'openedOn', width: 110 },
          {
            title: t('colState'),
            key: 'state',
            width: 200,
            render: (_, c) => (
              <Space size={4} wrap>
                <Tag color={STATE_COLOR[c.state]}>{t(STATE_KEY[c.state])}</Tag>
                {c.tolerance && <Tag color={TOL_COLOR[c.tolerance.state]}>{t(TOL_KEY[c.tolerance.state])}</Tag>}
              </Space>
            ),
          },
          { title: t('colMeasure'), key: 'm', width: 110, render: (_, c) => c.measure ?? c.proposedMeasure ?? '—' },
        ]}
      />
      {office && (
        <OpenCaseModal
          open={opening}
          onClose={() => setOpening(false)}
          initialItemId={params.get('itemId') ?? undefined}
        />
      )}
    </Card>
  );
}

interface OpenForm {
  title: string;
  facts: string;
  unitId?: string;
  personIds?: string[];
  itemIds: string[];
  proposedMeasure?: string;
  openedOn?: Dayjs;
}

/** The office opens a case: whom it is against, the items behind it (their record becomes the evidence), the measure proposed. */
function OpenCaseModal({
  open,
  onClose,
  initialItemId,
}: {
  open: boolean;
  onClose: () => void;
  initialItemId?: string;
}) {
  const t = useCaseT();
  const [form] = Form.useForm<OpenForm>();
  const qc = useQueryClient();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [peopleQ, setPeopleQ] = useState('');
  const [itemQ, setItemQ] = useState('');
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: open });
  const settings = useQuery({ queryKey: caseKeys.settings, queryFn: caseApi.settings, enabled: open });
  const people = useQuery({
    queryKey: orgKeys.people({ q: peopleQ, pageSize: 20, active: 'all' }),
    queryFn: () => orgApi.people({ q: peopleQ, pageSize: 20, active: 'all' }),
    enabled: open && peopleQ.length > 0,
  });
  const items = useQuery({
    queryKey: ['tasks', 'list', { q: itemQ, pageSize: 20 }],
    queryFn: () => taskApi.list({ q: itemQ || undefined, pageSize: 20 }),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: (v: OpenForm) =>
      caseApi.open({
        title: v.title,
        facts: v.facts,
        unitId: v.unitId ?? null,
        personIds: v.personIds ?? [],
        itemIds: v.itemIds,
        proposedMeasure: v.proposedMeasure ?? null,
        openedOn: v.openedOn ? v.openedOn.format('YYYY-MM-DD') : undefined,
      }),
    onSuccess: (c) => {
      message.success(t('opened', { number: c.number }));
      void qc.invalidateQueries({ queryKey: caseKeys.all });
      onClose();
      form.resetFields();
      nav(`/accountability/${c.id}`);
    },
    onError: (e) => (applyServerErrors(form, e) ? setError(null) : setError(e)),
  });
  return (
    <Modal
      open={open}
      title={t('openTitle')}
      width={720}
      onCancel={onClose}
      okText={t('submit')}
      cancelText={t('cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ ...({ 'data-testid': 'case-open-submit' } as object) }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form<OpenForm>
        form={form}
        layout="vertical"
        initialValues={{
          itemIds: initialItemId ? [initialItemId] : [],
          openedOn: dayjs(countyNow().format('YYYY-MM-DD')),
        }}
        onFinish={(v) => {
          setError(null);
          create.mutate(v);
        }}
      >
        <Form.Item name="title" label={t('fieldTitle')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={200} data-testid="case-title" />
        </Form.Item>
        <Form.Item name="facts" label={t('fieldFacts')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="case-facts" />
        </Form.Item>
        <Typography.Text type="secondary">{t('subjectHint')}</Typography.Text>
        <Form.Item name="personIds" label={t('fieldPersons')}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setPeopleQ}
            placeholder={t('searchPeople')}
            options={(people.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.displayName}（${p.unitName}）`,
            }))}
            data-testid="case-persons"
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('fieldUnit')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            data-testid="case-unit"
          />
        </Form.Item>
        <Form.Item name="itemIds" label={t('fieldItems')} rules={[{ required: true, message: t('required') }]}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setItemQ}
            placeholder={t('searchItems')}
            options={(items.data?.items ?? []).map((i) => ({
              value: i.id,
              label: `${i.serial ? `${i.serial}. ` : ''}${i.title}（时限 ${i.deadline}）`,
            }))}
            data-testid="case-items"
          />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="proposedMeasure" label={t('fieldProposed')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={(settings.data?.measures ?? []).map((m) => ({ value: m, label: m }))}
              data-testid="case-proposed"
            />
          </Form.Item>
          <Form.Item name="openedOn" label={t('fieldOpenedOn')}>
            <DatePicker allowClear={false} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
