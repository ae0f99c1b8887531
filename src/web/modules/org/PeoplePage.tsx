import { useState } from 'react';
import { App, Button, Card, Checkbox, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError, download } from '../../lib/api';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles';
import type { PersonOut } from '../../../shared/org';
import { orgApi, orgKeys, unitTree } from './api';

interface Filters {
  q?: string;
  unitId?: string;
  role?: Role;
  active: 'true' | 'false' | 'all';
}

/** 人员管理: scoped by the server to what the caller may see; actions by role. */
export default function PeoplePage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [filters, setFilters] = useState<Filters>({ active: 'true' });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const query = { ...filters, ...page };
  const people = useQuery({ queryKey: orgKeys.people(query), queryFn: () => orgApi.people(query) });
  const [editing, setEditing] = useState<PersonOut | 'new' | null>(null);
  const [rolesFor, setRolesFor] = useState<PersonOut | null>(null);
  const [resetFor, setResetFor] = useState<PersonOut | null>(null);
  const [form] = Form.useForm();
  const [rolesForm] = Form.useForm<{ roles: Role[]; leaderUnitIds: string[] }>();
  const [formError, setFormError] = useState<unknown>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: orgKeys.peopleAll });
  const isSys = hasRole(me, ['system_admin']);
  const isSec = hasRole(me, ['security_admin']);
  const canManage = (p: PersonOut | null) => isSys || (hasRole(me, ['unit_admin']) && (!p || p.unitId === me?.unitId));
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.problem.detail : String(e));

  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => (editing === 'new' ? orgApi.createPerson(v) : orgApi.updatePerson(editing as PersonOut, v)),
    onSuccess: () => (message.success(t('saved')), setEditing(null), refresh()),
    onError: (e) => {
      if (!applyServerErrors(form, e)) setFormError(e);
    },
  });
  const toggle = useMutation({ mutationFn: (p: PersonOut) => orgApi.setPersonActive(p, !p.active), onSuccess: () => (message.success(t('saved')), refresh()), onError: fail });
  const saveRoles = useMutation({
    mutationFn: (v: { roles: Role[]; leaderUnitIds: string[] }) => orgApi.setRoles(rolesFor!, v.roles, v.leaderUnitIds ?? []),
    onSuccess: () => (message.success(t('saved')), setRolesFor(null), refresh()),
    onError: (e) => setFormError(e),
  });

  const columns = [
    { title: '姓名', dataIndex: 'displayName', key: 'displayName', width: 100 },
    { title: '用户名', dataIndex: 'username', key: 'username', width: 130 },
    { title: '单位', dataIndex: 'unitName', key: 'unitName' },
    { title: '职务', dataIndex: 'title', key: 'title', render: (v: string | null) => v ?? '—' },
    { title: '角色', key: 'roles', render: (_: unknown, p: PersonOut) => p.roles.map((r) => <Tag key={r}>{label(ROLE_LABELS[r])}</Tag>) },
    { title: t('status'), key: 'active', width: 80, render: (_: unknown, p: PersonOut) => (p.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>) },
    {
      title: t('actions'),
      key: 'actions',
      width: 260,
      render: (_: unknown, p: PersonOut) => (
        <Space size={0} wrap>
          {canManage(p) && (
            <Button type="link" size="small" onClick={() => (setFormError(null), form.resetFields(), form.setFieldsValue({ displayName: p.displayName, unitId: p.unitId, title: p.title, phone: p.phone, email: p.email }), setEditing(p))}>
              {t('edit')}
            </Button>
          )}
          {canManage(p) && (
            <Popconfirm title={p.active ? '停用后该账户立即下线、不能登录，确定？' : '确定恢复该账户？'} onConfirm={() => toggle.mutate(p)}>
              <Button type="link" size="small" danger={p.active}>
                {p.active ? '停用' : '恢复'}
              </Button>
            </Popconfirm>
          )}
          {isSec && p.id !== me?.id && (
            <>
              <Button type="link" size="small" onClick={() => (setFormError(null), rolesForm.setFieldsValue({ roles: p.roles, leaderUnitIds: p.leaderUnitIds }), setRolesFor(p))} data-testid={`roles-${p.username}`}>
                角色
              </Button>
              <Button type="link" size="small" onClick={() => orgApi.unlock(p.id).then(() => message.success('已解锁'), fail)}>
                解锁
              </Button>
              <Button type="link" size="small" onClick={() => setResetFor(p)}>
                重置密码
              </Button>
              <Popconfirm title="重置后该用户需重新设置动态验证码，确定？" onConfirm={() => orgApi.resetTotp(p.id).then(() => message.success('已重置'), fail)}>
                <Button type="link" size="small">
                  重置验证码
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      ),
    },
  ];
  const roles = Form.useWatch('roles', rolesForm) ?? [];

  return (
    <Card
      title={t('menu.people')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/v1/people/export', { ...filters }).catch(fail)} data-testid="people-export">
            {t('export')}
          </Button>
          {canManage(null) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => (setFormError(null), form.resetFields(), form.setFieldsValue({ unitId: isSys ? undefined : me?.unitId }), setEditing('new'))} data-testid="person-create">
              {t('create')}
            </Button>
          )}
        </Space>
      }
    >
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v: Filters) => (setFilters({ ...v, active: v.active ?? 'true' }), setPage((p) => ({ ...p, page: 1 })))} initialValues={{ active: 'true' }}>
        <Form.Item name="q">
          <Input.Search placeholder="姓名、用户名、职务" allowClear style={{ width: 200 }} data-testid="people-search" onSearch={() => undefined} />
        </Form.Item>
        <Form.Item name="unitId">
          <TreeSelect treeData={unitTree(units.data ?? [], false)} placeholder="单位" allowClear showSearch treeNodeFilterProp="searchText" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="role">
          <Select placeholder="角色" allowClear style={{ width: 140 }} options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item name="active">
          <Select style={{ width: 100 }} options={[{ value: 'true', label: t('active') }, { value: 'false', label: t('inactive') }, { value: 'all', label: t('all') }]} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="people-filter">
          {t('search')}
        </Button>
      </Form>
      <ErrorAlert error={people.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={people.isLoading}
        columns={columns}
        dataSource={people.data?.items ?? []}
        locale={{ emptyText: '没有符合条件的人员' }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: people.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => `共 ${n} 人`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        data-testid="people-table"
      />
      <Drawer open={editing !== null} title={editing === 'new' ? '新建人员' : '编辑人员'} size={480} onClose={() => setEditing(null)} destroyOnHidden extra={<Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="person-save">{t('save')}</Button>}>
        <Form form={form} layout="vertical" onFinish={(v) => (setFormError(null), save.mutate(v))}>
          {editing === 'new' && (
            <Form.Item name="username" label="用户名（字母、数字、点、下划线）" rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{2,40}$/ }]}>
              <Input data-testid="person-username" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, max: 100 }]}>
            <Input data-testid="person-name" />
          </Form.Item>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true }]}>
            <TreeSelect treeData={unitTree(units.data ?? [], false)} showSearch treeNodeFilterProp="searchText" disabled={!isSys} />
          </Form.Item>
          <Form.Item name="title" label="职务" rules={[{ max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label="手机" rules={[{ max: 30 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label="邮箱" rules={[{ type: 'email' }]}>
            <Input />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item name="initialPassword" label="初始密码（首次登录须修改）" rules={[{ required: true }]} extra={t('passwordPolicy', { min: 8 })}>
              <Input.Password data-testid="person-password" />
            </Form.Item>
          )}
          <ErrorAlert error={formError} />
        </Form>
      </Drawer>
      <Modal open={rolesFor !== null} title={`设置角色：${rolesFor?.displayName ?? ''}`} onCancel={() => setRolesFor(null)} onOk={() => rolesForm.submit()} confirmLoading={saveRoles.isPending} destroyOnHidden>
        <Form form={rolesForm} layout="vertical" onFinish={(v) => (setFormError(null), saveRoles.mutate(v))}>
          <Form.Item name="roles" label="角色（三员互不兼任，也不兼任业务角色）">
            <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))} />
          </Form.Item>
          {roles.includes('leader') && (
            <Form.Item name="leaderUnitIds" label="分管单位">
              <TreeSelect treeData={unitTree(units.data ?? [], false)} multiple treeCheckable showSearch treeNodeFilterProp="searchText" />
            </Form.Item>
          )}
          <ErrorAlert error={formError} />
        </Form>
      </Modal>
      <Modal open={resetFor !== null} title={`重置密码：${resetFor?.displayName ?? ''}`} onCancel={() => setResetFor(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: { newPassword: string }) => orgApi.resetPassword(resetFor!.id, v.newPassword).then(() => (message.success('已重置，下次登录须修改'), setResetFor(null)), fail)}>
          <Form.Item name="newPassword" label="临时密码" rules={[{ required: true }]} extra={t('passwordPolicy', { min: 8 })}>
            <Input.Password />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('confirm')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
