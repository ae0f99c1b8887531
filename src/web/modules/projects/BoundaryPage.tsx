import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { hasRole, useMe } from '../../app/session';
import { ringsOf } from './MapPage';
import { conflictNotice, projectApi, projectKeys, type Boundary } from './api';
import { useRoundsT } from './i18n-rounds';

const W = 420;
const H = 300;

/** The outline drawn small, as on the map (linear projection with the cosine of the latitude). */
function Outline({ geojson, bbox }: { geojson: unknown; bbox: [number, number, number, number] }) {
  const tr = useRoundsT();
  const paths = useMemo(() => {
    const [minX, minY, maxX, maxY] = bbox;
    const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const s = Math.min((W - 20) / Math.max((maxX - minX) * k, 1e-6), (H - 20) / Math.max(maxY - minY, 1e-6));
    const ox = (W - (maxX - minX) * k * s) / 2;
    const oy = (H - (maxY - minY) * s) / 2;
    return ringsOf(geojson).map(
      (r) =>
        `${r
          .map(
            ([x, y], i) => `${i ? 'L' : 'M'}${(ox + (x - minX) * k * s).toFixed(1)},\
${(H - oy - (y - minY) * s).toFixed(1)}`,
          )
          .join(' ')} Z`,
    );
  }, [geojson, bbox]);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      style={{ background: '#f7f9fb', border: '1px solid #f0f0f0', maxWidth: '100%' }}
      data-testid="boundary-outline"
      role="img"
      aria-label={tr('boundaryPreview')}
    >
      {paths.map((d, i) => (
        <path key={i} d={d} fill="#eef3e8" stroke="#7a8b6a" strokeWidth={1.5} fillRule="evenodd" />
      ))}
    </svg>
  );
}

/**
 * 县域边界: the system administrator uploads the county outline as a GeoJSON file (no online tiles). A file that is
 * not JSON is refused here; one that is not a usable boundary is refused by the server with the path of each problem.
 */
export default function BoundaryPage() {
  const tr = useRoundsT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [file, setFile] = useState<{ name: string; geojson: unknown } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const current = useQuery({
    queryKey: projectKeys.boundary,
    // No boundary yet is a state of its own, not an error.
    queryFn: () =>
      projectApi
        .boundary()
        .catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
  });
  const reload = () => qc.invalidateQueries({ queryKey: projectKeys.boundary });

  const save = useMutation({
    mutationFn: (v: { name: string }) =>
      projectApi.putBoundary(current.data?.version ?? 0, { name: v.name.trim(), geojson: file!.geojson }),
    onSuccess: (b: Boundary) => {
      message.success(tr('boundaryUpdated', { version: b.version }));
      setFile(null);
      setError(null);
      form.resetFields();
      qc.invalidateQueries({ queryKey: projectKeys.all });
    },
    onError: (e) => {
      if (conflictNotice(message, e, reload)) return;
      // The name's problems go on its field; the document's (body.geojson…) are listed with their paths.
      applyServerErrors(form, e);
      setError(e);
    },
  });

  async function read(f: File) {
    setFile(null);
    setError(null);
    setFileError(null);
    const text = await f.text();
    try {
      const geojson: unknown = JSON.parse(text);
      if (!geojson || typeof geojson !== 'object' || !('type' in geojson)) throw new Error(tr('geojsonMissingType'));
      setFile({ name: f.name, geojson });
      if (!form.getFieldValue('name')) form.setFieldsValue({ name: f.name.replace(/\.(geo)?json$/i, '') });
    } catch (e) {
      setFileError(tr('invalidGeojson', { name: f.name, reason: (e as Error).message }));
    }
  }

  if (!hasRole(me, ['system_admin'])) return <Result status="403" title={tr('boundaryAdminOnly')} />;
  const b = current.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={tr('currentBoundary')}>
        {current.isLoading && <Spin />}
        <ErrorAlert error={current.error} />
        {!current.isLoading && !current.error && !b && (
          <Alert type="info" showIcon data-testid="boundary-none" title={tr('noBoundary')} />
        )}
        {b && (
          <Space align="start" wrap size="large">
            <Descriptions size="small" column={1} bordered style={{ minWidth: 320 }}>
              <Descriptions.Item label={tr('boundaryNameLabel')}>
                <span data-testid="boundary-name">{b.name}</span>{' '}
                {b.generated && <Tag color="orange">{tr('generatedBoundary')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={tr('boundaryVersion')}>
                {tr('versionValue', { version: b.version })}
              </Descriptions.Item>
              <Descriptions.Item label={tr('boundaryExtent')}>
                {b.bbox[0].toFixed(4)}, {b.bbox[1].toFixed(4)} — {b.bbox[2].toFixed(4)}, {b.bbox[3].toFixed(4)}
              </Descriptions.Item>
            </Descriptions>
            <Outline geojson={b.geojson} bbox={b.bbox} />
          </Space>
        )}
      </Card>

      <Card title={b ? tr('replaceBoundaryTitle') : tr('uploadBoundaryTitle')}>
        <Typography.Paragraph type="secondary">{tr('boundaryUploadHint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => (setError(null), save.mutate(v))}
          style={{ maxWidth: 560 }}
        >
          <Form.Item label={tr('geojsonFile')} required>
            <Upload
              accept=".geojson,.json,application/geo+json,application/json"
              showUploadList={false}
              beforeUpload={(f) => {
                void read(f);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="boundary-file">
                {tr('chooseFile')}
              </Button>
            </Upload>
            {file && (
              <Typography.Text style={{ marginInlineStart: 8 }} data-testid="boundary-file-name">
                {file.name}
              </Typography.Text>
            )}
          </Form.Item>
          {fileError && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="boundary-file-error"
              title={fileError}
            />
          )}
          <Form.Item
            name="name"
            label={tr('boundaryName')}
            rules={[
              { required: true, whitespace: true, message: tr('boundaryNameRequired') },
              { max: 100, message: tr('boundaryNameMax') },
            ]}
          >
            <Input placeholder={tr('boundaryNamePlaceholder')} data-testid="boundary-name-input" />
          </Form.Item>
          <ErrorAlert error={error} style={{ marginBottom: 16 }} />
          <Button
            type="primary"
            htmlType="submit"
            disabled={!file}
            loading={save.isPending}
            data-testid="boundary-save"
          >
            {b ? tr('replaceBoundary') : tr('uploadBoundary')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
