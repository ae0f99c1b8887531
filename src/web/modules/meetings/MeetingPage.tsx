import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, FileWordOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { hasRole, useMe } from '../../app/session';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { Light } from '../tasks/Light';
import {
  AGENDA_SOURCE_LABELS,
  FOLLOW_UP_LABELS,
  MEETING_KIND_LABELS,
  MEETING_STATE_LABELS,
  type FollowUpStatus,
} from '../../../shared/domain/meetings';
import type { AgendaItemOut } from '../../../shared/meetings';
import { meetingApi, meetingKeys, type Agenda, type Decision, type Meeting } from './api';
import { useMeetingsT } from './i18n';

const FOLLOW_UP_COLOR: Record<FollowUpStatus, string> = {
  closed: 'green',
  on_track: 'blue',
  behind: 'gold',
  overdue: 'red',
  cancelled: 'default',
};

function FollowUp({ s }: { s: FollowUpStatus | null }) {
  const { label } = useI18n();
  if (!s) return <>—</>;
  return (
    <Tag color={FOLLOW_UP_COLOR[s]} data-testid={`follow-up-${s}`}>
      {label(FOLLOW_UP_LABELS[s])}
    </Tag>
  );
}

function DecisionTable({ items, testId }: { items: Decision[]; testId: string }) {
  const t = useMeetingsT();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid={testId}
      locale={{ emptyText: t('decisionsEmpty') }}
      columns={[
        { title: t('colSeq'), dataIndex: 'seq', width: 60, align: 'center' as const },
        {
          title: t('dTitle'),
          key: 'title',
          render: (_: unknown, d: Decision) => (
            <Space direction="vertical" size={0}>
              <span>{d.title}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dStandard')}：{d.standard}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('colLead'), dataIndex: 'leadUnitName', width: 130 },
        {
          title: t('colDeadline'),
          key: 'deadline',
          width: 110,
          render: (_: unknown, d: Decision) => d.task?.deadline ?? d.deadline,
        },
        {
          title: t('colLight'),
          key: 'light',
          width: 100,
          render: (_: unknown, d: Decision) => (d.task ? <Light light={d.task.light} reasons={[]} /> : t('hidden')),
        },
        {
          title: t('colProgress'),
          key: 'progress',
          width: 80,
          align: 'right' as const,
          render: (_: unknown, d: Decision) => (d.task?.progress == null ? '—' : `${d.task.progress}%`),
        },
        {
          title: t('colFollowUp'),
          key: 'followUp',
          width: 120,
          render: (_: unknown, d: Decision) => <FollowUp s={d.followUp} />,
        },
        {
          title: t('colTask'),
          key: 'task',
          width: 90,
          render: (_: unknown, d: Decision) => (d.task ? <Link to={`/tasks/${d.taskId}`}>{t('taskLink')}</Link> : '—'),
        },
      ]}
    />
  );
}

function AgendaCard({ meeting, agenda, editable }: { meeting: Meeting; agenda: Agenda; editable: boolean }) {
  const t = useMeetingsT();
  const { label } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [addForm] = Form.useForm();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: editable });
  const save = useMutation({
    mutationFn: (items: Parameters<typeof meetingApi.putAgenda>[2]['items']) =>
      meetingApi.putAgenda(meeting.id, agenda.meeting.version, { items }),
    onSuccess: (a) => {
      qc.setQueryData(meetingKeys.agenda(meeting.id), a);
      qc.invalidateQueries({ queryKey: meetingKeys.one(meeting.id) });
      message.success(t('saved'));
      addForm.resetFields();
    },
  });
  const ids = agenda.items.map((i) => ({ id: i.id }));
  const move = (from: number, to: number) => {
    const next = [...ids];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x!);
    save.mutate(next);
  };
  const figures = (i: AgendaItemOut) => (
    <Space size={[4, 4]} wrap>
      {i.figures.map((f) => (
        <Tag key={f.label} bordered={false} style={{ marginInlineEnd: 0 }}>
          {f.label} <b>{f.value}</b>
        </Tag>
      ))}
    </Space>
  );
  return (
    <Card title={`${t('agendaTitle')}（${agenda.items.length}）`} size="small" data-testid="agenda">
      <ErrorAlert error={save.error} style={{ marginBottom: 8 }} />
      <Table<AgendaItemOut>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={agenda.items}
        locale={{ emptyText: t('agendaEmpty') }}
        data-testid="agenda-table"
        columns={[
          { title: '#', key: 'n', width: 44, align: 'center' as const, render: (_: unknown, __: unknown, n) => n + 1 },
          {
            title: '',
            key: 'source',
            width: 170,
            render: (_: unknown, i: AgendaItemOut) => (
              <Space size={4}>
                {i.source !== 'manual' && <Light light={i.light} reasons={[]} />}
                <Tag>{label(AGENDA_SOURCE_LABELS[i.source])}</Tag>
              </Space>
            ),
          },
          {
            title: t('addItemTitle'),
            key: 'title',
            render: (_: unknown, i: AgendaItemOut) => (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                {i.link ? <Link to={i.link}>{i.title}</Link> : <b>{i.title}</b>}
                {i.body && <Typography.Text type="secondary">{i.body}</Typography.Text>}
                {i.figures.length > 0 && figures(i)}
              </Space>
            ),
          },
          { title: t('addItemUnit'), dataIndex: 'unitName', width: 120 },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'ops',
                  width: 120,
                  render: (_: unknown, i: AgendaItemOut, n: number) => (
                    <Space size={0}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        title={t('up')}
                        disabled={n === 0 || save.isPending}
                        onClick={() => move(n, n - 1)}
                      />
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        title={t('down')}
                        disabled={n === agenda.items.length - 1 || save.isPending}
                        onClick={() => move(n, n + 1)}
                      />
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        title={t('drop')}
                        disabled={save.isPending}
                        onClick={() => save.mutate(ids.filter((x) => x.id !== i.id))}
                        data-testid={`agenda-drop-${n}`}
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editable && (
        <Form
          form={addForm}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v) => save.mutate([...ids, { title: v.title, body: v.body ?? '', unitId: v.unitId ?? null }])}
        >
          <Form.Item name="title" rules={[{ required: true, max: 200 }]}>
            <Input placeholder={t('addItemTitle')} style={{ width: 280 }} data-testid="agenda-add-title" />
          </Form.Item>
          <Form.Item name="body" rules={[{ max: 2000 }]}>
            <Input placeholder={t('addItemBody')} style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="unitId">
            <TreeSelect
              placeholder={t('addItemUnit')}
              style={{ width: 180 }}
              allowClear
              treeData={unitTree(units.data ?? [], false)}
              showSearch
              treeNodeFilterProp="searchText"
            />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={save.isPending} data-testid="agenda-add">
              {t('addItem')}
            </Button>
          </Form.Item>
        </Form>
      )}
      {agenda.dropped.length > 0 && (
        <Collapse
          ghost
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'dropped',
              label: t('droppedTitle', { count: agenda.dropped.length }),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {agenda.dropped.map((i) => (
                    <Space key={i.id}>
                      <Tag>{label(AGENDA_SOURCE_LABELS[i.source])}</Tag>
                      <span>{i.title}</span>
                      {editable && (
                        <Button
                          size="small"
                          icon={<UndoOutlined />}
                          onClick={() => save.mutate([...ids, { id: i.id }])}
                        >
                          {t('restore')}
                        </Button>
                      )}
                    </Space>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function DecisionForm({ meeting, agenda }: { meeting: Meeting; agenda: Agenda | undefined }) {
  const t = useMeetingsT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const tree = unitTree(units.data ?? [], false);
  const decide = useMutation({
    mutationFn: (v: Record<string, unknown>) => meetingApi.decide(meeting.id, v),
    onSuccess: (d) => {
      qc.invalidateQueries({ queryKey: meetingKeys.all });
      message.success(t('issuedDecision', { title: d.title }));
      form.resetFields();
    },
    onError: (e) => applyServerErrors(form, e),
  });
  return (
    <Card title={t('newDecision')} size="small" data-testid="decision-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ accountability: t('dAccountabilityDefault'), coUnitIds: [] }}
        onFinish={(v) => decide.mutate({ ...v, deadline: v.deadline?.format('YYYY-MM-DD') })}
      >
        <Space align="start" wrap style={{ width: '100%' }}>
          <Form.Item name="title" label={t('dTitle')} rules={[{ required: true, max: 200 }]}>
            <Input style={{ width: 360 }} data-testid="decision-title" />
          </Form.Item>
          <Form.Item name="leadUnitId" label={t('dLeadUnit')} rules={[{ required: true }]}>
            <TreeSelect
              style={{ width: 200 }}
              treeData={tree}
              showSearch
              treeNodeFilterProp="searchText"
              data-testid="decision-lead-unit"
            />
          </Form.Item>
          <Form.Item name="coUnitIds" label={t('dCoUnits')}>
            <TreeSelect
              style={{ width: 220 }}
              treeData={tree}
              multiple
              showSearch
              treeNodeFilterProp="searchText"
              maxTagCount="responsive"
            />
          </Form.Item>
          <Form.Item name="deadline" label={t('dDeadline')} rules={[{ required: true }]}>
            <DatePicker data-testid="decision-deadline" />
          </Form.Item>
        </Space>
        <Space align="start" wrap style={{ width: '100%' }}>
          <Form.Item name="content" label={t('dContent')} rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea rows={2} style={{ width: 360 }} data-testid="decision-content" />
          </Form.Item>
          <Form.Item name="standard" label={t('dStandard')} rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={2} style={{ width: 300 }} data-testid="decision-standard" />
          </Form.Item>
          <Form.Item name="accountability" label={t('dAccountability')} rules={[{ required: true, max: 1000 }]}>
            <Input.TextArea rows={2} style={{ width: 300 }} />
          </Form.Item>
        </Space>
        <Space align="end" wrap>
          <Form.Item name="agendaItemId" label={t('dAgendaItem')}>
            <Select
              allowClear
              style={{ width: 420 }}
              options={(agenda?.items ?? []).map((i, n) => ({ value: i.id, label: `${n + 1}. ${i.title}` }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="decision-issue">
              {t('issue')}
            </Button>
          </Form.Item>
        </Space>
        <ErrorAlert error={decide.error} />
      </Form>
    </Card>
  );
}

/**
 * A meeting: the last meeting's decisions and their 落实情况 first, then the agenda (the office and the chair drop,
 * reorder and add), the decisions issued as tasks, and the minutes. A unit's people see only their decisions.
 */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const reader = hasRole(me.data, ['supervision_office', 'principal', 'leader']);
  const t = useMeetingsT();
  const { label } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const meeting = useQuery({ queryKey: meetingKeys.one(id), queryFn: () => meetingApi.get(id) });
  const agenda = useQuery({
    queryKey: meetingKeys.agenda(id),
    queryFn: () => meetingApi.agenda(id),
    enabled: reader,
  });
  const decisions = useQuery({ queryKey: meetingKeys.decisions(id), queryFn: () => meetingApi.decisions(id) });
  const [downloading, setDownloading] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: meetingKeys.all });
  const hold = useMutation({
    mutationFn: (m: Meeting) => meetingApi.hold(m),
    onSuccess: () => {
      refresh();
      message.success(t('heldToast'));
    },
  });
  const issue = useMutation({
    mutationFn: (m: Meeting) => meetingApi.issueMinutes(m),
    onSuccess: (m) => {
      refresh();
      message.success(t('issuedToast', { number: m.minutesNumber ?? '' }));
    },
  });
  const m = meeting.data;
  if (meeting.error) return <ErrorAlert error={meeting.error} />;
  if (!m) return null;
  const editable = m.canManage && m.state !== 'minutes_issued';
  const previous = agenda.data?.previous;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/meetings">{t('back')}</Link>
      <Space align="center" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="meeting-heading">
            {m.title}
          </Typography.Title>
          <Tag>{label(MEETING_KIND_LABELS[m.kind])}</Tag>
          <Tag
            color={m.state === 'planned' ? 'default' : m.state === 'held' ? 'blue' : 'red'}
            data-testid="meeting-state"
          >
            {label(MEETING_STATE_LABELS[m.state])}
            {m.minutesNumber ? ` · ${t('minutesNo', { number: m.minutesNumber })}` : ''}
          </Tag>
        </Space>
        <Space wrap>
          {m.canManage && m.state === 'planned' && (
            <Button type="primary" onClick={() => hold.mutate(m)} loading={hold.isPending} data-testid="meeting-hold">
              {t('hold')}
            </Button>
          )}
          {m.canManage && m.state === 'held' && (
            <Popconfirm title={t('issueConfirm')} onConfirm={() => issue.mutate(m)}>
              <Button type="primary" danger loading={issue.isPending} data-testid="meeting-issue-minutes">
                {t('issueMinutes')}
              </Button>
            </Popconfirm>
          )}
          {reader && (
            <Button
              icon={<FileWordOutlined />}
              loading={downloading}
              onClick={async () => {
                setDownloading(true);
                try {
                  await meetingApi.minutes(m.id);
                } finally {
                  setDownloading(false);
                }
              }}
              data-testid="meeting-minutes"
            >
              {m.state === 'minutes_issued' ? t('downloadMinutes') : t('downloadDraft')}
            </Button>
          )}
        </Space>
      </Space>
      <ErrorAlert error={hold.error ?? issue.error} />
      <Descriptions size="small" column={{ xs: 1, md: 4 }} bordered>
        <Descriptions.Item label={t('date')}>{m.date}</Descriptions.Item>
        <Descriptions.Item label={t('chair')}>{m.chairName}</Descriptions.Item>
        <Descriptions.Item label={t('place')}>{m.place ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('attendees')}>{m.attendeeUnitNames.join('、') || '—'}</Descriptions.Item>
      </Descriptions>
      {reader && (
        <Card title={t('previousTitle')} size="small" data-testid="previous-decisions">
          {previous ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/meetings/${previous.meetingId}`}>
                  {t('previousOf', { date: previous.date, title: previous.title })}
                </Link>
                <Typography.Text type="secondary">{t('counts', { total: previous.decisions.length })}</Typography.Text>
                {(Object.keys(previous.counts) as FollowUpStatus[])
                  .filter((s) => previous.counts[s] > 0)
                  .map((s) => (
                    <Tag key={s} color={FOLLOW_UP_COLOR[s]}>
                      {label(FOLLOW_UP_LABELS[s])} {previous.counts[s]}
                    </Tag>
                  ))}
              </Space>
              <DecisionTable items={previous.decisions} testId="previous-table" />
            </Space>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('previousNone')} />
          )}
        </Card>
      )}
      {reader && agenda.data && <AgendaCard meeting={m} agenda={agenda.data} editable={editable} />}
      <ErrorAlert error={agenda.error ?? decisions.error} />
      <Card title={t('decisionsTitle')} size="small">
        {m.state === 'planned' && m.canDecide === false && reader && (
          <Typography.Paragraph type="secondary">{t('decisionNotHeld')}</Typography.Paragraph>
        )}
        <DecisionTable items={decisions.data?.items ?? []} testId="decisions-table" />
      </Card>
      {m.canDecide && <DecisionForm meeting={m} agenda={agenda.data} />}
    </Space>
  );
}
