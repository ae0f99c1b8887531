import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
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
  const create = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const fields = { title: v.title || undefined, year: v.year ?? undefined, sourceType: v.sourceType };
      if (mode === 'file') {
        if (!file) throw new Error(t('chooseFile'));
        return extractionApi.upload(file, fields);
      }
      return extractionApi.paste({ ...fields, text: v.text ?? '' });
    },
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: extractionKeys.all });
      navigate(`/extractions/${d.id}`);
    },
    // A refusal of the text or the title lands under that field; what is left (the file) in the alert.
    onError: (e) => setCreateError(applyServerErrors(form, e) ? null : e),
  });
  const [createError, setCreateError] = useState<unknown>(null);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      {canWrite && (
        <Card title={t('uploadTitle')} data-testid="extraction-upload">
          <Typography.Paragraph type="secondary">{t('uploadIntro')}</Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ sourceType: 'meeting' }}>
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
                <Input style={{ width: 320 }} maxLength={300} data-testid="extraction-title" />
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
