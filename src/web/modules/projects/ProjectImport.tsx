import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Tag, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { api } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Preview {
  batchId: string | null;
  fileName: string;
  accepted: number;
  rejected: number;
  previouslyCommittedAt: string | null;
  rows: { row: number; status: 'accepted' | 'rejected'; name: string; errors: { column: string; code: string; message: string }[] }[];
}

/** Import of the office's key-project table: every row checked and shown by row and column; written only when all rows are good. */
export function ProjectImport({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (created: number) => void }) {
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
      setPreview(await api<Preview>('POST', '/api/v1/projects/import', { form }));
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
      const r = await api<{ created: number }>('POST', `/api/v1/projects/import/${preview!.batchId}/commit`);
      onDone(r.created);
      setPreview(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="导入重点项目表（.xlsx / .csv）"
      width={960}
      onCancel={onClose}
      destroyOnHidden
      footer={preview?.batchId ? [<Button key="c" onClick={onClose}>取消</Button>, <Button key="ok" type="primary" loading={busy} onClick={commit} data-testid="project-import-commit">确认导入 {preview.accepted} 个项目</Button>] : null}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => upload(f)} disabled={busy} data-testid="project-import-upload">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>表头须含“项目名称、类型、建设内容、总投资、责任单位、建设年限”，可含年度计划投资、建设单位、包联领导、所在乡镇、所在库、标记、经纬度；金额注明万元或亿元</p>
        </Upload.Dragger>
        {busy && <Alert type="info" showIcon title="正在校验，请稍候…" />}
        <ErrorAlert error={error} />
        {preview && (
          <>
            {preview.previouslyCommittedAt && <Alert type="warning" showIcon title={`该文件已于 ${new Date(preview.previouslyCommittedAt).toLocaleString('zh-CN')} 导入过，再次导入会重复`} />}
            <Alert
              type={preview.rejected ? 'error' : preview.rows.length ? 'success' : 'warning'}
              showIcon
              data-testid="project-import-summary"
              title={preview.rejected ? `${preview.rejected} 行有问题、${preview.accepted} 行可导入；请修改后重新上传，未写入任何数据` : preview.rows.length ? `${preview.accepted} 行全部通过校验，确认后一次写入` : '文件中没有项目行'}
            />
            <Table
              size="small"
              rowKey="row"
              dataSource={preview.rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="project-import-rows"
              columns={[
                { title: '行', dataIndex: 'row', width: 60 },
                { title: '项目名称', dataIndex: 'name' },
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
