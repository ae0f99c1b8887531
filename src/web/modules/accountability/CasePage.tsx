import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { beijingMinute, countyNow } from '../../lib/time';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { caseApi, caseKeys, type Case } from './api';
import { evidenceLabel, useCaseT } from './i18n';
import { STATE_COLOR, STATE_KEY, TOL_COLOR, TOL_KEY } from './AccountabilityPage';

type Dialog = 'decide' | 'withdraw' | 'request' | 'decideTolerance' | null;

/**
 * One case: whom it is against, the evidence taken from the record, the steps so far, the 容错 request and the
 * decisions with their reasons; the buttons are the actions the server says the caller may take now.
 */
export default function CasePage() {
  const t = useCaseT();
  const { locale } = useI18n();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: caseKeys.one(id), queryFn: () => caseApi.get(id) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const c = q.data;
  if (!c) return <Card loading={q.isLoading}>{q.error ? <ErrorAlert error={q.error} /> : null}</Card>;
  const itemLink = (i: { id: string; kind: string }) =>
    i.kind === 'task' ? `/tasks/${i.id}` : i.kind === 'blocker' ? `/blockers` : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space wrap>
            <span data-testid="case-number">{c.number}</span>
            <span>{c.title}</span>
            <Tag color={STATE_COLOR[c.state]} data-testid="case-state">
              {t(STATE_KEY[c.state])}
            </Tag>
            {c.tolerance && (
              <Tag color={TOL_COLOR[c.tolerance.state]} data-testid="case-tolerance-state">
                {t(TOL_KEY[c.tolerance.state])}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            {c.actions.includes('requestTolerance') && (
              <Button type="primary" onClick={() => setDialog('request')} data-testid="case-request-tolerance">
                {t('requestTolerance')}
              </Button>
            )}
            {c.actions.includes('decideTolerance') && (
              <Button type="primary" onClick={() => setDialog('decideTolerance')} data-testid="case-decide-tolerance">
                {t('decideTolerance')}
              </Button>
            )}
            {c.actions.includes('decide') && (
              <Button type="primary" onClick={() => setDialog('decide')} data-testid="case-decide">
                {t('decide')}
              </Button>
            )}
            {c.actions.includes('withdraw') && (
              <Button danger onClick={() => setDialog('withdraw')} data-testid="case-withdraw">
                {t('withdraw')}
              </Button>
            )}
            <Link to="/accountability">{t('back')}</Link>
          </Space>
        }
      >
        {c.outcome === 'exempted' && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('exemptNote')}
            data-testid="case-exempt"
          />
        )}
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('sectionSubjects')} span={2}>
            <Space size={4} wrap data-testid="case-subjects">
              {c.unit && <Tag>{t('unitCase', { name: c.unit.name })}</Tag>}
              {c.persons.map((p) => (
                <Tag key={p.id}>
                  {p.name}
                  {p.title ? ` · ${p.title}` : ''}（{p.unitName}）
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('fieldFacts')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.facts}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('colItems')} span={2}>
            <Space orientation="vertical" size={2}>
              {c.items.map((i) => {
                const to = itemLink(i);
                const text = `${i.title}（时限 ${i.deadline}）`;
                return <span key={i.id}>{to ? <Link to={to}>{text}</Link> : text}</span>;
              })}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('fieldOpenedOn')}>{c.openedOn}</Descriptions.Item>
          <Descriptions.Item label={t('measure')}>
            <span data-testid="case-measure">
              {c.outcome === 'exempted'
                ? t('tolAccepted')
                : (c.measure ?? (c.proposedMeasure ? `（${t('fieldProposed')}：${c.proposedMeasure}）` : '—'))}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('sectionEvidence')} size="small">
        <Table
          rowKey="ref"
          size="small"
          pagination={false}
          dataSource={c.evidence}
          locale={{ emptyText: t('noEvidence') }}
          data-testid="case-evidence"
          columns={[
            { title: t('colDate'), dataIndex: 'on', width: 110 },
            {
              title: t('colKind'),
              key: 'k',
              width: 150,
              render: (_, e) => <Tag color="red">{evidenceLabel(e.kind, locale)}</Tag>,
            },
            { title: t('colItem'), dataIndex: 'itemTitle' },
            { title: t('colDetail'), dataIndex: 'text' },
          ]}
        />
      </Card>

      {c.tolerance && (
        <Card title={t('sectionTolerance')} size="small" data-testid="case-tolerance">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('conditions')}>
              <Space size={4} wrap>
                {c.tolerance.conditions.map((x) => (
                  <Tag key={x} color="blue">
                    {x}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('reasons')}>{c.tolerance.reasons}</Descriptions.Item>
            {c.tolerance.decisionReason && (
              <Descriptions.Item label={t('decisionReason')}>
                <span data-testid="case-tolerance-reason">{c.tolerance.decisionReason}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}

      <Card title={t('sectionTimeline')} size="small">
        <Timeline items={steps(c, t)} data-testid="case-timeline" />
      </Card>

      {dialog === 'decide' && <DecideDialog c={c} onClose={() => setDialog(null)} />}
      {dialog === 'withdraw' && <WithdrawDialog c={c} onClose={() => setDialog(null)} />}
      {dialog === 'request' && <RequestDialog c={c} onClose={() => setDialog(null)} />}
      {dialog === 'decideTolerance' && <DecideToleranceDialog c={c} onClose={() => setDialog(null)} />}
    </Space>
  );
}

function steps(c: Case, t: ReturnType<typeof useCaseT>) {
  const day = (iso: string | null) => (iso ? beijingMinute(iso) : '');
  const out: { key: string; color?: string; children: string }[] = [
    { key: 'o', color: '#1677ff', children: t('stepOpened', { date: day(c.openedAt), by: c.openedByName ?? '' }) },
  ];
  if (c.proposedMeasure)
    out.push({ key: 'p', color: 'gray', children: t('stepProposed', { measure: c.proposedMeasure }) });
  if (c.tolerance) {
    out.push({
      key: 'tr',
      color: '#1677ff',
      children: t('stepToleranceRequested', {
        date: day(c.tolerance.requestedAt),
        by: c.tolerance.requestedByName ?? '',
      }),
    });
    // An accepted request is the case's decision (below); a refused one is a step of its own.
    if (c.tolerance.state === 'rejected')
      out.push({
        key: 'td',
        color: 'gray',
        children: t('stepToleranceDecided', {
          date: c.tolerance.decidedOn ?? '',
          state: t(TOL_KEY[c.tolerance.state]),
          by: c.tolerance.decidedByName ?? '',
        }),
      });
  }
  if (c.state === 'decided')
    out.push({
      key: 'd',
      color: c.outcome === 'exempted' ? 'green' : 'red',
      children:
        c.outcome === 'exempted'
          ? t('stepExempted', { date: c.decidedOn ?? '', by: c.decidedByName ?? '' })
          : `${t('stepDecided', { date: c.decidedOn ?? '', measure: c.measure ?? '', by: c.decidedByName ?? '' })}\
；${c.decisionReason ?? ''}`,
    });
  if (c.state === 'withdrawn')
    out.push({
      key: 'w',
      color: 'gray',
      children: t('stepWithdrawn', { date: day(c.withdrawnAt), reason: c.withdrawReason ?? '' }),
    });
  return out;
}

/** A dialog whose form posts one action; server field errors go next to their fields. */
function useAction<V>(c: Case, run: (v: V) => Promise<Case>, done: string, onClose: () => void) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const m = useMutation({
    mutationFn: run,
    onSuccess: (next) => {
      qc.setQueryData(caseKeys.one(c.id), next);
      void qc.invalidateQueries({ queryKey: caseKeys.all });
      message.success(done);
      onClose();
    },
    onError: (e) => (applyServerErrors(form, e) ? setError(null) : setError(e)),
  });
  return { form, error, m, submit: (v: V) => (setError(null), m.mutate(v)) };
}

/** The dialog of one action: its form posted by OK, the server's problem above the fields. */
function ActionDialog<V>(props: {
  a: ReturnType<typeof useAction<V>>;
  title: string;
  onClose: () => void;
  width?: number;
  okTestId?: string;
  help?: React.ReactNode;
  initialValues?: Record<string, unknown>;
  children: React.ReactNode;
}) {
  const t = useCaseT();
  const { a, okTestId } = props;
  return (
    <Modal
      open
      {...(props.width ? { width: props.width } : {})}
      title={props.title}
      onCancel={props.onClose}
      onOk={() => a.form.submit()}
      confirmLoading={a.m.isPending}
      okText={t('submit')}
      cancelText={t('cancel')}
      {...(okTestId ? { okButtonProps: { ...({ 'data-testid': okTestId } as object) } } : {})}
    >
      {props.help}
      <ErrorAlert error={a.error} />
      <Form form={a.form} layout="vertical" initialValues={props.initialValues} onFinish={a.submit}>
        {props.children}
      </Form>
    </Modal>
  );
}

function DecideDialog({ c, onClose }: { c: Case; onClose: () => void }) {
  const t = useCaseT();
  const settings = useQuery({ queryKey: caseKeys.settings, queryFn: caseApi.settings });
  const a = useAction<{ measure: string; decidedOn: Dayjs; reason: string }>(
    c,
    (v) => caseApi.decide(c, { measure: v.measure, decidedOn: v.decidedOn.format('YYYY-MM-DD'), reason: v.reason }),
    t('decided'),
    onClose,
  );
  return (
    <ActionDialog
      a={a}
      title={t('decideTitle')}
      onClose={onClose}
      initialValues={{ measure: c.proposedMeasure ?? undefined, decidedOn: countyNow() }}
    >
      <Form.Item name="measure" label={t('measure')} rules={[{ required: true, message: t('required') }]}>
        <Select
          options={(settings.data?.measures ?? []).map((m) => ({ value: m, label: m }))}
          data-testid="decide-measure"
        />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('decidedOn')} rules={[{ required: true, message: t('required') }]}>
        <DatePicker allowClear={false} />
      </Form.Item>
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} maxLength={5000} data-testid="decide-reason" />
      </Form.Item>
    </ActionDialog>
  );
}

function WithdrawDialog({ c, onClose }: { c: Case; onClose: () => void }) {
  const t = useCaseT();
  const a = useAction<{ reason: string }>(c, (v) => caseApi.withdraw(c, v.reason), t('withdrawn'), onClose);
  return (
    <ActionDialog a={a} title={t('withdrawTitle')} onClose={onClose}>
      <Form.Item name="reason" label={t('withdrawReason')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </ActionDialog>
  );
}

/** 容错申请: the conditions of the county's rules as checkboxes, and the reasons in the applicant's words. */
function RequestDialog({ c, onClose }: { c: Case; onClose: () => void }) {
  const t = useCaseT();
  const settings = useQuery({ queryKey: caseKeys.settings, queryFn: caseApi.settings });
  const a = useAction<{ conditions: string[]; reasons: string }>(
    c,
    (v) => caseApi.requestTolerance(c, v),
    t('requested'),
    onClose,
  );
  return (
    <ActionDialog
      a={a}
      width={640}
      title={t('requestTitle')}
      onClose={onClose}
      okTestId="tolerance-submit"
      help={<Typography.Paragraph type="secondary">{t('requestHelp')}</Typography.Paragraph>}
    >
      <Form.Item name="conditions" label={t('conditions')} rules={[{ required: true, message: t('chooseConditions') }]}>
        <Checkbox.Group data-testid="tolerance-conditions">
          <Space orientation="vertical">
            {(settings.data?.conditions ?? []).map((x) => (
              <Checkbox key={x} value={x}>
                {x}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name="reasons" label={t('reasons')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={4} maxLength={5000} data-testid="tolerance-reasons" />
      </Form.Item>
    </ActionDialog>
  );
}

function DecideToleranceDialog({ c, onClose }: { c: Case; onClose: () => void }) {
  const t = useCaseT();
  const a = useAction<{ decision: 'accepted' | 'rejected'; reason: string }>(
    c,
    (v) => caseApi.decideTolerance(c, v),
    t('toleranceDecided'),
    onClose,
  );
  return (
    <ActionDialog a={a} title={t('decideToleranceTitle')} onClose={onClose} okTestId="tolerance-decide-submit">
      <Form.Item name="decision" rules={[{ required: true, message: t('required') }]}>
        <Radio.Group data-testid="tolerance-decision">
          <Radio value="accepted">{t('accept')}</Radio>
          <Radio value="rejected">{t('reject')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="reason" label={t('decisionReason')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} maxLength={5000} data-testid="tolerance-decision-reason" />
      </Form.Item>
    </ActionDialog>
  );
}
