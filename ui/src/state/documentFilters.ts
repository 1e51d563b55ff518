// The document register's filters: what the user chose, remembered in localStorage, and how
// they become a DocumentQuery. Dates here are valid "YYYY-MM-DD" strings or null: the screen
// never lets an invalid typed date through. Also the value lists of the document enums, in
// the order the selects show them (shared by the filters and the registration form).
import type { DocumentKind } from "../bindings/DocumentKind";
import type { DocumentQuery } from "../bindings/DocumentQuery";
import type { DocumentSort } from "../bindings/DocumentSort";
import type { Issuer } from "../bindings/Issuer";
import type { Origin } from "../bindings/Origin";
import { DEFAULT_FILTERS, toQuery } from "./filters";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { Urgency } from "../bindings/Urgency";

export type DocumentFilters = {
  search: string;
  kind: DocumentKind | null;
  issuer: Issuer | null;
  origin: Origin | null;
  urgency: Urgency | null;
  issuedFrom: string | null;
  issuedTo: string | null;
  sort: DocumentSort;
};

export const DEFAULT_DOCUMENT_FILTERS: DocumentFilters = {
  search: "",
  kind: null,
  issuer: null,
  origin: null,
  urgency: null,
  issuedFrom: null,
  issuedTo: null,
  sort: "issued_desc",
};

/** Rows per page of the register. */
export const DOCUMENT_PAGE_SIZE = 100;
/** Tasks shown in the detail pane of one document (the most list_tasks gives at once). */
export const DOCUMENT_TASKS_LIMIT = 500;

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  "decision",
  "directive",
  "statute",
  "regulation",
  "programme",
  "plan",
  "guidance",
  "project",
  "scheme",
  "official_letter",
  "telegram",
  "transmittal_slip",
  "conclusion_notice",
  "other",
];
export const ISSUERS: readonly Issuer[] = [
  "provincial_committee",
  "chairman",
  "vice_chairman",
  "committee_office",
  "government",
  "prime_minister",
];
export const URGENCIES: readonly Urgency[] = ["normal", "urgent", "very_urgent", "flash"];
export const DOCUMENT_ORIGINS: readonly Origin[] = ["qc45", "qc42"];
export const DOCUMENT_SORTS: readonly DocumentSort[] = ["issued_desc", "issued_asc", "entered_desc"];

export const DOCUMENT_FILTERS_KEY = "nhiemvu.documents.filters.v1";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function pick<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function isoOrNull(value: unknown): string | null {
  return typeof value === "string" && ISO_DATE.test(value) ? value : null;
}

/** The filters saved last time, or the defaults; anything malformed is dropped field by field. */
export function loadDocumentFilters(): DocumentFilters {
  try {
    const raw = window.localStorage.getItem(DOCUMENT_FILTERS_KEY);
    if (!raw) return { ...DEFAULT_DOCUMENT_FILTERS };
    const saved: unknown = JSON.parse(raw);
    if (typeof saved !== "object" || saved === null || Array.isArray(saved)) return { ...DEFAULT_DOCUMENT_FILTERS };
    const s = saved as Record<string, unknown>;
    let issuedFrom = isoOrNull(s.issuedFrom);
    let issuedTo = isoOrNull(s.issuedTo);
    // A reversed range could never have been saved by the screen: drop both ends.
    if (issuedFrom !== null && issuedTo !== null && issuedFrom > issuedTo) {
      issuedFrom = null;
      issuedTo = null;
    }
    return {
      search: typeof s.search === "string" ? s.search : "",
      kind: pick(s.kind, DOCUMENT_KINDS),
      issuer: pick(s.issuer, ISSUERS),
      origin: pick(s.origin, DOCUMENT_ORIGINS),
      urgency: pick(s.urgency, URGENCIES),
      issuedFrom,
      issuedTo,
      sort: pick(s.sort, DOCUMENT_SORTS) ?? DEFAULT_DOCUMENT_FILTERS.sort,
    };
  } catch {
    return { ...DEFAULT_DOCUMENT_FILTERS };
  }
}

export function saveDocumentFilters(filters: DocumentFilters): void {
  try {
    window.localStorage.setItem(DOCUMENT_FILTERS_KEY, JSON.stringify(filters));
  } catch {
    // Storage full or disabled: the filters are simply not remembered.
  }
}

export function documentFiltersEqual(a: DocumentFilters, b: DocumentFilters): boolean {
  return (Object.keys(DEFAULT_DOCUMENT_FILTERS) as (keyof DocumentFilters)[]).every((k) => a[k] === b[k]);
}

/** The query for one page of the register under these filters. */
export function toDocumentQuery(filters: DocumentFilters, offset: number, limit = DOCUMENT_PAGE_SIZE): DocumentQuery {
  const search = filters.search.trim();
  return {
    search: search === "" ? null : search,
    kind: filters.kind,
    issuer: filters.issuer,
    origin: filters.origin,
    urgency: filters.urgency,
    issued_from: filters.issuedFrom,
    issued_to: filters.issuedTo,
    sort: filters.sort,
    offset,
    limit,
  };
}

/** Every task of one document (the detail pane): no other filter, up to 500 rows. */
export function documentTasksQuery(documentId: string): RegisterQuery {
  return { ...toQuery(DEFAULT_FILTERS, 0, DOCUMENT_TASKS_LIMIT, null), document_id: documentId };
}
