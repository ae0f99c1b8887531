import { DatePicker, Form, Input, Select, TreeSelect, type FormInstance } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { orgApi, orgKeys, unitTree } from '../org/api';
import { LEVEL_LABELS, TASK_LEVELS } from '../../../shared/tasks';
import { useI18n } from '../../app/i18n';
import { MilestoneFields, milestonesOut } from './MilestoneFields';

/** 五明确: what (title, content), how (standard), who (lead unit, co-units, leader), when (deadline), cadence. */
export function TaskForm({ form, onFinish }: { form: FormInstance; onFinish: (v: Record<string, unknown>) => void }) {
  const { label } = useI18n();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({ queryKey: ['people', 'leaders'], queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }) });
  const tree = unitTree(units.data ?? [], false);
  return (
    <Form form={form} layout="vertical" onFinish={(v) => onFinish({ ...v, deadline: v.deadline?.format('YYYY-MM-DD'), milestones: milestonesOut(v.milestones) })} initialValues={{ level: 'general', cadence: 'monthly', coUnitIds: [] }}>
      <Form.Item name="title" label="任务名称" rules={[{ required: true, max: 200 }]}>
        <Input data-testid="task-title" />
      </Form.Item>
      <Form.Item name="content" label="任务内容（干什么）" rules={[{ required: true, max: 10000 }]}>
        <Input.TextArea rows={3} data-testid="task-content" />
      </Form.Item>
      <Form.Item name="standard" label="工作标准（怎么干、干到什么程度）" rules={[{ required: true, max: 5000 }]}>
        <Input.TextArea rows={2} data-testid="task-standard" />
      </Form.Item>
      <Form.Item name="leadUnitId" label="牵头单位（谁来干）" rules={[{ required: true }]}>
        <TreeSelect treeData={tree} showSearch treeNodeFilterProp="searchText" data-testid="task-lead-unit" />
      </Form.Item>
      <Form.Item name="coUnitIds" label="配合单位">
        <TreeSelect treeData={tree} multiple showSearch treeNodeFilterProp="searchText" />
      </Form.Item>
      <Form.Item name="leadLeaderId" label="牵头领导">
        <Select allowClear options={(leaders.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName}（${p.title ?? ''}）` }))} />
      </Form.Item>
      <Form.Item name="deadline" label="完成时限（什么时间干成）" rules={[{ required: true }]}>
        <DatePicker data-testid="task-deadline" />
      </Form.Item>
      <Form.Item label="工作节点（不晚于完成时限；逾期未完成亮黄灯）">
        <MilestoneFields />
      </Form.Item>
      <Form.Item name="cadence" label="进展报送">
        <Select options={[{ value: 'weekly', label: '每周' }, { value: 'monthly', label: '每月' }, { value: 'quarterly', label: '每季度' }, { value: 'once', label: '一次性' }]} />
      </Form.Item>
      <Form.Item name="level" label="级别">
        <Select options={TASK_LEVELS.map((l) => ({ value: l, label: label(LEVEL_LABELS[l]) }))} />
      </Form.Item>
      <Form.Item name="category" label="类别" rules={[{ max: 50 }]}>
        <Input placeholder="如：项目建设、招商引资、民生实事" />
      </Form.Item>
      <Form.Item name="accountability" label="奖惩（问责）" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="sourceTitle" label="来源（文件、会议或讲话）" rules={[{ max: 300 }]}>
        <Input />
      </Form.Item>
    </Form>
  );
}
