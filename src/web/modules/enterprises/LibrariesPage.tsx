import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
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
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { countyNow, countyYear } from '../../lib/time';
import type { LibraryOut, MemberOut } from '../../../shared/enterprises';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT } from './i18n';

const LIGHT_COLOR: Record<string, string> = {
  green: 'green',
  yellow: 'gold',
  red: 'red',
  none: 'default',
  done: 'blue',
};

/** 后备库/培育库: each library's stages, criteria, counts and movements this year, its target on the trajectory, members. */
export default function LibrariesPage() {
  const t = useEnterpriseT();
  const { data: me } = useMe();
  const keeper = hasRole(me, ['supervision_office', 'principal']);
  const [year, setYear] = useState(countyYear());
  const [open, setOpen] = useState<string | null>(null);
  const libs = useQuery({ queryKey: enterpriseKeys.libraries(year), queryFn: () => enterpriseApi.libraries(year) });
  const current = libs.data?.items.find((l) => l.id === open) ?? libs.data?.items[0];
  return (
    <Card
      title={t('librariesTitle')}
      data-testid="libraries-page"
      extra={
        <Select
          value={year}
          onChange={setYear}
          aria-label={t('year')}
          options={[0, 1, 2].map((k) => ({ value: countyYear() - k, label: String(countyYear() - k) }))}
        />
      }
    >
      <ErrorAlert error={libs.error} />
      <Row gutter={[12, 12]}>
        {(libs.data?.items ?? []).map((l) => (
          <Col key={l.id} xs={24} sm={12} xl={8} xxl={4}>
            <Card
              size="small"
              hoverable
              onClick={() => setOpen(l.id)}
              style={{ borderColor: current?.id === l.id ? '#1677ff' : undefined, height: '100%' }}
              title={l.name}
            >
              <Statistic title={t('members')} value={l.members} />
              <Typography.Text type="secondary">
                {t('enteredYear')} {l.entered} · {t('advancedYear')} {l.advanced} · {t('leftYear')} {l.left}
              </Typography.Text>
              {l.target && (
                <div style={{ marginTop: 6 }}>
                  <Tag color={LIGHT_COLOR[l.target.light]}>
                    {t('targetProgress', {
                      actual: l.target.actual,
                      expected: Math.round(l.target.expectedNow * 10) / 10,
                      target: l.target.newMembers,
                    })}
                  </Tag>
                </div>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      {current && <Library key={current.id} l={current} keeper={keeper} year={year} />}
    </Card>
  );
}

function Library({ l, keeper, year }: { l: LibraryOut; keeper: boolean; year: number }) {
  const t = useEnterpriseT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [showLeft, setShowLeft] = useState(false);
  const [dialog, setDialog] = useState<
    { kind: 'admit' } | { kind: 'stage' | 'leave'; m: MemberOut } | { kind: 'target' } | null
  >(null);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm();
  const status = showLeft ? 'all' : 'current';
  const members = useQuery({
    queryKey: enterpriseKeys.members(l.id, status),
    queryFn: () => enterpriseApi.members(l.id, status),
  });
  const enterprises = useQuery({
    queryKey: enterpriseKeys.list({ q: search, pageSize: 30, lib: 1 }),
    queryFn: () => enterpriseApi.list({ q: search || undefined, pageSize: 30 }),
    enabled: dialog?.kind === 'admit',
  });
  const act = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      const on = v.on ? (v.on as Dayjs).format('YYYY-MM-DD') : undefined;
      if (!dialog) return;
      if (dialog.kind === 'admit') await enterpriseApi.admit(l.id, { ...v, on });
      else if (dialog.kind === 'target')
        await enterpriseApi.patchLibrary(l, { target: { year, newMembers: v.newMembers }, criteria: v.criteria });
      else await enterpriseApi.memberAct(l.id, dialog.m, dialog.kind, { ...v, on });
    },
    onSuccess: () => {
      message.success(t('saved'));
      setDialog(null);
      void qc.invalidateQueries({ queryKey: ['libraries'] });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  const openDialog = (d: NonNullable<typeof dialog>) => {
    setError(null);
    form.resetFields();
    if (d.kind === 'target') form.setFieldsValue({ newMembers: l.target?.newMembers, criteria: l.criteria });
    setDialog(d);
  };
  const nextStages = (m: MemberOut) => l.stages.slice(l.stages.indexOf(m.stage) + 1);
  return (
    <Card size="small" style={{ marginTop: 16 }} title={l.name}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('criteria')}>{l.criteria}</Descriptions.Item>
        <Descriptions.Item label={t('stage')}>
          <Space wrap>
            {l.byStage.map((s) => (
              <Tag key={s.stage}>
                {s.stage} {s.count}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Space style={{ margin: '12px 0' }} wrap>
        {keeper && (
          <Button type="primary" onClick={() => openDialog({ kind: 'admit' })}>
            {t('admit')}
          </Button>
        )}
        {keeper && <Button onClick={() => openDialog({ kind: 'target' })}>{t('setTarget')}</Button>}
        <Checkbox checked={showLeft} onChange={(e) => setShowLeft(e.target.checked)}>
          {t('showLeft')}
        </Checkbox>
      </Space>
      <ErrorAlert error={members.error} />
      <Table<MemberOut>
        rowKey="id"
        size="small"
        loading={members.isLoading}
        dataSource={members.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (m) =>
            m.history.map((h, i) => (
              <div key={i}>
                {h.on} {h.kind === 'leave' ? t('leave') : (h.stage ?? '')} {h.note ?? ''}
              </div>
            )),
        }}
        columns={[
          { title: t('colName'), dataIndex: 'enterpriseName' },
          {
            title: t('stage'),
            dataIndex: 'stage',
            render: (s: string, m) => (m.leftOn ? <Tag>{t('leave')}</Tag> : <Tag color="blue">{s}</Tag>),
          },
          { title: t('enteredOn'), dataIndex: 'enteredOn', width: 110 },
          { title: t('stageOn'), dataIndex: 'stageOn', width: 110 },
          ...(keeper
            ? [
                {
                  title: '',
                  width: 160,
                  render: (_: unknown, m: MemberOut) =>
                    m.leftOn ? null : (
                      <Space>
                        {nextStages(m).length > 0 && (
                          <Button size="small" onClick={() => openDialog({ kind: 'stage', m })}>
                            {t('nextStage')}
                          </Button>
                        )}
                        <Button size="small" danger onClick={() => openDialog({ kind: 'leave', m })}>
                          {t('leave')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!dialog}
        title={
          dialog
            ? t(
                dialog.kind === 'admit'
                  ? 'admit'
                  : dialog.kind === 'stage'
                    ? 'nextStage'
                    : dialog.kind === 'leave'
                      ? 'leave'
                      : 'setTarget',
              )
            : ''
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ on: countyNow() }} onFinish={(v) => act.mutate(v)}>
          {dialog?.kind === 'admit' && (
            <Form.Item name="enterpriseId" label={t('enterprise')} rules={[{ required: true }]}>
              <Select
                showSearch
                filterOption={false}
                onSearch={setSearch}
                options={(enterprises.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
              />
            </Form.Item>
          )}
          {(dialog?.kind === 'admit' || dialog?.kind === 'stage') && (
            <Form.Item name="stage" label={t('stage')} rules={[{ required: true }]}>
              <Select
                options={(dialog.kind === 'stage' ? nextStages(dialog.m) : l.stages).map((s) => ({
                  value: s,
                  label: s,
                }))}
              />
            </Form.Item>
          )}
          {dialog && dialog.kind !== 'target' && (
            <Form.Item name="on" label={t('on')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(countyNow(), 'day')} />
            </Form.Item>
          )}
          {dialog?.kind === 'leave' && (
            <Form.Item name="reason" label={t('leaveReason')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          {dialog?.kind === 'target' && (
            <>
              <Form.Item name="newMembers" label={`${year} ${t('target')}`} rules={[{ required: true }]}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="criteria" label={t('criteria')} rules={[{ required: true }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
            </>
          )}
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </Card>
  );
}
