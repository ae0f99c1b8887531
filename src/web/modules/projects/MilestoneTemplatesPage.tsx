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
import { useProjectsT } from './i18n';

/** One type's template: the names in order, editable by the supervision office, saved with the template's version. */
function TemplateEditor({ template, editable }: { template: Template; editable: boolean }) {
  const { message } = App.useApp();
  const tr = useProjectsT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ names: string[] }>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => form.setFieldsValue({ names: template.names }), [template, form]);
  const reload = () => qc.invalidateQueries({ queryKey: projectKeys.templates });
  const save = useMutation({
    mutationFn: (v: { names: string[] }) =>
      projectApi.putTemplate(
        template,
        v.names.map((n) => n.trim()),
      ),
    onSuccess: (t) => {
      message.success(tr('templateSaved', { version: t.version }));
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
        {template.custom ? (
          <Tag color="blue">{tr('countyTemplateTag', { version: template.version })}</Tag>
        ) : (
          <Tag>{tr('builtinUnchanged')}</Tag>
        )}
        <Typography.Text type="secondary">
          {tr('templateMilestoneCount', { count: template.names.length })}
        </Typography.Text>
      </Space>
      <Form
        form={form}
        onFinish={(v) => (setError(null), save.mutate(v))}
        disabled={!editable}
        data-testid="template-form"
      >
        <Form.List
          name="names"
          rules={[
            {
              validator: async (_, names: string[]) =>
                names?.length ? undefined : Promise.reject(new Error(tr('keepOneMilestone'))),
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <div
                  key={f.key}
                  style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}
                  data-testid="template-row"
                >
                  <Typography.Text style={{ display: 'inline-block', width: 28, lineHeight: '32px' }}>
                    {i + 1}.
                  </Typography.Text>
                  <Form.Item
                    name={f.name}
                    rules={[
                      { required: true, whitespace: true, message: tr('enterMilestoneName') },
                      { max: 100, message: tr('maxChars', { max: 100 }) },
                    ]}
                  >
                    <Input style={{ width: 280 }} data-testid="template-name" />
                  </Form.Item>
                  {editable && (
                    <>
                      <Button
                        type="text"
                        icon={<ArrowUpOutlined />}
                        disabled={i === 0}
                        onClick={() => move(i, i - 1)}
                        aria-label={tr('moveUp')}
                      />
                      <Button
                        type="text"
                        icon={<ArrowDownOutlined />}
                        disabled={i === fields.length - 1}
                        onClick={() => move(i, i + 1)}
                        aria-label={tr('moveDown')}
                      />
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(f.name)}
                        aria-label={tr('remove')}
                      />
                    </>
                  )}
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              {editable && (
                <Space style={{ marginTop: 8 }}>
                  <Button icon={<PlusOutlined />} onClick={() => add('')} data-testid="template-add">
                    {tr('addMilestone')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="template-save">
                    {tr('saveTemplate')}
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
  const { label, t: common } = useI18n();
  const tr = useProjectsT();
  const { data: me } = useMe();
  const templates = useQuery({ queryKey: projectKeys.templates, queryFn: projectApi.templates });
  const editable = hasRole(me, ['supervision_office']);
  const [active, setActive] = useState<string>();

  if (templates.isLoading) return <Spin style={{ margin: 48 }} />;
  if (templates.error)
    return (
      <Result
        status="warning"
        title={tr('cannotReadTemplates')}
        subTitle={<ErrorAlert error={templates.error} />}
        extra={<Button onClick={() => templates.refetch()}>{common('retry')}</Button>}
      />
    );
  const items = templates.data ?? [];
  return (
    <Card title={tr('templatesTitle')}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={tr('templatesIntro')}
        description={editable ? undefined : tr('templatesReadOnly')}
      />
      {items.length === 0 ? (
        <Empty description={tr('noTemplates')} />
      ) : (
        <Tabs
          activeKey={active ?? items[0]!.type}
          onChange={setActive}
          items={items.map((t) => ({
            key: t.type,
            label: <span data-testid={`template-tab-${t.type}`}>{label(PROJECT_TYPE_LABELS[t.type])}</span>,
            children: <TemplateEditor template={t} editable={editable} />,
          }))}
        />
      )}
    </Card>
  );
}
