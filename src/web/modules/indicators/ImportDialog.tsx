import { useState } from 'react';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { download } from '../../lib/api';
import type { ImportPreviewOut } from '../../../shared/indicators';
import { indicatorApi } from './api';
import { useIndicatorsT } from './i18n';

type Row = ImportPreviewOut['rows'][number];

/**
 * Import of values: every row checked and shown with its errors (by row and column) and warnings; written only when
 * no row has an error, and only once the person has confirmed the warnings.
 */
export function ImportDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useIndicatorsT();
  const { t: common, locale } = useI18n();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<ImportPreviewOut | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState(false);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    setPreview(null);
    setConfirmed(false);
    try {
      setPreview(await indicatorApi.preview(file));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
    return false;
  }
  async function commit() {
    setBusy(true);
    try {
      const r = await indicatorApi.commit(preview!.batchId!, confirmed);
      message.success(t('imported', { created: r.created, corrected: r.corrected }));
      setPreview(null);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const needsConfirm = (preview?.warnings ?? 0) > 0;

  return (
    <Modal
      open={open}
      title={t('importTitle')}
      width={960}
      onCancel={onClose}
      destroyOnHidden
      footer={
        preview?.batchId
          ? [
              <Button key="c" onClick={onClose}>
                {common('cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={busy} disabled={needsConfirm && !confirmed} onClick={commit} data-testid="indicator-import-commit">
                {t('commit', { count: preview.accepted })}
              </Button>,
            ]
          : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => upload(f)} disabled={busy} data-testid="indicator-import-upload">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('importHint')}</p>
        </Upload.Dragger>
        <Button size="small" icon={<DownloadOutlined />} onClick={() => download('/api/v1/indicators/import/template').catch((e: Error) => message.error(e.message))}>
          {t('template')}
        </Button>
        {busy && <Alert type="info" showIcon title={t('checking')} />}
        <ErrorAlert error={error} />
        {preview && (
          <>
            {preview.previouslyCommittedAt && <Alert type="warning" showIcon title={t('previously', { at: new Date(preview.previouslyCommittedAt).toLocaleString(locale) })} />}
            <Alert
              type={preview.rejected ? 'error' : needsConfirm ? 'warning' : 'success'}
              showIcon
              data-testid="indicator-import-summary"
              title={
                (preview.rejected ? t('summaryRejected', { rejected: preview.rejected, accepted: preview.accepted }) : t('summaryOk', { accepted: preview.accepted })) +
                (needsConfirm ? `${locale === 'zh-CN' ? '；' : '; '}${t('summaryWarnings', { warnings: preview.warnings })}` : '')
              }
            />
            {preview.batchId && needsConfirm && (
              <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="indicator-import-confirm">
                {t('confirmImport')}
              </Checkbox>
            )}
            <Table<Row>
              size="small"
              rowKey="row"
              dataSource={preview.rows.filter((r) => r.errors.length || r.warnings.length).concat(preview.rows.filter((r) => !r.errors.length && !r.warnings.length))}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="indicator-import-rows"
              columns={[
                { title: t('row'), dataIndex: 'row', width: 60 },
                { title: t('indicator'), dataIndex: 'indicator', width: 180 },
                { title: t('period'), dataIndex: 'period', width: 100 },
                { title: t('county'), dataIndex: 'county', width: 100 },
                { title: t('result'), key: 's', width: 80, render: (_: unknown, r: Row) => (r.status === 'accepted' ? <Tag color={r.warnings.length ? 'gold' : 'green'}>{t('accepted')}</Tag> : <Tag color="red">{t('rejected')}</Tag>) },
                {
                  title: t('problems'),
                  key: 'e',
                  render: (_: unknown, r: Row) => (
                    <>
                      {r.errors.map((e, i) => (
                        <div key={`e${i}`}>
                          <Typography.Text type="danger">
                            {e.column}：{e.message}
                          </Typography.Text>
                        </div>
                      ))}
                      {r.warnings.map((w, i) => (
                        <div key={`w${i}`}>
                          <Typography.Text type="warning">
                            {w.column}：{w.message}
                          </Typography.Text>
                        </div>
                      ))}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
