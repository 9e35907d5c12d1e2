export interface ChartPoint {
  t: number;
  messages: number;
  errors: number;
}

/** Messages (bars) and errors (red bars on top) per minute, hand-drawn in SVG. */
export function MiniChart({
  points,
  label,
  height = 120,
}: {
  points: readonly ChartPoint[];
  label: string;
  height?: number;
}) {
  const width = 600;
  const max = Math.max(1, ...points.map((p) => p.messages + p.errors));
  const slot = width / Math.max(points.length, 1);
  const bar = Math.max(1, slot - 2);
  const y = (v: number) => (v / max) * (height - 16);
  return (
    <div className="chart-wrap">
      {/* Outside the SVG: the chart stretches to its box, which would squash text drawn inside it. */}
      <span className="chart-max" aria-hidden="true">
        {max}
      </span>
      <svg
        className="chart"
        role="img"
        aria-label={label}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
      >
        <line
          x1="0"
          x2={width}
          y1={height - 0.5}
          y2={height - 0.5}
          className="chart-axis"
          vectorEffect="non-scaling-stroke"
        />
        <line x1="0" x2={width} y1={16} y2={16} className="chart-grid" vectorEffect="non-scaling-stroke" />
        {points.map((p, i) => {
          const hm = y(p.messages);
          const he = y(p.errors);
          return (
            <g key={p.t}>
              <title>{`${new Date(p.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${p.messages} / ${p.errors}`}</title>
              <rect x={i * slot + 1} y={height - hm} width={bar} height={hm} className="chart-bar" />
              {p.errors > 0 && (
                <rect x={i * slot + 1} y={height - hm - he} width={bar} height={he} className="chart-error" />
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
