import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Segmented,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { hasRole, useMe } from '../../app/session';
import type { DocumentSummary } from '../../../shared/extraction';
import { useI18n } from '../../app/i18n';
import { extractionApi, extractionKeys } from './api';
import { encodingLabel, useExtractionT } from './i18n';
import { beijingTime } from '../../lib/time';

const SOURCE_OPTIONS = [
  { value: 'meeting', key: 'sourceMeeting' },
  { value: 'work_report', key: 'sourceWorkReport' },
  { value: 'document', key: 'sourceDocument' },
  { value: 'instruction', key: 'sourceInstruction' },
] as const;

/**
 * 讲话任务分解: upload a speech or work report (.txt in UTF-8 or GBK, .docx) or paste its text; the offline
 * extractor drafts candidate tasks, and the review screen opens. Below, the documents drafted so far.
 */
const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * Upload → read and extract → review, while a document is on its way: the share of the file sent, then, while the
 * server converts (PDF, .doc/.wps), reads and extracts it, the seconds it has taken so far, so a long report never
 * looks like a frozen screen. The server answers in one response, so the second step shows time, not a share.
 */
function ExtractionProgress({ sent, size, fromFile }: { sent: number | null; size: number; fromFile: boolean }) {
  const t = useExtractionT();
  const uploading = fromFile && (sent ?? 0) < 1;
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (uploading) return;
    setSeconds(0);
    const started = performance.now();
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [uploading]);
  const share = Math.round((sent ?? 0) * 100);
  // on a phone the form is long: bring the progress into view when it appears
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'center' });
  }, []);
  return (
    <div
      ref={box}
      data-testid="extraction-progress"
      role="status"
      aria-live="polite"
      style={{ marginBottom: 16, maxWidth: 640 }}
    >
      <Steps
        size="small"
        current={uploading ? 0 : 1}
        items={[{ title: t('stepUpload') }, { title: t('stepRead') }, { title: t('stepReview') }]}
        style={{ marginBottom: 12 }}
      />
      {uploading ? (
        <>
          <Progress percent={share} status="active" aria-label={t('extractProgress')} />
          <Typography.Text type="secondary">
            {t('uploadingShare', { sent: kb(size * (sent ?? 0)), total: kb(size) })}
          </Typography.Text>
        </>
      ) : (
        <Space align="start">
          <Spin size="small" />
          <Typography.Text type="secondary" data-testid="extraction-progress-reading">
            {fromFile ? t('readingFile', { seconds }) : t('readingText', { seconds })}
          </Typography.Text>
        </Space>
      )}
    </div>
  );
}

export default function ExtractionsPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const t = useExtractionT();
  const { locale, label } = useI18n();
  const { data: me } = useMe();
  const canWrite = hasRole(me, ['supervision_office', 'principal']);
  const [page, setPage] = useState(1);
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm<{ title?: string; year?: number; sourceType: string; text?: string }>();
  const list = useQuery({ queryKey: extractionKeys.list(page), queryFn: () => extractionApi.list(page) });
  // Where a submission is: the file going up (its share sent), then the server reading and extracting it.
  const [sent, setSent] = useState<number | null>(null);
  const create = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const fields = { title: v.title || undefined, year: v.year ?? undefined, sourceType: v.sourceType };
      if (mode === 'file') {
        if (!file) throw new Error(t('chooseFile'));
        setSent(0);
        return extractionApi.upload(file, fields, setSent);
      }
      setSent(1);
      return extractionApi.paste({ ...fields, text: v.text ?? '' });
    },
    onSettled: () => setSent(null),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: extractionKeys.all });
      navigate(`/extractions/${d.id}`);
    },
    // A refusal of the text or the title lands under that field; what is left (the file) in the alert.
    onError: (e) => setCreateError(applyServerErrors(form, e) ? null : e),
  });
  const [createError, setCreateError] = useState<unknown>(null);
  const busy = create.isPending && sent !== null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      {canWrite && (
        <Card title={t('uploadTitle')} data-testid="extraction-upload">
          <Typography.Paragraph type="secondary">{t('uploadIntro')}</Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ sourceType: 'meeting' }} disabled={create.isPending}>
            <Segmented
              value={mode}
              onChange={(v) => setMode(v as 'file' | 'paste')}
              options={[
                { value: 'file', label: t('modeFile') },
                { value: 'paste', label: t('modePaste') },
              ]}
              style={{ marginBottom: 16 }}
              data-testid="extraction-mode"
            />
            {mode === 'file' ? (
              <Form.Item label={t('file')}>
                <Upload.Dragger
                  accept=".txt,.docx,.doc,.wps,.pdf"
                  maxCount={1}
                  beforeUpload={(f) => {
                    setFile(f);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                  data-testid="extraction-file"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('dropFile')}</p>
                </Upload.Dragger>
              </Form.Item>
            ) : (
              <Form.Item
                name="text"
                label={t('text')}
                rules={[{ required: true, whitespace: true, message: t('textRequired') }]}
              >
                <Input.TextArea rows={10} placeholder={t('textPlaceholder')} data-testid="extraction-text" />
              </Form.Item>
            )}
            <Space wrap align="start">
              <Form.Item name="title" label={t('titleLabel')}>
                <Input style={{ width: 320, maxWidth: '100%' }} maxLength={300} data-testid="extraction-title" />
              </Form.Item>
              <Form.Item name="year" label={t('yearLabel')}>
                <InputNumber min={2000} max={2100} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="sourceType" label={t('sourceType')}>
                <Select
                  options={SOURCE_OPTIONS.map((o) => ({ value: o.value, label: t(o.key) }))}
                  style={{ width: 180 }}
                />
              </Form.Item>
            </Space>
            {createError ? <ErrorAlert error={createError} style={{ marginBottom: 16 }} /> : null}
            {busy ? (
              <ExtractionProgress
                sent={sent}
                size={mode === 'file' ? (file?.size ?? 0) : 0}
                fromFile={mode === 'file'}
              />
            ) : null}
            <Button
              type="primary"
              loading={create.isPending}
              onClick={() => create.mutate()}
              data-testid="extraction-submit"
            >
              {create.isPending ? t('extracting') : t('extract')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={t('documentsTitle')}>
        {list.error ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Table<DocumentSummary>
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={canWrite ? t('emptyCanWrite') : t('emptyReadOnly')} /> }}
            pagination={{
              current: page,
              total: list.data?.total ?? 0,
              pageSize: 20,
              onChange: setPage,
              showTotal: (n) => t('totalDocuments', { count: n }),
            }}
            columns={[
              {
                title: t('colTitle'),
                key: 'title',
                render: (_: unknown, d) => (
                  <Typography.Link
                    onClick={() => navigate(`/extractions/${d.id}`)}
                    data-testid={`extraction-doc-${d.id}`}
                  >
                    {d.title}
                  </Typography.Link>
                ),
              },
              {
                title: t('colFile'),
                key: 'file',
                width: 200,
                render: (_: unknown, d) => (
                  <span>
                    {d.sourceFileName ?? t('pasted')} <Tag>{encodingLabel(label, d.encoding)}</Tag>
                  </span>
                ),
              },
              { title: t('colYear'), dataIndex: 'year', width: 70 },
              { title: t('colCharacters'), dataIndex: 'characters', width: 90 },
              { title: t('colCandidates'), key: 'c', width: 70, render: (_: unknown, d) => d.counts.candidates },
              { title: t('colAccepted'), key: 'a', width: 80, render: (_: unknown, d) => d.counts.accepted },
              {
                title: t('colIssued'),
                key: 'i',
                width: 80,
                render: (_: unknown, d) => (d.counts.issued ? <Tag color="green">{d.counts.issued}</Tag> : 0),
              },
              { title: t('colUploader'), dataIndex: 'uploaderName', width: 100 },
              {
                title: t('colUploadedAt'),
                key: 'at',
                width: 170,
                render: (_: unknown, d) => beijingTime(d.createdAt, locale),
              },
            ]}
          />
        )}
      </Card>
      {!canWrite && <Alert type="info" showIcon title={t('readOnlyNote')} />}
    </Space>
  );
}
