import { useState } from 'react';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasRole, useMe } from '../../app/session';
import { ENCODING_LABELS, type DocumentSummary } from '../../../shared/extraction';
import { extractionApi, extractionKeys } from './api';

const SOURCE_OPTIONS = [
  { value: 'meeting', label: '领导讲话 / 会议' },
  { value: 'work_report', label: '政府工作报告' },
  { value: 'document', label: '文件' },
  { value: 'instruction', label: '领导批示' },
];

/**
 * 讲话任务分解: upload a speech or work report (.txt in UTF-8 or GBK, .docx) or paste its text; the offline
 * extractor drafts candidate tasks, and the review screen opens. Below, the documents drafted so far.
 */
export default function ExtractionsPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
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
        if (!file) throw new Error('请选择 .txt 或 .docx 文件');
        return extractionApi.upload(file, fields);
      }
      return extractionApi.paste({ ...fields, text: v.text ?? '' });
    },
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: extractionKeys.all });
      navigate(`/extractions/${d.id}`);
    },
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        讲话任务分解
      </Typography.Title>
      {canWrite && (
        <Card title="上传讲话或工作报告" data-testid="extraction-upload">
          <Typography.Paragraph type="secondary">
            系统在本机离线读取全文，找出带有责任单位、时限或目标的部署性句子，生成候选任务供审核；审核后可一键交办进督办台账，每项任务都链接回原文段落。支持 .txt（UTF-8 或 GBK）和 .docx，最大 5 MB；也可以直接粘贴正文。
          </Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ sourceType: 'meeting' }}>
            <Segmented
              value={mode}
              onChange={(v) => setMode(v as 'file' | 'paste')}
              options={[
                { value: 'file', label: '上传文件' },
                { value: 'paste', label: '粘贴正文' },
              ]}
              style={{ marginBottom: 16 }}
              data-testid="extraction-mode"
            />
            {mode === 'file' ? (
              <Form.Item label="文件">
                <Upload.Dragger
                  accept=".txt,.docx"
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
                  <p className="ant-upload-text">点击或拖入 .txt / .docx 文件</p>
                </Upload.Dragger>
              </Form.Item>
            ) : (
              <Form.Item name="text" label="正文" rules={[{ required: true, whitespace: true, message: '请粘贴讲话或报告正文' }]}>
                <Input.TextArea rows={10} placeholder="把讲话或报告全文粘贴到这里" data-testid="extraction-text" />
              </Form.Item>
            )}
            <Space wrap align="start">
              <Form.Item name="title" label="标题（可不填，默认取第一行）">
                <Input style={{ width: 320 }} maxLength={300} data-testid="extraction-title" />
              </Form.Item>
              <Form.Item name="year" label="年度（用于“上半年”等时限，默认取标题中的年份）">
                <InputNumber min={2000} max={2100} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="sourceType" label="来源类型">
                <Select options={SOURCE_OPTIONS} style={{ width: 180 }} />
              </Form.Item>
            </Space>
            {create.error && <ErrorAlert error={create.error} style={{ marginBottom: 16 }} />}
            <Button type="primary" loading={create.isPending} onClick={() => create.mutate()} data-testid="extraction-submit">
              {create.isPending ? '正在分解…' : '分解任务'}
            </Button>
          </Form>
        </Card>
      )}
      <Card title="已分解的文档">
        {list.error ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Table<DocumentSummary>
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={canWrite ? '还没有分解过讲话或报告：在上方上传或粘贴一份' : '还没有分解过讲话或报告'} /> }}
            pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (n) => `共 ${n} 份` }}
            columns={[
              { title: '标题', key: 'title', render: (_: unknown, d) => <Typography.Link onClick={() => navigate(`/extractions/${d.id}`)} data-testid={`extraction-doc-${d.id}`}>{d.title}</Typography.Link> },
              { title: '文件', key: 'file', width: 200, render: (_: unknown, d) => <span>{d.sourceFileName ?? '（粘贴）'} <Tag>{ENCODING_LABELS[d.encoding] ?? d.encoding}</Tag></span> },
              { title: '年度', dataIndex: 'year', width: 70 },
              { title: '字数', dataIndex: 'characters', width: 90 },
              { title: '候选', key: 'c', width: 70, render: (_: unknown, d) => d.counts.candidates },
              { title: '已采纳', key: 'a', width: 80, render: (_: unknown, d) => d.counts.accepted },
              { title: '已交办', key: 'i', width: 80, render: (_: unknown, d) => (d.counts.issued ? <Tag color="green">{d.counts.issued}</Tag> : 0) },
              { title: '上传人', dataIndex: 'uploaderName', width: 100 },
              { title: '上传时间', key: 'at', width: 170, render: (_: unknown, d) => new Date(d.createdAt).toLocaleString('zh-CN') },
            ]}
          />
        )}
      </Card>
      {!canWrite && <Alert type="info" showIcon title="领导可查看分解结果；上传、审核和交办由督查室办理。" />}
    </Space>
  );
}
