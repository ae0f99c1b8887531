import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Image, Input, Space, Switch, Tag, Typography, Upload } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import {
  DEFAULT_PUBLIC_FIELDS,
  PUBLIC_FIELD_LABELS,
  PUBLIC_FIELDS,
  type PublicField,
} from '../../../shared/domain/publication';
import type { PublicationOut } from '../../../shared/publication';
import { publicationApi, publicationKeys } from './api';
import { usePublicationT } from './i18n';
import { beijingTime } from '../../lib/time';

/**
 * 公开 card on a project's page: the supervision office decides whether a 民生实事 project appears on the public page,
 * which of its fields, and which photos. Principals see the settings; nobody else gets the card.
 */
export function PublicationCard({ projectId }: { projectId: string }) {
  const tr = usePublicationT();
  const { label, locale } = useI18n();
  const { data: me } = useMe();
  const visible = hasRole(me, ['supervision_office', 'principal']);
  const editable = hasRole(me, ['supervision_office']);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: publicationKeys.settings(projectId),
    queryFn: () => publicationApi.settings(projectId),
    enabled: visible,
  });
  const [published, setPublished] = useState(false);
  const [fields, setFields] = useState<PublicField[]>(DEFAULT_PUBLIC_FIELDS);
  const [description, setDescription] = useState('');
  const [captions, setCaptions] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!q.data) return;
    setPublished(q.data.published);
    setFields(q.data.version === 0 ? DEFAULT_PUBLIC_FIELDS : q.data.fields);
    setDescription(q.data.description ?? '');
  }, [q.data]);

  const done = (s: PublicationOut) => qc.setQueryData(publicationKeys.settings(projectId), s);
  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'version_conflict') {
      message.warning(tr('versionConflict'));
      void qc.invalidateQueries({ queryKey: publicationKeys.settings(projectId) });
    } else message.error(e instanceof Error ? e.message : String(e));
  };
  const save = useMutation({
    mutationFn: () => publicationApi.put(q.data!, { published, fields, description: description.trim() || null }),
    onSuccess: (s) => {
      done(s);
      message.success(s.published ? tr('savedPublished') : tr('savedUnpublished'));
    },
    onError: failed,
  });
  const addPhoto = useMutation({
    mutationFn: (a: { attachmentId: string; caption: string }) =>
      publicationApi.addPhoto(projectId, { ...a, published: true }),
    onSuccess: done,
    onError: failed,
  });
  const patchPhoto = useMutation({
    mutationFn: (a: { photo: { id: string; version: number }; body: { caption?: string; published?: boolean } }) =>
      publicationApi.patchPhoto(projectId, a.photo, a.body),
    onSuccess: done,
    onError: failed,
  });

  if (!visible) return null;
  const s = q.data;
  return (
    <Card
      title={tr('cardTitle')}
      size="small"
      loading={q.isLoading}
      data-testid="publication-card"
      extra={
        <a href="/public/livelihood" target="_blank" rel="noopener">
          {tr('viewPublicPage')}
        </a>
      }
    >
      {s && !s.livelihood && <Typography.Text type="secondary">{tr('notLivelihood')}</Typography.Text>}
      {s?.livelihood && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            <Switch checked={published} onChange={setPublished} disabled={!editable} data-testid="publication-switch" />
            <span>{published ? tr('shownOnPublicPage') : tr('notPublished')}</span>
            {s.updatedAt && (
              <Typography.Text type="secondary">
                {tr('lastSaved', { at: beijingTime(s.updatedAt, locale) })}
              </Typography.Text>
            )}
          </Space>
          <div>
            <Typography.Text>{tr('fieldsIntro')}</Typography.Text>
            <Checkbox.Group
              disabled={!editable}
              value={fields}
              onChange={(v) => setFields(v as PublicField[])}
              options={PUBLIC_FIELDS.map((f) => ({ value: f, label: label(PUBLIC_FIELD_LABELS[f]) }))}
            />
          </div>
          <Input.TextArea
            disabled={!editable}
            rows={2}
            maxLength={2000}
            placeholder={tr('descriptionPlaceholder')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {editable && (
            <Button
              type="primary"
              onClick={() => save.mutate()}
              loading={save.isPending}
              data-testid="publication-save"
            >
              {tr('saveSettings')}
            </Button>
          )}

          <Typography.Text strong>{tr('photosTitle')}</Typography.Text>
          {s.photos.length === 0 && <Typography.Text type="secondary">{tr('noPhotos')}</Typography.Text>}
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 8 }}>
            {s.photos.map((ph) => (
              <div key={ph.id} style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 6 }}>
                <Image
                  src={publicationApi.photoUrl(projectId, ph.id)}
                  alt={ph.fileName}
                  style={{ width: '100%', aspectRatio: '4 / 3', objectFit: 'cover' }}
                />
                <Input
                  size="small"
                  disabled={!editable}
                  placeholder={tr('captionPlaceholder')}
                  value={captions[ph.id] ?? ph.caption}
                  onChange={(e) => setCaptions({ ...captions, [ph.id]: e.target.value })}
                  onBlur={() => {
                    const c = captions[ph.id];
                    if (c !== undefined && c !== ph.caption) patchPhoto.mutate({ photo: ph, body: { caption: c } });
                  }}
                  style={{ marginTop: 4 }}
                />
                <Space style={{ marginTop: 4 }}>
                  <Switch
                    size="small"
                    checked={ph.published}
                    disabled={!editable}
                    onChange={(v) => patchPhoto.mutate({ photo: ph, body: { published: v } })}
                  />
                  {ph.published ? <Tag color="green">{tr('photoPublished')}</Tag> : <Tag>{tr('notPublished')}</Tag>}
                </Space>
              </div>
            ))}
          </div>
          {editable && (
            <Space wrap>
              <Upload
                accept="image/jpeg,image/png"
                showUploadList={false}
                customRequest={async ({ file }) => {
                  try {
                    const a = await publicationApi.upload(file as File);
                    addPhoto.mutate({ attachmentId: a.id, caption: '' });
                  } catch (e) {
                    failed(e);
                  }
                }}
              >
                <Button loading={addPhoto.isPending}>{tr('uploadPhoto')}</Button>
              </Upload>
              {s.candidates.map((c) => (
                <Button
                  key={c.attachmentId}
                  size="small"
                  onClick={() => addPhoto.mutate({ attachmentId: c.attachmentId, caption: '' })}
                >
                  {tr('useEvidence', { milestone: c.milestone, fileName: c.fileName })}
                </Button>
              ))}
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
