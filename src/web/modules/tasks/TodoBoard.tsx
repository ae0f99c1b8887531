import { lazy, Suspense, useMemo } from 'react';
import { Badge, Button, Card, Col, Empty, Grid, Row, Skeleton, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { countyNow } from '../../lib/time';
import { hasRole, type Me } from '../../app/session';
import type { TaskOut } from '../../../shared/tasks';
import { orgApi, orgKeys } from '../org/api';
import { taskApi, taskKeys } from './api';
import { Light } from './Light';
import { useTasksT, type TasksKey } from './i18n';

// Deciding a close request or a report (the office's and a principal's sections, with their table and dialogs) loads
// when such a section has something: a clerk's to-do on a phone does not fetch them.
const CloseReview = lazy(() => import('./CloseReview').then((m) => ({ default: m.CloseReview })));
const ReportReviewList = lazy(() => import('./ReportReviewList').then((m) => ({ default: m.ReportReviewList })));

export type Kind = 'accept' | 'report' | 'returned' | 'issue' | 'close' | 'extension' | 'review' | 'overdue';

const SHOWN = 5;

/**
 * 我的待办 as a person's home: the undertaking unit's clerk sees what to accept, to report and what came back; the
 * office what waits for it — close requests (read and decided right here), extension requests, reports to review,
 * overdue tasks. Each section links to the ledger filtered the same way.
 */
export function TodoBoard({ me, only }: { me: Me; only?: Kind[] }) {
  const tr = useTasksT();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const unitName = useMemo(() => {
    const m = new Map((units.data ?? []).map((u) => [u.id, u.shortName ?? u.name]));
    return (id: string) => m.get(id);
  }, [units.data]);
  const isUnit = hasRole(me, ['unit_clerk', 'unit_admin']);
  const isOffice = hasRole(me, ['supervision_office', 'principal']);
  // One request counts every kind; lists are asked only for the kinds that have something.
  const counts = useQuery({ queryKey: [...taskKeys.all, 'todo-counts'], queryFn: taskApi.todoCounts });
  const all: Kind[] = [
    ...(isUnit ? (['accept', 'report', 'returned'] as const) : []),
    ...(['close', 'review', 'extension', 'issue'] as const),
    ...(isOffice ? (['overdue'] as const) : []),
  ];
  // `only`: a few kinds, each shown only when something waits (a principal's approvals above the cockpit).
  const kinds = only ? all.filter((k) => only.includes(k)) : all;
  if (only && counts.data && kinds.every((k) => !(k === 'review' ? counts.data.reports : counts.data[k]))) return null;
  return (
    <div data-testid="todo-board">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {tr('viewTodo')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {kinds.map((k) => (
          <Section
            key={k}
            kind={k}
            unitName={unitName}
            total={counts.data ? (k === 'review' ? counts.data.reports : counts.data[k]) : null}
            alwaysShow={!only && (isOffice || ['accept', 'report', 'returned'].includes(k))}
          />
        ))}
      </Row>
    </div>
  );
}

const TITLES: Record<Kind, TasksKey> = {
  accept: 'todoAccept',
  report: 'todoReport',
  returned: 'todoReturned',
  issue: 'todoIssue',
  close: 'todoClose',
  extension: 'todoExtension',
  review: 'todoReview',
  overdue: 'todoOverdue',
};

function Section({
  kind,
  unitName,
  total: counted,
  alwaysShow,
}: {
  kind: Kind;
  unitName: (id: string) => string | undefined;
  total: number | null;
  alwaysShow: boolean;
}) {
  const tr = useTasksT();
  const navigate = useNavigate();
  const today = countyNow().format('YYYY-MM-DD');
  const query: Record<string, string> =
    kind === 'overdue'
      ? { overdueOn: today, sort: 'deadline' }
      : kind === 'review'
        ? {}
        : { todo: kind, sort: 'light' };
  const tasks = useQuery({
    queryKey: taskKeys.list({ ...query, pageSize: SHOWN, board: kind }),
    queryFn: () => taskApi.list({ ...query, page: 1, pageSize: SHOWN }),
    enabled: kind !== 'review' && !!counted,
  });
  // Reports are reviewed in a table on a desktop; a phone lists them as rows to open (its task page reviews each),
  // without the table's code. The width is known after the first layout: until then neither.
  const md = Grid.useBreakpoint().md;
  const total = counted ?? 0;
  const loading = counted === null || (kind !== 'review' && total > 0 && tasks.isLoading);
  if (!alwaysShow && counted !== null && total === 0) return null;
  const link = kind === 'review' ? '/tasks?view=reports' : `/tasks?${new URLSearchParams(query).toString()}`;
  // Close requests and reports are decided on the board itself: they take the full width.
  const wide = (kind === 'close' || kind === 'review') && total > 0;
  return (
    <Col xs={24} xl={wide ? 24 : 12}>
      <Card
        size="small"
        loading={loading}
        data-testid={`todo-${kind}`}
        title={
          <Space>
            {tr(TITLES[kind])}
            <Badge
              count={total}
              showZero
              color={total ? (kind === 'overdue' || kind === 'returned' ? '#cf1322' : '#b4232a') : '#d9d9d9'}
              data-testid={`todo-${kind}-count`}
            />
          </Space>
        }
        extra={
          total > 0 && (
            <Button type="link" size="small" onClick={() => navigate(link)}>
              {tr('todoAll')}
            </Button>
          )
        }
      >
        {total === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('todoNone')} />
        ) : kind === 'review' && md === undefined ? (
          <Skeleton active />
        ) : kind === 'review' && !md ? (
          <ReviewRows unitName={unitName} />
        ) : kind === 'review' ? (
          <Suspense fallback={<Skeleton active />}>
            <ReportReviewList unitName={unitName} pageSize={SHOWN} />
          </Suspense>
        ) : kind === 'close' ? (
          <Suspense fallback={<Skeleton active />}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              {(tasks.data?.items ?? []).map((t) => (
                <CloseReview
                  key={t.id}
                  task={t}
                  unitName={unitName}
                  title={<TaskTitle task={t} unitName={unitName} />}
                />
              ))}
            </Space>
          </Suspense>
        ) : (
          // Plain rows (antd's List would bring its pagination and select along): the whole row opens the task, a
          // finger needs more than the title's line.
          <div>
            {(tasks.data?.items ?? []).map((t) => (
              <div key={t.id} className="todo-row" onClick={() => navigate(`/tasks/${t.id}`)} data-testid="todo-row">
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ overflowWrap: 'anywhere' }}>
                    <TaskTitle task={t} unitName={unitName} />
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {tr('todoLine', { unit: unitName(t.assigneeUnitId) ?? '', deadline: t.deadline })}
                  </Typography.Text>
                </div>
                <Light light={t.light} reasons={t.lightReasons} />
              </div>
            ))}
          </div>
        )}
      </Card>
    </Col>
  );
}

/** The reports waiting for review on a phone: one row each, opening the task whose page reviews it. */
function ReviewRows({ unitName }: { unitName: (id: string) => string | undefined }) {
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: [...taskKeys.all, 'reports-to-review', 1, SHOWN],
    queryFn: () => taskApi.reportsToReview(1, SHOWN),
  });
  if (list.isLoading) return <Skeleton active />;
  return (
    <div data-testid="reports-to-review">
      {(list.data?.items ?? []).map((r) => (
        <div key={r.id} className="todo-row" onClick={() => navigate(`/tasks/${r.item.id}`)} data-testid="todo-row">
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ overflowWrap: 'anywhere' }}>
              <Typography.Link data-testid="review-task-link">
                {r.item.serial ? `[${r.item.serial}] ` : ''}
                {r.item.title}
              </Typography.Link>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {[unitName(r.item.assigneeUnitId), r.period, `${r.progress}%`, r.submittedByName]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
        </div>
      ))}
    </div>
  );
}

function TaskTitle({ task, unitName }: { task: TaskOut; unitName: (id: string) => string | undefined }) {
  const navigate = useNavigate();
  return (
    <Typography.Link
      onClick={(e) => {
        e.stopPropagation();
        navigate(`/tasks/${task.id}`);
      }}
      data-testid="todo-task-link"
    >
      [{task.serial}] {task.title}
      {task.state === 'close_requested' && (
        <Typography.Text type="secondary"> · {unitName(task.assigneeUnitId)}</Typography.Text>
      )}
    </Typography.Link>
  );
}
