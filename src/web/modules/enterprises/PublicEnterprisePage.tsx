import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Radio,
  Result,
  Select,
  Spin,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { beijingMinute } from '../../lib/time';
import { DEMAND_CATEGORIES, DEMAND_CATEGORY_LABELS, RATING_LABELS, RATINGS } from '../../../shared/domain/demands';
import type { PublicCounty, PublicDemandOut } from '../../../shared/enterprises';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT, type EnterpriseKey } from './i18n';

/**
 * 企业诉求直通车 (/public/enterprise/<county code>): an enterprise submits a demand to its county without signing in
 * and follows it through its private link (/public/enterprise/<code>/d/<token>; the older /public/enterprise/d/<token>
 * still opens), where it sees the state and the answers and rates the final one. /public/enterprise alone serves the
 * platform's county when it serves one, and offers the choice when it serves several. It shows only what the public
 * API returns and links nowhere into the working system.
 */
const STATUS: Record<PublicDemandOut['status'], { key: EnterpriseKey; color: string }> = {
  received: { key: 'publicReceived', color: 'default' },
  handling: { key: 'publicHandling', color: 'blue' },
  answered: { key: 'publicAnswered', color: 'orange' },
  closed: { key: 'publicClosed', color: 'green' },
  withdrawn: { key: 'publicWithdrawn', color: 'default' },
};

function Shell({ children, county }: { children: React.ReactNode; county?: string | null }) {
  const t = useEnterpriseT();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: '#b4232a', color: '#fff', padding: '20px 16px' }}>
        <div style={{ maxWidth: 720, margin: '0 auto' }}>
          <h1 style={{ color: '#fff', fontSize: 22, margin: 0 }} data-testid="public-enterprise-title">
            {t('publicTitle')}
          </h1>
          {county && (
            <div style={{ marginTop: 4, opacity: 0.9 }} data-testid="public-county">
              {county}
            </div>
          )}
        </div>
      </header>
      <main style={{ maxWidth: 720, margin: '0 auto', padding: 12 }}>{children}</main>
      <footer style={{ textAlign: 'center', color: '#999', fontSize: 12, padding: '12px 16px 24px' }}>
        {t('publicFooter')}
      </footer>
    </div>
  );
}

/** The files an enterprise may send: as the server checks them (20 MB each, at most 5). */
const MAX_FILES = 5;
const MAX_BYTES = 20 * 1024 * 1024;

/** Why the server refused a file, in the words it gave (the field's message, else the problem's detail). */
function refusal(e: unknown): string {
  if (e instanceof ApiError) return e.problem.errors?.[0]?.message ?? e.problem.detail ?? String(e.message);
  return e instanceof Error ? e.message : String(e);
}

function SubmitForm({ county }: { county: PublicCounty }) {
  const t = useEnterpriseT();
  const { label } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<{
    trackingCode: string;
    link: string;
    sent: number;
    failed: { name: string; reason: string }[];
  } | null>(null);
  const challenge = useQuery({
    queryKey: ['public', 'challenge'],
    queryFn: enterpriseApi.challenge,
    staleTime: 10 * 60_000,
  });
  const submit = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      const r = await enterpriseApi.submit({ ...v, challenge: challenge.data?.challenge, jurisdiction: county.code });
      // The demand is received; its files follow through its private link, one by one (a refused one is named).
      let sent = 0;
      const failed: { name: string; reason: string }[] = [];
      for (const f of files)
        await enterpriseApi.publicFile(r.token, f, county.code).then(
          () => sent++,
          (e: unknown) => failed.push({ name: f.name, reason: refusal(e) }),
        );
      return { ...r, sent, failed };
    },
    onSuccess: (r) => setDone(r),
    onError: (e) => {
      // A challenge is good once: a new one for the next try.
      form.setFieldValue('answer', '');
      void challenge.refetch();
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  if (done)
    return (
      <Result
        status="success"
        title={t('submitted')}
        subTitle={
          <div data-testid="public-submitted">
            <div style={{ fontSize: 16, margin: '8px 0' }}>
              {t('trackingCode')}：<b data-testid="public-tracking-code">{done.trackingCode}</b>
            </div>
            {done.sent > 0 && <div data-testid="public-files-sent">{t('publicFilesSent', { count: done.sent })}</div>}
            {done.failed.map((f) => (
              <Alert
                key={f.name}
                type="warning"
                showIcon
                style={{ margin: '8px 0', textAlign: 'left' }}
                message={t('publicFileFailed', { name: f.name, reason: f.reason })}
              />
            ))}
            <div>{t('keepLink')}</div>
            <Typography.Text
              copyable
              data-testid="public-link"
            >{`${window.location.origin}${done.link}`}</Typography.Text>
          </div>
        }
        extra={
          <Link to={done.link} data-testid="public-open-link">
            <Button type="primary">{t('openLink')}</Button>
          </Link>
        }
      />
    );
  return (
    <Card>
      <Typography.Paragraph>{t('publicIntro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ category: 'policy' }}
        onFinish={(v) => {
          setError(null);
          submit.mutate(v);
        }}
      >
        <Form.Item name="creditCode" label={t('creditCode')} extra={t('creditCodeHelp')} rules={[{ required: true }]}>
          <Input maxLength={40} data-testid="public-credit-code" />
        </Form.Item>
        <Form.Item name="enterpriseName" label={t('enterpriseName')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="public-enterprise-name" />
        </Form.Item>
        <Form.Item name="contactName" label={t('yourName')} rules={[{ required: true }]}>
          <Input maxLength={50} data-testid="public-contact-name" />
        </Form.Item>
        <Form.Item name="contactMobile" label={t('mobile')} rules={[{ required: true }]}>
          <Input maxLength={11} inputMode="numeric" data-testid="public-mobile" />
        </Form.Item>
        <Form.Item name="category" label={t('category')}>
          <Select options={DEMAND_CATEGORIES.map((c) => ({ value: c, label: label(DEMAND_CATEGORY_LABELS[c]) }))} />
        </Form.Item>
        <Form.Item name="text" label={t('text')} rules={[{ required: true, min: 5 }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid="public-text" />
        </Form.Item>
        <Form.Item label={t('publicFiles')} extra={t('publicFilesHelp')}>
          <div data-testid="public-files">
            <Upload
              multiple
              accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
              fileList={files.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
              beforeUpload={(f) => {
                if (f.size > MAX_BYTES) setError(new Error(`${f.name}：${t('tooLargeLocal')}`));
                else setFiles((xs) => (xs.length < MAX_FILES ? [...xs, f] : xs));
                return false;
              }}
              onRemove={(u) => setFiles((xs) => xs.filter((_, i) => String(i) !== u.uid))}
            >
              {files.length < MAX_FILES && <Button icon={<UploadOutlined />}>{t('publicChooseFile')}</Button>}
            </Upload>
          </div>
        </Form.Item>
        <Form.Item
          name="answer"
          label={<span data-testid="public-question">{`${t('question')}：${challenge.data?.question ?? '…'}`}</span>}
          rules={[{ required: true }]}
        >
          <Input maxLength={4} style={{ width: 120 }} inputMode="numeric" data-testid="public-answer" />
        </Form.Item>
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="public-submit">
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Track({ token, county }: { token: string; county?: string }) {
  const t = useEnterpriseT();
  const { label } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<unknown>(null);
  const q = useQuery({
    queryKey: enterpriseKeys.publicDemand(token),
    queryFn: () => enterpriseApi.publicDemand(token, county),
    retry: false,
  });
  const rate = useMutation({
    mutationFn: (v: { rating: string; comment?: string }) => enterpriseApi.rate(token, v, county),
    onSuccess: (d) => qc.setQueryData(enterpriseKeys.publicDemand(token), d),
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  useEffect(() => {
    document.title = t('publicTitle');
  }, [t]);
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (q.error || !q.data) return <Result status="404" title={t('notFound')} data-testid="public-not-found" />;
  const d = q.data;
  return (
    <Card data-testid="public-demand">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('publicCounty')}>{d.county.name}</Descriptions.Item>
        <Descriptions.Item label={t('trackingCode')}>{d.trackingCode}</Descriptions.Item>
        <Descriptions.Item label={t('enterprise')}>{d.enterpriseName}</Descriptions.Item>
        <Descriptions.Item label={t('category')}>{label(DEMAND_CATEGORY_LABELS[d.category])}</Descriptions.Item>
        <Descriptions.Item label={t('text')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{d.text}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('receivedAt')}>{beijingMinute(d.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('publicStatus')}>
          <Tag color={STATUS[d.status].color} data-testid="public-status">
            {t(STATUS[d.status].key)}
          </Tag>
          {d.reopened && <Typography.Text type="secondary">{t('wasReopened')}</Typography.Text>}
        </Descriptions.Item>
        {d.handlingUnitName && <Descriptions.Item label={t('handledBy')}>{d.handlingUnitName}</Descriptions.Item>}
        <Descriptions.Item label={t('replyDue')}>{beijingMinute(d.replyDueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('resolveDue')}>{d.resolveDue}</Descriptions.Item>
        {d.rating && (
          <Descriptions.Item label={t('rating')}>
            <span data-testid="public-rating">{label(RATING_LABELS[d.rating])}</span>
            {d.ratingComment && `（${d.ratingComment}）`}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('replies')}
      </Typography.Title>
      {d.replies.length === 0 ? (
        <Typography.Text type="secondary">{t('noReplies')}</Typography.Text>
      ) : (
        <Timeline
          items={d.replies.map((r) => ({
            color: r.final ? 'green' : 'blue',
            children: (
              <div data-testid="public-reply">
                <div style={{ color: '#888', fontSize: 12 }}>{beijingMinute(r.at)}</div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                {/* The files the unit sent with this answer, through the enterprise's own link. */}
                {r.files.map((f) => (
                  <div key={f.id} style={{ wordBreak: 'break-all' }}>
                    <a href={enterpriseApi.publicFileUrl(token, f.id)} data-testid="public-reply-file">
                      <PaperClipOutlined /> {f.fileName}
                    </a>{' '}
                    <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text>
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      )}
      {(d.files.length > 0 || d.canAddFiles) && (
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('yourFiles')}
        </Typography.Title>
      )}
      {d.files.length > 0 && (
        <List
          size="small"
          dataSource={d.files}
          renderItem={(f) => (
            <List.Item>
              <a href={enterpriseApi.publicFileUrl(token, f.id, county)} data-testid="public-file">
                <PaperClipOutlined /> {f.fileName}
              </a>
              <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text>
            </List.Item>
          )}
        />
      )}
      {d.canAddFiles && (
        <div style={{ marginTop: 8 }} data-testid="public-add-file">
          <Upload
            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
            showUploadList={false}
            beforeUpload={(f) => {
              setFileError(null);
              if (f.size > MAX_BYTES) setFileError(new Error(`${f.name}：${t('tooLargeLocal')}`));
              else
                void enterpriseApi.publicFile(token, f, county).then(
                  () => qc.invalidateQueries({ queryKey: enterpriseKeys.publicDemand(token) }),
                  (e: unknown) => setFileError(new Error(t('publicFileFailed', { name: f.name, reason: refusal(e) }))),
                );
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('publicAddFile')}</Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
            {t('publicFilesHelp')}
          </Typography.Paragraph>
        </div>
      )}
      <ErrorAlert error={fileError} />
      {d.canRate && (
        <Card size="small" title={t('rateTitle')} style={{ marginTop: 12 }}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => {
              setError(null);
              rate.mutate(v);
            }}
          >
            <Form.Item name="rating" rules={[{ required: true }]}>
              <Radio.Group
                data-testid="public-rating-choice"
                options={RATINGS.map((r) => ({ value: r, label: label(RATING_LABELS[r]) }))}
              />
            </Form.Item>
            <Form.Item name="comment" label={t('comment')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <ErrorAlert error={error} />
            <Button type="primary" htmlType="submit" loading={rate.isPending} data-testid="public-rate">
              {t('rateSubmit')}
            </Button>
          </Form>
        </Card>
      )}
      {d.status === 'closed' && d.rating && (
        <Typography.Paragraph style={{ marginTop: 12 }} type="success">
          {t('thanks')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** The counties the platform serves, each opening its own page (/public/enterprise/<code>). */
function Choose({ counties }: { counties: PublicCounty[] }) {
  const t = useEnterpriseT();
  return (
    <Card title={t('publicChooseCounty')} data-testid="public-choose-county">
      <List
        dataSource={counties}
        renderItem={(c) => (
          <List.Item>
            <Link to={`/public/enterprise/${encodeURIComponent(c.code)}`} data-testid={`public-county-${c.code}`}>
              {c.name}
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function PublicEnterprisePage() {
  const { token, code } = useParams();
  const t = useEnterpriseT();
  useEffect(() => {
    document.title = t('publicTitle');
  }, [t]);
  const counties = useQuery({
    queryKey: ['public', 'counties'],
    queryFn: enterpriseApi.publicCounties,
    staleTime: 10 * 60_000,
  });
  const all = counties.data?.items ?? [];
  const county = code ? all.find((c) => c.code === code) : all.length === 1 ? all[0] : undefined;
  if (token)
    return (
      <Shell county={county?.name}>
        <Track token={token} county={code} />
      </Shell>
    );
  if (counties.isLoading)
    return (
      <Shell>
        <Spin style={{ display: 'block', margin: 48 }} />
      </Shell>
    );
  return (
    <Shell county={county?.name}>
      {county ? (
        <SubmitForm county={county} />
      ) : !code && all.length > 1 ? (
        <Choose counties={all} />
      ) : (
        <Result status="404" title={t('publicNoCounty')} data-testid="public-no-county" />
      )}
    </Shell>
  );
}
