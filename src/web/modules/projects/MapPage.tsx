import { useState } from 'react';
import { Alert, Card, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { POOLS, POOL_LABELS, PROJECT_TYPES, PROJECT_TYPE_LABELS } from '../../../shared/domain/projects';
import { LIGHT_LABELS } from '../../../shared/supervision-labels';
import { LIGHT_COLORS } from '../tasks/api';
import { projectApi, projectKeys, type MapData } from './api';
import { useRoundsT } from './i18n-rounds';
import { CountyMap } from './CountyMap';

export { ringsOf } from './CountyMap';

/** 挂图作战: an offline map — the county outline as SVG, the projects as points coloured by their light. */
export default function MapPage() {
  const { label } = useI18n();
  const tr = useRoundsT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = { pool: params.get('pool') ?? undefined, type: params.get('type') ?? undefined };
  const map = useQuery({ queryKey: projectKeys.map(q), queryFn: () => projectApi.map(q) });
  const [hover, setHover] = useState<MapData['points'][number] | null>(null);
  const set = (k: string, v: string[]) => {
    const next = new URLSearchParams(params);
    if (v.length) next.set(k, v.join(','));
    else next.delete(k);
    setParams(next);
  };

  const d = map.data;
  return (
    <Card
      title={tr('mapTitle')}
      extra={
        <Space>
          <Select
            mode="multiple"
            placeholder={tr('poolPlaceholder')}
            allowClear
            style={{ minWidth: 160 }}
            value={q.pool?.split(',') ?? []}
            onChange={(v) => set('pool', v)}
            options={POOLS.map((x) => ({ value: x, label: label(POOL_LABELS[x]) }))}
            data-testid="map-pool"
          />
          <Select
            mode="multiple"
            placeholder={tr('type')}
            allowClear
            style={{ minWidth: 160 }}
            value={q.type?.split(',') ?? []}
            onChange={(v) => set('type', v)}
            options={PROJECT_TYPES.map((x) => ({ value: x, label: label(PROJECT_TYPE_LABELS[x]) }))}
          />
        </Space>
      }
    >
      <ErrorAlert error={map.error} />
      {d?.boundary?.generated && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="map-generated"
          title={tr('generatedBaseMap', { name: d.boundary.name })}
        />
      )}
      {d && !d.boundary && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={tr('mapNoBoundary')} />}
      {map.isLoading && <Typography.Text type="secondary">{tr('mapLoading')}</Typography.Text>}
      {d && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text>
            {tr('pointsOnMap', {
              count: d.points.length,
              unlocated: d.unlocated ? tr('unlocated', { count: d.unlocated }) : '',
            })}
          </Typography.Text>
          {(['red', 'yellow', 'green', 'done', 'none'] as const).map((l) => (
            <Tag key={l} color={LIGHT_COLORS[l]}>
              {label(LIGHT_LABELS[l])} {d.points.filter((p) => p.light === l).length}
            </Tag>
          ))}
        </Space>
      )}
      {d && (
        <CountyMap
          boundary={d.boundary}
          testId="project-map"
          ariaLabel={tr('mapAria')}
          points={d.points.map((p) => ({
            key: p.id,
            lng: p.lng,
            lat: p.lat,
            r: p.major ? 8 : 6,
            fill: LIGHT_COLORS[p.light],
            title: tr('pointTitle', {
              name: p.name,
              pool: label(POOL_LABELS[p.pool]),
              light: label(LIGHT_LABELS[p.light]),
            }),
            attrs: { 'data-testid': 'map-point', 'data-light': p.light, 'data-name': p.name },
            onHover: (on) => setHover(on ? p : null),
            onClick: () => navigate(`/projects/${p.id}`),
          }))}
        >
          {d.points.length === 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={tr('noPoints')} />}
          {hover && (
            <div
              style={{
                position: 'absolute',
                top: 8,
                left: 8,
                background: '#fff',
                padding: '4px 8px',
                border: '1px solid #ddd',
                borderRadius: 4,
              }}
            >
              {hover.name} · {label(PROJECT_TYPE_LABELS[hover.type])} · {label(POOL_LABELS[hover.pool])} ·{' '}
              {label(LIGHT_LABELS[hover.light])}
            </div>
          )}
        </CountyMap>
      )}
    </Card>
  );
}
