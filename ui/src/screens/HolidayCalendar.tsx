// Lịch ngày nghỉ: the public holidays of a year, the year's decided extra days off and
// make-up working days (editable by the office), and a 12-month overview of the year.
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { calendarYear, setCalendarYear } from "../api";
import type { CalendarOverride } from "../bindings/CalendarOverride";
import type { CalendarYear } from "../bindings/CalendarYear";
import type { OverrideKind } from "../bindings/OverrideKind";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateInput, SelectField, TextField } from "../components/form";
import { errorField, toErrorPayload } from "../errors";
import { formatDate } from "../format";
import { fieldKey, useFormErrors } from "../hooks/useFormErrors";
import { getLocale, t } from "../i18n";
import { directoryEn } from "../i18n/en/directory";
import { directoryVi } from "../i18n/vi/directory";
import { isOffice, useSession } from "../session";

type DirKey = keyof typeof directoryVi;
/** t() for this screen's keys; uses the module catalogue until it is registered. */
function tr(k: DirKey, p?: Record<string, string | number>): string {
  const s = t(k as never, p);
  if (s !== k) return s;
  const text: string = (getLocale() === "en" ? directoryEn : directoryVi)[k];
  return p ? text.replace(/\{(\w+)\}/g, (w, n: string) => (n in p ? String(p[n]) : w)) : text;
}

type Row = { key: number; date: string | null; valid: boolean; kind: OverrideKind; note: string };
const ROW_FIELDS = ["date", "kind", "note"];

function isoOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** 0 = Sunday … 6 = Saturday, without time zones. */
function weekdayOf(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function weekdayName(iso: string): string {
  return tr(`cal.weekday.${weekdayOf(iso)}` as DirKey);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A refused save whose message names exactly one row's date is shown next to that row. */
function locate(error: unknown, rows: Row[]): unknown {
  const p = toErrorPayload(error);
  if (p.item !== undefined || errorField(p) !== "date") return p;
  const hits = rows
    .map((r, i) => (r.date && (p.message.includes(formatDate(r.date)) || p.message.includes(r.date)) ? i : -1))
    .filter((i) => i >= 0);
  return hits.length === 1 ? { ...p, field: "date", item: hits[0] } : p;
}

export function HolidayCalendar() {
  const session = useSession();
  const editable = isOffice(session.profile);
  const [year, setYear] = useState(() => Number(session.info.today.slice(0, 4)));
  const [data, setData] = useState<CalendarYear | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const errors = useFormErrors();
  const dirty = useRef(false);
  const nextKey = useRef(1);

  const toRows = (overrides: CalendarOverride[]): Row[] =>
    overrides.map((o) => ({ key: nextKey.current++, date: o.date, valid: true, kind: o.kind, note: o.note }));

  useEffect(() => {
    let live = true;
    calendarYear(year).then(
      (cy) => {
        if (!live) return;
        setData(cy);
        setLoadError(null);
        // A write elsewhere reloads the year, but never over what is being typed.
        if (!dirty.current) setRows(toRows(cy.overrides));
      },
      (error) => live && setLoadError(error),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [year, session.dataVersion]);

  function changeYear(next: number) {
    if (next === year) return;
    dirty.current = false;
    setYear(next);
    setData(null);
    setRows([]);
    setNotice(null);
    setBlocked(null);
    errors.clear();
  }

  function edit(index: number, patch: Partial<Row>, field?: string) {
    dirty.current = true;
    setNotice(null);
    setBlocked(null);
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
    if (field) errors.setField(fieldKey(field, index), null);
  }

  function addRow() {
    dirty.current = true;
    setNotice(null);
    setRows((rs) => [...rs, { key: nextKey.current++, date: null, valid: true, kind: "day_off", note: "" }]);
  }

  function removeRow(index: number) {
    dirty.current = true;
    setNotice(null);
    errors.clear();
    setBlocked(null);
    setRows((rs) => rs.filter((_, i) => i !== index));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!editable || saving) return;
    setNotice(null);
    setBlocked(null);
    errors.clear();
    let bad = false;
    rows.forEach((r, i) => {
      if (!r.valid) {
        errors.setField(fieldKey("date", i), t("form.invalidDate"));
        bad = true;
      } else if (r.date === null) {
        errors.setField(fieldKey("date", i), tr("cal.dateRequired"));
        bad = true;
      }
    });
    if (bad) {
      setBlocked(tr("cal.invalidDates"));
      return;
    }
    const overrides: CalendarOverride[] = rows.map((r) => ({ date: r.date as string, kind: r.kind, note: r.note.trim() }));
    setSaving(true);
    try {
      const cy = await setCalendarYear(year, overrides);
      dirty.current = false;
      setData(cy);
      setRows(toRows(cy.overrides));
      setNotice(tr("cal.saved"));
    } catch (error) {
      errors.show(locate(error, rows), (field, item) => item !== null && item < rows.length && ROW_FIELDS.includes(field));
    } finally {
      setSaving(false);
    }
  }

  const thisYear = Number(session.info.today.slice(0, 4));
  const years = useMemo(() => {
    const from = Math.min(thisYear - 5, year);
    const to = Math.max(thisYear + 5, year);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }, [thisYear, year]);

  const kindOptions = [
    { value: "day_off", label: tr("cal.kind.day_off") },
    { value: "working_day", label: tr("cal.kind.working_day") },
  ];

  // The mini calendar follows the table as it is edited.
  const holidays = useMemo(() => new Map((data?.holidays ?? []).map((h) => [h.date, h.name])), [data]);
  const overrides = useMemo(() => {
    const map = new Map<string, Row>();
    for (const r of rows) if (r.date && r.valid) map.set(r.date, r);
    return map;
  }, [rows]);

  const banner = errors.banner ?? (blocked ? { code: "invalid", message: blocked } : null);

  return (
    <div className="directory-screen calendar-screen" data-testid="calendar-screen">
      <header className="screen-header">
        <h1>{tr("cal.title")}</h1>
        <div className="year-picker">
          <button type="button" className="button-link" onClick={() => changeYear(year - 1)} aria-label={tr("cal.prevYear")} title={tr("cal.prevYear")}>
            ‹ {year - 1}
          </button>
          <label htmlFor="cal-year" className="sr-only">
            {tr("cal.year")}
          </label>
          <select id="cal-year" value={year} onChange={(e) => changeYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <button type="button" className="button-link" onClick={() => changeYear(year + 1)} aria-label={tr("cal.nextYear")} title={tr("cal.nextYear")}>
            {year + 1} ›
          </button>
        </div>
      </header>

      <ErrorBanner error={loadError} />
      {!data && !loadError && <p className="muted">{tr("cal.loading")}</p>}

      {data && (
        <div className="calendar-layout">
          <div className="calendar-lists">
            <section aria-labelledby="cal-holidays">
              <h2 id="cal-holidays">{tr("cal.holidays")}</h2>
              {data.holidays.length === 0 ? (
                <p className="muted">{tr("cal.noHolidays")}</p>
              ) : (
                <table className="directory-table" data-testid="holiday-table">
                  <thead>
                    <tr>
                      <th>{tr("cal.date")}</th>
                      <th>{tr("cal.weekday")}</th>
                      <th>{tr("cal.holidayName")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.holidays.map((h) => (
                      <tr key={h.date}>
                        <td className="num">{formatDate(h.date)}</td>
                        <td>{weekdayName(h.date)}</td>
                        <td>{h.name}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="cal-overrides">
              <h2 id="cal-overrides">{tr("cal.overrides")}</h2>
              <p className="muted">{editable ? tr("cal.overridesHint") : tr("cal.readOnly")}</p>
              {editable ? (
                <form onSubmit={save} noValidate>
                  <ErrorBanner error={banner} onDismiss={() => {
                      errors.clearBanner();
                      setBlocked(null);
                    }} />
                  {rows.length === 0 && <p className="muted">{tr("cal.noOverrides")}</p>}
                  {rows.length > 0 && (
                    <table className="directory-table override-table" data-testid="override-table">
                      <thead>
                        <tr>
                          <th>{tr("cal.date")}</th>
                          <th>{tr("cal.weekday")}</th>
                          <th>{tr("cal.kind")}</th>
                          <th>{tr("cal.note")}</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((r, i) => (
                          <tr key={r.key} data-testid={`override-row-${i}`}>
                            <td>
                              <DateInput
                                className="cell-field"
                                label={tr("cal.rowDate", { n: i + 1 })}
                                value={r.date}
                                error={errors.fields[fieldKey("date", i)]}
                                autoFocus={r.date === null && i === rows.length - 1}
                                onChange={(iso, valid) =>
                                  // An invalid text keeps the last good date so the typed text stays.
                                  edit(i, valid ? { date: iso, valid } : { valid }, "date")
                                }
                              />
                            </td>
                            <td className="muted">{r.date && r.valid ? weekdayName(r.date) : ""}</td>
                            <td>
                              <SelectField
                                className="cell-field"
                                label={tr("cal.rowKind", { n: i + 1 })}
                                value={r.kind}
                                options={kindOptions}
                                error={errors.fields[fieldKey("kind", i)]}
                                onChange={(v) => edit(i, { kind: v as OverrideKind }, "kind")}
                              />
                            </td>
                            <td>
                              <TextField
                                className="cell-field"
                                label={tr("cal.rowNote", { n: i + 1 })}
                                value={r.note}
                                maxLength={500}
                                error={errors.fields[fieldKey("note", i)]}
                                onChange={(v) => edit(i, { note: v }, "note")}
                              />
                            </td>
                            <td>
                              <button type="button" className="button-link" aria-label={tr("cal.removeRow", { n: i + 1 })} onClick={() => removeRow(i)}>
                                {tr("cal.remove")}
                              </button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  <div className="form-actions">
                    {notice && (
                      <span className="notice" role="status">
                        {notice}
                      </span>
                    )}
                    <button type="button" onClick={addRow}>
                      {tr("cal.add")}
                    </button>
                    <button type="submit" className="button-primary" disabled={saving}>
                      {saving ? t("form.saving") : tr("cal.save")}
                    </button>
                  </div>
                </form>
              ) : rows.length === 0 ? (
                <p className="muted">{tr("cal.noOverrides")}</p>
              ) : (
                <table className="directory-table" data-testid="override-table">
                  <thead>
                    <tr>
                      <th>{tr("cal.date")}</th>
                      <th>{tr("cal.weekday")}</th>
                      <th>{tr("cal.kind")}</th>
                      <th>{tr("cal.note")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.key}>
                        <td className="num">{formatDate(r.date)}</td>
                        <td>{r.date ? weekdayName(r.date) : ""}</td>
                        <td>{tr(`cal.kind.${r.kind}`)}</td>
                        <td>{r.note}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>

          <section className="year-overview" aria-labelledby="cal-months">
            <h2 id="cal-months">{tr("cal.months", { year })}</h2>
            <Legend />
            <div className="year-grid">
              {Array.from({ length: 12 }, (_, m) => (
                <MonthGrid key={m} year={year} month={m + 1} holidays={holidays} overrides={overrides} today={session.info.today} />
              ))}
            </div>
          </section>
        </div>
      )}
    </div>
  );
}

const WEEK = [1, 2, 3, 4, 5, 6, 0];

function Legend() {
  const items: [string, DirKey][] = [
    ["is-weekend", "cal.legend.weekend"],
    ["is-holiday", "cal.legend.holiday"],
    ["is-day-off", "cal.legend.dayOff"],
    ["is-working-day", "cal.legend.workingDay"],
    ["is-today", "cal.legend.today"],
  ];
  return (
    <ul className="cal-legend" aria-label={tr("cal.legend")}>
      {items.map(([cls, key]) => (
        <li key={cls}>
          <span className={"cal-swatch " + cls} aria-hidden="true" />
          {tr(key)}
        </li>
      ))}
    </ul>
  );
}

function MonthGrid({
  year,
  month,
  holidays,
  overrides,
  today,
}: {
  year: number;
  month: number;
  holidays: Map<string, string>;
  overrides: Map<string, Row>;
  today: string;
}) {
  const first = weekdayOf(isoOf(year, month, 1));
  const blanks = (first + 6) % 7;
  const days = daysIn(year, month);
  const cells: (number | null)[] = [...Array<null>(blanks).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const title = tr("cal.month", { month });
  return (
    <table className="month-grid" aria-label={`${title}/${year}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          {WEEK.map((d) => (
            <th key={d} scope="col" abbr={tr(`cal.weekday.${d}` as DirKey)}>
              {tr(`cal.weekdayShort.${d}` as DirKey)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((day, i) => {
              if (day === null) return <td key={i} />;
              const iso = isoOf(year, month, day);
              const wd = WEEK[i];
              const classes: string[] = [];
              const notes: string[] = [formatDate(iso), tr(`cal.weekday.${wd}` as DirKey)];
              if (wd === 0 || wd === 6) classes.push("is-weekend");
              const holiday = holidays.get(iso);
              if (holiday) {
                classes.push("is-holiday");
                notes.push(holiday);
              }
              const o = overrides.get(iso);
              if (o) {
                classes.push(o.kind === "day_off" ? "is-day-off" : "is-working-day");
                notes.push(tr(`cal.kind.${o.kind}`) + (o.note ? `: ${o.note}` : ""));
              }
              if (iso === today) classes.push("is-today");
              return (
                <td key={i} className={classes.join(" ")} data-date={iso} title={notes.join(" – ")}>
                  {day}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
