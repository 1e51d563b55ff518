// Thống kê và in: the secret tasks of a reporting period per lead unit (the columns of the
// normal overview's table, with the totals), and printing: the registers đến / đi, the
// handover and copy registers of a year, or these statistics. "Xem trước" draws the PDF
// inside the window, "In" sends it to the printer, "Lưu PDF" saves a file only when the
// store's settings allow it (the back end refuses otherwise, and says why).
import { useEffect, useState } from "react";
import type { Counts } from "../bindings/Counts";
import type { SecretPrint } from "../bindings/SecretPrint";
import type { SecretStatistics } from "../bindings/SecretStatistics";
import { ErrorBanner } from "../components/ErrorBanner";
import { SelectField } from "../components/form";
import { PdfPreview } from "../components/PdfPreview";
import { formatDate, formatNumber } from "../format";
import { t } from "../i18n";
import { periodParam } from "../screens/Reports";
import { secretExport, secretPrint, secretPrintPdf, secretStatistics, secretYears } from "../secretApi";
import { PeriodFields } from "../components/PeriodFields";
import { currentQuarter, periodRange, type PeriodChoice, type PeriodKind } from "../state/reportPeriod";
import "../styles/reports.css";
import { useSecret } from "./SecretContext";

/** Quý, 6 tháng, năm, tháng, đột xuất. */
const PERIOD_KINDS: readonly PeriodKind[] = ["quarter", "half", "year", "month", "custom"];

export type PrintKind = "incoming" | "outgoing" | "handovers" | "copies" | "statistics";
const PRINT_KINDS: readonly PrintKind[] = ["incoming", "outgoing", "handovers", "copies", "statistics"];

/** What the back end prints for a choice; null while the statistics' period is incomplete. */
export function printRequest(kind: PrintKind, year: number, period: string | null): SecretPrint | null {
  switch (kind) {
    case "incoming":
    case "outgoing":
      return { kind: "register", register: kind, year };
    case "handovers":
      return { kind: "handovers", year };
    case "copies":
      return { kind: "copies", year };
    case "statistics":
      return period === null ? null : { kind: "statistics", period, as_of: null };
  }
}

function pct(a: number, b: number): string {
  return t("dash.percent", { value: formatNumber(b === 0 ? 0 : (a * 100) / b, 1) });
}

function CountCells({ c }: { c: Counts }) {
  return (
    <>
      <td className="num">{formatNumber(c.assigned)}</td>
      <td className="num">{formatNumber(c.done_on_time)}</td>
      <td className="num">{formatNumber(c.done_late)}</td>
      <td className="num">{formatNumber(c.in_progress_on_time)}</td>
      <td className="num">{formatNumber(c.overdue)}</td>
      <td className="num">{formatNumber(c.not_started)}</td>
      <td className="num">{formatNumber(c.no_deadline)}</td>
      <td className="num">{pct(c.done_on_time + c.done_late, c.assigned)}</td>
    </>
  );
}

type Busy = "preview" | "print" | "save" | null;

export function SecretStatsScreen() {
  const { today, settings, checkLocked } = useSecret();
  const thisYear = Number(today.slice(0, 4));
  const [period, setPeriod] = useState<PeriodChoice>(() => currentQuarter(today));
  const [stats, setStats] = useState<SecretStatistics | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const [years, setYears] = useState<number[]>([thisYear]);
  const [year, setYear] = useState(thisYear);
  const [printKind, setPrintKind] = useState<PrintKind>("incoming");
  const [busy, setBusy] = useState<Busy>(null);
  const [pdf, setPdf] = useState<Uint8Array | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [printError, setPrintError] = useState<unknown>(null);

  const param = periodParam(period);

  useEffect(() => {
    if (param === null) return;
    let live = true;
    setLoading(true);
    secretStatistics(param, null).then(
      (s) => {
        if (!live) return;
        setStats(s);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setLoading(false);
        if (!checkLocked(e)) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [param, checkLocked]);

  // The years that have entries (newest first); this year when there are none.
  useEffect(() => {
    let live = true;
    secretYears().then(
      (list) => {
        if (!live) return;
        const shown = list.length > 0 ? list : [thisYear];
        setYears(shown);
        setYear(shown.includes(thisYear) ? thisYear : shown[0]);
      },
      (e: unknown) => {
        if (live && !checkLocked(e)) setPrintError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [thisYear, checkLocked]);

  function choosePeriod(change: Partial<PeriodChoice>) {
    setPeriod((p) => {
      const next = { ...p, ...change };
      // An ad-hoc range starts as the period chosen before it.
      if (change.kind === "custom" && p.kind !== "custom") {
        const range = periodRange(p);
        next.from = range?.from ?? null;
        next.to = range?.to ?? null;
      }
      return next;
    });
    if (printKind === "statistics") setPdf(null);
  }

  const what = printRequest(printKind, year, param);

  async function run(action: Exclude<Busy, null>) {
    if (what === null || busy !== null) return;
    setBusy(action);
    setDone(null);
    setPrintError(null);
    try {
      if (action === "preview") {
        setPdf(await secretPrintPdf(what));
      } else if (action === "print") {
        await secretPrint(what);
        setDone(t("secret.print.sent"));
      } else {
        const saved = await secretExport(what);
        setDone(t("secret.print.saved", { path: saved.path }));
      }
    } catch (e) {
      if (!checkLocked(e)) setPrintError(e);
    } finally {
      setBusy(null);
    }
  }

  const periodYears: number[] = [];
  for (let y = thisYear + 1; y >= thisYear - 10; y--) periodYears.push(y);

  return (
    <div
      className="directory-screen secret-screen"
      data-testid="secret-stats"
      onKeyDown={(e) => {
        // Ctrl+Enter previews, as on the reports screen.
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
          e.preventDefault();
          void run("preview");
        }
      }}
    >
      <header className="screen-header">
        <h1>{t("secret.stats.title")}</h1>
      </header>

      <form className="overview__period secret-period" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields
          kindId="secret-period-kind"
          prefix="secret-period-"
          kinds={PERIOD_KINDS}
          period={period}
          years={periodYears}
          today={today}
          onChange={choosePeriod}
        />
      </form>
      {param === null && <p className="overview__note field-error">{t("rep.periodIncomplete")}</p>}

      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <section className="overview__panel">
        <h2>{t("secret.stats.byUnit")}</h2>
        {stats && (
          <p className="muted" data-testid="secret-stats-range">
            {t("dash.range", { from: formatDate(stats.from), to: formatDate(stats.to), asOf: formatDate(stats.as_of) })}
            {loading && ` — ${t("dash.loading")}`}
          </p>
        )}
        {!stats && loading && <p className="muted">{t("dash.loading")}</p>}
        {stats &&
          (stats.total.assigned === 0 && stats.by_unit.length === 0 ? (
            <p className="muted">{t("dash.empty")}</p>
          ) : (
            <div className="overview__table-wrap">
              <table className="overview__table" data-testid="secret-unit-table">
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
                  {stats.by_unit.map((u) => (
                    <tr key={u.unit_id}>
                      <td>{u.unit_name}</td>
                      <CountCells c={u.counts} />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="secret-total" data-testid="secret-total-row">
                    <th scope="row">{t("secret.stats.total")}</th>
                    <CountCells c={stats.total} />
                  </tr>
                </tfoot>
              </table>
            </div>
          ))}
      </section>

      <section className="overview__panel secret-print" data-testid="secret-print">
        <h2>{t("secret.print.title")}</h2>
        <div className="secret-print__form">
          <SelectField
            id="secret-print-kind"
            label={t("secret.print.what")}
            value={printKind}
            options={PRINT_KINDS.map((k) => ({ value: k, label: t(`secret.print.kind.${k}`) }))}
            onChange={(v) => {
              setPrintKind(v as PrintKind);
              setPdf(null);
              setDone(null);
            }}
          />
          {printKind !== "statistics" && (
            <SelectField
              id="secret-print-year"
              label={t("secret.print.year")}
              value={String(year)}
              options={years.map((y) => ({ value: String(y), label: String(y) }))}
              onChange={(v) => {
                setYear(Number(v));
                setPdf(null);
                setDone(null);
              }}
            />
          )}
          <div className="secret-print__buttons">
            <button type="button" className="button-primary" disabled={what === null || busy !== null} onClick={() => void run("preview")} data-testid="secret-print-preview">
              {busy === "preview" ? t("secret.print.working") : t("secret.print.preview")}
            </button>
            <button type="button" disabled={what === null || busy !== null} onClick={() => void run("print")} data-testid="secret-print-print">
              {busy === "print" ? t("secret.print.working") : t("secret.print.print")}
            </button>
            <button type="button" disabled={what === null || busy !== null} onClick={() => void run("save")} data-testid="secret-print-save">
              {busy === "save" ? t("secret.print.working") : t("secret.print.save")}
            </button>
          </div>
        </div>
        <p className={"secret-print__note" + (settings.export_enabled ? " muted" : " notice")} data-testid="secret-export-note">
          {settings.export_enabled ? t("secret.print.exportOn") : t("secret.print.exportOff")} {t("secret.print.logged")}
        </p>
        {done && (
          <p className="secret-print__done" role="status" data-testid="secret-print-done">
            {done}
          </p>
        )}
        <ErrorBanner error={printError} onDismiss={() => setPrintError(null)} />
        <div className="reports-preview secret-print__preview">
          <PdfPreview data={pdf} busy={busy === "preview"} />
        </div>
      </section>
    </div>
  );
}
