// Kept apart from Chart.tsx so that the board does not load ECharts for its tiles.
/** A sparkline of this year's values: a small SVG polyline, gaps where a period has no value. */
export function Sparkline({
  values,
  color,
  width = 120,
  height = 32,
}: {
  values: (number | null)[];
  color: string;
  width?: number;
  height?: number;
}) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return <svg width={width} height={height} data-testid="sparkline" />;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const x = (i: number) => (values.length <= 1 ? 0 : (i / (values.length - 1)) * (width - 4) + 2);
  const y = (v: number) => (max === min ? height / 2 : height - 3 - ((v - min) / (max - min)) * (height - 6));
  const segments: string[] = [];
  let cur: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (cur.length) segments.push(cur.join(' '));
      cur = [];
    } else cur.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (cur.length) segments.push(cur.join(' '));
  const lastI = values.reduce<number>((a, v, i) => (v !== null ? i : a), 0);
  return (
    <svg width={width} height={height} data-testid="sparkline" aria-hidden>
      {segments.map((pts, i) => (
        <polyline key={i} points={pts} fill="none" stroke={color} strokeWidth={1.5} />
      ))}
      <circle cx={x(lastI)} cy={y(values[lastI]!)} r={2.5} fill={color} />
    </svg>
  );
}
