import { useEffect, useState } from 'react';
import { Button, Checkbox, List, Progress, Space, Typography, Upload } from 'antd';
import { CameraOutlined, PaperClipOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, upload } from '../lib/api';
import { preparePhoto } from '../lib/photo';
import { useI18n } from '../app/i18n';
import { usePhone } from './phone';

export interface Evidence {
  id: string;
  fileName: string;
}

/** Uploads one file as an attachment (type checked from its content on the server), not yet bound to anything. */
export function uploadEvidence(file: File, onProgress: (share: number) => void = () => {}): Promise<Evidence> {
  const form = new FormData();
  form.append('file', file);
  return upload<Evidence>('/api/v1/attachments', form, onProgress);
}

/** A file on its way: its progress, or why it failed (then it can be sent again). */
interface Sending {
  key: number;
  file: File;
  share: number;
  failed?: string;
}

const KEEP_DATE = 'luoshi.photo.keepDate';
let nextKey = 1;

/**
 * 佐证材料 for a progress report, a close request, a milestone done or a blocker resolved: the files are uploaded as
 * they are chosen (a photo compressed on the device first, see lib/photo.ts), each with its progress on a slow
 * connection and a retry when the connection drops; the form sends the uploaded files' ids with its action, which
 * binds them to the record. On a phone a second button opens the camera.
 */
export function EvidenceUpload({
  files,
  onAdd,
  onError,
  onSending,
  chooseText,
}: {
  /** The chooser's words where the files are not evidence (an answer's files for the enterprise). */
  chooseText?: string;
  files: Evidence[];
  onAdd: (f: Evidence) => void;
  onError: (e: unknown) => void;
  /** How many files are still on their way (a form waits for them before it is sent). */
  onSending?: (count: number) => void;
}) {
  const { locale } = useI18n();
  const zh = locale === 'zh-CN';
  const phone = usePhone();
  const [sending, setSending] = useState<Sending[]>([]);
  // Keeping the date a photo was taken is the person's choice, remembered on this device; the rest is always removed.
  const [keepDate, setKeepDate] = useState(() => globalThis.localStorage?.getItem(KEEP_DATE) === '1');
  useEffect(() => onSending?.(sending.length), [sending.length, onSending]);
  const patch = (key: number, p: Partial<Sending>) =>
    setSending((xs) => xs.map((x) => (x.key === key ? { ...x, ...p } : x)));

  function send(key: number, file: File) {
    patch(key, { share: 0, failed: undefined });
    uploadEvidence(file, (share) => patch(key, { share })).then(
      (e) => {
        setSending((xs) => xs.filter((x) => x.key !== key));
        onAdd(e);
      },
      (e: unknown) => {
        // A dropped connection is retried here; a refusal (type, size) is said where the form shows its errors.
        if (e instanceof ApiError && e.status !== 0) {
          setSending((xs) => xs.filter((x) => x.key !== key));
          onError(e);
        } else patch(key, { failed: e instanceof Error ? e.message : String(e) });
      },
    );
  }

  async function choose(original: File) {
    const key = nextKey++;
    setSending((xs) => [...xs, { key, file: original, share: 0 }]);
    const file = await preparePhoto(original, keepDate).catch(() => original);
    patch(key, { file });
    send(key, file);
  }

  const chooser = (
    <Upload
      showUploadList={false}
      multiple
      accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,image/*"
      beforeUpload={(f) => {
        void choose(f);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} data-testid="evidence-upload">
        {chooseText ??
          (phone
            ? zh
              ? '选择文件'
              : 'Choose files'
            : zh
              ? '上传佐证材料（PDF、图片、Word、Excel，≤20MB）'
              : 'Upload evidence (PDF, image, Word, Excel, ≤20 MB)')}
      </Button>
    </Upload>
  );

  return (
    <>
      {phone ? (
        <>
          <Space wrap>
            <Upload
              showUploadList={false}
              accept="image/*"
              capture="environment"
              beforeUpload={(f) => {
                void choose(f);
                return false;
              }}
            >
              <Button type="primary" ghost icon={<CameraOutlined />} data-testid="evidence-camera">
                {zh ? '拍照' : 'Take a photo'}
              </Button>
            </Upload>
            {chooser}
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
            {zh ? 'PDF、图片、Word、Excel，≤20MB' : 'PDF, image, Word, Excel, ≤20 MB'}
          </Typography.Paragraph>
        </>
      ) : (
        chooser
      )}
      <div>
        <Checkbox
          checked={keepDate}
          onChange={(e) => {
            setKeepDate(e.target.checked);
            globalThis.localStorage?.setItem(KEEP_DATE, e.target.checked ? '1' : '0');
          }}
          data-testid="evidence-keep-date"
        >
          {zh
            ? '照片保留拍摄时间（位置、设备等其他信息一律去除）'
            : 'Keep the time a photo was taken (place, device and all else removed)'}
        </Checkbox>
      </div>
      {sending.length > 0 && (
        <List
          size="small"
          dataSource={sending}
          data-testid="evidence-sending"
          renderItem={(s) => (
            <List.Item
              actions={
                s.failed
                  ? [
                      <Button
                        key="retry"
                        icon={<ReloadOutlined />}
                        onClick={() => send(s.key, s.file)}
                        data-testid="evidence-retry"
                      >
                        {zh ? '重试' : 'Retry'}
                      </Button>,
                    ]
                  : []
              }
            >
              <div style={{ width: '100%', minWidth: 0 }}>
                <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                  <PaperClipOutlined /> {s.file.name}
                </Typography.Text>
                {s.failed ? (
                  <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
                    {s.failed}
                  </Typography.Text>
                ) : (
                  <Progress
                    percent={Math.round(s.share * 100)}
                    size="small"
                    status="active"
                    data-testid="evidence-progress"
                  />
                )}
              </div>
            </List.Item>
          )}
        />
      )}
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
