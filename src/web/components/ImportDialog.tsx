import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Tag, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { api } from '../lib/api';
import { ErrorAlert } from './ErrorAlert';

/** The preview every import endpoint answers (POST …/import), rows named by `label`. */
interface Preview {
  batchId: string | null;
  fileName: string;
  accepted: number;
  rejected: number;
  previouslyCommittedAt: string | null;
  rows: ({ row: number; status: 'accepted' | 'rejected'; errors: { column: string; message: string }[] } & Record<string, unknown>)[];
}

export interface ImportDialogProps {
  open: boolean;
  onClose: () => void;
  onDone: (created: number) => void;
  /** The import endpoint: `${endpoint}` previews, `${endpoint}/{batch}/commit` writes. */
  endpoint: string;
  title: string;
  /** What the header must contain, said under the upload area. */
  hint: string;
  /** The row field naming a row, and its column title. */
  label: { field: string; title: string };
  /** '项' or '个项目': counts in the commit button. */
  unit: string;
  /** Prefix of the test ids (`${testId}-upload`, `-summary`, `-rows`, `-commit`). */
  testId: string;
  width?: number;
}

/**
 * An import as offices expect it: upload, every row checked and shown with its row, column and reason, nothing
 * written until every row is good and the user confirms; a file imported before is recognised.
 */
export function ImportDialog(p: ImportDialogProps) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    setPreview(null);
    try {
      const form = new FormData();
      form.append('file', file);
      setPreview(await api<Preview>('POST', p.endpoint, { form }));
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
      const r = await api<{ created: number }>('POST', `${p.endpoint}/${preview!.batchId}/commit`);
      p.onDone(r.created);
      setPreview(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={p.open}
      title={p.title}
      width={p.width ?? 900}
      onCancel={p.onClose}
      destroyOnHidden
      footer={preview?.batchId ? [<Button key="c" onClick={p.onClose}>取消</Button>, <Button key="ok" type="primary" loading={busy} onClick={commit} data-testid={`${p.testId}-commit`}>确认导入 {preview.accepted} {p.unit}</Button>] : null}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => upload(f)} disabled={busy} data-testid={`${p.testId}-upload`}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{p.hint}</p>
        </Upload.Dragger>
        {busy && <Alert type="info" showIcon title="正在校验，请稍候…" />}
        <ErrorAlert error={error} />
        {preview && (
          <>
            {preview.previouslyCommittedAt && <Alert type="warning" showIcon title={`该文件已于 ${new Date(preview.previouslyCommittedAt).toLocaleString('zh-CN')} 导入过，再次导入会重复`} />}
            <Alert
              type={preview.rejected ? 'error' : preview.rows.length ? 'success' : 'warning'}
              showIcon
              data-testid={`${p.testId}-summary`}
              title={preview.rejected ? `${preview.rejected} 行有问题、${preview.accepted} 行可导入；请修改后重新上传，未写入任何数据` : preview.rows.length ? `${preview.accepted} 行全部通过校验，确认后一次写入` : '文件中没有可导入的行'}
            />
            <Table
              size="small"
              rowKey="row"
              dataSource={preview.rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid={`${p.testId}-rows`}
              columns={[
                { title: '行', dataIndex: 'row', width: 60 },
                { title: p.label.title, dataIndex: p.label.field },
                { title: '结果', dataIndex: 'status', width: 80, render: (s: string) => (s === 'accepted' ? <Tag color="green">可导入</Tag> : <Tag color="red">有误</Tag>) },
                { title: '问题（列：说明）', key: 'e', render: (_: unknown, r: Preview['rows'][number]) => r.errors.map((e, i) => <div key={i}>{e.column}：{e.message}</div>) },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
