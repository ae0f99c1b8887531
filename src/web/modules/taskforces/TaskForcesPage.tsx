import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Collapse,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { TASK_FORCE_KIND_LABELS } from '../../../shared/taskforces';
import { Light } from '../tasks/Light';
import { taskForceApi, taskForceKeys, type TaskForce, type TaskForceDetail } from './api';
import { useTaskForceT } from './i18n';

/** 工作专班、领导小组: each with its lead unit, head and members; opening one lists its tasks as the reader sees them. */
export default function TaskForcesPage() {
  const t = useTaskForceT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const office = hasRole(me, ['supervision_office']);
  const [mine, setMine] = useState(false);
  const q = mine ? { member: 'me' } : {};
  const list = useQuery({ queryKey: taskForceKeys.list(q), queryFn: () => taskForceApi.list(q) });
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Switch checked={mine} onChange={setMine} /> {t('mine')}
          {office && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('newForce')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {list.data?.length === 0 && <Empty description={t('none')} />}
      <Collapse
        data-testid="task-forces"
        items={(list.data ?? []).map((f) => ({
          key: f.id,
          label: (
            <Space wrap>
              <strong>{f.name}</strong>
              <Tag>{label(TASK_FORCE_KIND_LABELS[f.kind])}</Tag>
              {f.state === 'dissolved' && <Tag>{t('dissolved')}</Tag>}
              <Typography.Text type="secondary">
                {t('leadUnit')}：{f.leadUnitName} · {t('head')}：{f.headName ?? '—'} · {t('members')} {f.members.length}{' '}
                · {t('tasks')} {f.tasks}（{t('openTasks')} {f.openTasks}）
              </Typography.Text>
            </Space>
          ),
          children: <ForceDetail force={f} office={office} />,
        }))}
      />
      {creating && <CreateForce onClose={() => setCreating(false)} />}
    </Card>
  );
}

function ForceDetail({ force, office }: { force: TaskForce; office: boolean }) {
  const t = useTaskForceT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const detail = useQuery({ queryKey: taskForceKeys.one(force.id), queryFn: () => taskForceApi.get(force.id) });
  const [adding, setAdding] = useState(false);
  const people = useQuery({
    queryKey: orgKeys.people({ pageSize: 500, active: 'true' }),
    queryFn: () => orgApi.people({ pageSize: 500, active: 'true' }),
    enabled: adding,
  });
  const [picked, setPicked] = useState<string[]>([]);
  const done = (d: TaskForceDetail) => {
    qc.setQueryData(taskForceKeys.one(force.id), d);
    qc.invalidateQueries({ queryKey: taskForceKeys.all });
    message.success(t('save'));
  };
  const add = useMutation({
    mutationFn: () =>
      taskForceApi.addMembers(
        detail.data!,
        picked.map((personId) => ({ personId })),
      ),
    onSuccess: (d) => {
      setAdding(false);
      setPicked([]);
      done(d);
    },
  });
  const remove = useMutation({
    mutationFn: (personId: string) => taskForceApi.removeMembers(detail.data!, [personId]),
    onSuccess: done,
  });
  const d = detail.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={detail.error ?? add.error ?? remove.error} />
      {force.duties && (
        <Typography.Text>
          {t('duties')}：{force.duties}
        </Typography.Text>
      )}
      <Typography.Text type="secondary">
        {t('units')}：{force.unitNames.join('、') || '—'}
      </Typography.Text>
      <Table
        rowKey="personId"
        size="small"
        pagination={false}
        dataSource={d?.members ?? force.members}
        columns={[
          { title: t('member'), dataIndex: 'name' },
          { title: t('unit'), dataIndex: 'unitName' },
          { title: t('duty'), dataIndex: 'duty' },
          ...(office
            ? [
                {
                  title: '',
                  key: 'a',
                  width: 80,
                  render: (_: unknown, m: TaskForce['members'][number]) => (
                    <Popconfirm
                      title={t('removeConfirm', { name: m.name })}
                      onConfirm={() => remove.mutate(m.personId)}
                    >
                      <Button size="small" type="link" danger>
                        {t('remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {office &&
        (adding ? (
          <Space wrap>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 320 }}
              value={picked}
              onChange={setPicked}
              options={(people.data?.items ?? []).map((p) => ({
                value: p.id,
                label: `${p.displayName}（${p.unitName}）`,
              }))}
            />
            <Button type="primary" disabled={!picked.length} loading={add.isPending} onClick={() => add.mutate()}>
              {t('save')}
            </Button>
            <Button onClick={() => setAdding(false)}>{t('cancel')}</Button>
          </Space>
        ) : (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('addMember')}
          </Button>
        ))}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d?.taskItems ?? []}
        columns={[
          {
            title: t('taskTitle'),
            key: 'title',
            render: (_: unknown, x: TaskForceDetail['taskItems'][number]) => (
              <Link to={`/tasks/${x.id}`}>{x.title}</Link>
            ),
          },
          { title: t('deadline'), dataIndex: 'deadline', width: 110 },
          {
            title: t('light'),
            key: 'light',
            width: 90,
            render: (_: unknown, x: TaskForceDetail['taskItems'][number]) => <Light light={x.light} reasons={[]} />,
          },
          {
            title: t('progress'),
            dataIndex: 'progress',
            width: 80,
            render: (v: number | null) => (v === null ? '—' : `${v}%`),
          },
        ]}
      />
    </Space>
  );
}

function CreateForce({ onClose }: { onClose: () => void }) {
  const t = useTaskForceT();
  const { label } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const people = useQuery({
    queryKey: orgKeys.people({ pageSize: 500, active: 'true' }),
    queryFn: () => orgApi.people({ pageSize: 500, active: 'true' }),
  });
  const save = useMutation({
    mutationFn: (v: {
      name: string;
      kind: 'task_force' | 'leading_group';
      leadUnitId: string;
      headId?: string;
      duties?: string;
      personIds?: string[];
    }) =>
      taskForceApi.create({
        name: v.name,
        kind: v.kind,
        leadUnitId: v.leadUnitId,
        headId: v.headId ?? null,
        duties: v.duties || null,
        members: (v.personIds ?? []).map((personId) => ({ personId })),
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: taskForceKeys.all });
      onClose();
    },
    onError: (e) => applyServerErrors(form, e, { members: 'personIds' }),
  });
  return (
    <Modal
      open
      title={t('newForce')}
      okText={t('save')}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <ErrorAlert error={save.error} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ kind: 'task_force' }}>
        <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')}>
          <Select
            options={(['task_force', 'leading_group'] as const).map((k) => ({
              value: k,
              label: label(TASK_FORCE_KIND_LABELS[k]),
            }))}
          />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('leadUnit')} rules={[{ required: true }]}>
          <TreeSelect treeData={unitTree(units.data ?? [], false)} showSearch treeNodeFilterProp="searchText" />
        </Form.Item>
        <Form.Item name="headId" label={t('head')}>
          <Select
            allowClear
            options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
          />
        </Form.Item>
        <Form.Item name="duties" label={t('duties')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="personIds" label={t('members')}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={(people.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.displayName}（${p.unitName}）`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
