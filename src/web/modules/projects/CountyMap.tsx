import { useMemo, type ReactNode } from 'react';

export const MAP_W = 900;
export const MAP_H = 640;
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

export interface MapPoint {
  key: string;
  lng: number;
  lat: number;
  r: number;
  fill: string;
  /** circle (default), square or diamond: layers told apart by shape as well as colour. */
  shape?: 'circle' | 'square' | 'diamond';
  title: string;
  /** data-* attributes and the test id. */
  attrs?: Record<string, string>;
  onClick?: () => void;
  onHover?: (on: boolean) => void;
}

/**
 * The county's offline map: the outline (the project library's boundary, GeoJSON) drawn as SVG, points projected
 * linearly into its bounding box (or the points' own, without a boundary) with the latitude's shrinking of longitude
 * degrees so the county keeps its shape. Used by 挂图作战 (projects) and 招商地图 (investment).
 */
export function CountyMap({
  boundary,
  points,
  ariaLabel,
  testId,
  children,
}: {
  boundary: { geojson: unknown; bbox: [number, number, number, number] } | null | undefined;
  points: MapPoint[];
  ariaLabel: string;
  testId: string;
  children?: ReactNode;
}) {
  const drawing = useMemo(() => {
    const rings = ringsOf(boundary?.geojson);
    let [minX, minY, maxX, maxY] = boundary?.bbox ?? [Infinity, Infinity, -Infinity, -Infinity];
    if (!boundary)
      for (const p of points) {
        minX = Math.min(minX, p.lng);
        maxX = Math.max(maxX, p.lng);
        minY = Math.min(minY, p.lat);
        maxY = Math.max(maxY, p.lat);
      }
    if (!Number.isFinite(minX)) return { rings: [] as string[], xy: null };
    if (maxX - minX < 1e-6) (minX -= 0.01), (maxX += 0.01);
    if (maxY - minY < 1e-6) (minY -= 0.01), (maxY += 0.01);
    const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const s = Math.min((MAP_W - 2 * PAD) / ((maxX - minX) * k), (MAP_H - 2 * PAD) / (maxY - minY));
    const ox = (MAP_W - (maxX - minX) * k * s) / 2;
    const oy = (MAP_H - (maxY - minY) * s) / 2;
    const xy = (lng: number, lat: number) => [ox + (lng - minX) * k * s, MAP_H - oy - (lat - minY) * s] as const;
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
      xy,
    };
  }, [boundary, points]);

  return (
    <div style={{ position: 'relative', maxWidth: MAP_W }}>
      <svg
        viewBox={`0 0 ${MAP_W} ${MAP_H}`}
        width="100%"
        style={{ background: '#f7f9fb', border: '1px solid #f0f0f0' }}
        data-testid={testId}
        role="img"
        aria-label={ariaLabel}
      >
        {drawing.rings.map((path, i) => (
          <path key={i} d={path} fill="#eef3e8" stroke="#7a8b6a" strokeWidth={1.5} fillRule="evenodd" />
        ))}
        {drawing.xy &&
          points.map((p) => {
            const [x, y] = drawing.xy!(p.lng, p.lat);
            const common = {
              fill: p.fill,
              stroke: '#fff',
              strokeWidth: 1.5,
              style: { cursor: p.onClick ? 'pointer' : undefined },
              onMouseEnter: () => p.onHover?.(true),
              onMouseLeave: () => p.onHover?.(false),
              onClick: p.onClick,
              ...p.attrs,
            };
            const title = <title>{p.title}</title>;
            if (p.shape === 'square')
              return (
                <rect key={p.key} x={x - p.r} y={y - p.r} width={2 * p.r} height={2 * p.r} {...common}>
                  {title}
                </rect>
              );
            if (p.shape === 'diamond')
              return (
                <polygon
                  key={p.key}
                  points={`${x},${y - p.r * 1.3} ${x + p.r * 1.3},${y} ${x},${y + p.r * 1.3} ${x - p.r * 1.3},${y}`}
                  {...common}
                >
                  {title}
                </polygon>
              );
            return (
              <circle key={p.key} cx={x} cy={y} r={p.r} {...common}>
                {title}
              </circle>
            );
          })}
      </svg>
      {children}
    </div>
  );
}
