// Tổng quan: the statistics of a reporting period as of a date, from the core. Every
// number opens the task register filtered to exactly the tasks it counts (same period,
// same as-of date, same status), so a leader can go from a figure to the list behind it.
import { useEffect, useState } from "react";
import { statistics } from "../api";
import type { Counts } from "../bindings/Counts";
import type { Statistics } from "../bindings/Statistics";
import type { StatusFilter } from "../bindings/StatusFilter";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateInput } from "../components/form";
import { Legend, MonthTrend, UnitBars } from "../components/StatCharts";
import { formatDate, formatNumber } from "../format";
import { t } from "../i18n";
import { useSession } from "../session";
import { PERIOD_KINDS, loadPeriod, periodRange, savePeriod, type PeriodChoice, type PeriodKind } from "../state/reportPeriod";

const TOP_UNITS = 15;
const OVERDUE_SHOWN = 200;

function pct(a: number, b: number): string {
  return t("dash.percent", { value: formatNumber(b === 0 ? 0 : (a * 100) / b, 1) });
}

type TileKey = "assigned" | Exclude<StatusFilter, "unfinished"> | "due_soon";
const MAIN_TILES: TileKey[] = ["done_on_time", "done_late", "in_progress_on_time", "overdue"];
const OTHER_TILES: TileKey[] = ["assigned", "not_started", "no_deadline", "due_soon", "cancelled"];

function tileValue(c: Counts, key: TileKey): number {
  return c[key as keyof Counts];
}

export function Overview() {
  const session = useSession();
  const today = session.info.today;
  const [period, setPeriod] = useState<PeriodChoice>(() => loadPeriod(today));
  const [stats, setStats] = useState<Statistics | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const range = periodRange(period);
  const asOf = period.asOf ?? today;

  useEffect(() => savePeriod(period), [period]);

  useEffect(() => {
    if (!range) return;
    let live = true;
    setLoading(true);
    setError(null);
    statistics(range.from, range.to, asOf).then(
      (s) => {
        if (!live) return;
        setStats(s);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [range?.from, range?.to, asOf, session.dataVersion]);

  const set = (change: Partial<PeriodChoice>) => setPeriod((p) => ({ ...p, ...change }));

  /** The register showing the tasks behind a number. */
  function open(status: StatusFilter | null, unitId: string | null = null) {
    if (!stats) return;
    session.go("tasks", {
      status,
      unitId,
      includeSubUnits: false,
      assignedFrom: stats.from,
      assignedTo: stats.to,
      asOf: stats.as_of,
    });
  }
  const statusOf = (key: TileKey): StatusFilter | null => (key === "assigned" ? null : (key as StatusFilter));

  const years: number[] = [];
  for (let y = Number(today.slice(0, 4)) + 1; y >= Number(today.slice(0, 4)) - 10; y--) years.push(y);

  const total = stats?.total;
  const topUnits = stats ? [...stats.by_unit].sort((a, b) => b.counts.assigned - a.counts.assigned).slice(0, TOP_UNITS) : [];

  return (
    <div className="overview" data-testid="dashboard">
      <header className="screen-header">
        <h1>{t("dash.title")}</h1>
      </header>
      <form className="overview__period" onSubmit={(e) => e.preventDefault()}>
        <span className="form-field">
          <label htmlFor="dash-period-kind">{t("dash.period")}</label>
          <select id="dash-period-kind" value={period.kind} onChange={(e) => set({ kind: e.target.value as PeriodKind, n: 1 })}>
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`dash.kind.${k}`)}
              </option>
            ))}
          </select>
        </span>
        {period.kind === "month" && (
          <span className="form-field">
            <label htmlFor="dash-month">{t("dash.month")}</label>
            <select id="dash-month" value={period.n} onChange={(e) => set({ n: Number(e.target.value) })}>
              {Array.from({ length: 12 }, (_, i) => (
                <option key={i + 1} value={i + 1}>
                  {t("dash.monthN", { n: i + 1 })}
                </option>
              ))}
            </select>
          </span>
        )}
        {period.kind === "quarter" && (
          <span className="form-field">
            <label htmlFor="dash-quarter">{t("dash.quarter")}</label>
            <select id="dash-quarter" value={period.n} onChange={(e) => set({ n: Number(e.target.value) })}>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {t("dash.quarterN", { n: q })}
                </option>
              ))}
            </select>
          </span>
        )}
        {period.kind !== "custom" ? (
          <span className="form-field">
            <label htmlFor="dash-year">{t("dash.year")}</label>
            <select id="dash-year" value={period.year} onChange={(e) => set({ year: Number(e.target.value) })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </span>
        ) : (
          <>
            <DateInput id="dash-from" label={t("dash.from")} value={period.from} onChange={(iso, ok) => ok && set({ from: iso })} />
            <DateInput id="dash-to" label={t("dash.to")} value={period.to} onChange={(iso, ok) => ok && set({ to: iso })} />
          </>
        )}
        <DateInput id="dash-as-of" label={t("dash.asOf")} value={period.asOf ?? today} onChange={(iso, ok) => ok && set({ asOf: iso === today ? null : iso })} />
      </form>

      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {!range && <p className="overview__note field-error">{t("dash.incomplete")}</p>}
      {range && stats && (
        <p className="overview__note muted" data-testid="dash-range">
          {t("dash.range", { from: formatDate(stats.from), to: formatDate(stats.to), asOf: formatDate(stats.as_of) })}
          {loading && ` — ${t("dash.loading")}`}
        </p>
      )}
      {range && !stats && loading && <p className="muted overview__note">{t("dash.loading")}</p>}

      {total && stats && (
        <>
          <div className="overview__tiles overview__tiles--main">
            {MAIN_TILES.map((key) => (
              <button
                key={key}
                type="button"
                className={`stat-tile stat-tile--${key}`}
                data-testid={`stat-${key}`}
                title={t("dash.open")}
                onClick={() => open(statusOf(key))}
              >
                <span className="stat-tile__value">{formatNumber(tileValue(total, key))}</span>
                <span className="stat-tile__label">{t(`dash.tile.${key}`)}</span>
                <span className="stat-tile__rate">{pct(tileValue(total, key), total.assigned)}</span>
              </button>
            ))}
          </div>
          <div className="overview__tiles">
            {OTHER_TILES.map((key) => (
              <button
                key={key}
                type="button"
                className={`stat-tile stat-tile--small stat-tile--${key}`}
                data-testid={`stat-${key}`}
                title={t("dash.open")}
                onClick={() => open(statusOf(key))}
              >
                <span className="stat-tile__value">{formatNumber(tileValue(total, key))}</span>
                <span className="stat-tile__label">{t(`dash.tile.${key}`)}</span>
              </button>
            ))}
            <div className="overview__rates">
              <div>
                {t("dash.rate.done")}: <strong data-testid="rate-done">{pct(total.done_on_time + total.done_late, total.assigned)}</strong>
              </div>
              <div>
                {t("dash.rate.onTime")}: <strong>{pct(total.done_on_time, total.assigned)}</strong>
              </div>
              <div>
                {t("dash.rate.overdue")}: <strong>{pct(total.overdue, total.assigned)}</strong>
              </div>
            </div>
          </div>

          {total.assigned === 0 ? (
            <p className="muted overview__note">{t("dash.empty")}</p>
          ) : (
            <div className="overview__charts">
              <section className="overview__panel">
                <h2>{t("dash.byUnitTop", { count: topUnits.length })}</h2>
                <Legend />
                <UnitBars units={topUnits} onOpen={(unitId) => open(null, unitId)} />
              </section>
              <section className="overview__panel">
                <h2>{t("dash.trend")}</h2>
                <MonthTrend months={stats.by_month} />
              </section>
            </div>
          )}

          <section className="overview__panel">
            <h2>{t("dash.byUnit", { count: stats.by_unit.length })}</h2>
            <div className="overview__table-wrap">
              <table className="overview__table" data-testid="unit-table">
                <thead>
                  <tr>
                    <th>{t("dash.col.unit")}</th>
                    <th>{t("dash.col.assigned")}</th>
                    <th>{t("dash.col.doneOnTime")}</th>
                    <th>{t("dash.col.doneLate")}</th>
                    <th>{t("dash.col.inTime")}</th>
                    <th>{t("dash.col.overdue")}</th>
                    <th>{t("dash.col.notStarted")}</th>
                    <th>{t("dash.col.noDeadline")}</th>
                    <th>{t("dash.col.doneRate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.by_unit.map((u) => {
                    const cell = (status: StatusFilter | null, value: number) => (
                      <td className="num">
                        <button type="button" className="button-link" onClick={() => open(status, u.unit_id)}>
                          {formatNumber(value)}
                        </button>
                      </td>
                    );
                    return (
                      <tr key={u.unit_id}>
                        <td>{u.unit_name}</td>
                        {cell(null, u.counts.assigned)}
                        {cell("done_on_time", u.counts.done_on_time)}
                        {cell("done_late", u.counts.done_late)}
                        {cell("in_progress_on_time", u.counts.in_progress_on_time)}
                        {cell("overdue", u.counts.overdue)}
                        {cell("not_started", u.counts.not_started)}
                        {cell("no_deadline", u.counts.no_deadline)}
                        <td className="num">{pct(u.counts.done_on_time + u.counts.done_late, u.counts.assigned)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section className="overview__panel">
            <h2>{t("dash.byOrigin")}</h2>
            <table className="overview__table overview__table--small">
              <thead>
                <tr>
                  <th>{t("dash.col.origin")}</th>
                  <th>{t("dash.col.assigned")}</th>
                  <th>{t("dash.col.doneOnTime")}</th>
                  <th>{t("dash.col.doneLate")}</th>
                  <th>{t("dash.col.inTime")}</th>
                  <th>{t("dash.col.overdue")}</th>
                </tr>
              </thead>
              <tbody>
                {stats.by_origin.map(([origin, c]) => (
                  <tr key={origin}>
                    <td>{origin.toUpperCase()}</td>
                    <td className="num">{formatNumber(c.assigned)}</td>
                    <td className="num">{formatNumber(c.done_on_time)}</td>
                    <td className="num">{formatNumber(c.done_late)}</td>
                    <td className="num">{formatNumber(c.in_progress_on_time)}</td>
                    <td className="num">{formatNumber(c.overdue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="overview__panel">
            <h2>{t("dash.overdue", { count: formatNumber(stats.overdue.length) })}</h2>
            {stats.overdue.length === 0 ? (
              <p className="muted">{t("dash.overdueNone")}</p>
            ) : (
              <>
                {stats.overdue.length > OVERDUE_SHOWN && (
                  <p className="muted">{t("dash.overdueMore", { shown: OVERDUE_SHOWN, count: formatNumber(stats.overdue.length) })}</p>
                )}
                <div className="overview__table-wrap">
                  <table className="overview__table" data-testid="overdue-table">
                    <thead>
                      <tr>
                        <th>{t("dash.col.document")}</th>
                        <th>{t("dash.col.description")}</th>
                        <th>{t("dash.col.unit")}</th>
                        <th>{t("dash.col.deadline")}</th>
                        <th>{t("dash.col.daysOverdue")}</th>
                        <th>{t("dash.col.reasons")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {stats.overdue.slice(0, OVERDUE_SHOWN).map((o) => (
                        <tr
                          key={o.task_id}
                          className="row-overdue overview__overdue-row"
                          tabIndex={0}
                          data-testid="overdue-row"
                          onClick={() => session.openTask(o.task_id)}
                          onKeyDown={(e) => e.key === "Enter" && session.openTask(o.task_id)}
                        >
                          <td>{o.document_number}</td>
                          <td>{o.description}</td>
                          <td>{o.lead_unit_name}</td>
                          <td>{formatDate(o.deadline)}</td>
                          <td className="num">{formatNumber(o.days_overdue)}</td>
                          <td>{[o.delay_reasons, o.difficulties, o.proposals].filter((s) => s !== "").join(" · ")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
