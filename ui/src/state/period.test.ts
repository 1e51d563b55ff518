import { describe, expect, it } from "vitest";
import { defaultPeriod, lastDayOfMonth, loadPeriod, periodRange, savePeriod, withKind, type Period } from "./period";

const base: Period = { kind: "year", year: 2026, month: 3, quarter: 1, from: null, to: null };

describe("periodRange", () => {
  it("covers one month", () => {
    expect(periodRange({ ...base, kind: "month", month: 4 })).toEqual({ from: "2026-04-01", to: "2026-04-30" });
    expect(periodRange({ ...base, kind: "month", month: 12 })).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });

  it("knows leap Februaries", () => {
    expect(periodRange({ ...base, kind: "month", month: 2, year: 2028 })).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(periodRange({ ...base, kind: "month", month: 2, year: 2026 })).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(lastDayOfMonth(2100, 2)).toBe(28);
    expect(lastDayOfMonth(2000, 2)).toBe(29);
  });

  it("covers quarters", () => {
    expect(periodRange({ ...base, kind: "quarter", quarter: 1 })).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(periodRange({ ...base, kind: "quarter", quarter: 2 })).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(periodRange({ ...base, kind: "quarter", quarter: 4 })).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });

  it("counts 6 and 9 months and the year from 1 January", () => {
    expect(periodRange({ ...base, kind: "half" })).toEqual({ from: "2026-01-01", to: "2026-06-30" });
    expect(periodRange({ ...base, kind: "nine_months" })).toEqual({ from: "2026-01-01", to: "2026-09-30" });
    expect(periodRange({ ...base, kind: "year", year: 2025 })).toEqual({ from: "2025-01-01", to: "2025-12-31" });
  });

  it("takes a custom range as typed, and nothing while incomplete or reversed", () => {
    expect(periodRange({ ...base, kind: "custom", from: "2026-02-15", to: "2026-03-10" })).toEqual({
      from: "2026-02-15",
      to: "2026-03-10",
    });
    expect(periodRange({ ...base, kind: "custom", from: "2026-02-15", to: null })).toBeNull();
    expect(periodRange({ ...base, kind: "custom", from: "2026-03-11", to: "2026-03-10" })).toBeNull();
  });
});

describe("defaultPeriod and withKind", () => {
  it("defaults to the current year, with today's month and quarter", () => {
    expect(defaultPeriod("2026-08-10")).toEqual({ kind: "year", year: 2026, month: 8, quarter: 3, from: null, to: null });
  });

  it("starts a custom range from the period chosen before", () => {
    const custom = withKind({ ...base, kind: "quarter", quarter: 2 }, "custom");
    expect(custom).toMatchObject({ kind: "custom", from: "2026-04-01", to: "2026-06-30" });
    expect(withKind(custom, "month")).toMatchObject({ kind: "month", month: 3 });
  });
});

describe("loadPeriod / savePeriod", () => {
  it("remembers the choice", () => {
    savePeriod({ ...base, kind: "quarter", quarter: 2 });
    expect(loadPeriod("2027-01-05")).toEqual({ ...base, kind: "quarter", quarter: 2 });
  });

  it("falls back to the default for missing or malformed data", () => {
    expect(loadPeriod("2026-03-10")).toEqual(defaultPeriod("2026-03-10"));
    window.localStorage.setItem("nhiemvu.dashboard.period.v1", "{not json");
    expect(loadPeriod("2026-03-10")).toEqual(defaultPeriod("2026-03-10"));
    window.localStorage.setItem("nhiemvu.dashboard.period.v1", JSON.stringify({ kind: "week", year: 2026 }));
    expect(loadPeriod("2026-03-10")).toEqual(defaultPeriod("2026-03-10"));
    window.localStorage.setItem(
      "nhiemvu.dashboard.period.v1",
      JSON.stringify({ kind: "month", year: "x", month: 13, quarter: 2, from: "15/02/2026", to: null }),
    );
    expect(loadPeriod("2026-03-10")).toEqual({ kind: "month", year: 2026, month: 3, quarter: 2, from: null, to: null });
  });
});
