import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
  App,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasRole, useMe } from '../../app/session';
import { useI18n } from '../../app/i18n';
import { orgApi, orgKeys, unitTree } from '../org/api';
import type { CandidateOut, CandidatePatch, ExtractionOut, IssueOut } from '../../../shared/extraction';
import { extractionApi, extractionKeys } from './api';
import { candidateStatusLabel, encodingLabel, useExtractionT, type ExtractionT } from './i18n';

const STATUS_COLORS: Record<string, string> = {
  pending: 'default',
  accepted: 'blue',
  dropped: 'default',
  issued: 'green',
};
const CADENCE_OPTIONS = [
  { value: 'weekly', key: 'cadenceWeekly' },
  { value: 'monthly', key: 'cadenceMonthly' },
  { value: 'quarterly', key: 'cadenceQuarterly' },
  { value: 'once', key: 'cadenceOnce' },
] as const;
const ISSUE_CHUNK = 5;
type IssueRow = IssueOut['results'][number];

/** Text cut at every quote boundary; each piece knows which live candidates cover it. */
function pieces(text: string, cands: CandidateOut[]) {
  const cuts = new Set<number>([0, text.length]);
  for (const c of cands) {
    cuts.add(c.start);
    cuts.add(c.end);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: { start: number; end: number; ids: string[] }[] = [];
  for (let i = 0; i < sorted.length - 1; i++) {
    const [s, e] = [sorted[i]!, sorted[i + 1]!];
    if (e > s) out.push({ start: s, end: e, ids: cands.filter((c) => c.start <= s && c.end >= e).map((c) => c.id) });
  }
  return out;
}

/**
 * The review screen: the document on the left with every candidate's quote highlighted, the candidates on the
 * right with their fields editable. Clicking a quote selects its candidate and scrolls to it, and the other way
 * round. Accepted candidates are issued into the ledger in small batches with a progress bar; refusals are
 * listed per candidate with the field named.
 */
export default function ExtractionPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const t = useExtractionT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const canWrite = hasRole(me, ['supervision_office', 'principal']);
  const q = useQuery({ queryKey: extractionKeys.one(id), queryFn: () => extractionApi.get(id) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders-and-principals'],
    queryFn: async () => [
      ...(await orgApi.people({ role: 'leader', pageSize: 200 })).items,
      ...(await orgApi.people({ role: 'principal', pageSize: 200 })).items,
    ],
  });
  const tree = useMemo(() => unitTree(units.data ?? [], false), [units.data]);
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [selected, setSelected] = useState<string | null>(params.get('candidate'));
  const [checked, setChecked] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [splitting, setSplitting] = useState<CandidateOut | null>(null);
  const [issue, setIssue] = useState<{ done: number; total: number; results: IssueRow[]; running: boolean } | null>(
    null,
  );
  const [showDropped, setShowDropped] = useState(false);
  // 奖惩 of the tasks issued (五明确): the ledger refuses a task without it, so it is asked before issuing.
  const [accountability, setAccountability] = useState('');
  const [accountabilityMissing, setAccountabilityMissing] = useState(false);
  const textRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const doc = q.data;
  const live = useMemo(
    () => (doc?.candidates ?? []).filter((c) => c.status !== 'merged' && c.status !== 'split'),
    [doc],
  );
  const shown = live.filter((c) => showDropped || c.status !== 'dropped');
  const highlighted = live.filter((c) => c.status !== 'dropped');

  const scrollTo = (container: HTMLDivElement | null, selector: string) => {
    const el = container?.querySelector(selector) as HTMLElement | null;
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  const pickFromText = (cid: string) => {
    setSelected(cid);
    setTimeout(() => scrollTo(listRef.current, `[data-candidate="${cid}"]`), 0);
  };
  const pickFromList = (cid: string) => {
    setSelected(cid);
    setTimeout(() => scrollTo(textRef.current, `[data-quote="${cid}"]`), 0);
  };
  useEffect(() => {
    const cid = params.get('candidate');
    if (cid && doc) setTimeout(() => scrollTo(textRef.current, `[data-quote="${cid}"]`), 50);
  }, [doc?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const setCandidate = (c: CandidateOut) =>
    qc.setQueryData<ExtractionOut>(extractionKeys.one(id), (d) =>
      d ? { ...d, candidates: d.candidates.map((x) => (x.id === c.id ? c : x)) } : d,
    );
  const run = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      const r = await fn();
      if (r && typeof r === 'object' && 'candidates' in r) qc.setQueryData(extractionKeys.one(id), r);
      else if (r && typeof r === 'object' && 'quote' in r) setCandidate(r as CandidateOut);
      void qc.invalidateQueries({ queryKey: ['extractions', 'list'] });
    } catch (e) {
      setError(e);
      void q.refetch();
    } finally {
      setBusy(null);
    }
  };
  const [askYear, setAskYear] = useState<number | null>(null);
  const patch = (c: CandidateOut, body: CandidatePatch) => run(`patch-${c.id}`, () => extractionApi.patch(id, c, body));

  const runIssue = async () => {
    if (!doc) return;
    const ids = live.filter((c) => c.status === 'accepted').map((c) => c.id);
    if (!ids.length) return;
    if (!accountability.trim()) return setAccountabilityMissing(true);
    setIssue({ done: 0, total: ids.length, results: [], running: true });
    const results: IssueRow[] = [];
    try {
      for (let i = 0; i < ids.length; i += ISSUE_CHUNK) {
        const r = await extractionApi.issue(id, ids.slice(i, i + ISSUE_CHUNK), accountability.trim());
        results.push(...r.results);
        setIssue({
          done: Math.min(ids.length, i + ISSUE_CHUNK),
          total: ids.length,
          results: [...results],
          running: true,
        });
      }
    } catch (e) {
      setError(e);
    }
    setIssue({ done: ids.length, total: ids.length, results, running: false });
    const n = results.filter((r) => r.status === 'issued').length;
    if (n) message.success(t('issuedToast', { count: n }));
    void qc.invalidateQueries({ queryKey: extractionKeys.all });
    void qc.invalidateQueries({ queryKey: ['tasks'] });
  };

  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.isLoading || !doc)
    return (
      <Spin tip={t('loadingDocument')} style={{ margin: 48 }}>
        <div />
      </Spin>
    );

  const accepted = live.filter((c) => c.status === 'accepted');
  const issueErrors = new Map(
    (issue?.results ?? []).filter((r) => r.status === 'refused').map((r) => [r.candidateId, r.errors]),
  );
  const mergeable = live.filter(
    (c) => checked.includes(c.id) && (c.status === 'pending' || c.status === 'accepted') && !c.taskId,
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Link onClick={() => navigate('/extractions')}>{t('pageTitle')}</Typography.Link> /{' '}
          <Typography.Text strong data-testid="extraction-title">
            {doc.title}
          </Typography.Text>{' '}
          <Tag>{encodingLabel(label, doc.encoding)}</Tag>
          <Tag>{t('yearTag', { year: doc.year })}</Tag>
          {doc.draftedBy === 'model' ? (
            <Tag color="purple">{t('draftedByModel')}</Tag>
          ) : (
            <Tag>{t('draftedByRules')}</Tag>
          )}
          <Typography.Text type="secondary">
            {t('docStats', {
              characters: doc.characters,
              candidates: doc.counts.candidates,
              accepted: accepted.length,
              issued: doc.counts.issued,
            })}
          </Typography.Text>
        </div>
        {canWrite && (
          <Space>
            <Button
              disabled={mergeable.length < 2 || !!busy}
              onClick={() =>
                run('merge', async () => {
                  const r = await extractionApi.merge(id, mergeable);
                  setChecked([]);
                  return r;
                })
              }
              data-testid="merge-selected"
            >
              {t('mergeSelected', { count: mergeable.length })}
            </Button>
            <label htmlFor="issue-accountability">
              <span style={{ color: '#ff4d4f' }}>* </span>
              {t('accountabilityLabel')}
            </label>
            <Tooltip open={accountabilityMissing} title={t('accountabilityRequired')} placement="bottom">
              <Input
                id="issue-accountability"
                placeholder={t('accountabilityPlaceholder')}
                value={accountability}
                status={accountabilityMissing ? 'error' : undefined}
                onChange={(e) => (setAccountability(e.target.value), setAccountabilityMissing(false))}
                maxLength={2000}
                style={{ width: 380 }}
                data-testid="issue-accountability"
              />
            </Tooltip>
            <Button
              type="primary"
              disabled={!accepted.length || issue?.running}
              loading={issue?.running}
              onClick={runIssue}
              data-testid="issue-accepted"
            >
              {t('issueAccepted', { count: accepted.length })}
            </Button>
          </Space>
        )}
      </Space>
      {error ? <ErrorAlert error={error} /> : null}
      {issue && (
        <Card size="small" data-testid="issue-progress">
          <Progress
            percent={Math.round((issue.done / Math.max(1, issue.total)) * 100)}
            status={issue.running ? 'active' : issueErrors.size ? 'exception' : 'success'}
          />
          {!issue.running && (
            <Typography.Text data-testid="issue-summary">
              {t('issueSummary', {
                issued: issue.results.filter((r) => r.status === 'issued').length,
                already: issue.results.filter((r) => r.status === 'already_issued').length,
                refused: issueErrors.size,
              })}
              {issueErrors.size ? t('issueSummaryReasons') : ''}
            </Typography.Text>
          )}
        </Card>
      )}
      {doc.draftedBy === 'rules_fallback' && (
        <Alert
          type="warning"
          showIcon
          title={t('modelFallback', { reason: doc.modelNote ?? t('modelFallbackUnknown') })}
          data-testid="model-fallback"
        />
      )}
      {doc.yearSource === 'default' && (
        <Alert
          type="warning"
          showIcon
          data-testid="year-ask"
          title={t('yearAsk', { year: doc.year })}
          action={
            canWrite ? (
              <Space>
                <InputNumber
                  aria-label={t('yearAskLabel')}
                  min={2000}
                  max={2100}
                  value={askYear ?? doc.year}
                  onChange={(v) => setAskYear(typeof v === 'number' ? v : null)}
                  data-testid="year-ask-input"
                />
                <Button
                  type="primary"
                  loading={busy === 'year'}
                  onClick={() => void run('year', () => extractionApi.setYear(id, askYear ?? doc.year))}
                  data-testid="year-ask-confirm"
                >
                  {t('yearAskConfirm')}
                </Button>
              </Space>
            ) : undefined
          }
        />
      )}
      {doc.message && <Alert type="info" showIcon title={doc.message} data-testid="extraction-empty" />}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('sourceTextTitle')}>
            <div
              ref={textRef}
              data-testid="document-text"
              style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, maxHeight: '75vh', overflowY: 'auto', fontSize: 15 }}
            >
              {pieces(doc.text, highlighted).map((p) =>
                p.ids.length ? (
                  <mark
                    key={p.start}
                    data-quote={p.ids[0]}
                    data-testid={`quote-${p.ids[0]}`}
                    onClick={() => pickFromText(p.ids.includes(selected ?? '') ? selected! : p.ids[0]!)}
                    style={{
                      cursor: 'pointer',
                      padding: 0,
                      background: p.ids.includes(selected ?? '')
                        ? '#ffd666'
                        : live.find((c) => c.id === p.ids[0])?.status === 'issued'
                          ? '#d9f7be'
                          : '#fff1b8',
                    }}
                  >
                    {doc.text.slice(p.start, p.end)}
                  </mark>
                ) : (
                  <span key={p.start}>{doc.text.slice(p.start, p.end)}</span>
                ),
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('candidatesTitle', { count: shown.length })}
            extra={
              <Checkbox checked={showDropped} onChange={(e) => setShowDropped(e.target.checked)}>
                {t('showDropped')}
              </Checkbox>
            }
          >
            <div ref={listRef} style={{ maxHeight: '75vh', overflowY: 'auto' }}>
              {shown.length === 0 ? (
                <Empty description={doc.message ?? t('noCandidates')} />
              ) : (
                <List
                  dataSource={shown}
                  renderItem={(c) => {
                    const editable = canWrite && (c.status === 'pending' || c.status === 'accepted') && !c.taskId;
                    const errs = issueErrors.get(c.id);
                    return (
                      <div
                        key={c.id}
                        data-candidate={c.id}
                        data-testid={`candidate-${c.id}`}
                        onClick={() => selected !== c.id && pickFromList(c.id)}
                        style={{
                          border: `1px solid ${selected === c.id ? '#faad14' : '#f0f0f0'}`,
                          borderRadius: 6,
                          padding: 12,
                          marginBottom: 12,
                          background: c.status === 'dropped' ? '#fafafa' : undefined,
                          opacity: c.status === 'dropped' ? 0.6 : 1,
                        }}
                      >
                        <Space style={{ marginBottom: 8 }} wrap>
                          {editable && (
                            <Checkbox
                              checked={checked.includes(c.id)}
                              onClick={(e) => e.stopPropagation()}
                              onChange={(e) =>
                                setChecked((xs) => (e.target.checked ? [...xs, c.id] : xs.filter((x) => x !== c.id)))
                              }
                              data-testid={`check-${c.id}`}
                            />
                          )}
                          <Tag color={STATUS_COLORS[c.status]} data-testid={`status-${c.id}`}>
                            {candidateStatusLabel(label, c.status)}
                          </Tag>
                          <Tooltip title={t('confidenceTooltip')}>
                            <Tag color={c.level === 'high' ? 'gold' : 'default'}>
                              {t('confidence', { percent: Math.round(c.confidence * 100) })}
                            </Tag>
                          </Tooltip>
                          {c.category && <Tag>{c.category}</Tag>}
                          {c.taskId && (
                            <Typography.Link
                              onClick={() => navigate(`/tasks/${c.taskId}`)}
                              data-testid={`task-link-${c.id}`}
                            >
                              {t('viewTask')}
                            </Typography.Link>
                          )}
                        </Space>
                        <Typography.Paragraph
                          type="secondary"
                          ellipsis={{ rows: 2, expandable: true }}
                          style={{ fontSize: 13, marginBottom: 8, cursor: 'pointer' }}
                          data-testid={`candidate-quote-${c.id}`}
                        >
                          “{c.quote}”
                        </Typography.Paragraph>
                        <div>
                          <Field label={t('fieldTitle')}>
                            <Input
                              key={`${c.id}-${c.version}`}
                              defaultValue={c.title}
                              disabled={!editable}
                              maxLength={200}
                              onBlur={(e) =>
                                e.target.value.trim() &&
                                e.target.value !== c.title &&
                                void patch(c, { title: e.target.value.trim() })
                              }
                              onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
                              data-testid={`title-${c.id}`}
                            />
                          </Field>
                          <Field label={t('fieldLeadUnit')}>
                            <TreeSelect
                              value={c.leadUnitId ?? undefined}
                              treeData={tree}
                              showSearch
                              treeNodeFilterProp="searchText"
                              allowClear
                              disabled={!editable}
                              placeholder={t('chooseUnit')}
                              style={{ width: '100%' }}
                              onChange={(v) => void patch(c, { leadUnitId: (v as string | undefined) ?? null })}
                              data-testid={`lead-unit-${c.id}`}
                            />
                          </Field>
                          <Field label={t('fieldCoUnits')}>
                            <TreeSelect
                              value={c.coUnitIds}
                              treeData={tree}
                              multiple
                              showSearch
                              treeNodeFilterProp="searchText"
                              disabled={!editable}
                              style={{ width: '100%' }}
                              onChange={(v) => void patch(c, { coUnitIds: v as string[] })}
                            />
                          </Field>
                          {c.units.length > 0 && (
                            <Field label={t('fieldWrittenUnits')}>
                              <Space wrap size={4}>
                                {c.units.map((u) => (
                                  <Tooltip
                                    key={`${u.role}-${u.written}`}
                                    title={
                                      u.proposed
                                        ? t('unitProposedTooltip')
                                        : u.unitId
                                          ? t(u.closest ? 'unitClosestTooltip' : 'unitMatchedTooltip', {
                                              name: unitName.get(u.unitId) ?? u.unitName ?? '',
                                            })
                                          : t('unitGenericTooltip')
                                    }
                                  >
                                    <Tag
                                      color={u.proposed ? 'orange' : u.closest ? 'gold' : u.unitId ? 'blue' : 'default'}
                                      data-testid={u.proposed ? `proposed-${c.id}` : undefined}
                                    >
                                      {t('unitWritten', {
                                        role: u.role === 'lead' ? t('unitRoleLead') : t('unitRoleCo'),
                                        written: u.written,
                                      })}
                                      {u.proposed
                                        ? t('proposedSuffix')
                                        : u.closest && u.unitId
                                          ? t('closestSuffix')
                                          : ''}
                                    </Tag>
                                  </Tooltip>
                                ))}
                              </Space>
                            </Field>
                          )}
                          <Field label={t('fieldLeadLeader')}>
                            <Select
                              value={c.leadLeaderId ?? undefined}
                              allowClear
                              disabled={!editable}
                              style={{ width: '100%' }}
                              placeholder={
                                c.leadLeaderName ? t('leaderUnmatched', { name: c.leadLeaderName }) : t('none')
                              }
                              options={(leaders.data ?? []).map((p) => ({
                                value: p.id,
                                label: p.title
                                  ? t('leaderOption', { name: p.displayName, title: p.title })
                                  : p.displayName,
                              }))}
                              onChange={(v) => void patch(c, { leadLeaderId: v ?? null })}
                            />
                          </Field>
                          <Field label={t('fieldDeadline')}>
                            <Space wrap>
                              <DatePicker
                                value={c.deadline ? dayjs(c.deadline) : null}
                                disabled={!editable}
                                onChange={(d) => void patch(c, { deadline: d ? d.format('YYYY-MM-DD') : null })}
                                data-testid={`deadline-${c.id}`}
                              />
                              <Select
                                value={c.cadence ?? undefined}
                                allowClear
                                placeholder={t('cadence')}
                                disabled={!editable}
                                style={{ width: 150 }}
                                options={CADENCE_OPTIONS.map((o) => ({ value: o.value, label: t(o.key) }))}
                                onChange={(v) => void patch(c, { cadence: v ?? null })}
                              />
                              {c.deadlineText && (
                                <Typography.Text type="secondary">
                                  {t('writtenAs', { text: c.deadlineText })}
                                </Typography.Text>
                              )}
                            </Space>
                          </Field>
                          <Field label={t('fieldTargets')}>
                            <Select
                              mode="tags"
                              value={c.targets}
                              disabled={!editable}
                              style={{ width: '100%' }}
                              placeholder={t('targetsPlaceholder')}
                              open={false}
                              onChange={(v) => void patch(c, { targets: v })}
                              data-testid={`targets-${c.id}`}
                            />
                          </Field>
                        </div>
                        {errs && (
                          <Alert
                            type="error"
                            showIcon
                            style={{ marginTop: 8 }}
                            data-testid={`issue-error-${c.id}`}
                            title={t('notIssued')}
                            description={errs.map((e) => (
                              <div key={e.field + e.code}>
                                {t('fieldError', {
                                  field: FIELD_KEYS[e.field] ? t(FIELD_KEYS[e.field]!) : e.field,
                                  message: e.message,
                                })}
                              </div>
                            ))}
                          />
                        )}
                        {canWrite && !c.taskId && (
                          <Space style={{ marginTop: 8 }} wrap>
                            {(c.status === 'pending' || c.status === 'dropped') && (
                              <Button
                                size="small"
                                type="primary"
                                ghost
                                loading={busy === `accept-${c.id}`}
                                onClick={() => run(`accept-${c.id}`, () => extractionApi.status(id, c, 'accept'))}
                                data-testid={`accept-${c.id}`}
                              >
                                {t('accept')}
                              </Button>
                            )}
                            {c.status === 'accepted' && (
                              <Button
                                size="small"
                                onClick={() => run(`reopen-${c.id}`, () => extractionApi.status(id, c, 'reopen'))}
                              >
                                {t('unaccept')}
                              </Button>
                            )}
                            {editable && (
                              <Button size="small" onClick={() => setSplitting(c)} data-testid={`split-${c.id}`}>
                                {t('split')}
                              </Button>
                            )}
                            {editable && (
                              <Button
                                size="small"
                                danger
                                loading={busy === `drop-${c.id}`}
                                onClick={() => run(`drop-${c.id}`, () => extractionApi.status(id, c, 'drop'))}
                                data-testid={`drop-${c.id}`}
                              >
                                {t('drop')}
                              </Button>
                            )}
                          </Space>
                        )}
                      </div>
                    );
                  }}
                />
              )}
            </div>
          </Card>
        </Col>
      </Row>
      <SplitDialog
        candidate={splitting}
        onCancel={() => setSplitting(null)}
        onSplit={(at) => {
          const c = splitting!;
          setSplitting(null);
          void run(`split-${c.id}`, () => extractionApi.split(id, c, at));
        }}
      />
    </Space>
  );
}

const FIELD_KEYS: Record<string, Parameters<ExtractionT>[0] | undefined> = {
  title: 'fieldTitle',
  leadUnitId: 'fieldLeadUnit',
  coUnitIds: 'fieldCoUnits',
  leadLeaderId: 'fieldLeadLeader',
  deadline: 'fieldDeadline',
  targets: 'fieldTargets',
  standard: 'fieldStandard',
  status: 'fieldStatus',
  quote: 'fieldQuote',
  milestones: 'fieldMilestones',
};

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 6 }}>
      <span style={{ width: 96, flex: 'none', color: '#666', fontSize: 13 }}>{label}</span>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
    </div>
  );
}

/** Choose where to cut the quote: click the character the second task starts with. */
function SplitDialog({
  candidate,
  onCancel,
  onSplit,
}: {
  candidate: CandidateOut | null;
  onCancel: () => void;
  onSplit: (at: number) => void;
}) {
  const t = useExtractionT();
  const [at, setAt] = useState<number | null>(null);
  useEffect(() => setAt(null), [candidate?.id]);
  if (!candidate) return null;
  const chars = candidate.quote.split('');
  return (
    <Modal
      open
      title={t('splitTitle')}
      onCancel={onCancel}
      okText={t('split')}
      okButtonProps={{ disabled: at === null, ...({ 'data-testid': 'split-ok' } as object) }}
      onOk={() => at !== null && onSplit(candidate.start + at)}
    >
      <Typography.Paragraph type="secondary">{t('splitHelp')}</Typography.Paragraph>
      <div style={{ lineHeight: 2, fontSize: 15 }} data-testid="split-text">
        {chars.map((ch, i) => (
          <span
            key={i}
            data-split-at={i}
            onClick={() => i > 0 && setAt(i)}
            style={{
              cursor: i > 0 ? 'pointer' : undefined,
              background: at !== null && i >= at ? '#bae0ff' : undefined,
              borderLeft: at === i ? '2px solid #1677ff' : undefined,
            }}
          >
            {ch}
          </span>
        ))}
      </div>
    </Modal>
  );
}
