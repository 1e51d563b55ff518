// Hand-drawn SVG charts of the overview: a stacked bar per unit (the 2×2 and the rest) and
// the monthly trend (tasks assigned as bars, done on time and overdue as lines). Every
// mark has a title with its numbers; bars are buttons that open the filtered register.
import type { Counts } from "../bindings/Counts";
import type { MonthCounts } from "../bindings/MonthCounts";
import type { UnitCounts } from "../bindings/UnitCounts";
import { formatNumber } from "../format";
import { t } from "../i18n";

/** The parts of a bar, in the order of the 2×2 then the rest, with their colours. */
export const SEGMENTS = [
  { key: "done_on_time", color: "#2e8b57" },
  { key: "done_late", color: "#9bc53d" },
  { key: "in_progress_on_time", color: "#3b7dd8" },
  { key: "overdue", color: "#d64545" },
  { key: "not_started", color: "#f0a030" },
  { key: "no_deadline", color: "#9aa6b2" },
] as const satisfies readonly { key: keyof Counts; color: string }[];

export function Legend() {
  return (
    <ul className="chart-legend">
      {SEGMENTS.map((s) => (
        <li key={s.key}>
          <span className="chart-legend__swatch" style={{ background: s.color }} />
          {t(`dash.tile.${s.key}`)}
        </li>
      ))}
    </ul>
  );
}

const n = (v: number) => formatNumber(v);

export function UnitBars({ units, onOpen }: { units: UnitCounts[]; onOpen: (unitId: string) => void }) {
  const max = Math.max(1, ...units.map((u) => u.counts.assigned));
  const row = 28;
  const label = 230;
  const width = 760;
  const bar = width - label - 60;
  return (
    <svg
      className="chart chart--bars"
      viewBox={`0 0 ${width} ${units.length * row + 4}`}
      role="group"
      aria-label={t("dash.byUnitTop", { count: units.length })}
      data-testid="unit-bars"
    >
      {units.map((u, i) => {
        let x = label;
        const c = u.counts;
        const title = t("dash.barTitle", {
          unit: u.unit_name,
          assigned: n(c.assigned),
          onTime: n(c.done_on_time),
          late: n(c.done_late),
          inTime: n(c.in_progress_on_time),
          overdue: n(c.overdue),
          notStarted: n(c.not_started),
          noDeadline: n(c.no_deadline),
        });
        return (
          <g
            key={u.unit_id}
            transform={`translate(0 ${i * row})`}
            role="button"
            tabIndex={0}
            aria-label={title}
            className="chart-bar"
            data-testid="unit-bar"
            onClick={() => onOpen(u.unit_id)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onOpen(u.unit_id);
              }
            }}
          >
            <title>{title}</title>
            <text x={label - 8} y={row / 2 + 4} textAnchor="end" className="chart-label">
              {u.unit_name.length > 34 ? u.unit_name.slice(0, 33) + "…" : u.unit_name}
            </text>
            {SEGMENTS.map((s) => {
              const w = (c[s.key] / max) * bar;
              const rect = <rect key={s.key} x={x} y={4} width={Math.max(0, w)} height={row - 8} fill={s.color} />;
              x += w;
              return rect;
            })}
            <text x={x + 6} y={row / 2 + 4} className="chart-value">
              {n(c.assigned)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function MonthTrend({ months }: { months: MonthCounts[] }) {
  const width = 760;
  const height = 200;
  const left = 40;
  const bottom = 28;
  const plotH = height - bottom - 10;
  const max = Math.max(1, ...months.map((m) => m.counts.assigned));
  const step = (width - left - 10) / Math.max(1, months.length);
  const y = (v: number) => 10 + plotH - (v / max) * plotH;
  const cx = (i: number) => left + step * i + step / 2;
  const line = (pick: (c: Counts) => number) => months.map((m, i) => `${i === 0 ? "M" : "L"}${cx(i)},${y(pick(m.counts))}`).join(" ");
  const label = (m: MonthCounts) => t("dash.trendMonth", { month: Number(m.month.slice(5, 7)), year: m.month.slice(0, 4) });
  const every = Math.ceil(months.length / 12);
  return (
    <svg className="chart chart--trend" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("dash.trend")} data-testid="month-trend">
      <line x1={left} x2={width - 10} y1={10 + plotH} y2={10 + plotH} className="chart-axis" />
      <text x={left - 6} y={14} textAnchor="end" className="chart-label">
        {n(max)}
      </text>
      <text x={left - 6} y={10 + plotH} textAnchor="end" className="chart-label">
        0
      </text>
      {months.map((m, i) => (
        <g key={m.month} data-testid="trend-month">
          <title>
            {t("dash.trendTitle", {
              month: label(m),
              assigned: n(m.counts.assigned),
              onTime: n(m.counts.done_on_time),
              overdue: n(m.counts.overdue),
            })}
          </title>
          <rect x={cx(i) - step * 0.35} width={step * 0.7} y={y(m.counts.assigned)} height={10 + plotH - y(m.counts.assigned)} className="chart-trend-bar" />
          {i % every === 0 && (
            <text x={cx(i)} y={height - 10} textAnchor="middle" className="chart-label">
              {label(m)}
            </text>
          )}
        </g>
      ))}
      <path d={line((c) => c.done_on_time)} className="chart-line" stroke={SEGMENTS[0].color} />
      <path d={line((c) => c.overdue)} className="chart-line" stroke={SEGMENTS[3].color} />
    </svg>
  );
}
