import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useI18n } from '../app/i18n';
import { api, download } from '../lib/api';
import { ErrorAlert } from './ErrorAlert';
import { beijingTime } from '../lib/time';

type Problem = { column: string; message: string };
/** A previewed row: its number in the file, the verdict, its errors and (where an import has them) warnings. */
type Row = { row: number; status: 'accepted' | 'rejected'; errors: Problem[]; warnings?: Problem[] } & Record<
  string,
  unknown
>;

/** The preview every import endpoint answers (POST …/import). */
interface Preview {
  batchId: string | null;
  fileName: string;
  accepted: number;
  rejected: number;
  /** Rows to be written with a remark someone must confirm (the indicators' implausible values). */
  warnings?: number;
  previouslyCommittedAt: string | null;
  rows: Row[];
}

export interface ImportDialogProps<Done extends { created: number }> {
  open: boolean;
  onClose: () => void;
  /** With the commit's answer (`created`, and what else the endpoint counts). */
  onDone: (result: Done) => void;
  /** The import endpoint: `${endpoint}` previews, `${endpoint}/{batch}/commit` writes (with `{ confirm }` when there were warnings). */
  endpoint: string;
  title: string;
  /** What the header must contain, said under the upload area. */
  hint: string;
  /** The row fields shown beside the row number, the verdict and the problems. */
  columns: { field: string; title: string; width?: number }[];
  /** '项' / 'tasks': counts in the commit button. */
  unit: string;
  /** A template to download, when the import has one. */
  templateUrl?: string;
  /** What importing the same file again does (default: duplicates). */
  again?: string;
  /** Prefix of the test ids (`${testId}-upload`, `-summary`, `-confirm`, `-rows`, `-commit`, `-update-duplicates`). */
  testId: string;
  width?: number;
  /** Query string of the preview (e.g. `mode=history`), and what to show above the upload (a choice of mode). */
  previewQuery?: string;
  before?: ReactNode;
  /** Rows the ledger already holds (`duplicateOf`): they are skipped, or the user may ask to update them (`duplicates=update`). */
  duplicatesHint?: { found: (count: number) => string; update: string };
}

/**
 * An import as offices expect it: upload, every row checked and shown with its row, column and reason (rows with
 * something to say first), nothing written until every row is good and the user confirms, warnings confirmed
 * explicitly; a file imported before is recognised. Tasks, projects and indicator values share it.
 */
export function ImportDialog<Done extends { created: number } = { created: number }>(p: ImportDialogProps<Done>) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [updateDuplicates, setUpdateDuplicates] = useState(false);
  const needsConfirm = (preview?.warnings ?? 0) > 0;
  const duplicates = (preview?.rows ?? []).filter((r) => r.duplicateOf).length;

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    setPreview(null);
    setConfirmed(false);
    try {
      const form = new FormData();
      form.append('file', file);
      const url = p.previewQuery ? `${p.endpoint}?${p.previewQuery}` : p.endpoint;
      setPreview(await api<Preview>('POST', url, { form }));
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
      const url = `${p.endpoint}/${preview!.batchId}/commit${duplicates && updateDuplicates ? '?duplicates=update' : ''}`;
      const r = await api<Done>('POST', url, needsConfirm ? { body: { confirm: confirmed } } : {});
      setPreview(null);
      p.onDone(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const said = (r: Row) => r.errors.length > 0 || (r.warnings?.length ?? 0) > 0;
  const problems = (list: Problem[] | undefined, type: 'danger' | 'warning') =>
    (list ?? []).map((e, i) => (
      <div key={`${type}${i}`}>
        <Typography.Text type={type}>
          {e.column}：{e.message}
        </Typography.Text>
      </div>
    ));

  return (
    <Modal
      open={p.open}
      title={p.title}
      width={p.width ?? 900}
      onCancel={p.onClose}
      destroyOnHidden
      footer={
        preview?.batchId
          ? [
              <Button key="c" onClick={p.onClose}>
                {t('cancel')}
              </Button>,
              <Button
                key="ok"
                type="primary"
                loading={busy}
                disabled={needsConfirm && !confirmed}
                onClick={commit}
                data-testid={`${p.testId}-commit`}
              >
                {t('import.commit', { count: preview.accepted, unit: p.unit })}
              </Button>,
            ]
          : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {p.before}
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(f) => upload(f)}
          disabled={busy}
          data-testid={`${p.testId}-upload`}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{p.hint}</p>
        </Upload.Dragger>
        {p.templateUrl && (
          <Button
            size="small"
            icon={<DownloadOutlined />}
            onClick={() => download(p.templateUrl!).catch((e: Error) => message.error(e.message))}
          >
            {t('import.template')}
          </Button>
        )}
        {busy && <Alert type="info" showIcon title={t('import.checking')} />}
        <ErrorAlert error={error} />
        {preview && (
          <>
            {preview.previouslyCommittedAt && (
              <Alert
                type="warning"
                showIcon
                title={t('import.previously', {
                  at: beijingTime(preview.previouslyCommittedAt, locale),
                  consequence: p.again ?? t('import.again'),
                })}
              />
            )}
            <Alert
              type={preview.rejected ? 'error' : !preview.rows.length || needsConfirm ? 'warning' : 'success'}
              showIcon
              data-testid={`${p.testId}-summary`}
              title={
                preview.rejected
                  ? t('import.summaryRejected', { rejected: preview.rejected, accepted: preview.accepted })
                  : preview.rows.length
                    ? t('import.summaryOk', { accepted: preview.accepted }) +
                      (needsConfirm
                        ? `${locale === 'zh-CN' ? '；' : '; '}${t('import.summaryWarnings', { warnings: preview.warnings! })}`
                        : '')
                    : t('import.empty')
              }
            />
            {duplicates > 0 && p.duplicatesHint && (
              <Alert
                type="warning"
                showIcon
                data-testid={`${p.testId}-duplicates`}
                title={p.duplicatesHint.found(duplicates)}
                description={
                  preview.batchId && (
                    <Checkbox
                      checked={updateDuplicates}
                      onChange={(e) => setUpdateDuplicates(e.target.checked)}
                      data-testid={`${p.testId}-update-duplicates`}
                    >
                      {p.duplicatesHint.update}
                    </Checkbox>
                  )
                }
              />
            )}
            {preview.batchId && needsConfirm && (
              <Checkbox
                checked={confirmed}
                onChange={(e) => setConfirmed(e.target.checked)}
                data-testid={`${p.testId}-confirm`}
              >
                {t('import.confirmWarnings')}
              </Checkbox>
            )}
            <Table<Row>
              size="small"
              rowKey="row"
              dataSource={preview.rows.filter(said).concat(preview.rows.filter((r) => !said(r)))}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid={`${p.testId}-rows`}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 60 },
                ...p.columns.map((c) => ({ title: c.title, dataIndex: c.field, width: c.width })),
                {
                  title: t('import.result'),
                  key: 's',
                  width: 110,
                  render: (_: unknown, r: Row) => {
                    // A ledger row repeats a numbered task; an enterprise row a registered enterprise (by its name).
                    const dup = r.duplicateOf as { serial?: number; name?: string } | null | undefined;
                    if (r.status !== 'accepted') return <Tag color="red">{t('import.rejected')}</Tag>;
                    if (dup)
                      return (
                        <Tag color="orange">
                          {dup.serial !== undefined
                            ? t('import.duplicate', { serial: dup.serial })
                            : t('import.registered')}
                        </Tag>
                      );
                    return <Tag color={r.warnings?.length ? 'gold' : 'green'}>{t('import.accepted')}</Tag>;
                  },
                },
                {
                  title: t('import.problems'),
                  key: 'e',
                  render: (_: unknown, r: Row) => [...problems(r.errors, 'danger'), ...problems(r.warnings, 'warning')],
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
