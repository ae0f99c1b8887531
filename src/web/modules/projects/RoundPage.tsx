import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Result, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { download } from '../../lib/api';
import { conflictNotice, projectApi, projectKeys, wan, type RoundReport, type RoundSummary } from './api';
import { BlockerTable } from './BlockersPage';
import { RoundAgenda } from './RoundAgenda';

type Ref = RoundSummary['missing'][number];

/** 一轮周调度: who has not reported, the unit's report form, and the 对账 for the scheduling meeting. */
export default function RoundPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const isUnit = hasRole(me, ['unit_admin', 'unit_clerk']);
  const round = useQuery({ queryKey: projectKeys.round(id), queryFn: () => projectApi.round(id) });
  const summary = useQuery({ queryKey: projectKeys.round(id, 'summary'), queryFn: () => projectApi.summary(id) });
  const reports = useQuery({ queryKey: projectKeys.round(id, 'reports'), queryFn: () => projectApi.reports(id) });
  const reload = () => qc.invalidateQueries({ queryKey: ['rounds'] });

  // The projects this unit reports: those still missing and those already reported (a second report corrects).
  const mine = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of summary.data?.missing ?? []) if (r.unitId === me?.unitId) m.set(r.projectId, r.projectName);
    for (const r of reports.data ?? []) if (r.unitId === me?.unitId) m.set(r.projectId, r.projectName);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [summary.data, reports.data, me?.unitId]);

  const report = useMutation({
    mutationFn: (v: Record<string, unknown>) => projectApi.report(id, { ...v, behind: !!v.behind, monthInvestment: v.monthInvestment ?? null, problems: v.problems || null, coordination: v.coordination || null }),
    onSuccess: (r) => {
      message.success(r.late ? '已报送（已过截止日，记为迟报）' : '已报送');
      form.resetFields();
      setError(null);
      reload();
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  const close = useMutation({
    mutationFn: () => projectApi.closeRound(round.data!),
    onSuccess: () => (message.success('本轮调度已结束'), reload()),
    onError: (e) => {
      if (!conflictNotice(message, e, reload)) setError(e);
    },
  });

  if (round.isLoading) return <Spin style={{ margin: 48 }} />;
  if (round.error || !round.data) return <Result status="warning" title="无法打开该轮调度" subTitle={<ErrorAlert error={round.error} />} extra={<Button onClick={() => navigate('/rounds')}>返回周调度</Button>} />;
  const r = round.data;
  const s = summary.data;
  const refCols = [
    { title: '项目', key: 'p', render: (_: unknown, x: Ref) => <Typography.Link onClick={() => navigate(`/projects/${x.projectId}`)}>{x.projectName}</Typography.Link> },
    { title: '责任单位', dataIndex: 'unitName', width: 180 },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/rounds')} aria-label="返回周调度" />
            <span data-testid="round-title">{r.title}</span>
            {r.state === 'open' ? <Tag color="blue" data-testid="round-state">进行中</Tag> : <Tag data-testid="round-state">已结束</Tag>}
            {r.closedAutomatically && <Typography.Text type="secondary">（截止日过后由系统自动结束，此后报送记为迟报）</Typography.Text>}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => download(`/api/v1/rounds/${id}/export`).catch((e) => message.error(String(e.message)))} data-testid="round-export">
              导出对账表（.xlsx）
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => download(`/api/v1/rounds/${id}/export?format=docx`).catch((e) => message.error(String(e.message)))} data-testid="round-export-docx">
              导出调度会材料（.docx）
            </Button>
            {isIssuer && r.state === 'open' && (
              <Button danger loading={close.isPending} onClick={() => close.mutate()} data-testid="round-close">
                结束本轮
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="调度周">自 {r.weekStart}</Descriptions.Item>
          <Descriptions.Item label="报送截止">{r.cutoff}（之后报送记为迟报）</Descriptions.Item>
          <Descriptions.Item label="结束时间">{r.closedAt ? new Date(r.closedAt).toLocaleString('zh-CN') : '—'}</Descriptions.Item>
        </Descriptions>
        <ErrorAlert error={summary.error} />
        {s && (
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={4}><Statistic title="应报项目" value={s.expected} /></Col>
            <Col span={4}><Statistic title="已报" value={s.reported} /></Col>
            <Col span={4}><Statistic title="未报" value={s.missing.length} valueStyle={s.missing.length ? { color: '#cf1322' } : undefined} /></Col>
            <Col span={4}><Statistic title="迟报" value={s.late} /></Col>
            <Col span={4}><Statistic title="滞后项目" value={s.behind.length} /></Col>
            <Col span={4}><Statistic title="本月完成投资（万元）" value={wan(s.investment)} /></Col>
          </Row>
        )}
      </Card>

      {isUnit && (
        <Card title="报送本单位项目进展" size="small" data-testid="round-report">
          {mine.length === 0 ? (
            <Typography.Text type="secondary">本轮没有本单位须报送的项目</Typography.Text>
          ) : (
            <Form form={form} layout="vertical" onFinish={(v) => (setError(null), report.mutate(v))}>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="projectId" label="项目" rules={[{ required: true, message: '请选择项目' }]}>
                    <Select options={mine} data-testid="report-project" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="monthInvestment" label="本月完成投资（万元）">
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="report-investment" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="behind" label="进度" valuePropName="checked">
                    <Checkbox data-testid="report-behind">滞后于计划</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="progress" label="本周进展" rules={[{ required: true, message: '请填写本周进展' }]}>
                <Input.TextArea rows={2} data-testid="report-progress" />
              </Form.Item>
              <Form.Item name="imageProgress" label="形象进度" rules={[{ required: true, message: '请填写形象进度' }]}>
                <Input data-testid="report-image" />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="problems" label="存在问题">
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="coordination" label="需协调事项">
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" htmlType="submit" loading={report.isPending} data-testid="report-submit">
                报送
              </Button>
            </Form>
          )}
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
        </Card>
      )}
      {!isUnit && <ErrorAlert error={error} />}

      <Card title="对账：各单位报送情况" size="small">
        <Table
          size="small"
          rowKey="unitId"
          loading={summary.isLoading}
          pagination={false}
          dataSource={s?.units ?? []}
          locale={{ emptyText: '本轮没有须报送的项目' }}
          data-testid="round-units"
          columns={[
            { title: '责任单位', dataIndex: 'unitName' },
            { title: '应报', dataIndex: 'expected', width: 70 },
            { title: '已报', dataIndex: 'reported', width: 70 },
            { title: '未报', dataIndex: 'missing', width: 70, render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
            { title: '迟报', dataIndex: 'late', width: 70 },
            { title: '本月投资（万元）', dataIndex: 'investment', width: 140, render: (x: number) => wan(x) },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card title="未报送的项目" size="small">
            <Table size="small" rowKey="projectId" loading={summary.isLoading} pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={s?.missing ?? []} columns={refCols} locale={{ emptyText: '全部已报送' }} data-testid="round-missing" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="滞后项目" size="small">
            <Table size="small" rowKey="projectId" loading={summary.isLoading} pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={s?.behind ?? []} columns={refCols} locale={{ emptyText: '没有报告滞后的项目' }} data-testid="round-behind" />
          </Card>
        </Col>
      </Row>
      <Card title="未报送的单位" size="small">
        <div data-testid="round-missing-units">
          {s && (s.units.some((u) => u.missing > 0) ? s.units.filter((u) => u.missing > 0).map((u) => <Tag color="red" key={u.unitId}>{u.unitName}（未报 {u.missing} 个项目）</Tag>) : <Typography.Text type="secondary">各单位均已报送</Typography.Text>)}
        </div>
      </Card>
      {!!s?.lateUnits.length && (
        <Card title="迟报单位" size="small">
          {s.lateUnits.map((u) => <Tag key={u.unitId}>{u.unitName}</Tag>)}
        </Card>
      )}
      <Card title="存在问题与需协调事项" size="small">
        <Table
          size="small"
          rowKey="projectId"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={s?.problems ?? []}
          locale={{ emptyText: '没有报告问题' }}
          columns={[...refCols, { title: '问题', dataIndex: 'problems' }, { title: '需协调', dataIndex: 'coordination' }]}
        />
      </Card>
      <RoundAgenda roundId={id} />
      <Card title={`卡点（本周新增 ${s?.newBlockers.length ?? 0}，未解决 ${s?.openBlockers.length ?? 0}）`} size="small">
        <BlockerTable query={{ roundId: id }} rows={s ? [...s.newBlockers, ...s.openBlockers.filter((b) => !s.newBlockers.some((n) => n.id === b.id))] : []} />
      </Card>
      <Card title="报送明细" size="small">
        <ErrorAlert error={reports.error} />
        <Table
          size="small"
          rowKey="id"
          loading={reports.isLoading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={reports.data ?? []}
          locale={{ emptyText: '还没有报送' }}
          data-testid="round-reports"
          columns={[
            { title: '项目', dataIndex: 'projectName' },
            { title: '本周进展', dataIndex: 'progress' },
            { title: '形象进度', dataIndex: 'imageProgress' },
            { title: '本月投资', dataIndex: 'monthInvestment', width: 90, render: (x: number | null) => wan(x) },
            { title: '说明', key: 'f', width: 150, render: (_: unknown, x: RoundReport) => <Space size={2}>{x.behind && <Tag color="red">滞后</Tag>}{x.late && <Tag color="orange">迟报</Tag>}{x.superseded && <Tag>已更正</Tag>}</Space> },
            { title: '报送人', dataIndex: 'submittedBy', width: 90 },
          ]}
        />
      </Card>
    </Space>
  );
}
