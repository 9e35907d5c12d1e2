import { create } from 'qrcode';
import { useMemo } from 'react';

/** A QR code drawn as one SVG path: crisp at any size, dark on white whatever the theme (phones need contrast). */
export function QrCode({ value, label, size = 280 }: { value: string; label: string; size?: number }) {
  const { path, dim } = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'L' });
    const n = modules.size;
    const quiet = 4;
    let d = '';
    for (let r = 0; r < n; r += 1) {
      for (let c = 0; c < n; c += 1) {
        if (modules.get(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
      }
    }
    return { path: d, dim: n + quiet * 2 };
  }, [value]);
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${dim} ${dim}`}
      shapeRendering="crispEdges"
      data-testid="qr"
    >
      <rect width={dim} height={dim} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
