import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { testIdButton } from '../../components/test-id';
import { taskApi, taskKeys, type ReportToReview } from './api';
import { useTasksT } from './i18n';
import { beijingTime } from '../../lib/time';
import { stackedOnPhone, usePhone } from '../../components/phone';

/**
 * 进展待审核: the reports waiting for my review, oldest first — read each, accept or return it with a comment, or
 * select many and accept (or return) them at once; each report gets its own result.
 */
export function ReportReviewList({
  unitName,
  pageSize: fixedSize,
}: {
  unitName: (id: string) => string | undefined;
  pageSize?: number;
}) {
  const tr = useTasksT();
  const { locale, t: common } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const phone = usePhone();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(fixedSize ?? 20);
  const [selected, setSelected] = useState<string[]>([]);
  const [returning, setReturning] = useState<string[] | null>(null);
  const [result, setResult] = useState<{ ok: number; failed: string[] } | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: [...taskKeys.all, 'reports-to-review', page, pageSize],
    queryFn: () => taskApi.reportsToReview(page, pageSize),
  });
  const review = useMutation({
    mutationFn: ({ ids, decision, comment }: { ids: string[]; decision: 'accepted' | 'returned'; comment?: string }) =>
      taskApi.reviewMany(ids, decision, comment),
    onSuccess: (r, v) => {
      const ok = r.results.filter((x) => x.ok).length;
      const failed = r.results.filter((x) => !x.ok).map((x) => x.detail ?? x.code ?? '');
      if (v.ids.length === 1 && !failed.length)
        message.success(v.decision === 'accepted' ? tr('reviewAcceptedToast') : tr('reviewReturnedToast'));
      else setResult({ ok, failed });
      setSelected([]);
      setReturning(null);
      void qc.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const items = list.data?.items ?? [];
  return (
    <div data-testid="reports-to-review">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text type="secondary">{tr('selectedCount', { count: selected.length })}</Typography.Text>
        <Button
          type="primary"
          disabled={!selected.length}
          loading={review.isPending && review.variables?.decision === 'accepted'}
          onClick={() => review.mutate({ ids: selected, decision: 'accepted' })}
          data-testid="reports-batch-accept"
        >
          {tr('batchReviewAccept')}
        </Button>
        <Button
          danger
          disabled={!selected.length}
          onClick={() => (form.resetFields(), setReturning(selected))}
          data-testid="reports-batch-return"
        >
          {tr('batchReviewReturn')}
        </Button>
      </Space>
      <ErrorAlert error={returning ? null : review.error} style={{ marginBottom: 12 }} />
      {result && (
        <Alert
          style={{ marginBottom: 12 }}
          type={result.failed.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setResult(null)}
          data-testid="reports-batch-result"
          title={`${tr('batchOk', { count: result.ok })}${result.failed.length ? tr('batchNotDone', { count: result.failed.length }) : ''}`}
          description={
            result.failed.length ? (
              <ul style={{ margin: 0 }}>
                {result.failed.map((f, i) => (
                  <li key={i}>{f}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Table<ReportToReview>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) }}
        locale={{ emptyText: tr('noReportsToReview') }}
        pagination={
          fixedSize
            ? false
            : {
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (n) => tr('totalCount', { count: n }),
                onChange: (p, s) => (setPage(p), setPageSize(s)),
              }
        }
        // On a phone one column: task, report, who and when, and the buttons stacked in each row.
        columns={stackedOnPhone(
          phone,
          [
            { title: tr('colSerial'), key: 'serial', width: 64, render: (_: unknown, r) => r.item.serial ?? '' },
            {
              title: tr('task'),
              key: 'task',
              width: 220,
              render: (_: unknown, r) => (
                <div>
                  <Typography.Link onClick={() => navigate(`/tasks/${r.item.id}`)} data-testid="review-task-link">
                    {r.item.title}
                  </Typography.Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {unitName(r.item.assigneeUnitId) ?? ''}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: tr('reportColumn'),
              key: 'report',
              render: (_: unknown, r) => (
                <div>
                  <Space size={4} wrap>
                    <Tag>{r.period}</Tag>
                    <b>{r.progress}%</b>
                    {r.lateDays > 0 && <Tag color="orange">{tr('lateDays', { days: r.lateDays })}</Tag>}
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                  {r.problems && (
                    <Typography.Text type="secondary">{tr('problemsLine', { text: r.problems })}</Typography.Text>
                  )}
                </div>
              ),
            },
            {
              title: tr('submittedColumn'),
              key: 'by',
              width: 150,
              render: (_: unknown, r) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.submittedByName}
                  <br />
                  {beijingTime(r.submittedAt, locale)}
                </Typography.Text>
              ),
            },
            {
              title: common('actions'),
              key: 'actions',
              width: 150,
              render: (_: unknown, r) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() => review.mutate({ ids: [r.id], decision: 'accepted' })}
                    data-testid="review-accept"
                  >
                    {tr('reviewAccept')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => (form.resetFields(), setReturning([r.id]))}
                    data-testid="review-return"
                  >
                    {tr('return')}
                  </Button>
                </Space>
              ),
            },
          ],
          ['serial'],
        )}
      />
      <Modal
        open={!!returning}
        title={tr('reviewReturnTitle', { count: returning?.length ?? 0 })}
        onCancel={() => setReturning(null)}
        onOk={() => form.submit()}
        confirmLoading={review.isPending}
        okButtonProps={testIdButton('dialog-ok')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { comment: string }) =>
            review.mutate({ ids: returning ?? [], decision: 'returned', comment: v.comment })
          }
        >
          <Form.Item
            name="comment"
            label={tr('reviewComment')}
            rules={[{ required: true, whitespace: true, max: 2000 }]}
          >
            <Input.TextArea rows={3} data-testid="review-comment" />
          </Form.Item>
        </Form>
        <ErrorAlert error={review.error} />
      </Modal>
    </div>
  );
}
