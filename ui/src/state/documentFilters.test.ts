import { describe, expect, it } from "vitest";
import {
  DEFAULT_DOCUMENT_FILTERS,
  DOCUMENT_FILTERS_KEY,
  documentFiltersEqual,
  documentTasksQuery,
  loadDocumentFilters,
  saveDocumentFilters,
  toDocumentQuery,
  type DocumentFilters,
} from "./documentFilters";

const CHOSEN: DocumentFilters = {
  search: "ke hoach",
  kind: "plan",
  issuer: "chairman",
  origin: "qc45",
  urgency: "flash",
  issuedFrom: "2026-01-01",
  issuedTo: "2026-03-31",
  sort: "entered_desc",
};

describe("document filters", () => {
  it("starts from the defaults when nothing was saved", () => {
    expect(loadDocumentFilters()).toEqual(DEFAULT_DOCUMENT_FILTERS);
  });

  it("round-trips through localStorage under its own key", () => {
    saveDocumentFilters(CHOSEN);
    expect(JSON.parse(window.localStorage.getItem("nhiemvu.documents.filters.v1") ?? "null")).toEqual(CHOSEN);
    expect(loadDocumentFilters()).toEqual(CHOSEN);
  });

  it("drops malformed saved values one by one", () => {
    window.localStorage.setItem(
      DOCUMENT_FILTERS_KEY,
      JSON.stringify({
        search: 12,
        kind: "memo",
        issuer: "chairman",
        origin: "QC45",
        urgency: null,
        issuedFrom: "01/02/2026",
        issuedTo: "2026-02-28",
        sort: "random",
      }),
    );
    expect(loadDocumentFilters()).toEqual({ ...DEFAULT_DOCUMENT_FILTERS, issuer: "chairman", issuedTo: "2026-02-28" });
  });

  it("ignores storage that is not a filters object", () => {
    for (const raw of ["not json", "[1,2]", "null", '"text"', "42"]) {
      window.localStorage.setItem(DOCUMENT_FILTERS_KEY, raw);
      expect(loadDocumentFilters(), raw).toEqual(DEFAULT_DOCUMENT_FILTERS);
    }
  });

  it("drops a reversed saved date range", () => {
    window.localStorage.setItem(DOCUMENT_FILTERS_KEY, JSON.stringify({ issuedFrom: "2026-05-01", issuedTo: "2026-04-01" }));
    expect(loadDocumentFilters()).toEqual(DEFAULT_DOCUMENT_FILTERS);
  });

  it("builds a DocumentQuery", () => {
    expect(toDocumentQuery({ ...CHOSEN, search: "  quang tri " }, 200)).toEqual({
      search: "quang tri",
      kind: "plan",
      issuer: "chairman",
      origin: "qc45",
      urgency: "flash",
      issued_from: "2026-01-01",
      issued_to: "2026-03-31",
      sort: "entered_desc",
      offset: 200,
      limit: 100,
    });
    expect(toDocumentQuery(DEFAULT_DOCUMENT_FILTERS, 0)).toEqual({
      search: null,
      kind: null,
      issuer: null,
      origin: null,
      urgency: null,
      issued_from: null,
      issued_to: null,
      sort: "issued_desc",
      offset: 0,
      limit: 100,
    });
    expect(toDocumentQuery({ ...DEFAULT_DOCUMENT_FILTERS, search: "   " }, 0).search).toBeNull();
  });

  it("compares filters field by field", () => {
    expect(documentFiltersEqual(CHOSEN, { ...CHOSEN })).toBe(true);
    expect(documentFiltersEqual(CHOSEN, { ...CHOSEN, urgency: "normal" })).toBe(false);
  });

  it("asks for every task of one document", () => {
    expect(documentTasksQuery("doc-7")).toEqual({
      unit_id: null,
      include_sub_units: false,
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
      document_id: "doc-7",
      search: null,
      as_of: null,
      sort: "deadline",
      offset: 0,
      limit: 500,
    });
  });
});
