/**
 * The demo county's generated geography: township and park centres on a grid inside a box (no real places; the
 * boundary drawn around them is the demo's own). Projects and enterprises sit near the centre of their area.
 */
export function areaCentres(units: readonly { id: string; kind: string }[]): Map<string, { lng: number; lat: number }> {
  const areas = units.filter((u) => u.kind === 'township' || u.kind === 'park');
  return new Map(areas.map((u, i) => [u.id, { lng: 113.45 + (i % 4) * 0.12, lat: 34.55 + Math.floor(i / 4) * 0.1 }]));
}
