import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { PROJECT_TYPE_LABELS } from '../../../shared/domain/projects';
import { conflictNotice, projectApi, projectKeys, type Template } from './api';

/** One type's template: the names in order, editable by the supervision office, saved with the template's version. */
function TemplateEditor({ template, editable }: { template: Template; editable: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ names: string[] }>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => form.setFieldsValue({ names: template.names }), [template, form]);
  const reload = () => qc.invalidateQueries({ queryKey: projectKeys.templates });
  const save = useMutation({
    mutationFn: (v: { names: string[] }) => projectApi.putTemplate(template, v.names.map((n) => n.trim())),
    onSuccess: (t) => {
      message.success(`已保存（第 ${t.version} 版）；此后安排的节点按新模板，已安排的不变`);
      setError(null);
      reload();
    },
    onError: (e) => {
      if (conflictNotice(message, e, reload)) return;
      if (!applyServerErrors(form, e)) setError(e);
    },
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`template-${template.type}`}>
      <Space>
        {template.custom ? <Tag color="blue">本县模板 · 第 {template.version} 版</Tag> : <Tag>内置模板（尚未修改）</Tag>}
        <Typography.Text type="secondary">共 {template.names.length} 个节点</Typography.Text>
      </Space>
      <Form form={form} onFinish={(v) => (setError(null), save.mutate(v))} disabled={!editable} data-testid="template-form">
        <Form.List name="names" rules={[{ validator: async (_, names: string[]) => (names?.length ? undefined : Promise.reject(new Error('至少保留一个节点'))) }]}>
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }} data-testid="template-row">
                  <Typography.Text style={{ display: 'inline-block', width: 28, lineHeight: '32px' }}>{i + 1}.</Typography.Text>
                  <Form.Item name={f.name} rules={[{ required: true, whitespace: true, message: '请填写节点名称' }, { max: 100, message: '不超过 100 字' }]}>
                    <Input style={{ width: 280 }} data-testid="template-name" />
                  </Form.Item>
                  {editable && (
                    <>
                      <Button type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label="上移" />
                      <Button type="text" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} aria-label="下移" />
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除" />
                    </>
                  )}
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              {editable && (
                <Space style={{ marginTop: 8 }}>
                  <Button icon={<PlusOutlined />} onClick={() => add('')} data-testid="template-add">
                    增加节点
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="template-save">
                    保存模板
                  </Button>
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
      <ErrorAlert error={error} />
    </Space>
  );
}

/** 节点模板: the milestone template of each project type (built in until the supervision office saves its own). */
export default function MilestoneTemplatesPage() {
  const { label } = useI18n();
  const { data: me } = useMe();
  const templates = useQuery({ queryKey: projectKeys.templates, queryFn: projectApi.templates });
  const editable = hasRole(me, ['supervision_office']);
  const [active, setActive] = useState<string>();

  if (templates.isLoading) return <Spin style={{ margin: 48 }} />;
  if (templates.error) return <Result status="warning" title="无法读取节点模板" subTitle={<ErrorAlert error={templates.error} />} extra={<Button onClick={() => templates.refetch()}>重试</Button>} />;
  const items = templates.data ?? [];
  return (
    <Card title="项目节点模板">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="每类项目一套节点模板：安排项目节点时按项目类型列出。修改只影响此后安排的节点；已安排的节点不变。"
        description={editable ? undefined : '模板由督查室维护，您可查看。'}
      />
      {items.length === 0 ? (
        <Empty description="暂无节点模板" />
      ) : (
        <Tabs activeKey={active ?? items[0]!.type} onChange={setActive} items={items.map((t) => ({ key: t.type, label: <span data-testid={`template-tab-${t.type}`}>{label(PROJECT_TYPE_LABELS[t.type])}</span>, children: <TemplateEditor template={t} editable={editable} /> }))} />
      )}
    </Card>
  );
}
