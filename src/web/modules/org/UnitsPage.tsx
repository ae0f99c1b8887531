import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Tree,
  TreeSelect,
  Typography,
} from 'antd';
import {
  ApartmentOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  SearchOutlined,
  StopOutlined,
  TeamOutlined,
  UndoOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ConflictAlert, ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { ApiError } from '../../lib/api';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind, type UnitOut } from '../../../shared/org';
import { filterTree, isVersionConflict, orgApi, orgKeys, parentKeys, unitTree, unitsQuery, type UnitNode } from './api';
import { useOrgT } from './i18n';

interface UnitForm {
  name: string;
  shortName?: string | null;
  aliases?: string[];
  kind: UnitKind;
  parentId?: string | null;
  sortOrder?: number;
}

/** Which dialog is open. edit and move keep the unit as read when opened: its version goes in If-Match. */
type Dialog = { kind: 'create' } | { kind: 'edit'; unit: UnitOut } | { kind: 'move'; unit: UnitOut };

const KIND_COLORS: Record<UnitKind, string> = {
  party_office: 'red',
  government_office: 'volcano',
  supervision: 'purple',
  department: 'blue',
  township: 'green',
  park: 'cyan',
  other: 'default',
};

const formValues = (u: UnitOut): UnitForm => ({
  name: u.name,
  shortName: u.shortName,
  aliases: u.aliases,
  kind: u.kind,
  parentId: u.parentId,
  sortOrder: u.sortOrder,
});

/** 单位管理: the unit tree; the system administrator creates, edits, moves and deactivates (never deletes). */
export default function UnitsPage() {
  const t = useOrgT();
  const { t: common, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['system_admin']);
  const qc = useQueryClient();
  const units = useQuery(unitsQuery());
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Collapsed rather than expanded keys: a unit that gains its first child opens by itself, so a new unit is seen.
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const [form] = Form.useForm<UnitForm>();

  const all = useMemo(() => units.data ?? [], [units.data]);
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const selected = selectedId ? (byId.get(selectedId) ?? null) : null;
  const tree = useMemo(() => filterTree(unitTree(all, showInactive), search), [all, showInactive, search]);
  const expandable = useMemo(() => parentKeys(tree), [tree]);
  const expandedKeys = search ? expandable : expandable.filter((k) => !collapsed.has(k));
  const activeTree = useMemo(() => unitTree(all, false), [all]);
  const children = selected ? all.filter((u) => u.parentId === selected.id && (showInactive || u.active)) : [];

  async function reload(): Promise<UnitOut[]> {
    await qc.invalidateQueries({ queryKey: orgKeys.units });
    return qc.getQueryData<UnitOut[]>(orgKeys.units) ?? [];
  }

  function open(d: Dialog) {
    setFormError(null);
    setConflict(false);
    form.resetFields();
    if (d.kind === 'create')
      form.setFieldsValue({
        kind: 'department',
        parentId: selected?.active ? selected.id : null,
        sortOrder: 0,
        aliases: [],
      });
    else form.setFieldsValue(formValues(d.unit));
    setDialog(d);
  }

  const save = useMutation({
    mutationFn: async (v: UnitForm) => {
      if (!dialog) throw new Error('no dialog');
      if (dialog.kind === 'create')
        return orgApi.createUnit({
          name: v.name,
          shortName: v.shortName || null,
          aliases: v.aliases ?? [],
          kind: v.kind,
          parentId: v.parentId ?? null,
          sortOrder: v.sortOrder ?? 0,
        });
      if (dialog.kind === 'move')
        return orgApi.updateUnit(dialog.unit.id, dialog.unit.version, { parentId: v.parentId ?? null });
      return orgApi.updateUnit(dialog.unit.id, dialog.unit.version, {
        name: v.name,
        shortName: v.shortName || null,
        aliases: v.aliases ?? [],
        kind: v.kind,
        sortOrder: v.sortOrder ?? 0,
      });
    },
    onSuccess: async (u) => {
      message.success(common('saved'));
      setDialog(null);
      setSelectedId(u.id);
      setSearch('');
      await reload();
    },
    onError: async (e) => {
      if (isVersionConflict(e) && dialog && dialog.kind !== 'create') {
        // Someone else saved first: show their version and let the user decide again, never overwrite it silently.
        const fresh = (await reload()).find((u) => u.id === dialog.unit.id);
        if (fresh) {
          setDialog({ ...dialog, unit: fresh });
          form.setFieldsValue(formValues(fresh));
        }
        setConflict(true);
        return;
      }
      if (!applyServerErrors(form, e)) setFormError(e);
    },
  });

  const toggle = useMutation({
    mutationFn: (u: UnitOut) => orgApi.setUnitActive(u, !u.active),
    onSuccess: async (u) => {
      message.success(u.active ? t('reactivated') : t('deactivated'));
      if (!u.active && !showInactive) setSelectedId(u.parentId);
      await reload();
    },
    onError: async (e) => {
      if (isVersionConflict(e)) {
        message.warning(t('versionConflict'));
        await reload();
      } else message.error(e instanceof ApiError ? e.problem.detail : String(e));
    },
  });

  const kindTag = (kind: UnitKind) => (
    <Tag color={KIND_COLORS[kind]} bordered={false} style={{ marginInlineStart: 6, fontSize: 12 }}>
      {label(UNIT_KIND_LABELS[kind])}
    </Tag>
  );

  const treeCard = (
    <Card
      title={
        <Space>
          <ApartmentOutlined />
          {t('unitsTitle')}
        </Space>
      }
      extra={
        canEdit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => open({ kind: 'create' })}
            data-testid="unit-create"
          >
            {t('newUnit')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('unitSearch')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 260 }}
            data-testid="unit-search"
          />
          <Space>
            <Typography.Text type="secondary">{t('showInactive')}</Typography.Text>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} data-testid="show-inactive" />
          </Space>
        </Space>
        {units.data && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('unitsSummary', { total: all.length, active: all.filter((u) => u.active).length })}
          </Typography.Text>
        )}
        {!canEdit && me && <Alert type="info" showIcon title={t('readOnlyHint')} />}
        {units.error ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ErrorAlert error={units.error} />
            <Button onClick={() => units.refetch()}>{common('retry')}</Button>
          </Space>
        ) : units.isLoading ? (
          <Skeleton active title={false} paragraph={{ rows: 10 }} data-testid="units-loading" />
        ) : all.length === 0 ? (
          <Empty
            description={
              <Space orientation="vertical" size={0}>
                <span>{t('unitsEmpty')}</span>
                <Typography.Text type="secondary">{t('unitsEmptyHint')}</Typography.Text>
              </Space>
            }
          >
            {canEdit && (
              <Space>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'create' })}>
                  {t('newUnit')}
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => navigate('/org/import')}>
                  {t('goImport')}
                </Button>
              </Space>
            )}
          </Empty>
        ) : tree.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={search ? t('unitsNoMatch', { q: search }) : t('unitsEmpty')}
          />
        ) : (
          <Tree<UnitNode>
            treeData={tree}
            blockNode
            showLine={{ showLeafIcon: false }}
            expandedKeys={expandedKeys}
            onExpand={(keys) => {
              if (search) return;
              const open = new Set(keys.map(String));
              setCollapsed(new Set(expandable.filter((k) => !open.has(k))));
            }}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => keys.length && setSelectedId(String(keys[0]))}
            titleRender={(n) => (
              <span
                data-testid={`unit-node-${n.unit.name}`}
                style={{ color: n.unit.active ? undefined : 'rgba(0,0,0,0.35)' }}
              >
                {n.unit.name}
                {kindTag(n.unit.kind)}
                {n.unit.peopleCount > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('peopleUnit', { n: n.unit.peopleCount })}
                  </Typography.Text>
                )}
                {!n.unit.active && <Tag style={{ marginInlineStart: 6 }}>{common('inactive')}</Tag>}
              </span>
            )}
            data-testid="unit-tree"
          />
        )}
      </Space>
    </Card>
  );

  const detailCard = (
    <Card
      title={selected ? selected.name : t('unitDetail')}
      style={{ position: 'sticky', top: 16 }}
      data-testid="unit-detail"
    >
      {!selected ? (
        <Empty description={t('pickUnit')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('fullName')}>{selected.name}</Descriptions.Item>
            <Descriptions.Item label={t('shortName')}>{selected.shortName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('aliases')}>
              {selected.aliases.length ? selected.aliases.map((a) => <Tag key={a}>{a}</Tag>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('kind')}>{label(UNIT_KIND_LABELS[selected.kind])}</Descriptions.Item>
            <Descriptions.Item label={t('parent')}>
              {selected.parentId ? (
                <Typography.Link onClick={() => setSelectedId(selected.parentId)}>
                  {byId.get(selected.parentId)?.name ?? '—'}
                </Typography.Link>
              ) : (
                t('none')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('childUnits')}>
              {children.length
                ? children.map((c) => (
                    <Tag
                      key={c.id}
                      style={{ cursor: 'pointer', marginBottom: 4 }}
                      onClick={() => setSelectedId(c.id)}
                      color={c.active ? undefined : 'default'}
                    >
                      {c.name}
                    </Tag>
                  ))
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('peopleCount')}>
              <Space>
                {selected.peopleCount}
                <Typography.Link onClick={() => navigate(`/org/people?unitId=${selected.id}`)}>
                  <TeamOutlined /> {t('viewPeople')}
                </Typography.Link>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={common('status')}>
              {selected.active ? <Tag color="green">{common('active')}</Tag> : <Tag>{common('inactive')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('sortOrder')}>{selected.sortOrder}</Descriptions.Item>
          </Descriptions>
          {canEdit && (
            <Space wrap>
              <Button
                icon={<EditOutlined />}
                onClick={() => open({ kind: 'edit', unit: selected })}
                data-testid="unit-edit"
              >
                {common('edit')}
              </Button>
              <Button
                icon={<DragOutlined />}
                onClick={() => open({ kind: 'move', unit: selected })}
                disabled={!selected.active}
                data-testid="unit-move"
              >
                {t('move')}
              </Button>
              {selected.active && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => open({ kind: 'create' })}
                  data-testid="unit-create-child"
                >
                  {t('newChildUnit')}
                </Button>
              )}
              <Popconfirm
                title={
                  selected.active
                    ? t('deactivateUnitConfirm', { name: selected.name })
                    : t('reactivateUnitConfirm', { name: selected.name })
                }
                description={
                  selected.active && selected.peopleCount + children.filter((c) => c.active).length > 0 ? (
                    <Typography.Text type="warning">{t('deactivateUnitBlocked')}</Typography.Text>
                  ) : undefined
                }
                onConfirm={() => toggle.mutate(selected)}
                okButtonProps={{ ...testIdButton('confirm-ok'), danger: selected.active }}
              >
                <Button
                  danger={selected.active}
                  icon={selected.active ? <StopOutlined /> : <UndoOutlined />}
                  loading={toggle.isPending}
                  data-testid="unit-toggle"
                >
                  {selected.active ? t('deactivate') : t('reactivate')}
                </Button>
              </Popconfirm>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );

  const parentPicker = (
    <TreeSelect
      treeData={activeTree}
      allowClear
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'searchText' }}
      placeholder={t('noParent')}
      data-testid="unit-parent"
    />
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12} xl={11}>
        {treeCard}
      </Col>
      <Col xs={24} lg={12} xl={13}>
        {detailCard}
      </Col>
      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'create'
            ? t('newUnit')
            : dialog?.kind === 'move'
              ? `${t('moveUnit')}：${dialog.unit.name}`
              : t('editUnit')
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={dialog?.kind === 'move' ? t('move') : common('save')}
        confirmLoading={save.isPending}
        okButtonProps={testIdButton('unit-save')}
        destroyOnHidden
        width={560}
      >
        {conflict && <ConflictAlert title={t('versionConflict')} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => (setFormError(null), setConflict(false), save.mutate(v))}
          onValuesChange={() => setFormError(null)}
        >
          {dialog?.kind === 'move' ? (
            <Form.Item name="parentId" label={t('moveTo')} extra={t('moveHelp')}>
              {parentPicker}
            </Form.Item>
          ) : (
            <>
              <Form.Item name="name" label={t('fullName')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
                <Input data-testid="unit-name" maxLength={100} />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="shortName" label={t('shortName')} rules={[{ max: 30 }]}>
                    <Input maxLength={30} data-testid="unit-short-name" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
                    <Select
                      options={UNIT_KINDS.map((k) => ({ value: k, label: label(UNIT_KIND_LABELS[k]) }))}
                      data-testid="unit-kind"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="aliases" label={t('aliases')} extra={t('aliasesHelp')}>
                <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
              </Form.Item>
              {dialog?.kind === 'create' && (
                <Form.Item name="parentId" label={t('parent')}>
                  {parentPicker}
                </Form.Item>
              )}
              <Form.Item name="sortOrder" label={t('sortOrder')} extra={t('sortOrderHelp')}>
                <InputNumber min={0} max={100000} precision={0} />
              </Form.Item>
            </>
          )}
          <ErrorAlert error={formError} />
        </Form>
      </Modal>
    </Row>
  );
}
