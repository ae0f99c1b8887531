import { useState } from 'react';
import { App, Button, Image, Popconfirm, Progress, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { uploadEvidence } from '../../components/EvidenceUpload';
import { preparePhoto } from '../../lib/photo';
import { invApi, invKeys, sitePhotoUrl } from './api';
import { useInvT } from './i18n';

/** Thumbnails of a site's photos (the images themselves, drawn small: they are compressed on upload). */
export function PhotoThumbs({ siteId, photoIds, size = 64 }: { siteId: string; photoIds: string[]; size?: number }) {
  if (photoIds.length === 0) return null;
  return (
    <Space size={4} wrap data-testid="site-thumbs">
      {photoIds.map((p) => (
        <img
          key={p}
          src={sitePhotoUrl(siteId, p)}
          alt=""
          width={size}
          height={size}
          style={{ objectFit: 'cover', borderRadius: 4, display: 'block' }}
          data-testid="site-thumb"
        />
      ))}
    </Space>
  );
}

/**
 * 现场照片 of a site: thumbnails with a preview, and for whoever may edit the site an upload (photos compressed on
 * the device first, lib/photo.ts; the server accepts JPG and PNG only, checked by content) and removal.
 */
export function SitePhotos({ siteId, mayWrite }: { siteId: string; mayWrite: boolean }) {
  const tr = useInvT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [share, setShare] = useState<number | null>(null);
  const photos = useQuery({ queryKey: invKeys.sitePhotos(siteId), queryFn: () => invApi.sitePhotos(siteId) });
  const refresh = () => {
    qc.invalidateQueries({ queryKey: invKeys.sitePhotos(siteId) });
    qc.invalidateQueries({ queryKey: ['sites'] });
    qc.invalidateQueries({ queryKey: ['investment', 'map'] });
  };
  const remove = useMutation({
    mutationFn: (photoId: string) => invApi.removeSitePhoto(siteId, photoId),
    onSuccess: refresh,
    onError: setError,
  });
  async function add(original: File) {
    setError(null);
    setShare(0);
    try {
      const file = await preparePhoto(original, false).catch(() => original);
      const a = await uploadEvidence(file, setShare);
      await invApi.addSitePhoto(siteId, { attachmentId: a.id });
      message.success(tr('saved'));
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setShare(null);
    }
  }
  const items = photos.data?.items ?? [];
  return (
    <div data-testid="site-photos">
      <ErrorAlert error={error ?? photos.error} style={{ marginBottom: 8 }} />
      {items.length === 0 && !photos.isLoading && (
        <Typography.Paragraph type="secondary">{tr('noPhotos')}</Typography.Paragraph>
      )}
      <Image.PreviewGroup>
        <Space size={8} wrap>
          {items.map((p) => (
            <Space key={p.id} direction="vertical" size={2} align="center">
              <Image
                src={sitePhotoUrl(siteId, p.id)}
                width={112}
                height={84}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                alt={p.caption || p.fileName}
                data-testid="site-photo"
              />
              {mayWrite && (
                <Popconfirm title={tr('removePhotoConfirm')} onConfirm={() => remove.mutate(p.id)}>
                  <Button size="small" type="link" danger>
                    {tr('removePhoto')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ))}
        </Space>
      </Image.PreviewGroup>
      {mayWrite && (
        <div style={{ marginTop: 8 }}>
          <Upload
            showUploadList={false}
            multiple
            accept=".jpg,.jpeg,.png,image/jpeg,image/png"
            beforeUpload={(f) => {
              void add(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={share !== null} data-testid="site-photo-upload">
              {tr('addPhotos')}
            </Button>
          </Upload>
          {share !== null && <Progress percent={Math.round(share * 100)} size="small" style={{ maxWidth: 240 }} />}
        </div>
      )}
    </div>
  );
}
