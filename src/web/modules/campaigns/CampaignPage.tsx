import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { actionsColumn } from '../../components/actions-column';
import { STATE_LABELS } from '../../../shared/supervision';
import { POOL_LABELS } from '../../../shared/domain/projects';
import { Light } from '../tasks/Light';
import { taskApi } from '../tasks/api';
import { projectApi } from '../projects/api';
import { campaignApi, campaignKeys, type CampaignDetail, type Front } from './api';
import { FrontLeague, League, ProgressCell } from './FrontLeague';
import { useLeaderOptions } from './CampaignsPage';
import { useCampaignT } from './i18n';
import { usePhone } from '../../components/phone';

type TaskRow = CampaignDetail['tasks'][number];
type ProjectRow = CampaignDetail['projectItems'][number];
type UnitRow = CampaignDetail['units'][number];

/**
 * A campaign: its fronts' league and its units' league (over the tasks the reader sees), the tasks and projects of
 * each front; the office adds fronts, names their leaders, puts tasks and projects in them and ends the campaign.
 */
export default function CampaignPage() {
  const { id = '' } = useParams();
  const t = useCampaignT();
  const { label } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const office = hasRole(me, ['supervision_office']);
  const phone = usePhone();
  const q = useQuery({ queryKey: campaignKeys.one(id), queryFn: () => campaignApi.get(id) });
  const [frontFilter, setFrontFilter] = useState<string | undefined>();
  const [adding, setAdding] = useState<Front | null>(null);
  const [editing, setEditing] = useState<Front | 'new' | null>(null);
  const done = (c: CampaignDetail) => {
    qc.setQueryData(campaignKeys.one(id), c);
    qc.invalidateQueries({ queryKey: campaignKeys.all });
    message.success(t('saved'));
  };
  const setState = useMutation({
    mutationFn: (state: 'active' | 'closed') => campaignApi.patch(q.data!, { state }),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (body: { taskIds?: string[]; projectIds?: string[] }) => campaignApi.removeItems(q.data!, body),
    onSuccess: done,
  });

  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Card loading />;
  const c = q.data;
  const frontName = new Map(c.fronts.map((f) => [f.id, f.name]));
  const tasks = c.tasks.filter((x) => !frontFilter || x.frontId === frontFilter);
  const projects = c.projectItems.filter((x) => !frontFilter || x.frontId === frontFilter);

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/campaigns">{t('title')}</Link>
          <span>/</span>
          <span data-testid="campaign-title">{c.name}</span>
          <Tag color={c.state === 'active' ? 'processing' : 'default'}>{t(c.state)}</Tag>
        </Space>
      }
      extra={
        office && (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="front-add">
              {t('addFront')}
            </Button>
            <Popconfirm
              title={c.state === 'active' ? t('closeCampaign') : t('reopen')}
              onConfirm={() => setState.mutate(c.state === 'active' ? 'closed' : 'active')}
            >
              <Button>{c.state === 'active' ? t('closeCampaign') : t('reopen')}</Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <ErrorAlert error={setState.error ?? remove.error} />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('period')}>
          {c.startDate} ~ {c.endDate}
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks')}>
          {c.figures.tasks}（{t('closedTasks')} {c.figures.closed}，{t('overdue')} {c.figures.overdue}）
        </Descriptions.Item>
        <Descriptions.Item label={t('score')}>{c.figures.score ?? '—'}</Descriptions.Item>
        {c.goal && (
          <Descriptions.Item label={t('goal')} span={3}>
            {c.goal}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5}>{t('frontLeague')}</Typography.Title>
      <Typography.Text type="secondary">{t('scopeNote')}</Typography.Text>
      <FrontLeague fronts={c.fronts} compact={phone} />
      {office && (
        <Space wrap style={{ margin: '8px 0 16px' }}>
          {c.fronts.map((f) => (
            <Space.Compact key={f.id}>
              <Button size="small" onClick={() => setAdding(f)} data-testid={`front-add-items-${f.name}`}>
                {t('addItemsTitle', { front: f.name })}
              </Button>
              <Button size="small" onClick={() => setEditing(f)}>
                {t('edit')}
              </Button>
            </Space.Compact>
          ))}
        </Space>
      )}
      <Tabs
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'units',
            label: t('unitLeague'),
            children: (
              <League<UnitRow>
                rows={c.units}
                rowKey="unitId"
                testId="unit-league"
                scrollX={640}
                pagination={c.units.length > 20 ? { pageSize: 20 } : false}
                who={[
                  {
                    title: t('unit'),
                    key: 'u',
                    render: (_: unknown, u: UnitRow) => (
                      <Link to={`/tasks?campaignId=${c.id}&leadUnitId=${u.unitId}`}>{u.unitName}</Link>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'tasks',
            label: `${t('taskList')}（${c.tasks.length}）`,
            children: (
              <>
                <Select
                  allowClear
                  placeholder={t('front')}
                  style={{ width: 220, marginBottom: 8 }}
                  value={frontFilter}
                  onChange={setFrontFilter}
                  options={c.fronts.map((f) => ({ value: f.id, label: f.name }))}
                />
                <Table
                  rowKey="id"
                  size="small"
                  data-testid="campaign-tasks"
                  dataSource={tasks}
                  scroll={{ x: 800 }}
                  pagination={tasks.length > 20 ? { pageSize: 20 } : false}
                  columns={[
                    {
                      title: t('tasks'),
                      key: 'title',
                      render: (_: unknown, x: TaskRow) => <Link to={`/tasks/${x.id}`}>{x.title}</Link>,
                    },
                    {
                      title: t('front'),
                      key: 'f',
                      width: 140,
                      render: (_: unknown, x: TaskRow) => frontName.get(x.frontId),
                    },
                    { title: t('unit'), dataIndex: 'unitName', width: 110 },
                    { title: t('deadline'), dataIndex: 'deadline', width: 110 },
                    {
                      title: t('state'),
                      key: 'state',
                      width: 90,
                      render: (_: unknown, x: TaskRow) => <Tag>{label(STATE_LABELS[x.state])}</Tag>,
                    },
                    {
                      title: t('light'),
                      key: 'light',
                      width: 90,
                      render: (_: unknown, x: TaskRow) => <Light light={x.light} reasons={[]} />,
                    },
                    {
                      title: t('progress'),
                      key: 'p',
                      width: 140,
                      render: (_: unknown, x: TaskRow) => <ProgressCell value={x.progress} />,
                    },
                    ...actionsColumn(tasks, () => office, {
                      title: '',
                      key: 'a',
                      width: 70,
                      render: (_: unknown, x: TaskRow) => (
                        <Popconfirm
                          title={t('removeConfirm', { title: x.title })}
                          onConfirm={() => remove.mutate({ taskIds: [x.id] })}
                        >
                          <Button size="small" type="link" danger>
                            {t('remove')}
                          </Button>
                        </Popconfirm>
                      ),
                    }),
                  ]}
                />
              </>
            ),
          },
          {
            key: 'projects',
            label: `${t('projectList')}（${c.projectItems.length}）`,
            children: (
              <Table
                rowKey="id"
                size="small"
                dataSource={projects}
                pagination={projects.length > 20 ? { pageSize: 20 } : false}
                columns={[
                  { title: '#', dataIndex: 'serial', width: 56 },
                  {
                    title: t('projects'),
                    key: 'name',
                    render: (_: unknown, x: ProjectRow) => <Link to={`/projects/${x.id}`}>{x.name}</Link>,
                  },
                  {
                    title: t('front'),
                    key: 'f',
                    width: 140,
                    render: (_: unknown, x: ProjectRow) => frontName.get(x.frontId),
                  },
                  { title: t('unit'), dataIndex: 'unitName', width: 110 },
                  {
                    title: t('state'),
                    key: 'pool',
                    width: 90,
                    render: (_: unknown, x: ProjectRow) => label(POOL_LABELS[x.pool]),
                  },
                  {
                    title: t('light'),
                    key: 'light',
                    width: 90,
                    render: (_: unknown, x: ProjectRow) => <Light light={x.light} reasons={[]} />,
                  },
                  ...actionsColumn(projects, () => office, {
                    title: '',
                    key: 'a',
                    width: 70,
                    render: (_: unknown, x: ProjectRow) => (
                      <Popconfirm
                        title={t('removeConfirm', { title: x.name })}
                        onConfirm={() => remove.mutate({ projectIds: [x.id] })}
                      >
                        <Button size="small" type="link" danger>
                          {t('remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  }),
                ]}
              />
            ),
          },
        ]}
      />
      {adding && <AddItems campaign={c} front={adding} onClose={() => setAdding(null)} onDone={done} />}
      {editing && <EditFront campaign={c} front={editing} onClose={() => setEditing(null)} onDone={done} />}
    </Card>
  );
}

function AddItems(props: {
  campaign: CampaignDetail;
  front: Front;
  onClose: () => void;
  onDone: (c: CampaignDetail) => void;
}) {
  const t = useCampaignT();
  const [form] = Form.useForm();
  const [taskQ, setTaskQ] = useState('');
  const [projectQ, setProjectQ] = useState('');
  const tasks = useQuery({
    queryKey: ['campaigns', 'pick-tasks', taskQ],
    queryFn: () => taskApi.list({ q: taskQ || undefined, page: 1, pageSize: 50, sort: 'deadline' }),
  });
  const projects = useQuery({
    queryKey: ['campaigns', 'pick-projects', projectQ],
    queryFn: () => projectApi.list({ q: projectQ || undefined, page: 1, pageSize: 50 }),
  });
  const save = useMutation({
    mutationFn: (v: { taskIds?: string[]; projectIds?: string[] }) =>
      campaignApi.addItems(props.campaign, {
        frontId: props.front.id,
        taskIds: v.taskIds ?? [],
        projectIds: v.projectIds ?? [],
      }),
    onSuccess: (c) => {
      props.onDone(c);
      props.onClose();
    },
    onError: (e) => applyServerErrors(form, e),
  });
  return (
    <Modal
      open
      width={640}
      title={t('addItemsTitle', { front: props.front.name })}
      okText={t('save')}
      cancelText={t('cancel')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <ErrorAlert error={save.error} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="taskIds" label={t('pickTasks')}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setTaskQ}
            loading={tasks.isFetching}
            options={(tasks.data?.items ?? []).map((x) => ({ value: x.id, label: x.title }))}
            data-testid="pick-tasks"
          />
        </Form.Item>
        <Form.Item name="projectIds" label={t('pickProjects')}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setProjectQ}
            loading={projects.isFetching}
            options={(projects.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditFront(props: {
  campaign: CampaignDetail;
  front: Front | 'new';
  onClose: () => void;
  onDone: (c: CampaignDetail) => void;
}) {
  const t = useCampaignT();
  const [form] = Form.useForm();
  const leaders = useLeaderOptions();
  const f = props.front === 'new' ? null : props.front;
  const save = useMutation({
    mutationFn: (v: { name: string; leaderId?: string; duties?: string }) => {
      const body = { name: v.name, leaderId: v.leaderId ?? null, duties: v.duties || null };
      return f ? campaignApi.patchFront(props.campaign, f.id, body) : campaignApi.addFront(props.campaign, body);
    },
    onSuccess: (c) => {
      props.onDone(c);
      props.onClose();
    },
    onError: (e) => applyServerErrors(form, e),
  });
  return (
    <Modal
      open
      title={f ? t('editFront') : t('addFront')}
      okText={t('save')}
      cancelText={t('cancel')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <ErrorAlert error={save.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={f ? { name: f.name, leaderId: f.leaderId ?? undefined, duties: f.duties ?? undefined } : {}}
      >
        <Form.Item name="name" label={t('frontName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="leaderId" label={t('leader')}>
          <Select allowClear options={leaders} />
        </Form.Item>
        <Form.Item name="duties" label={t('duties')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
