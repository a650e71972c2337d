/**
 * A light SVG choropleth: one path per GeoJSON feature (keyed by properties.code), filled by `fill(code)`,
 * with a hover tooltip, a legend laid over the bottom-left corner and click (or Enter) to select an area.
 */
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { projectFeatures, type GeoFeature } from '@shared/charts/geometry.ts';
import { useElementWidth } from './useElementWidth.ts';
import './charts.css';

export interface ChoroplethMapProps {
  features: readonly GeoFeature[];
  fill: (code: string) => string;
  height?: number;
  tooltip?: (code: string) => ReactNode;
  onSelect?: (code: string) => void;
  legend?: ReactNode;
  ariaLabel: string;
}

export function ChoroplethMap({ features, fill, height = 460, tooltip, onSelect, legend, ariaLabel }: ChoroplethMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const [hover, setHover] = useState<{ code: string; x: number; y: number } | null>(null);
  const shapes = useMemo(() => (width > 0 ? projectFeatures(features, width, height) : []), [features, width, height]);

  const track = (code: string) => (e: MouseEvent<SVGPathElement>) => {
    const r = box.current!.getBoundingClientRect();
    setHover({ code, x: e.clientX - r.left, y: e.clientY - r.top });
  };
  const key = (code: string) => (e: KeyboardEvent<SVGPathElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect?.(code);
    }
  };

  return (
    <div className="bp-chart bp-map" ref={box} style={{ height }}>
      {width > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names the map's shapes
        <svg width={width} height={height} role="group" aria-label={ariaLabel}>
          {shapes.map((s) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: the mouse handlers only move the tooltip; a selectable shape has role link and keys
            <path
              key={s.code}
              d={s.d}
              data-code={s.code}
              fill={fill(s.code)}
              stroke="#fff"
              strokeWidth={0.6}
              tabIndex={onSelect ? 0 : undefined}
              role={onSelect ? 'link' : undefined}
              aria-label={s.name}
              onMouseMove={track(s.code)}
              onMouseLeave={() => setHover(null)}
              onFocus={() => setHover({ code: s.code, x: s.anchor[0], y: s.anchor[1] })}
              onBlur={() => setHover(null)}
              onClick={onSelect && (() => onSelect(s.code))}
              onKeyDown={onSelect && key(s.code)}
            />
          ))}
        </svg>
      )}
      {legend && <div className="bp-map-legend">{legend}</div>}
      {hover && tooltip && (
        <div
          className="bp-chart-tip"
          style={{
            ...(hover.x > width * 0.55 ? { right: width - hover.x + 14 } : { left: hover.x + 14 }),
            ...(hover.y > height * 0.6 ? { bottom: height - hover.y + 14 } : { top: hover.y + 14 }),
          }}
        >
          {tooltip(hover.code)}
        </div>
      )}
    </div>
  );
}
