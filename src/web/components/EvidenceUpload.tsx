import { Button, List, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../lib/api';

export interface Evidence {
  id: string;
  fileName: string;
}

/** Uploads one file as an attachment (type checked from its content on the server), not yet bound to anything. */
export function uploadEvidence(file: File): Promise<Evidence> {
  const form = new FormData();
  form.append('file', file);
  return api<Evidence>('POST', '/api/v1/attachments', { form });
}

/**
 * 佐证材料 for a close request, a milestone done or a blocker resolved: the files are uploaded as they are chosen
 * and listed; the form sends their ids with its action, which binds them to the record.
 */
export function EvidenceUpload({
  files,
  onAdd,
  onError,
}: {
  files: Evidence[];
  onAdd: (f: Evidence) => void;
  onError: (e: unknown) => void;
}) {
  return (
    <>
      <Upload
        showUploadList={false}
        accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        beforeUpload={(f) => {
          uploadEvidence(f).then(onAdd, onError);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="evidence-upload">
          上传佐证材料（PDF、图片、Word、Excel，≤20MB）
        </Button>
      </Upload>
      {files.length > 0 && (
        <List
          size="small"
          dataSource={files}
          renderItem={(f) => (
            <List.Item>
              <PaperClipOutlined /> {f.fileName}
            </List.Item>
          )}
          data-testid="evidence-list"
        />
      )}
    </>
  );
}
