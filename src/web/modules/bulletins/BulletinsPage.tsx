import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import { FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { bulletinApi, bulletinKeys, type BulletinSummary } from './api';

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const PRESETS = [
  { label: '上月', value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
  { label: '本月', value: [dayjs().startOf('month'), dayjs()] as [Dayjs, Dayjs] },
  { label: '本季度', value: [dayjs().startOf('month').subtract(dayjs().month() % 3, 'month'), dayjs()] as [Dayjs, Dayjs] },
  { label: '今年以来', value: [dayjs().startOf('year'), dayjs()] as [Dayjs, Dayjs] },
];
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * 督查通报: the list (the office sees its drafts too; principals and leaders the issued ones) and, for the office,
 * a new draft for a period. The figures are taken by the server from the cockpit, the project library and scoring.
 */
export default function BulletinsPage() {
  const me = useMe();
  const isOffice = hasRole(me.data, ['supervision_office']);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: bulletinKeys.list, queryFn: bulletinApi.list });
  const [range, setRange] = useState<[Dayjs, Dayjs]>(PRESETS[0]!.value);
  const create = useMutation({
    mutationFn: () => bulletinApi.create({ from: fmt(range[0]), to: fmt(range[1]) }),
    onSuccess: (b) => {
      qc.invalidateQueries({ queryKey: bulletinKeys.all });
      message.success(`已起草第${b.number}期（草稿）`);
      navigate(`/bulletins/${b.id}`);
    },
  });

  const columns = [
    { title: '期号', key: 'n', width: 130, render: (_: unknown, b: BulletinSummary) => <Link to={`/bulletins/${b.id}`}>{`${b.year}年第${b.number}期`}</Link> },
    { title: '状态', dataIndex: 'state', width: 90, render: (s: string) => (s === 'issued' ? <Tag color="red">已印发</Tag> : <Tag>草稿</Tag>) },
    { title: '通报时段', key: 'p', render: (_: unknown, b: BulletinSummary) => `${b.periodFrom} 至 ${b.periodTo}` },
    { title: '成文日期', dataIndex: 'issueDate', width: 110 },
    { title: '在办 / 办结 / 逾期', key: 't', width: 150, render: (_: unknown, b: BulletinSummary) => `${b.totals.total} / ${b.totals.closed} / ${b.totals.overdue}` },
    { title: '按期办结率', key: 'r', width: 100, render: (_: unknown, b: BulletinSummary) => pct(b.totals.onTimeRate) },
    { title: '印发', key: 'i', width: 170, render: (_: unknown, b: BulletinSummary) => (b.issuedAt ? `${b.issuedByName ?? ''} ${dayjs(b.issuedAt).format('YYYY-MM-DD HH:mm')}` : '—') },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        督查通报
      </Typography.Title>
      {isOffice && (
        <Card title="起草新一期通报" size="small">
          <Form layout="inline" onFinish={() => create.mutate()}>
            <Form.Item label="通报时段">
              <DatePicker.RangePicker value={range} presets={PRESETS} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} data-testid="bulletin-range" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending} data-testid="bulletin-create">
                {create.isPending ? '正在汇总数据…' : '起草通报'}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            总体数字和逾期任务取自驾驶舱（同一时段），滞后项目取自重点项目库（亮红灯、黄灯），表扬和批评名单按考核排名提出，印发前可修改。
          </Typography.Paragraph>
          <ErrorAlert error={create.error} style={{ marginTop: 8 }} />
        </Card>
      )}
      <ErrorAlert error={list.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: isOffice ? '还没有通报，选择时段起草第一期' : '还没有印发的通报' }}
        data-testid="bulletins-table"
        title={() => (
          <span>
            <FileWordOutlined /> 共 {list.data?.items.length ?? 0} 期
          </span>
        )}
      />
    </Space>
  );
}
