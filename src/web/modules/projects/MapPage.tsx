import { useMemo, useState } from 'react';
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

const W = 900;
const H = 640;
const PAD = 20;
type Ring = [number, number][];

/** The outer and inner rings of a Polygon, MultiPolygon, Feature or FeatureCollection (what the server accepts). */
export function ringsOf(g: unknown): Ring[] {
  if (!g || typeof g !== 'object') return [];
  const o = g as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] };
  if (o.type === 'FeatureCollection') return (o.features ?? []).flatMap(ringsOf);
  if (o.type === 'Feature') return ringsOf(o.geometry);
  if (o.type === 'Polygon') return (o.coordinates as Ring[]) ?? [];
  if (o.type === 'MultiPolygon') return ((o.coordinates as Ring[][]) ?? []).flat();
  return [];
}

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

  const drawing = useMemo(() => {
    const d = map.data;
    if (!d) return null;
    const rings = ringsOf(d.boundary?.geojson);
    // Linear projection of lng/lat into the boundary's bounding box (or the points' when there is no boundary),
    // with the latitude's shrinking of longitude degrees so the county keeps its shape.
    let [minX, minY, maxX, maxY] = d.boundary?.bbox ?? [Infinity, Infinity, -Infinity, -Infinity];
    if (!d.boundary)
      for (const p of d.points) {
        minX = Math.min(minX, p.lng);
        maxX = Math.max(maxX, p.lng);
        minY = Math.min(minY, p.lat);
        maxY = Math.max(maxY, p.lat);
      }
    if (!Number.isFinite(minX))
      return { rings: [] as string[], points: [] as { p: MapData['points'][number]; x: number; y: number }[] };
    if (maxX - minX < 1e-6) (minX -= 0.01), (maxX += 0.01);
    if (maxY - minY < 1e-6) (minY -= 0.01), (maxY += 0.01);
    const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const s = Math.min((W - 2 * PAD) / ((maxX - minX) * k), (H - 2 * PAD) / (maxY - minY));
    const ox = (W - (maxX - minX) * k * s) / 2;
    const oy = (H - (maxY - minY) * s) / 2;
    const xy = (lng: number, lat: number) => [ox + (lng - minX) * k * s, H - oy - (lat - minY) * s] as const;
    return {
      rings: rings.map(
        (r) =>
          `${r
            .map(
              ([lng, lat], i) =>
                `${i ? 'L' : 'M'}${xy(lng, lat)
                  .map((n) => n.toFixed(1))
                  .join(',')}`,
            )
            .join(' ')} Z`,
      ),
      points: d.points.map((p) => {
        const [x, y] = xy(p.lng, p.lat);
        return { p, x, y };
      }),
    };
  }, [map.data]);

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
      {d && drawing && (
        <div style={{ position: 'relative', maxWidth: W }}>
          {d.points.length === 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={tr('noPoints')} />}
          <svg
            viewBox={`0 0 ${W} ${H}`}
            width="100%"
            style={{ background: '#f7f9fb', border: '1px solid #f0f0f0' }}
            data-testid="project-map"
            role="img"
            aria-label={tr('mapAria')}
          >
            {drawing.rings.map((path, i) => (
              <path key={i} d={path} fill="#eef3e8" stroke="#7a8b6a" strokeWidth={1.5} fillRule="evenodd" />
            ))}
            {drawing.points.map(({ p, x, y }) => (
              <circle
                key={p.id}
                cx={x}
                cy={y}
                r={p.major ? 8 : 6}
                fill={LIGHT_COLORS[p.light]}
                stroke="#fff"
                strokeWidth={1.5}
                style={{ cursor: 'pointer' }}
                data-testid="map-point"
                data-light={p.light}
                data-name={p.name}
                onMouseEnter={() => setHover(p)}
                onMouseLeave={() => setHover(null)}
                onClick={() => navigate(`/projects/${p.id}`)}
              >
                <title>
                  {tr('pointTitle', {
                    name: p.name,
                    pool: label(POOL_LABELS[p.pool]),
                    light: label(LIGHT_LABELS[p.light]),
                  })}
                </title>
              </circle>
            ))}
          </svg>
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
        </div>
      )}
    </Card>
  );
}
