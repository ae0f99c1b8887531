import { DatePicker, Form, Input, Select, Space, TreeSelect, type FormInstance } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { LEVEL_LABELS, TASK_LEVELS } from '../../../shared/tasks';
import { useI18n } from '../../app/i18n';
import { DeadlineCalendarNote, WorkingDaysInput } from './DeadlineFields';
import { MilestoneFields, milestonesOut } from './MilestoneFields';
import { useTasksT } from './i18n';
import { taskForceApi, taskForceKeys } from '../taskforces/api';
import { useI18n as useLocale } from '../../app/i18n';

/** 五明确: what (title, content), how (standard), what follows (奖惩), who (lead unit, co-units, leader), when (deadline). */
export function TaskForm({ form, onFinish }: { form: FormInstance; onFinish: (v: Record<string, unknown>) => void }) {
  const { label } = useI18n();
  const t = useTasksT();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const tree = unitTree(units.data ?? [], false);
  const forces = useQuery({
    queryKey: taskForceKeys.list({ state: 'active' }),
    queryFn: () => taskForceApi.list({ state: 'active' }),
  });
  const { locale } = useLocale();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        onFinish({ ...v, deadline: v.deadline?.format('YYYY-MM-DD'), milestones: milestonesOut(v.milestones) })
      }
      initialValues={{ level: 'general', cadence: 'monthly', coUnitIds: [] }}
    >
      <Form.Item name="title" label={t('formTitle')} rules={[{ required: true, max: 200 }]}>
        <Input data-testid="task-title" />
      </Form.Item>
      <Form.Item name="content" label={t('formContent')} rules={[{ required: true, max: 10000 }]}>
        <Input.TextArea rows={3} data-testid="task-content" />
      </Form.Item>
      <Form.Item name="standard" label={t('formStandard')} rules={[{ required: true, max: 5000 }]}>
        <Input.TextArea rows={2} data-testid="task-standard" />
      </Form.Item>
      <Form.Item
        name="accountability"
        label={t('formAccountability')}
        rules={[{ required: true, whitespace: true, max: 2000 }]}
      >
        <Input.TextArea rows={2} placeholder={t('accountabilityPlaceholder')} data-testid="task-accountability" />
      </Form.Item>
      {/* 工作专班: its lead unit undertakes the task (the server refuses another), its members all see it. */}
      <Form.Item name="taskForceId" label={locale === 'en-US' ? 'Task force' : '工作专班'}>
        <Select
          allowClear
          options={(forces.data ?? []).map((f) => ({ value: f.id, label: `${f.name}（${f.leadUnitName}）` }))}
          onChange={(id) => {
            const f = forces.data?.find((x) => x.id === id);
            if (f) form.setFieldValue('leadUnitId', f.leadUnitId);
          }}
          data-testid="task-force"
        />
      </Form.Item>
      <Form.Item name="leadUnitId" label={t('formLeadUnit')} rules={[{ required: true }]}>
        <TreeSelect treeData={tree} showSearch treeNodeFilterProp="searchText" data-testid="task-lead-unit" />
      </Form.Item>
      <Form.Item name="coUnitIds" label={t('coUnits')}>
        <TreeSelect treeData={tree} multiple showSearch treeNodeFilterProp="searchText" />
      </Form.Item>
      <Form.Item name="leadLeaderId" label={t('leadLeader')}>
        <Select
          allowClear
          options={(leaders.data?.items ?? []).map((p) => ({
            value: p.id,
            label: t('leaderOption', { name: p.displayName, title: p.title ?? '' }),
          }))}
        />
      </Form.Item>
      {/* The note (working days left, the calendar's warning) under the field's own error, not between them. */}
      <Form.Item label={t('formDeadline')} required extra={<DeadlineCalendarNote />}>
        <Space wrap size={12}>
          <Form.Item name="deadline" noStyle rules={[{ required: true, message: t('deadlineRequired') }]}>
            <DatePicker data-testid="task-deadline" />
          </Form.Item>
          <WorkingDaysInput />
        </Space>
      </Form.Item>
      <Form.Item label={t('formMilestones')}>
        <MilestoneFields />
      </Form.Item>
      <Form.Item name="cadence" label={t('formCadence')}>
        <Select
          options={[
            { value: 'weekly', label: t('cadenceWeekly') },
            { value: 'monthly', label: t('cadenceMonthly') },
            { value: 'quarterly', label: t('cadenceQuarterly') },
            { value: 'once', label: t('cadenceOnce') },
          ]}
        />
      </Form.Item>
      <Form.Item name="level" label={t('level')}>
        <Select options={TASK_LEVELS.map((l) => ({ value: l, label: label(LEVEL_LABELS[l]) }))} />
      </Form.Item>
      <Form.Item name="category" label={t('category')} rules={[{ max: 50 }]}>
        <Input placeholder={t('categoryPlaceholder')} />
      </Form.Item>
      <Form.Item name="sourceTitle" label={t('formSource')} rules={[{ max: 300 }]}>
        <Input />
      </Form.Item>
    </Form>
  );
}
