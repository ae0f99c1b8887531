import { useState } from 'react';
import { Alert, Card, Checkbox, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LEAD_STAGE_LABELS, SITE_STATE_LABELS, SPACE_UNIT, type SiteState } from '../../../shared/domain/investment';
import { CountyMap, type MapPoint } from '../projects/CountyMap';
import { invApi, invKeys } from './api';
import { useInvT } from './i18n';
import { PhotoThumbs } from './SitePhotos';

const SITE_COLOR: Record<SiteState, string> = { idle: '#8c8c8c', negotiating: '#fa8c16', revitalised: '#52c41a' };
const LINK_COLORS = ['#1677ff', '#722ed1', '#13c2c2', '#eb2f96', '#2f54eb', '#a0d911', '#fa541c', '#faad14'];
type Layer = 'enterprises' | 'sites' | 'projects';

/**
 * 招商地图: the project map's offline outline (CountyMap) with three layers — the chains' enterprises coloured by
 * link (链主 larger), the idle sites by state (squares), the signed and landed projects (diamonds: 签约 blue, 开工
 * orange, 投产 green); a chain filter; each point clicks through to its record.
 */
export default function InvestmentMapPage() {
  const tr = useInvT();
  const { label } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const chainId = params.get('chain') ?? undefined;
  const [layers, setLayers] = useState<Layer[]>(['enterprises', 'sites', 'projects']);
  // The popup: what the point is, and a site's first photos as thumbnails.
  const [hover, setHoverState] = useState<{ text: string; siteId?: string; photoIds?: string[] } | null>(null);
  const setHover = (text: string | null, site?: { id: string; photoIds: string[] }) =>
    setHoverState(text === null ? null : { text, siteId: site?.id, photoIds: site?.photoIds });
  const q = useQuery({ queryKey: invKeys.map(chainId ?? ''), queryFn: () => invApi.map(chainId) });
  const d = q.data;
  const linkColor = new Map<string, string>();
  for (const e of d?.enterprises ?? [])
    if (!linkColor.has(e.linkId)) linkColor.set(e.linkId, LINK_COLORS[linkColor.size % LINK_COLORS.length]!);
  const points: MapPoint[] = [];
  if (d && layers.includes('sites'))
    for (const s of d.sites)
      points.push({
        key: `s${s.id}`,
        lng: s.lng,
        lat: s.lat,
        r: 6,
        shape: 'square',
        fill: SITE_COLOR[s.state],
        title: `${s.name} · ${s.area} ${label(SPACE_UNIT[s.kind])} · ${label(SITE_STATE_LABELS[s.state])}`,
        attrs: { 'data-testid': 'imap-site', 'data-state': s.state },
        onHover: (on) => setHover(on ? `${s.name} · ${label(SITE_STATE_LABELS[s.state])}` : null, s),
        onClick: () => navigate(`/sites?focus=${s.id}`),
      });
  if (d && layers.includes('enterprises'))
    for (const e of d.enterprises)
      points.push({
        key: `e${e.id}${e.linkId}`,
        lng: e.lng,
        lat: e.lat,
        r: e.anchor ? 8 : 5,
        fill: linkColor.get(e.linkId)!,
        title: `${e.name} · ${e.chainName}·${e.linkName}${e.anchor ? ` · ${tr('anchor')}` : ''}`,
        attrs: { 'data-testid': 'imap-enterprise', 'data-link': e.linkName },
        onHover: (on) => setHover(on ? `${e.name} · ${e.linkName}` : null),
        onClick: () => navigate(`/enterprises/${e.id}`),
      });
  if (d && layers.includes('projects'))
    for (const p of d.projects)
      points.push({
        key: `p${p.leadId}`,
        lng: p.lng,
        lat: p.lat,
        r: 7,
        shape: 'diamond',
        fill: p.stage === 'producing' ? '#389e0d' : p.stage === 'started' ? '#d46b08' : '#1677ff',
        title: `${p.name} · ${p.investor} · ${label(LEAD_STAGE_LABELS[p.stage])}`,
        attrs: { 'data-testid': 'imap-project', 'data-stage': p.stage, 'data-name': p.name },
        onHover: (on) => setHover(on ? `${p.name} · ${label(LEAD_STAGE_LABELS[p.stage])}` : null),
        onClick: () => navigate(`/leads/${p.leadId}`),
      });

  return (
    <Card
      title={tr('mapTitle')}
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={tr('allChains')}
            style={{ minWidth: 160 }}
            value={chainId}
            onChange={(v?: string) => {
              const next = new URLSearchParams(params);
              if (v) next.set('chain', v);
              else next.delete('chain');
              setParams(next);
            }}
            options={(d?.chains ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="imap-chain"
          />
          <Checkbox.Group
            value={layers}
            onChange={(v) => setLayers(v as Layer[])}
            options={[
              { value: 'enterprises', label: tr('layerEnterprises') },
              { value: 'sites', label: tr('layerSites') },
              { value: 'projects', label: tr('layerProjects') },
            ]}
          />
        </Space>
      }
    >
      <ErrorAlert error={q.error} />
      {d && !d.boundary && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={tr('mapNoBoundary')} />}
      {d && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text data-testid="imap-counts">
            {tr('mapCounts', { e: d.enterprises.length, s: d.sites.length, p: d.projects.length })}
          </Typography.Text>
          {(['idle', 'negotiating', 'revitalised'] as const).map((s) => (
            <Tag key={s} color={SITE_COLOR[s]}>
              {label(SITE_STATE_LABELS[s])} {d.sites.filter((x) => x.state === s).length}
            </Tag>
          ))}
          {d.unlocated.enterprises + d.unlocated.sites + d.unlocated.projects > 0 && (
            <Typography.Text type="secondary">
              {tr('mapUnlocated', { e: d.unlocated.enterprises, s: d.unlocated.sites, p: d.unlocated.projects })}
            </Typography.Text>
          )}
        </Space>
      )}
      {d && (
        <CountyMap boundary={d.boundary} points={points} testId="investment-map" ariaLabel={tr('mapTitle')}>
          {hover && (
            <div
              data-testid="imap-popup"
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
              {hover.text}
              {hover.siteId && hover.photoIds && hover.photoIds.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  <PhotoThumbs siteId={hover.siteId} photoIds={hover.photoIds} size={72} />
                </div>
              )}
            </div>
          )}
        </CountyMap>
      )}
    </Card>
  );
}
