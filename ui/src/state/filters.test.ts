import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, loadFilters, saveFilters, toQuery } from "./filters";

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
      classification: null,
      origin: null,
      deadline_from: null,
      deadline_to: null,
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
});
