import { describe, expect, it } from "vitest";
import { defaultPeriod, loadPeriod, periodRange, savePeriod, type PeriodChoice } from "./reportPeriod";

const base: PeriodChoice = { kind: "month", year: 2024, n: 2, from: null, to: null, asOf: null };

describe("reporting periods", () => {
  it("gives the first and last day of each kind", () => {
    expect(periodRange(base)).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(periodRange({ ...base, year: 2026 })).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(periodRange({ ...base, kind: "quarter", n: 2 })).toEqual({ from: "2024-04-01", to: "2024-06-30" });
    expect(periodRange({ ...base, kind: "quarter", n: 4 })).toEqual({ from: "2024-10-01", to: "2024-12-31" });
    expect(periodRange({ ...base, kind: "half" })).toEqual({ from: "2024-01-01", to: "2024-06-30" });
    expect(periodRange({ ...base, kind: "nine" })).toEqual({ from: "2024-01-01", to: "2024-09-30" });
    expect(periodRange({ ...base, kind: "year" })).toEqual({ from: "2024-01-01", to: "2024-12-31" });
  });

  it("needs both ends, in order, for a custom range", () => {
    expect(periodRange({ ...base, kind: "custom", from: "2026-03-01", to: null })).toBeNull();
    expect(periodRange({ ...base, kind: "custom", from: "2026-03-05", to: "2026-03-01" })).toBeNull();
    expect(periodRange({ ...base, kind: "custom", from: "2026-03-01", to: "2026-03-05" })).toEqual({
      from: "2026-03-01",
      to: "2026-03-05",
    });
  });

  it("defaults to this year and remembers the choice, dropping bad values", () => {
    expect(loadPeriod("2026-03-10")).toEqual(defaultPeriod("2026-03-10"));
    expect(defaultPeriod("2026-03-10").kind).toBe("year");
    const p: PeriodChoice = { kind: "quarter", year: 2025, n: 3, from: null, to: null, asOf: "2025-10-05" };
    savePeriod(p);
    expect(loadPeriod("2026-03-10")).toEqual(p);
    window.localStorage.setItem("nhiemvu.dashboard.period.v1", JSON.stringify({ kind: "quarter", year: 1200, n: 9, asOf: "x" }));
    expect(loadPeriod("2026-03-10")).toEqual({ kind: "quarter", year: 2026, n: 1, from: null, to: null, asOf: null });
  });
});
