import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Dropdown,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, DownOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { actionsColumn } from '../../components/actions-column';
import { ConflictAlert, ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { api, ApiError, download } from '../../lib/api';
import { ROLE_LABELS, ROLES, roleSetConflict, type Role } from '../../../shared/role-labels';
import type { PersonOut } from '../../../shared/org';
import {
  isVersionConflict,
  orgApi,
  orgKeys,
  peopleQuery,
  unitTree,
  unitsQuery,
  type PeopleFilter,
  type PersonInput,
} from './api';
import { useOrgT } from './i18n';

type Filters = Pick<PeopleFilter, 'q' | 'unitId' | 'role'> & { active: 'true' | 'false' | 'all' };
interface PersonForm {
  username?: string;
  displayName: string;
  unitId: string;
  title?: string;
  phone?: string;
  email?: string;
  initialPassword?: string;
}
interface RolesForm {
  roles: Role[];
  leaderUnitIds?: string[];
}

/** Empty inputs go to the server as null: it validates an e-mail address, and '' is not one. */
const orNull = (s: string | undefined | null) => (s?.trim() ? s.trim() : null);
const personForm = (p: PersonOut): PersonForm => ({
  displayName: p.displayName,
  unitId: p.unitId,
  title: p.title ?? undefined,
  phone: p.phone ?? undefined,
  email: p.email ?? undefined,
});
const getPerson = (id: string) => api<PersonOut>('GET', `/api/v1/people/${id}`);

/** 人员管理: the server scopes the list to what the caller may see; each action shows only to who may take it. */
export default function PeoplePage() {
  const t = useOrgT();
  const { t: common, label } = useI18n();
  const { message, modal } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({
    active: 'true',
    unitId: params.get('unitId') ?? undefined,
  }));
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const units = useQuery(unitsQuery());
  const query: PeopleFilter = { ...filters, ...page };
  const people = useQuery({ ...peopleQuery(query), placeholderData: keepPreviousData });
  const [filterForm] = Form.useForm<Filters>();
  const [editing, setEditing] = useState<PersonOut | 'new' | null>(null);
  const [rolesFor, setRolesFor] = useState<PersonOut | null>(null);
  const [resetFor, setResetFor] = useState<PersonOut | null>(null);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const [form] = Form.useForm<PersonForm>();
  const [rolesForm] = Form.useForm<RolesForm>();
  const [resetForm] = Form.useForm<{ newPassword: string }>();
  const refresh = () => qc.invalidateQueries({ queryKey: orgKeys.peopleAll });

  const isSys = hasRole(me, ['system_admin']);
  const isSec = hasRole(me, ['security_admin']);
  const isUnitAdmin = hasRole(me, ['unit_admin']);
  // Mirrors the server's rule (system administrator: everyone; unit administrator: his own unit only).
  const canManage = (p: PersonOut | null) => isSys || (isUnitAdmin && (!p || p.unitId === me?.unitId));
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.problem.detail : String(e));
  const allTree = useMemo(() => unitTree(units.data ?? [], true), [units.data]);
  const activeTree = useMemo(() => unitTree(units.data ?? [], false), [units.data]);
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);

  function openEdit(target: PersonOut | 'new') {
    setFormError(null);
    setConflict(false);
    form.resetFields();
    if (target === 'new') form.setFieldsValue({ unitId: isSys ? (filters.unitId ?? undefined) : me?.unitId });
    else form.setFieldsValue(personForm(target));
    setEditing(target);
  }
  function openRoles(p: PersonOut) {
    setFormError(null);
    setConflict(false);
    rolesForm.resetFields();
    rolesForm.setFieldsValue({ roles: p.roles, leaderUnitIds: p.leaderUnitIds });
    setRolesFor(p);
  }

  const save = useMutation({
    mutationFn: (v: PersonForm) => {
      const body: PersonInput = {
        displayName: v.displayName,
        unitId: v.unitId,
        title: orNull(v.title),
        phone: orNull(v.phone),
        email: orNull(v.email),
      };
      return editing === 'new'
        ? orgApi.createPerson({ ...body, username: v.username, initialPassword: v.initialPassword })
        : orgApi.updatePerson(editing as PersonOut, body);
    },
    onSuccess: () => {
      message.success(common('saved'));
      setEditing(null);
      void refresh();
      // People counts in the unit tree change when someone joins or moves.
      void qc.invalidateQueries({ queryKey: orgKeys.units });
    },
    onError: async (e) => {
      if (isVersionConflict(e) && editing && editing !== 'new') {
        const fresh = await getPerson(editing.id).catch(() => null);
        if (fresh) {
          setEditing(fresh);
          form.setFieldsValue(personForm(fresh));
        }
        setConflict(true);
        void refresh();
        return;
      }
      if (!applyServerErrors(form, e)) setFormError(e);
    },
  });

  const toggle = useMutation({
    mutationFn: (p: PersonOut) => orgApi.setPersonActive(p, !p.active),
    onSuccess: (p) => {
      message.success(p.active ? t('reactivated') : t('deactivated'));
      void refresh();
      void qc.invalidateQueries({ queryKey: orgKeys.units });
    },
    onError: (e) => {
      if (isVersionConflict(e)) {
        message.warning(t('versionConflict'));
        void refresh();
      } else fail(e);
    },
  });

  const saveRoles = useMutation({
    mutationFn: (v: RolesForm) =>
      orgApi.setRoles(rolesFor!, v.roles, v.roles.includes('leader') ? (v.leaderUnitIds ?? []) : []),
    onSuccess: () => {
      message.success(common('saved'));
      setRolesFor(null);
      void refresh();
    },
    onError: async (e) => {
      if (isVersionConflict(e) && rolesFor) {
        const fresh = await getPerson(rolesFor.id).catch(() => null);
        if (fresh) {
          setRolesFor(fresh);
          rolesForm.setFieldsValue({ roles: fresh.roles, leaderUnitIds: fresh.leaderUnitIds });
        }
        setConflict(true);
        void refresh();
        return;
      }
      if (!applyServerErrors(rolesForm, e)) setFormError(e);
    },
  });

  const resetPassword = useMutation({
    mutationFn: (v: { newPassword: string }) => orgApi.resetPassword(resetFor!.id, v.newPassword),
    onSuccess: () => {
      message.success(t('passwordReset'));
      setResetFor(null);
    },
    onError: (e) => {
      if (!applyServerErrors(resetForm, e)) setFormError(e);
    },
  });

  function confirmResetTotp(p: PersonOut) {
    modal.confirm({
      title: t('resetTotp'),
      content: t('resetTotpConfirm', { name: p.displayName }),
      okButtonProps: { danger: true },
      onOk: () => orgApi.resetTotp(p.id).then(() => void message.success(t('totpReset')), fail),
    });
  }
  function confirmUnlock(p: PersonOut) {
    modal.confirm({
      title: t('unlock'),
      content: t('unlockConfirm', { name: p.displayName }),
      onOk: () => orgApi.unlock(p.id).then(() => void message.success(t('unlocked')), fail),
    });
  }

  const columns: TableColumnsType<PersonOut> = [
    {
      title: t('displayName'),
      dataIndex: 'displayName',
      width: 110,
      fixed: 'left',
      render: (v: string, p) => <span style={{ color: p.active ? undefined : 'rgba(0,0,0,0.35)' }}>{v}</span>,
    },
    { title: t('usernameCol'), dataIndex: 'username', width: 130 },
    { title: t('unitCol'), dataIndex: 'unitName', width: 200, ellipsis: true },
    { title: t('title'), dataIndex: 'title', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t('rolesCol'),
      key: 'roles',
      render: (_, p) => (
        <Space size={[0, 4]} wrap>
          {p.roles.map((r) =>
            r === 'leader' && p.leaderUnitIds.length ? (
              <Tooltip key={r} title={p.leaderUnitIds.map((id) => unitName.get(id) ?? id).join('、')}>
                <Tag color="gold">
                  {label(ROLE_LABELS[r])} · {t('ledUnitsN', { n: p.leaderUnitIds.length })}
                </Tag>
              </Tooltip>
            ) : (
              <Tag key={r} color={r.endsWith('_admin') && r !== 'unit_admin' ? 'purple' : undefined}>
                {label(ROLE_LABELS[r])}
              </Tag>
            ),
          )}
          {p.roles.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        </Space>
      ),
    },
    {
      title: common('status'),
      key: 'active',
      width: 90,
      render: (_, p) => (p.active ? <Tag color="green">{common('active')}</Tag> : <Tag>{common('inactive')}</Tag>),
    },
    // A leader or a clerk reads the list: no 操作 column for them, only for who may act on a row shown.
    ...actionsColumn<PersonOut>(people.data?.items, (p) => canManage(p) || (isSec && p.id !== me?.id), {
      title: common('actions'),
      width: isSec ? 220 : 130,
      fixed: 'right',
      render: (_, p) => (
        <Space size={0} wrap>
          {canManage(p) && (
            <Button type="link" size="small" onClick={() => openEdit(p)} data-testid={`edit-${p.username}`}>
              {common('edit')}
            </Button>
          )}
          {canManage(p) && p.id !== me?.id && (
            <Popconfirm
              title={
                p.active
                  ? t('deactivatePersonConfirm', { name: p.displayName })
                  : t('reactivatePersonConfirm', { name: p.displayName })
              }
              onConfirm={() => toggle.mutate(p)}
              okButtonProps={{ ...testIdButton('confirm-ok'), danger: p.active }}
            >
              <Button type="link" size="small" danger={p.active} data-testid={`toggle-${p.username}`}>
                {p.active ? t('deactivate') : t('reactivate')}
              </Button>
            </Popconfirm>
          )}
          {isSec && p.id !== me?.id && (
            <>
              <Button type="link" size="small" onClick={() => openRoles(p)} data-testid={`roles-${p.username}`}>
                {t('roles')}
              </Button>
              <Button type="link" size="small" onClick={() => confirmUnlock(p)} data-testid={`unlock-${p.username}`}>
                {t('unlock')}
              </Button>
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    {
                      key: 'password',
                      label: t('resetPassword'),
                      onClick: () => (setFormError(null), resetForm.resetFields(), setResetFor(p)),
                    },
                    { key: 'totp', label: t('resetTotp'), danger: true, onClick: () => confirmResetTotp(p) },
                  ],
                }}
              >
                <Button type="link" size="small" data-testid={`more-${p.username}`}>
                  {t('more')} <DownOutlined />
                </Button>
              </Dropdown>
            </>
          )}
        </Space>
      ),
    }),
  ];

  const chosenRoles = Form.useWatch('roles', rolesForm) ?? [];
  const roleConflict = roleSetConflict(chosenRoles);
  const applyFilters = (v: Filters) => {
    setFilters({ q: v.q?.trim() || undefined, unitId: v.unitId, role: v.role, active: v.active ?? 'true' });
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <Card
      title={t('peopleTitle')}
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download('/api/v1/people/export', { ...filters }).catch(fail)}
            data-testid="people-export"
          >
            {common('export')}
          </Button>
          {canManage(null) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid="person-create">
              {t('newPerson')}
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={filterForm}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={filters}
        onFinish={applyFilters}
        // Pickers apply at once; the text box when Enter or 查询 is pressed, not at every keystroke.
        onValuesChange={(changed: Partial<Filters>) => !('q' in changed) && filterForm.submit()}
      >
        <Form.Item name="q">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('peopleSearch')}
            style={{ width: 200 }}
            onPressEnter={() => filterForm.submit()}
            data-testid="people-search"
          />
        </Form.Item>
        <Form.Item name="unitId">
          <TreeSelect
            treeData={allTree}
            placeholder={t('unitFilter')}
            allowClear
            showSearch={{ treeNodeFilterProp: 'searchText' }}
            treeDefaultExpandAll
            style={{ width: 240 }}
            loading={units.isLoading}
            data-testid="people-unit-filter"
          />
        </Form.Item>
        <Form.Item name="role">
          <Select
            placeholder={t('roleFilter')}
            allowClear
            style={{ width: 150 }}
            options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
            data-testid="people-role-filter"
          />
        </Form.Item>
        <Form.Item name="active">
          <Select
            style={{ width: 110 }}
            options={[
              { value: 'true', label: common('active') },
              { value: 'false', label: common('inactive') },
              { value: 'all', label: common('all') },
            ]}
            data-testid="people-active-filter"
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="people-filter">
            {t('query')}
          </Button>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              filterForm.setFieldsValue({ q: undefined, unitId: undefined, role: undefined, active: 'true' });
              filterForm.submit();
            }}
            data-testid="people-reset"
          >
            {common('reset')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={people.error} style={{ marginBottom: 16 }} />
      <Table
        rowKey="id"
        size="middle"
        loading={people.isFetching}
        columns={columns}
        dataSource={people.data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: people.isLoading ? common('loading') : t('peopleEmpty') }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: people.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t('peopleTotal', { n }),
          onChange: (p, s) => setPage({ page: s === page.pageSize ? p : 1, pageSize: s }),
        }}
        data-testid="people-table"
      />

      <Drawer
        open={editing !== null}
        title={editing === 'new' ? t('newPerson') : t('editPerson', { name: editing?.displayName ?? '' })}
        size={520}
        onClose={() => setEditing(null)}
        destroyOnHidden
        footer={
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button onClick={() => setEditing(null)}>{common('cancel')}</Button>
            <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="person-save">
              {common('save')}
            </Button>
          </Space>
        }
      >
        {conflict && <ConflictAlert title={t('versionConflict')} />}
        <Form form={form} layout="vertical" onFinish={(v) => (setFormError(null), setConflict(false), save.mutate(v))}>
          {editing === 'new' && (
            <Form.Item
              name="username"
              label={t('usernameCol')}
              extra={t('usernameHelp')}
              rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{2,40}$/, message: t('usernameHelp') }]}
            >
              <Input autoComplete="off" data-testid="person-username" />
            </Form.Item>
          )}
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name="displayName"
                label={t('displayName')}
                rules={[{ required: true, whitespace: true }, { max: 100 }]}
              >
                <Input data-testid="person-name" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="title" label={t('title')} rules={[{ max: 50 }]}>
                <Input data-testid="person-title" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="unitId" label={t('unitCol')} rules={[{ required: true }]}>
            <TreeSelect
              treeData={activeTree}
              showSearch={{ treeNodeFilterProp: 'searchText' }}
              treeDefaultExpandAll
              disabled={!isSys}
              data-testid="person-unit"
            />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="phone" label={t('phone')} rules={[{ max: 30 }, { pattern: /^[0-9+\- ]*$/ }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="email" label={t('email')} rules={[{ type: 'email' }, { max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          {editing === 'new' && (
            <Form.Item
              name="initialPassword"
              label={t('initialPassword')}
              rules={[{ required: true }]}
              extra={t('initialPasswordHelp')}
            >
              <Input.Password autoComplete="new-password" data-testid="person-password" />
            </Form.Item>
          )}
          <ErrorAlert error={formError} />
        </Form>
      </Drawer>

      <Modal
        open={rolesFor !== null}
        title={t('setRoles', { name: rolesFor?.displayName ?? '' })}
        onCancel={() => setRolesFor(null)}
        onOk={() => rolesForm.submit()}
        okText={common('save')}
        confirmLoading={saveRoles.isPending}
        okButtonProps={testIdButton('roles-save')}
        destroyOnHidden
        width={560}
      >
        {conflict && <ConflictAlert title={t('versionConflict')} />}
        <Form
          form={rolesForm}
          layout="vertical"
          onFinish={(v) => (setFormError(null), setConflict(false), saveRoles.mutate(v))}
          onValuesChange={() => setFormError(null)}
        >
          <Form.Item
            name="roles"
            label={t('roles')}
            // A hint, not a block: the server is the judge, and its refusal then shows here as the field's error.
            extra={
              roleConflict ? (
                <Typography.Text type="warning" data-testid="roles-conflict-hint">
                  {t('rolesConflictHint')}
                </Typography.Text>
              ) : (
                t('rolesHelp')
              )
            }
          >
            <Checkbox.Group
              style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 8 }}
              options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
              data-testid="roles-checkboxes"
            />
          </Form.Item>
          {chosenRoles.includes('leader') && (
            <Form.Item name="leaderUnitIds" label={t('ledUnits')} extra={t('ledUnitsHelp')}>
              <TreeSelect
                treeData={activeTree}
                multiple
                showSearch={{ treeNodeFilterProp: 'searchText' }}
                treeDefaultExpandAll
                data-testid="roles-leader-units"
              />
            </Form.Item>
          )}
          <ErrorAlert error={formError} />
        </Form>
      </Modal>

      <Modal
        open={resetFor !== null}
        title={t('resetPasswordTitle', { name: resetFor?.displayName ?? '' })}
        onCancel={() => setResetFor(null)}
        onOk={() => resetForm.submit()}
        okText={common('confirm')}
        confirmLoading={resetPassword.isPending}
        destroyOnHidden
      >
        <Form form={resetForm} layout="vertical" onFinish={(v) => (setFormError(null), resetPassword.mutate(v))}>
          <Form.Item
            name="newPassword"
            label={t('tempPassword')}
            rules={[{ required: true }]}
            extra={t('tempPasswordHelp')}
          >
            <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
          </Form.Item>
          <ErrorAlert error={formError} />
        </Form>
      </Modal>
    </Card>
  );
}
