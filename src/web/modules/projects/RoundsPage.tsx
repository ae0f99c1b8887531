import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Modal, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { projectApi, projectKeys, type Round } from './api';

/** 周调度: the rounds, newest first; the office opens one a week. */
export default function RoundsPage() {
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const rounds = useQuery({ queryKey: projectKeys.rounds, queryFn: projectApi.rounds });
  const open = useMutation({
    mutationFn: (v: { weekOf: Dayjs; cutoff?: Dayjs }) => projectApi.openRound({ weekOf: v.weekOf.format('YYYY-MM-DD'), cutoff: v.cutoff?.format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      message.success(`已开启：${r.title}`);
      setOpening(false);
      qc.invalidateQueries({ queryKey: projectKeys.rounds });
      navigate(`/rounds/${r.id}`);
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  return (
    <Card
      title="重点项目周调度"
      extra={
        isIssuer && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => (form.resetFields(), setError(null), setOpening(true))} data-testid="round-open">
            开启本周调度
          </Button>
        )
      }
    >
      <ErrorAlert error={rounds.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={rounds.isLoading}
        dataSource={rounds.data ?? []}
        locale={{ emptyText: '还没有开启过调度' }}
        data-testid="rounds-table"
        columns={[
          {
            title: '调度',
            key: 'title',
            render: (_: unknown, r: Round) => (
              <Typography.Link onClick={() => navigate(`/rounds/${r.id}`)} data-testid="round-link">
                {r.title}
              </Typography.Link>
            ),
          },
          { title: '周一', dataIndex: 'weekStart', width: 110 },
          { title: '截止', dataIndex: 'cutoff', width: 110 },
          { title: '已报/应报', key: 'n', width: 110, render: (_: unknown, r: Round) => `${r.reported}/${r.expected}` },
          { title: '迟报', dataIndex: 'late', width: 70 },
          { title: '状态', key: 'state', width: 90, render: (_: unknown, r: Round) => (r.state === 'open' ? <Tag color="blue">进行中</Tag> : <Tag>已结束</Tag>) },
        ]}
      />
      <Modal open={opening} title="开启一周的调度" onCancel={() => setOpening(false)} onOk={() => form.submit()} okButtonProps={{ loading: open.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }} destroyOnHidden>
        <Typography.Paragraph type="secondary">前期、新开工、续建库中的项目须由责任单位报送本周进展；每周只能开启一轮。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), open.mutate(v))}>
          <Form.Item name="weekOf" label="调度周（选该周任一天）" rules={[{ required: true, message: '请选择日期' }]} initialValue={dayjs()}>
            <DatePicker data-testid="round-week" />
          </Form.Item>
          <Form.Item name="cutoff" label="报送截止日（默认该周周四）">
            <DatePicker />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </Card>
  );
}
