import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Drawer, Form, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { actionsColumn } from '../../components/actions-column';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LEVEL_LABELS, type TaskOut } from '../../../shared/tasks';
import { countyNow } from '../../lib/time';
import { TaskSource } from '../extraction/TaskSource';
import { taskApi, taskKeys } from './api';
import { useTasksT } from './i18n';
import { Light } from './Light';
import { ForecastText } from './ForecastText';
import { TaskForm } from './TaskForm';
import { MilestoneFields, milestonesOut } from './MilestoneFields';
import { ItemPage, type ItemLedger } from './ItemPage';

type Milestone = TaskOut['milestones'][number];

/**
 * A task page: the supervised item's page (ItemPage: its loop, timeline, reports, evidence) with what a task adds —
 * content, standard, units, level, 奖惩, source, forecast; its milestones (节点) and sub-tasks (分解).
 */
export default function TaskPage() {
  const { id = '' } = useParams();
  const { label, t: common } = useI18n();
  const tr = useTasksT();
  const navigate = useNavigate();
  const [milestoneId, setMilestoneId] = useState<string | null>(null);
  const children = useQuery({
    queryKey: taskKeys.list({ parentId: id }),
    queryFn: () => taskApi.list({ parentId: id, pageSize: 200 }),
  });
  const today = countyNow().format('YYYY-MM-DD');
  const ledger: ItemLedger<TaskOut> = {
    api: taskApi,
    keys: taskKeys,
    testId: 'task',
    back: { to: '/tasks', label: tr('backToLedger') },
  };

  return (
    <ItemPage<TaskOut>
      id={id}
      ledger={ledger}
      run={(t, path, body) => {
        if (path === 'subtask') return taskApi.subtask(t.id, { ...body, issue: true });
        if (path === 'milestones') return taskApi.setMilestones(t, milestonesOut(body.milestones));
        if (path === 'milestoneDone')
          return taskApi.completeMilestone(
            t,
            String(body.milestoneId),
            (body.doneOn as dayjs.Dayjs).format('YYYY-MM-DD'),
          );
        return undefined;
      }}
      buttons={({ can, open }) => [
        can('report') && (
          <Button key="sub" onClick={() => open('subtask')}>
            {tr('splitSubtasks')}
          </Button>
        ),
      ]}
      dialogs={() => ({
        subtask: { title: tr('subtaskTitle'), path: 'subtask', body: null },
        milestones: {
          title: tr('milestonesTitle'),
          path: 'milestones',
          body: (
            <>
              <Typography.Paragraph type="secondary">{tr('milestonesNote')}</Typography.Paragraph>
              <MilestoneFields />
            </>
          ),
        },
        milestoneDone: {
          title: tr('milestoneDoneTitle'),
          path: 'milestoneDone',
          map: (v) => ({ ...v, milestoneId }),
          body: (
            <Form.Item name="doneOn" label={tr('doneOn')} rules={[{ required: true }]} initialValue={countyNow()}>
              <DatePicker data-testid="milestone-done-on" />
            </Form.Item>
          ),
        },
      })}
      details={({ item: t, cols, phone, unitName, progress }) => (
        <Descriptions column={cols} bordered size="small" layout={phone ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={tr('content')} span={cols}>
            {t.content}
          </Descriptions.Item>
          <Descriptions.Item label={tr('standard')} span={cols}>
            {t.standard ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('leadUnit')}>{unitName(t.assigneeUnitId)}</Descriptions.Item>
          <Descriptions.Item label={tr('coUnits')}>
            {t.coUnitIds.map((u) => unitName(u)).join(tr('listSeparator')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('deadline')}>{t.deadline}</Descriptions.Item>
          <Descriptions.Item label={tr('levelCategory')}>
            {label(LEVEL_LABELS[t.level])} / {t.category ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tr('progressActualExpected')} span={cols}>
            {progress}{' '}
            {t.state !== 'closed' &&
              t.expectedProgress !== null &&
              tr('expectedProgress', { expected: t.expectedProgress })}
          </Descriptions.Item>
          {t.forecast && (
            <Descriptions.Item label={tr('forecast')} span={cols}>
              <ForecastText f={t.forecast} tr={tr} />
            </Descriptions.Item>
          )}
          {t.accountability && (
            <Descriptions.Item label={tr('accountability')} span={cols}>
              {t.accountability}
            </Descriptions.Item>
          )}
          {t.sourceTitle && (
            <Descriptions.Item label={tr('source')} span={cols}>
              {t.sourceTitle}
              {t.sourceParagraph ? tr('sourceQuote', { text: t.sourceParagraph }) : ''}
              <TaskSource taskId={t.id} />
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      cards={({ item: t, can, open, form, phone, unitName }) => (
        <>
          <Card
            title={tr('milestones')}
            size="small"
            style={{ marginBottom: 16 }}
            extra={
              can('cancel') && (
                <Button
                  size="small"
                  data-testid="milestones-edit"
                  onClick={() => {
                    open('milestones');
                    form.setFieldsValue({
                      milestones: t.milestones.map((m) => ({ title: m.title, due: dayjs(m.due) })),
                    });
                  }}
                >
                  {tr('editMilestones')}
                </Button>
              )
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="milestones"
              dataSource={t.milestones}
              locale={{ emptyText: tr('noMilestones') }}
              columns={[
                {
                  title: tr('milestone'),
                  key: 'title',
                  // On a phone the due date goes under the title: four columns do not fit.
                  render: (_: unknown, m: Milestone) =>
                    phone ? (
                      <>
                        {m.title}
                        <div style={{ fontSize: 12, color: '#8c8c8c' }}>{m.due}</div>
                      </>
                    ) : (
                      m.title
                    ),
                },
                ...(phone ? [] : [{ title: tr('milestoneDue'), dataIndex: 'due', width: 110 }]),
                {
                  title: tr('state'),
                  key: 's',
                  width: 150,
                  render: (_: unknown, m: Milestone) =>
                    m.doneOn ? (
                      <Tag color="green">{tr('milestoneDoneOn', { date: m.doneOn })}</Tag>
                    ) : m.due < today ? (
                      <Tag color="orange">{tr('milestoneOverdue')}</Tag>
                    ) : (
                      <Tag>{tr('milestoneNotDue')}</Tag>
                    ),
                },
                // Only the unit at work marks a milestone done: others see no 操作 column.
                ...actionsColumn<Milestone>(t.milestones, (m) => !m.doneOn && can('report'), {
                  title: common('actions'),
                  width: 90,
                  render: (_: unknown, m: Milestone) =>
                    !m.doneOn &&
                    can('report') && (
                      <Button
                        size="small"
                        data-testid="milestone-done"
                        onClick={() => {
                          setMilestoneId(m.id);
                          open('milestoneDone');
                        }}
                      >
                        {tr('markDone')}
                      </Button>
                    ),
                }),
              ]}
            />
          </Card>
          <Card title={tr('subtasks')} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={children.data?.items ?? []}
              locale={{ emptyText: tr('noSubtasks') }}
              columns={[
                {
                  title: tr('task'),
                  key: 't',
                  render: (_: unknown, c: TaskOut) => (
                    <Typography.Link onClick={() => navigate(`/tasks/${c.id}`)}>{c.title}</Typography.Link>
                  ),
                },
                ...(phone
                  ? []
                  : [
                      {
                        title: tr('unit'),
                        key: 'u',
                        render: (_: unknown, c: TaskOut) => unitName(c.assigneeUnitId),
                      },
                      { title: tr('timeLimit'), dataIndex: 'deadline' },
                    ]),
                {
                  title: tr('light'),
                  key: 'l',
                  render: (_: unknown, c: TaskOut) => <Light light={c.light} reasons={c.lightReasons} />,
                },
              ]}
            />
          </Card>
        </>
      )}
    >
      {({ dialog, close, form, run, pending, error }) => (
        <Drawer
          open={dialog === 'subtask'}
          title={tr('splitSubtasks')}
          size={560}
          onClose={close}
          destroyOnHidden
          extra={
            <Button type="primary" onClick={() => form.submit()} loading={pending}>
              {tr('issue')}
            </Button>
          }
        >
          <TaskForm form={form} onFinish={(v) => run('subtask', v)} />
          <ErrorAlert error={error} />
        </Drawer>
      )}
    </ItemPage>
  );
}
