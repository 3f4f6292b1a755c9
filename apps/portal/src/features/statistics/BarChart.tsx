// A bar chart in plain SVG that a keyboard and a screen reader can read: the bars are a list, one
// tab stop, arrow keys (Home, End) move between them, and each bar's name says its label and value.
// A hidden cell (suppressed: under five, or hidden so that one under five cannot be worked out) is
// drawn as a short hatched stub with its text, the same whatever it hides: never as a figure.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

/** A figure, "<5" where suppressed, or null where there is none to draw (too few to say). */
export type ChartValue = number | '<5' | null;

export interface Bar {
  key: string;
  label: string;
  value: ChartValue;
  /** A second line under a column's label (the year under January). */
  sublabel?: string;
  /** A second figure drawn as a marker on the bar (a partner's promise, the plan). */
  target?: number | null;
  /** The text drawn instead of `formatValue(value)` (a hidden figure known not to be small). */
  valueText?: string;
}

export interface BarChartProps {
  /** The id of the element that names the chart (the panel's heading). */
  labelledBy: string;
  bars: Bar[];
  /** The figure drawn by the bar ("42", "hidden"). */
  formatValue(value: ChartValue): string;
  /** The bar's accessible name; by default "label: figure". */
  describe?(bar: Bar): string;
  /** Columns over time, or horizontal bars for categories (long labels). */
  orientation?: 'columns' | 'bars';
}

/** A hidden cell's stub, in pixels: the same for every hidden cell, so that it tells no size. */
const HIDDEN_STUB = 6;
const numeric = (value: ChartValue): number => (value === '<5' || value === null ? 0 : value);

/** A bar's length in pixels: a hidden cell's stub, else its figure on the scale (2 at least, so that a figure is seen). */
function barSize(value: ChartValue, max: number, plot: number): number {
  if (value === '<5') {
    return HIDDEN_STUB;
  }
  return value === 0 || value === null ? 0 : Math.max(2, (value / max) * plot);
}

/** A round number at or above the largest value, so the scale has a readable top. */
export function niceMax(values: number[]): number {
  // At least 10, so that a chart of small figures has a readable scale.
  const max = Math.max(10, ...values);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= max) ?? 10;
  return step * magnitude;
}

/** The element's width in CSS pixels, followed as it changes: one SVG unit is one pixel, so the
 *  texts keep their size on any screen. */
function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.floor(entry?.contentRect.width ?? 0);
      if (next > 0) {
        setWidth(next);
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** A bar's target (the plan) as a line across the column's top or the bar's end. */
function TargetLine({
  columns,
  targetAt,
  shape,
  plot,
  labelSpace,
}: {
  columns: boolean;
  targetAt: number;
  shape: { x: number; y: number; width: number; height: number };
  plot: number;
  labelSpace: number;
}) {
  if (columns) {
    return (
      <line
        x1={shape.x - 4}
        x2={shape.x + shape.width + 4}
        y1={plot + 24 - targetAt}
        y2={plot + 24 - targetAt}
        className="chart__target"
      />
    );
  }
  return (
    <line
      x1={labelSpace + targetAt}
      x2={labelSpace + targetAt}
      y1={shape.y - 4}
      y2={shape.y + shape.height + 4}
      className="chart__target"
    />
  );
}

export function BarChart({
  labelledBy,
  bars,
  formatValue,
  describe,
  orientation = 'columns',
}: BarChartProps) {
  const patternId = `hatch-${useId().replace(/:/g, '')}`;
  const [active, setActive] = useState(0);
  const refs = useRef<(SVGGElement | null)[]>([]);
  const max = niceMax(bars.flatMap((bar) => [numeric(bar.value), bar.target ?? 0]));

  const move = (event: KeyboardEvent<SVGGElement>, index: number) => {
    const keys: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      Home: 0,
      End: bars.length - 1,
    };
    const next = keys[event.key];
    if (next === undefined) {
      return;
    }
    event.preventDefault();
    const target = Math.max(0, Math.min(bars.length - 1, next));
    setActive(target);
    refs.current[target]?.focus();
  };

  const text = (bar: Bar) => bar.valueText ?? formatValue(bar.value);
  const name = (bar: Bar) => (describe ? describe(bar) : `${bar.label}: ${text(bar)}`);

  const columns = orientation === 'columns';
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(280, useWidth(box, 600));
  const slot = columns ? (width - 16) / Math.max(1, bars.length) : 34;
  const labelSpace = columns ? 0 : Math.min(260, Math.round(width * 0.4));
  // A label longer than its space is cut with an ellipsis (the bar's name has it whole).
  const maxChars = Math.floor((labelSpace - 12) / 7.2);
  const fit = (label: string) => (label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label);
  const plot = columns ? 220 : width - labelSpace - 70;
  const height = columns ? plot + 80 : bars.length * slot + 12;
  // Many narrow columns: every n-th label, and the figures only on the focused column (the table
  // and each column's name have them all).
  const labelEvery = columns ? Math.max(1, Math.ceil(40 / slot)) : 1;
  const dense = columns && slot < 34;

  return (
    <div ref={box} className="chart-box">
      <svg
        className={`chart chart--${orientation}`}
        role="list"
        aria-labelledby={labelledBy}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-chart=""
      >
        <defs>
          <pattern
            id={patternId}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="chart__hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="chart__hatch-line" />
          </pattern>
        </defs>
        {columns ? (
          <line x1="0" x2={width} y1={plot + 24} y2={plot + 24} className="chart__axis" aria-hidden="true" />
        ) : (
          <line
            x1={labelSpace}
            x2={labelSpace}
            y1="0"
            y2={height}
            className="chart__axis"
            aria-hidden="true"
          />
        )}
        {bars.map((bar, index) => {
          const suppressed = bar.value === '<5';
          const size = barSize(bar.value, max, plot);
          const fill = suppressed ? `url(#${patternId})` : undefined;
          const targetAt = bar.target !== null && bar.target !== undefined ? (bar.target / max) * plot : null;
          const shape = columns
            ? { x: 8 + index * slot + slot * 0.15, y: plot + 24 - size, width: slot * 0.7, height: size }
            : { x: labelSpace, y: 6 + index * slot + 4, width: size, height: slot - 12 };
          return (
            <g
              key={bar.key}
              ref={(element) => {
                refs.current[index] = element;
              }}
              role="listitem"
              aria-label={name(bar)}
              tabIndex={index === active ? 0 : -1}
              className="chart__bar"
              data-suppressed={suppressed ? '' : undefined}
              onKeyDown={(event) => move(event, index)}
              onFocus={() => setActive(index)}
            >
              <rect
                {...shape}
                className={suppressed ? 'chart__rect chart__rect--suppressed' : 'chart__rect'}
                fill={fill}
              />
              {targetAt !== null && (
                <TargetLine
                  columns={columns}
                  targetAt={targetAt}
                  shape={shape}
                  plot={plot}
                  labelSpace={labelSpace}
                />
              )}
              {columns ? (
                <>
                  <text
                    x={shape.x + shape.width / 2}
                    y={shape.y - 6}
                    className={dense ? 'chart__value chart__value--dense' : 'chart__value'}
                    textAnchor="middle"
                  >
                    {text(bar)}
                  </text>
                  {index % labelEvery === 0 && (
                    <text
                      x={shape.x + shape.width / 2}
                      y={plot + 44}
                      className="chart__label"
                      textAnchor="middle"
                    >
                      {bar.label}
                    </text>
                  )}
                  {bar.sublabel && (
                    <text
                      x={shape.x + shape.width / 2}
                      y={plot + 62}
                      className="chart__label"
                      textAnchor="middle"
                    >
                      {bar.sublabel}
                    </text>
                  )}
                </>
              ) : (
                <>
                  <text
                    x={labelSpace - 8}
                    y={shape.y + shape.height / 2 + 5}
                    className="chart__label"
                    textAnchor="end"
                  >
                    {fit(bar.label)}
                  </text>
                  <text x={labelSpace + size + 6} y={shape.y + shape.height / 2 + 5} className="chart__value">
                    {text(bar)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
