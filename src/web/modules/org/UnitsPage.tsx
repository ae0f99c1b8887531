import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Tag, Tree, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { testIdButton } from '../../components/test-id';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitOut } from '../../../shared/org';
import { orgApi, orgKeys, unitTree } from './api';

interface UnitForm {
  name: string;
  shortName?: string;
  aliases?: string[];
  kind: UnitOut['kind'];
  parentId?: string | null;
  sortOrder?: number;
}

/** 单位管理: the unit tree; the system administrator creates, edits, moves, deactivates (never deletes). */
export default function UnitsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['system_admin']);
  const qc = useQueryClient();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const [showInactive, setShowInactive] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<UnitOut | 'new' | null>(null);
  const [form] = Form.useForm<UnitForm>();
  const [formError, setFormError] = useState<unknown>(null);
  const selected = units.data?.find((u) => u.id === selectedId) ?? null;
  const tree = useMemo(() => unitTree(units.data ?? [], showInactive), [units.data, showInactive]);
  const refresh = () => qc.invalidateQueries({ queryKey: orgKeys.units });

  const save = useMutation({
    mutationFn: async (v: UnitForm) => {
      const body = { ...v, parentId: v.parentId ?? null, aliases: v.aliases ?? [] };
      return editing === 'new' ? orgApi.createUnit(body) : orgApi.updateUnit((editing as UnitOut).id, (editing as UnitOut).version, body);
    },
    onSuccess: (u) => {
      message.success(t('saved'));
      setEditing(null);
      setSelectedId(u.id);
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'version_conflict') refresh();
      if (!applyServerErrors(form, e) || (e instanceof ApiError && e.code === 'unit_cycle')) setFormError(e);
    },
  });
  const toggle = useMutation({
    mutationFn: (u: UnitOut) => orgApi.setUnitActive(u, !u.active),
    onSuccess: () => (message.success(t('saved')), refresh()),
    onError: (e) => (e instanceof ApiError ? message.error(e.problem.detail) : message.error(String(e))),
  });

  function open(target: UnitOut | 'new') {
    setFormError(null);
    form.resetFields();
    if (target === 'new') form.setFieldsValue({ kind: 'department', parentId: selected?.id ?? null, sortOrder: 0, aliases: [] });
    else form.setFieldsValue({ name: target.name, shortName: target.shortName ?? undefined, aliases: target.aliases, kind: target.kind, parentId: target.parentId, sortOrder: target.sortOrder });
    setEditing(target);
  }

  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card
          title={t('menu.units')}
          extra={
            <Space>
              <span>显示已停用</span>
              <Switch size="small" checked={showInactive} onChange={setShowInactive} data-testid="show-inactive" />
              {canEdit && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="unit-create">
                  {t('create')}
                </Button>
              )}
            </Space>
          }
        >
          <ErrorAlert error={units.error} />
          {units.isLoading ? (
            <Typography.Text type="secondary">{t('loading')}</Typography.Text>
          ) : tree.length === 0 ? (
            <Empty description="还没有单位，请新建或批量导入" />
          ) : (
            <Tree
              // Remount when units are added or removed, so a new unit's parent opens to show it.
              key={`${units.data?.length}-${showInactive}`}
              treeData={tree}
              defaultExpandAll
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => setSelectedId((keys[0] as string) ?? null)}
              titleRender={(n) => (
                <span data-testid={`unit-node-${n.unit.name}`} style={{ color: n.unit.active ? undefined : '#aaa' }}>
                  {n.unit.name} {n.unit.peopleCount > 0 && <Typography.Text type="secondary">（{n.unit.peopleCount}人）</Typography.Text>}
                  {!n.unit.active && <Tag style={{ marginLeft: 4 }}>{t('inactive')}</Tag>}
                </span>
              )}
              style={{ maxHeight: 640, overflow: 'auto' }}
              data-testid="unit-tree"
            />
          )}
        </Card>
      </Col>
      <Col span={14}>
        <Card title={selected ? selected.name : '单位详情'}>
          {!selected ? (
            <Empty description="在左侧选择一个单位" />
          ) : (
            <>
              <Descriptions column={1} bordered size="small">
                <Descriptions.Item label="全称">{selected.name}</Descriptions.Item>
                <Descriptions.Item label="简称">{selected.shortName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="别名">{selected.aliases.map((a) => <Tag key={a}>{a}</Tag>)}</Descriptions.Item>
                <Descriptions.Item label="类型">{label(UNIT_KIND_LABELS[selected.kind])}</Descriptions.Item>
                <Descriptions.Item label="上级单位">{units.data?.find((u) => u.id === selected.parentId)?.name ?? '（无）'}</Descriptions.Item>
                <Descriptions.Item label="在岗人数">{selected.peopleCount}</Descriptions.Item>
                <Descriptions.Item label={t('status')}>{selected.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>}</Descriptions.Item>
              </Descriptions>
              {canEdit && (
                <Space style={{ marginTop: 16 }}>
                  <Button onClick={() => open(selected)} data-testid="unit-edit">
                    {t('edit')} / 移动
                  </Button>
                  <Popconfirm title={selected.active ? '停用后不能再选作责任单位，确定停用？' : '确定恢复该单位？'} onConfirm={() => toggle.mutate(selected)} okButtonProps={testIdButton('confirm-ok')}>
                    <Button danger={selected.active} data-testid="unit-toggle">
                      {selected.active ? '停用' : '恢复'}
                    </Button>
                  </Popconfirm>
                </Space>
              )}
            </>
          )}
        </Card>
      </Col>
      <Modal open={editing !== null} title={editing === 'new' ? '新建单位' : '编辑单位'} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={testIdButton('unit-save')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => (setFormError(null), save.mutate(v))}>
          <Form.Item name="name" label="单位全称" rules={[{ required: true, max: 100 }]}>
            <Input data-testid="unit-name" />
          </Form.Item>
          <Form.Item name="shortName" label="简称" rules={[{ max: 30 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="aliases" label="别名（讲话和表格里的其他叫法）">
            <Select mode="tags" tokenSeparators={[',', '，', '、']} />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: label(UNIT_KIND_LABELS[k]) }))} />
          </Form.Item>
          <Form.Item name="parentId" label="上级单位">
            <TreeSelect treeData={unitTree(units.data ?? [], false)} allowClear treeDefaultExpandAll showSearch treeNodeFilterProp="searchText" placeholder="（无上级）" data-testid="unit-parent" />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序">
            <InputNumber min={0} />
          </Form.Item>
          <ErrorAlert error={formError} />
        </Form>
      </Modal>
    </Row>
  );
}
