import { useState } from 'react';
import { Alert, App, Button, Card, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, download } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Preview {
  batchId: string | null;
  fileName: string;
  units: number;
  people: number;
  previouslyCommittedAt: string | null;
  errors: { row?: number; column?: string; field?: string; code: string; message: string }[];
  sample: { units: { row: number; name: string; parentName: string | null; kind: string }[]; people: { row: number; username: string; displayName: string; unitName: string; roles: string[] }[] };
}

/** 批量导入: template → upload and check every row (nothing written) → commit all at once. */
export default function OrgImportPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ units: number; people: number } | null>(null);
  const step = done ? 3 : preview ? 2 : 1;

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const form = new FormData();
      form.append('file', file);
      setPreview(await api<Preview>('POST', '/api/v1/org-imports', { form }));
    } catch (e) {
      setError(e);
      setPreview(null);
    } finally {
      setBusy(false);
    }
    return false;
  }
  async function commit() {
    if (!preview?.batchId) return;
    setBusy(true);
    try {
      const r = await api<{ units: number; people: number }>('POST', `/api/v1/org-imports/${preview.batchId}/commit`);
      setDone(r);
      message.success(`已导入 ${r.units} 个单位、${r.people} 名人员`);
      qc.invalidateQueries({ queryKey: ['units'] });
      qc.invalidateQueries({ queryKey: ['people'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="批量导入单位与人员">
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: '下载模板' }, { title: '上传并逐行校验' }, { title: '确认导入' }, { title: '完成' }]} />
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        <Button icon={<DownloadOutlined />} onClick={() => download('/api/v1/org-imports/template').catch(setError)}>
          下载导入模板（.xlsx）
        </Button>
        <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => upload(f)} disabled={busy} data-testid="org-upload">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或拖入 .xlsx / .csv 文件（支持 WPS、GBK 编码的 CSV）</p>
          <Typography.Text type="secondary">上传后只做校验，确认前不写入任何数据</Typography.Text>
        </Upload.Dragger>
        {busy && <Alert type="info" showIcon title="正在处理，请稍候…" />}
        <ErrorAlert error={error} />
        {preview && (
          <>
            {preview.previouslyCommittedAt && <Alert type="warning" showIcon title={`该文件已于 ${new Date(preview.previouslyCommittedAt).toLocaleString('zh-CN')} 导入过`} />}
            {preview.errors.length > 0 ? (
              <>
                <Alert type="error" showIcon title={`发现 ${preview.errors.length} 处问题，未写入任何数据。请修改文件后重新上传。`} data-testid="import-errors" />
                <Table
                  size="small"
                  rowKey={(r, i) => `${r.field}-${i}`}
                  dataSource={preview.errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    { title: '位置', dataIndex: 'field', key: 'field', width: 200 },
                    { title: '行', dataIndex: 'row', key: 'row', width: 60 },
                    { title: '列', dataIndex: 'column', key: 'column', width: 100 },
                    { title: '问题', dataIndex: 'message', key: 'message' },
                  ]}
                />
              </>
            ) : (
              <>
                <Alert type="success" showIcon title={`校验通过：${preview.units} 个单位、${preview.people} 名人员，确认后一次写入。`} />
                <Table size="small" rowKey="row" dataSource={preview.sample.people} pagination={false} columns={[{ title: '行', dataIndex: 'row' }, { title: '用户名', dataIndex: 'username' }, { title: '姓名', dataIndex: 'displayName' }, { title: '单位', dataIndex: 'unitName' }, { title: '角色', dataIndex: 'roles', render: (r: string[]) => r.map((x) => <Tag key={x}>{x}</Tag>) }]} />
                <Button type="primary" onClick={commit} loading={busy} disabled={!!done} data-testid="import-commit">
                  确认导入
                </Button>
              </>
            )}
          </>
        )}
        {done && <Alert type="success" showIcon title={`导入完成：${done.units} 个单位、${done.people} 名人员。新账户首次登录须修改初始密码。`} />}
      </Space>
    </Card>
  );
}
