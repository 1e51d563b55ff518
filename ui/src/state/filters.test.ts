import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, filtersEqual, loadFilters, saveFilters, toQuery, withPreset } from "./filters";

describe("filters", () => {
  it("round-trips through localStorage", () => {
    const filters = { ...DEFAULT_FILTERS, search: "quang tri", status: "overdue" as const, deadlineFrom: "2026-01-01" };
    saveFilters(filters);
    expect(loadFilters()).toEqual(filters);
  });

  it("drops malformed saved values", () => {
    window.localStorage.setItem(
      "nhiemvu.register.filters.v1",
      JSON.stringify({ status: "bogus", deadlineFrom: "31/02/2026", origin: "qc42", search: 5 }),
    );
    expect(loadFilters()).toEqual({ ...DEFAULT_FILTERS, origin: "qc42" });
    window.localStorage.setItem("nhiemvu.register.filters.v1", "not json");
    expect(loadFilters()).toEqual(DEFAULT_FILTERS);
  });

  it("builds a RegisterQuery", () => {
    const q = toQuery({ ...DEFAULT_FILTERS, search: "  ke hoach ", unitId: "u1" }, 400, 200, "2026-03-10");
    expect(q).toEqual({
      unit_id: "u1",
      include_sub_units: true,
      include_coordinating: false,
      status: null,
      states: [],
      extension_requested: false,
      classification: null,
      origin: null,
      deadline_from: null,
      deadline_to: null,
      assigned_from: null,
      assigned_to: null,
      follow_up_officer_id: null,
      document_id: null,
      search: "ke hoach",
      as_of: "2026-03-10",
      sort: "deadline",
      offset: 400,
      limit: 200,
    });
    expect(toQuery(DEFAULT_FILTERS, 0, 200, null).search).toBeNull();
    expect(toQuery(DEFAULT_FILTERS, 0, 200, null).include_sub_units).toBe(false);
  });

  it("carries the dashboard's period, as-of date, officer and states into the query", () => {
    const q = toQuery(
      withPreset({
        status: "done_on_time",
        assignedFrom: "2026-01-01",
        assignedTo: "2026-03-31",
        asOf: "2026-03-31",
        followUpOfficerId: "p1",
        states: ["submitted"],
      }),
      0,
      200,
      "2026-04-02",
    );
    expect(q).toMatchObject({
      status: "done_on_time",
      assigned_from: "2026-01-01",
      assigned_to: "2026-03-31",
      as_of: "2026-03-31",
      follow_up_officer_id: "p1",
      states: ["submitted"],
    });
  });

  it("remembers the new fields and compares arrays by value", () => {
    const f = withPreset({ states: ["assigned", "returned"], asOf: "2026-02-01", followUpOfficerId: "p9" });
    saveFilters(f);
    expect(loadFilters()).toEqual(f);
    expect(filtersEqual(f, { ...f, states: ["assigned", "returned"] })).toBe(true);
    expect(filtersEqual(f, { ...f, states: ["assigned"] })).toBe(false);
  });
});
