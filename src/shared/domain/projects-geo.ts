/**
 * The county boundary for 挂图作战: a GeoJSON (Polygon, MultiPolygon, a Feature of one, or a FeatureCollection of
 * them) the administrator uploads, so the map needs no online tiles. Pure: checking a document and whether a point
 * lies inside. Coordinates are [lng, lat] as GeoJSON has them.
 */
export type Position = [number, number];
/** An outer ring followed by its holes. */
export type Polygon = Position[][];
export interface Boundary {
  polygons: Polygon[];
}
export interface GeoProblem {
  path: string;
  code: 'invalid_geojson' | 'invalid_value' | 'ring_not_closed' | 'ring_too_short' | 'too_many_points';
}

const MAX_POINTS = 200_000;

/** Reads a boundary document; every problem is named by its path (below `base`). */
export function parseBoundary(
  doc: unknown,
  base = 'body.geojson',
): { ok: true; boundary: Boundary } | { ok: false; problems: GeoProblem[] } {
  const problems: GeoProblem[] = [];
  const polygons: Polygon[] = [];
  let points = 0;

  const ring = (r: unknown, path: string): Position[] | null => {
    if (!Array.isArray(r)) return (problems.push({ path, code: 'invalid_geojson' }), null);
    const out: Position[] = [];
    for (const [i, p] of r.entries()) {
      if (
        !Array.isArray(p) ||
        p.length < 2 ||
        typeof p[0] !== 'number' ||
        typeof p[1] !== 'number' ||
        !Number.isFinite(p[0]) ||
        !Number.isFinite(p[1])
      ) {
        problems.push({ path: `${path}.${i}`, code: 'invalid_geojson' });
        return null;
      }
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
        problems.push({ path: `${path}.${i}`, code: 'invalid_value' });
        return null;
      }
      out.push([p[0], p[1]]);
    }
    points += out.length;
    if (out.length < 4) return (problems.push({ path, code: 'ring_too_short' }), null);
    const [f, l] = [out[0]!, out[out.length - 1]!];
    if (f[0] !== l[0] || f[1] !== l[1]) return (problems.push({ path, code: 'ring_not_closed' }), null);
    return out;
  };
  const polygon = (coords: unknown, path: string) => {
    if (!Array.isArray(coords) || coords.length === 0) return void problems.push({ path, code: 'invalid_geojson' });
    const rings = coords.map((r, i) => ring(r, `${path}.${i}`));
    if (rings.every((r): r is Position[] => r !== null)) polygons.push(rings);
  };
  const geometry = (g: unknown, path: string) => {
    const o = g as { type?: unknown; coordinates?: unknown } | null;
    if (!o || typeof o !== 'object') return void problems.push({ path, code: 'invalid_geojson' });
    if (o.type === 'Polygon') polygon(o.coordinates, `${path}.coordinates`);
    else if (o.type === 'MultiPolygon') {
      if (!Array.isArray(o.coordinates) || o.coordinates.length === 0)
        return void problems.push({ path: `${path}.coordinates`, code: 'invalid_geojson' });
      o.coordinates.forEach((p, i) => polygon(p, `${path}.coordinates.${i}`));
    } else problems.push({ path: `${path}.type`, code: 'invalid_geojson' });
  };
  const d = doc as { type?: unknown; geometry?: unknown; features?: unknown } | null;
  if (!d || typeof d !== 'object') problems.push({ path: base, code: 'invalid_geojson' });
  else if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features) || d.features.length === 0)
      problems.push({ path: `${base}.features`, code: 'invalid_geojson' });
    else
      d.features.forEach((f, i) =>
        geometry((f as { geometry?: unknown } | null)?.geometry, `${base}.features.${i}.geometry`),
      );
  } else if (d.type === 'Feature') geometry(d.geometry, `${base}.geometry`);
  else geometry(d, base);
  if (points > MAX_POINTS) problems.push({ path: base, code: 'too_many_points' });
  return problems.length ? { ok: false, problems } : { ok: true, boundary: { polygons } };
}

/** Ray casting: whether a point is inside a ring (points on an edge may fall either way). */
function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the boundary: inside some polygon's outer ring and none of its holes. */
export function contains(b: Boundary, lng: number, lat: number): boolean {
  return b.polygons.some(([outer, ...holes]) => inRing(outer!, lng, lat) && !holes.some((h) => inRing(h, lng, lat)));
}

/** The bounding box [minLng, minLat, maxLng, maxLat], for the map's initial view. */
export function bbox(b: Boundary): [number, number, number, number] {
  let [a, c, e, f] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of b.polygons)
    for (const [x, y] of p[0]!) [a, c, e, f] = [Math.min(a, x), Math.min(c, y), Math.max(e, x), Math.max(f, y)];
  return [a, c, e, f];
}
