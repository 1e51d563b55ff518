// The dashboard's reporting period: what the user chose (a month, a quarter, the first 6 or
// 9 months, the year, or a range of their own), how it becomes the from–to dates sent to
// statistics(), and remembering it in localStorage. Dates are ISO "YYYY-MM-DD".

export type PeriodKind = "month" | "quarter" | "half" | "nine_months" | "year" | "custom";

export const PERIOD_KINDS: readonly PeriodKind[] = ["month", "quarter", "half", "nine_months", "year", "custom"];

export type Period = {
  kind: PeriodKind;
  year: number;
  /** 1–12, used by "month". */
  month: number;
  /** 1–4, used by "quarter". */
  quarter: number;
  /** Used by "custom"; null while not (validly) typed. */
  from: string | null;
  to: string | null;
};

export type DateRange = { from: string; to: string };

const STORAGE_KEY = "nhiemvu.dashboard.period.v1";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The last day of a month (day 0 of the next month), leap years included. */
export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** From the first day of month `first` to the last day of month `last` of `year`. */
function months(year: number, first: number, last: number): DateRange {
  return { from: iso(year, first, 1), to: iso(year, last, lastDayOfMonth(year, last)) };
}

/**
 * The dates of a period; null when a custom range is incomplete or reversed (nothing to
 * ask the core for yet). 6 and 9 months count from 1 January, as in the reports.
 */
export function periodRange(period: Period): DateRange | null {
  const { year } = period;
  switch (period.kind) {
    case "month":
      return months(year, period.month, period.month);
    case "quarter":
      return months(year, period.quarter * 3 - 2, period.quarter * 3);
    case "half":
      return months(year, 1, 6);
    case "nine_months":
      return months(year, 1, 9);
    case "year":
      return months(year, 1, 12);
    case "custom":
      if (period.from === null || period.to === null || period.from > period.to) return null;
      return { from: period.from, to: period.to };
  }
}

/** The current year as of `today`, with today's month and quarter ready for the other kinds. */
export function defaultPeriod(today: string): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return { kind: "year", year, month, quarter: Math.ceil(month / 3), from: null, to: null };
}

/** Switching kind keeps year/month/quarter; a new custom range starts from the old period. */
export function withKind(period: Period, kind: PeriodKind): Period {
  if (kind === "custom" && period.kind !== "custom") {
    const range = periodRange(period);
    return { ...period, kind, from: range?.from ?? null, to: range?.to ?? null };
  }
  return { ...period, kind };
}

function intIn(value: unknown, min: number, max: number): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function isoOrNull(value: unknown): string | null {
  return typeof value === "string" && ISO_DATE.test(value) ? value : null;
}

/** The period chosen last time, or the default; anything malformed falls back to it. */
export function loadPeriod(today: string): Period {
  const fallback = defaultPeriod(today);
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return fallback;
    const saved: unknown = JSON.parse(raw);
    if (typeof saved !== "object" || saved === null) return fallback;
    const s = saved as Record<string, unknown>;
    const kind = PERIOD_KINDS.find((k) => k === s.kind);
    if (!kind) return fallback;
    return {
      kind,
      year: intIn(s.year, 1900, 2199) ?? fallback.year,
      month: intIn(s.month, 1, 12) ?? fallback.month,
      quarter: intIn(s.quarter, 1, 4) ?? fallback.quarter,
      from: isoOrNull(s.from),
      to: isoOrNull(s.to),
    };
  } catch {
    return fallback;
  }
}

export function savePeriod(period: Period): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(period));
  } catch {
    // Storage full or disabled: the choice is simply not remembered.
  }
}
