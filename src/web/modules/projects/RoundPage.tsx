import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { download } from '../../lib/api';
import { conflictNotice, projectApi, projectKeys, wan, type RoundReport, type RoundSummary } from './api';
import { BlockerTable } from './BlockersPage';
import { RoundAgenda } from './RoundAgenda';
import { useRoundsT } from './i18n-rounds';
import { beijingTime } from '../../lib/time';

type Ref = RoundSummary['missing'][number];

/** 一轮周调度: who has not reported, the unit's report form, and the 对账 for the scheduling meeting. */
export default function RoundPage() {
  const { id = '' } = useParams();
  const tr = useRoundsT();
  const { locale } = useI18n();
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
    mutationFn: (v: Record<string, unknown>) =>
      projectApi.report(id, {
        ...v,
        behind: !!v.behind,
        monthInvestment: v.monthInvestment ?? null,
        problems: v.problems || null,
        coordination: v.coordination || null,
      }),
    onSuccess: (r) => {
      message.success(r.late ? tr('reportedLate') : tr('reportedOk'));
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
    onSuccess: () => (message.success(tr('roundClosed')), reload()),
    onError: (e) => {
      if (!conflictNotice(message, e, reload)) setError(e);
    },
  });

  if (round.isLoading) return <Spin style={{ margin: 48 }} />;
  if (round.error || !round.data)
    return (
      <Result
        status="warning"
        title={tr('cannotOpenRound')}
        subTitle={<ErrorAlert error={round.error} />}
        extra={<Button onClick={() => navigate('/rounds')}>{tr('backToRounds')}</Button>}
      />
    );
  const r = round.data;
  const s = summary.data;
  const refCols = [
    {
      title: tr('colProject'),
      key: 'p',
      render: (_: unknown, x: Ref) => (
        <Typography.Link onClick={() => navigate(`/projects/${x.projectId}`)}>{x.projectName}</Typography.Link>
      ),
    },
    { title: tr('colResponsibleUnit'), dataIndex: 'unitName', width: 180 },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/rounds')}
              aria-label={tr('backToRounds')}
            />
            <span data-testid="round-title">{r.title}</span>
            {r.state === 'open' ? (
              <Tag color="blue" data-testid="round-state">
                {tr('stateOpen')}
              </Tag>
            ) : (
              <Tag data-testid="round-state">{tr('stateClosed')}</Tag>
            )}
            {r.closedAutomatically && <Typography.Text type="secondary">{tr('closedAutomatically')}</Typography.Text>}
          </Space>
        }
        extra={
          <Space>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => download(`/api/v1/rounds/${id}/export`).catch((e) => message.error(String(e.message)))}
              data-testid="round-export"
            >
              {tr('exportSummary')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download(`/api/v1/rounds/${id}/export?format=docx`).catch((e) => message.error(String(e.message)))
              }
              data-testid="round-export-docx"
            >
              {tr('exportMeeting')}
            </Button>
            {isIssuer && r.state === 'open' && (
              <Button danger loading={close.isPending} onClick={() => close.mutate()} data-testid="round-close">
                {tr('closeRound')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={tr('roundWeek')}>{tr('weekFrom', { date: r.weekStart })}</Descriptions.Item>
          <Descriptions.Item label={tr('reportCutoff')}>{tr('cutoffValue', { cutoff: r.cutoff })}</Descriptions.Item>
          <Descriptions.Item label={tr('closedAt')}>
            {r.closedAt ? beijingTime(r.closedAt, locale) : '—'}
          </Descriptions.Item>
        </Descriptions>
        <ErrorAlert error={summary.error} />
        {s && (
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={4}>
              <Statistic title={tr('statExpected')} value={s.expected} />
            </Col>
            <Col span={4}>
              <Statistic title={tr('reported')} value={s.reported} />
            </Col>
            <Col span={4}>
              <Statistic
                title={tr('missing')}
                value={s.missing.length}
                valueStyle={s.missing.length ? { color: '#cf1322' } : undefined}
              />
            </Col>
            <Col span={4}>
              <Statistic title={tr('late')} value={s.late} />
            </Col>
            <Col span={4}>
              <Statistic title={tr('behindProjects')} value={s.behind.length} />
            </Col>
            <Col span={4}>
              <Statistic title={tr('monthInvestmentWan')} value={wan(s.investment)} />
            </Col>
          </Row>
        )}
      </Card>

      {isUnit && (
        <Card title={tr('reportCardTitle')} size="small" data-testid="round-report">
          {mine.length === 0 ? (
            <Typography.Text type="secondary">{tr('noProjectsToReport')}</Typography.Text>
          ) : (
            <Form form={form} layout="vertical" onFinish={(v) => (setError(null), report.mutate(v))}>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item
                    name="projectId"
                    label={tr('colProject')}
                    rules={[{ required: true, message: tr('selectProject') }]}
                  >
                    <Select options={mine} data-testid="report-project" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="monthInvestment" label={tr('monthInvestmentWan')}>
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="report-investment" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="behind" label={tr('progress')} valuePropName="checked">
                    <Checkbox data-testid="report-behind">{tr('behindPlan')}</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="progress"
                label={tr('weekProgress')}
                rules={[{ required: true, message: tr('weekProgressRequired') }]}
              >
                <Input.TextArea rows={2} data-testid="report-progress" />
              </Form.Item>
              <Form.Item
                name="imageProgress"
                label={tr('imageProgress')}
                rules={[{ required: true, message: tr('imageProgressRequired') }]}
              >
                <Input data-testid="report-image" />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="problems" label={tr('problems')}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="coordination" label={tr('coordination')}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" htmlType="submit" loading={report.isPending} data-testid="report-submit">
                {tr('submitReport')}
              </Button>
            </Form>
          )}
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
        </Card>
      )}
      {!isUnit && <ErrorAlert error={error} />}

      <Card title={tr('summaryTitle')} size="small">
        <Table
          size="small"
          rowKey="unitId"
          loading={summary.isLoading}
          pagination={false}
          dataSource={s?.units ?? []}
          locale={{ emptyText: tr('noProjectsInRound') }}
          data-testid="round-units"
          columns={[
            { title: tr('colResponsibleUnit'), dataIndex: 'unitName' },
            { title: tr('colExpected'), dataIndex: 'expected', width: 70 },
            { title: tr('reported'), dataIndex: 'reported', width: 70 },
            {
              title: tr('missing'),
              dataIndex: 'missing',
              width: 70,
              render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
            },
            { title: tr('late'), dataIndex: 'late', width: 70 },
            { title: tr('colMonthInvestmentWan'), dataIndex: 'investment', width: 140, render: (x: number) => wan(x) },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={tr('missingProjectsTitle')} size="small">
            <Table
              size="small"
              rowKey="projectId"
              loading={summary.isLoading}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={s?.missing ?? []}
              columns={refCols}
              locale={{ emptyText: tr('allReported') }}
              data-testid="round-missing"
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={tr('behindProjects')} size="small">
            <Table
              size="small"
              rowKey="projectId"
              loading={summary.isLoading}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={s?.behind ?? []}
              columns={refCols}
              locale={{ emptyText: tr('noBehind') }}
              data-testid="round-behind"
            />
          </Card>
        </Col>
      </Row>
      <Card title={tr('missingUnitsTitle')} size="small">
        <div data-testid="round-missing-units">
          {s &&
            (s.units.some((u) => u.missing > 0) ? (
              s.units
                .filter((u) => u.missing > 0)
                .map((u) => (
                  <Tag color="red" key={u.unitId}>
                    {tr('unitMissing', { unit: u.unitName, count: u.missing })}
                  </Tag>
                ))
            ) : (
              <Typography.Text type="secondary">{tr('allUnitsReported')}</Typography.Text>
            ))}
        </div>
      </Card>
      {!!s?.lateUnits.length && (
        <Card title={tr('lateUnitsTitle')} size="small">
          {s.lateUnits.map((u) => (
            <Tag key={u.unitId}>{u.unitName}</Tag>
          ))}
        </Card>
      )}
      <Card title={tr('problemsTitle')} size="small">
        <Table
          size="small"
          rowKey="projectId"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={s?.problems ?? []}
          locale={{ emptyText: tr('noProblems') }}
          columns={[
            ...refCols,
            { title: tr('colProblem'), dataIndex: 'problems' },
            { title: tr('colCoordination'), dataIndex: 'coordination' },
          ]}
        />
      </Card>
      <RoundAgenda roundId={id} />
      <Card
        title={tr('roundBlockersTitle', { added: s?.newBlockers.length ?? 0, open: s?.openBlockers.length ?? 0 })}
        size="small"
      >
        <BlockerTable
          query={{ roundId: id }}
          rows={s ? [...s.newBlockers, ...s.openBlockers.filter((b) => !s.newBlockers.some((n) => n.id === b.id))] : []}
        />
      </Card>
      <Card title={tr('reportsTitle')} size="small">
        <ErrorAlert error={reports.error} />
        <Table
          size="small"
          rowKey="id"
          loading={reports.isLoading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={reports.data ?? []}
          locale={{ emptyText: tr('noReports') }}
          data-testid="round-reports"
          columns={[
            { title: tr('colProject'), dataIndex: 'projectName' },
            { title: tr('weekProgress'), dataIndex: 'progress' },
            { title: tr('imageProgress'), dataIndex: 'imageProgress' },
            {
              title: tr('colMonthInvestment'),
              dataIndex: 'monthInvestment',
              width: 90,
              render: (x: number | null) => wan(x),
            },
            {
              title: tr('colNote'),
              key: 'f',
              width: 150,
              render: (_: unknown, x: RoundReport) => (
                <Space size={2}>
                  {x.behind && <Tag color="red">{tr('tagBehind')}</Tag>}
                  {x.late && <Tag color="orange">{tr('late')}</Tag>}
                  {x.superseded && <Tag>{tr('tagSuperseded')}</Tag>}
                </Space>
              ),
            },
            { title: tr('colSubmittedBy'), dataIndex: 'submittedBy', width: 90 },
          ]}
        />
      </Card>
    </Space>
  );
}
