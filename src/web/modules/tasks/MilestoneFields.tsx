import { Button, DatePicker, Form, Input, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTasksT } from './i18n';

/** 工作节点 rows (title + due date) inside a form, under the field name `milestones`. */
export function MilestoneFields() {
  const t = useTasksT();
  return (
    <Form.List name="milestones">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
              <Form.Item
                name={[f.name, 'title']}
                rules={[{ required: true, message: t('milestoneTitleRequired') }, { max: 200 }]}
              >
                <Input placeholder={t('milestoneTitlePlaceholder')} data-testid={`milestone-title-${i}`} />
              </Form.Item>
              <Form.Item name={[f.name, 'due']} rules={[{ required: true, message: t('milestoneDueRequired') }]}>
                <DatePicker placeholder={t('milestoneDue')} data-testid={`milestone-due-${i}`} />
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('milestoneRemove')} />
            </Space>
          ))}
          <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} data-testid="milestone-add">
            {t('milestoneAdd')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** The form's milestone rows as the API takes them. */
export function milestonesOut(v: unknown): { title: string; due: string }[] {
  return ((v as { title: string; due: Dayjs }[] | undefined) ?? [])
    .filter(Boolean)
    .map((m) => ({ title: m.title, due: m.due.format('YYYY-MM-DD') }));
}
