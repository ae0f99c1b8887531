import { Button, DatePicker, Form, Input, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';

/** 工作节点 rows (title + due date) inside a form, under the field name `milestones`. */
export function MilestoneFields() {
  return (
    <Form.List name="milestones">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
              <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写节点名称' }, { max: 200 }]}>
                <Input placeholder="节点名称，如：完成签约" data-testid={`milestone-title-${i}`} />
              </Form.Item>
              <Form.Item name={[f.name, 'due']} rules={[{ required: true, message: '请选择节点时间' }]}>
                <DatePicker placeholder="节点时间" data-testid={`milestone-due-${i}`} />
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除节点" />
            </Space>
          ))}
          <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} data-testid="milestone-add">
            添加工作节点
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** The form's milestone rows as the API takes them. */
export function milestonesOut(v: unknown): { title: string; due: string }[] {
  return ((v as { title: string; due: Dayjs }[] | undefined) ?? []).filter(Boolean).map((m) => ({ title: m.title, due: m.due.format('YYYY-MM-DD') }));
}
