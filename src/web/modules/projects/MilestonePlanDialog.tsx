import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Spin, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { PROJECT_TYPE_LABELS } from '../../../shared/domain/projects';
import { conflictNotice, projectApi, projectKeys, type Milestone, type Project } from './api';
import { useProjectsT } from './i18n';

interface Row {
  name: string;
  plannedDate: Dayjs | null;
}

/**
 * 安排节点: the milestones of the project's type template not yet planned (cancelled ones may be planned again),
 * each with its planned date; rows can be removed or added. Saved with the project's version; every milestone is
 * issued to the responsible unit on the supervision core.
 */
export function MilestonePlanDialog({
  project,
  planned,
  onClose,
}: {
  project: Project;
  planned: Milestone[];
  onClose: () => void;
}) {
  const { label } = useI18n();
  const tr = useProjectsT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ milestones: Row[] }>();
  const [error, setError] = useState<unknown>(null);
  const templates = useQuery({ queryKey: projectKeys.templates, queryFn: projectApi.templates });
  const template = templates.data?.find((t) => t.type === project.type);
  const taken = new Set(planned.filter((m) => m.state !== 'cancelled').map((m) => m.name));

  useEffect(() => {
    if (template)
      form.setFieldsValue({
        milestones: template.names.filter((n) => !taken.has(n)).map((name) => ({ name, plannedDate: null })),
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fill once the template has arrived
  }, [template?.type, template?.version]);

  const save = useMutation({
    mutationFn: (v: { milestones: Row[] }) =>
      projectApi.planMilestones(
        project,
        (v.milestones ?? []).map((m) => ({ name: m.name.trim(), plannedDate: m.plannedDate!.format('YYYY-MM-DD') })),
      ),
    onSuccess: (r) => {
      message.success(tr('milestonesPlanned', { count: r.items.length - planned.length }));
      qc.invalidateQueries({ queryKey: projectKeys.all });
      onClose();
    },
    onError: (e) => {
      if (conflictNotice(message, e, () => qc.invalidateQueries({ queryKey: projectKeys.one(project.id) })))
        return onClose();
      if (!applyServerErrors(form, e)) setError(e);
    },
  });

  return (
    <Modal
      open
      width={640}
      title={tr('planTitle', { name: project.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={tr('planOk')}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'plan-ok' } as object) }}
      destroyOnHidden
    >
      {templates.isLoading ? (
        <Spin />
      ) : (
        <>
          <ErrorAlert error={templates.error} />
          <Typography.Paragraph type="secondary">
            {tr('planIntro', {
              type: label(PROJECT_TYPE_LABELS[project.type]),
              which: template?.custom
                ? tr('countyTemplateVersion', { version: template.version })
                : tr('builtinTemplate'),
            })}
          </Typography.Paragraph>
          {taken.size > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={tr('alreadyPlanned', { names: [...taken].join(tr('listSep')) })}
            />
          )}
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => (setError(null), save.mutate(v))}
            initialValues={{ milestones: [] }}
            data-testid="plan-form"
          >
            <Form.List
              name="milestones"
              rules={[
                {
                  validator: async (_, rows: Row[]) =>
                    rows?.length ? undefined : Promise.reject(new Error(tr('atLeastOneMilestone'))),
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((f) => (
                    <div
                      key={f.key}
                      style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}
                      data-testid="plan-row"
                    >
                      <Form.Item
                        name={[f.name, 'name']}
                        rules={[{ required: true, whitespace: true, message: tr('enterMilestoneName') }]}
                      >
                        <Input placeholder={tr('milestoneName')} style={{ width: 240 }} data-testid="plan-name" />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'plannedDate']}
                        rules={[{ required: true, message: tr('selectPlannedDate') }]}
                      >
                        <DatePicker placeholder={tr('plannedDatePlaceholder')} data-testid="plan-date" />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={tr('deleteMilestone')}
                        onClick={() => remove(f.name)}
                      />
                    </div>
                  ))}
                  <Form.ErrorList errors={errors} />
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: '', plannedDate: null })}
                    data-testid="plan-add-row"
                  >
                    {tr('addMilestone')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form>
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
        </>
      )}
    </Modal>
  );
}
