// Reporting periods of the dashboard (DOMAIN.md §6: tháng, quý, 6 tháng, 9 tháng, năm, or
// an ad-hoc range) as the first and last day, and the choice remembered in localStorage.

export type PeriodKind = "month" | "quarter" | "half" | "nine" | "year" | "custom";
export const PERIOD_KINDS: readonly PeriodKind[] = ["month", "quarter", "half", "nine", "year", "custom"];

export type PeriodChoice = {
  kind: PeriodKind;
  year: number;
  /** Month 1–12 for "month", quarter 1–4 for "quarter"; unused otherwise. */
  n: number;
  /** The ad-hoc range (ISO dates), for "custom". */
  from: string | null;
  to: string | null;
  /** Statuses as of this date; null: today. */
  asOf: string | null;
};

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** The last day of month `m` (1–12) of year `y`. */
export function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The first and last day of the period, or null when a custom range is incomplete. */
export function periodRange(p: PeriodChoice): { from: string; to: string } | null {
  switch (p.kind) {
    case "month":
      return { from: iso(p.year, p.n, 1), to: iso(p.year, p.n, lastDay(p.year, p.n)) };
    case "quarter": {
      const first = (p.n - 1) * 3 + 1;
      return { from: iso(p.year, first, 1), to: iso(p.year, first + 2, lastDay(p.year, first + 2)) };
    }
    case "half":
      return { from: iso(p.year, 1, 1), to: iso(p.year, 6, 30) };
    case "nine":
      return { from: iso(p.year, 1, 1), to: iso(p.year, 9, 30) };
    case "year":
      return { from: iso(p.year, 1, 1), to: iso(p.year, 12, 31) };
    case "custom":
      return p.from && p.to && p.from <= p.to ? { from: p.from, to: p.to } : null;
  }
}

/** This year up to today: the default. */
export function defaultPeriod(today: string): PeriodChoice {
  const year = Number(today.slice(0, 4));
  return { kind: "year", year, n: Number(today.slice(5, 7)), from: null, to: null, asOf: null };
}

const KEY = "nhiemvu.dashboard.period.v1";
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function loadPeriod(today: string): PeriodChoice {
  const fallback = defaultPeriod(today);
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return fallback;
    const s = JSON.parse(raw) as Record<string, unknown>;
    const kind = PERIOD_KINDS.includes(s.kind as PeriodKind) ? (s.kind as PeriodKind) : fallback.kind;
    const year = Number.isInteger(s.year) && (s.year as number) >= 1990 && (s.year as number) <= 2100 ? (s.year as number) : fallback.year;
    const max = kind === "quarter" ? 4 : 12;
    const n = Number.isInteger(s.n) && (s.n as number) >= 1 && (s.n as number) <= max ? (s.n as number) : 1;
    const date = (v: unknown) => (typeof v === "string" && ISO.test(v) ? v : null);
    return { kind, year, n, from: date(s.from), to: date(s.to), asOf: date(s.asOf) };
  } catch {
    return fallback;
  }
}

export function savePeriod(p: PeriodChoice): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // not remembered
  }
}

/** The quarter that holds `today` (ISO date): a report form's first period. */
export function currentQuarter(today: string): PeriodChoice {
  const month = Number(today.slice(5, 7));
  return { kind: "quarter", year: Number(today.slice(0, 4)), n: Math.floor((month - 1) / 3) + 1, from: null, to: null, asOf: null };
}
