// The register's filters: what the user chose, remembered in localStorage, and how they
// become a RegisterQuery. Dates here are always valid "YYYY-MM-DD" strings or null:
// the filter bar never lets an invalid date through.
import type { Classification } from "../bindings/Classification";
import type { Origin } from "../bindings/Origin";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { StatusFilter } from "../bindings/StatusFilter";
import type { WorkflowState } from "../bindings/WorkflowState";

export type RegisterFilters = {
  search: string;
  unitId: string | null;
  includeSubUnits: boolean;
  status: StatusFilter | null;
  classification: Classification | null;
  origin: Origin | null;
  deadlineFrom: string | null;
  deadlineTo: string | null;
  /** Assigned within this range (the dashboard's reporting period). */
  assignedFrom: string | null;
  assignedTo: string | null;
  /** Statuses as of this date (null: today). */
  asOf: string | null;
  followUpOfficerId: string | null;
  /** Workflow states; empty: any. */
  states: WorkflowState[];
};

export const DEFAULT_FILTERS: RegisterFilters = {
  search: "",
  unitId: null,
  includeSubUnits: true,
  status: null,
  classification: null,
  origin: null,
  deadlineFrom: null,
  deadlineTo: null,
  assignedFrom: null,
  assignedTo: null,
  asOf: null,
  followUpOfficerId: null,
  states: [],
};

export const WORKFLOW_STATES: readonly WorkflowState[] = [
  "assigned",
  "returned",
  "in_progress",
  "submitted",
  "done",
  "cancelled",
];

export const STATUS_FILTERS: readonly StatusFilter[] = [
  "done_on_time",
  "done_late",
  "in_progress_on_time",
  "overdue",
  "not_started",
  "no_deadline",
  "cancelled",
  "due_soon",
  "unfinished",
];
export const CLASSIFICATIONS: readonly Classification[] = ["a", "b", "c", "d"];
export const ORIGINS: readonly Origin[] = ["qc45", "qc42"];

const STORAGE_KEY = "nhiemvu.register.filters.v1";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function pick<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function isoOrNull(value: unknown): string | null {
  return typeof value === "string" && ISO_DATE.test(value) ? value : null;
}

/** The filters saved last time, or the defaults; anything malformed is dropped. */
export function loadFilters(): RegisterFilters {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return { ...DEFAULT_FILTERS };
    const saved: unknown = JSON.parse(raw);
    if (typeof saved !== "object" || saved === null) return { ...DEFAULT_FILTERS };
    const s = saved as Record<string, unknown>;
    return {
      search: typeof s.search === "string" ? s.search : "",
      unitId: typeof s.unitId === "string" && s.unitId !== "" ? s.unitId : null,
      includeSubUnits: typeof s.includeSubUnits === "boolean" ? s.includeSubUnits : DEFAULT_FILTERS.includeSubUnits,
      status: pick(s.status, STATUS_FILTERS),
      classification: pick(s.classification, CLASSIFICATIONS),
      origin: pick(s.origin, ORIGINS),
      deadlineFrom: isoOrNull(s.deadlineFrom),
      deadlineTo: isoOrNull(s.deadlineTo),
      assignedFrom: isoOrNull(s.assignedFrom),
      assignedTo: isoOrNull(s.assignedTo),
      asOf: isoOrNull(s.asOf),
      followUpOfficerId: typeof s.followUpOfficerId === "string" && s.followUpOfficerId !== "" ? s.followUpOfficerId : null,
      states: Array.isArray(s.states)
        ? s.states.filter((x): x is WorkflowState => pick(x, WORKFLOW_STATES) !== null)
        : [],
    };
  } catch {
    return { ...DEFAULT_FILTERS };
  }
}

export function saveFilters(filters: RegisterFilters): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(filters));
  } catch {
    // Storage full or disabled: filters are simply not remembered.
  }
}

export function filtersEqual(a: RegisterFilters, b: RegisterFilters): boolean {
  return (Object.keys(DEFAULT_FILTERS) as (keyof RegisterFilters)[]).every((k) => {
    const x = a[k];
    const y = b[k];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
    return x === y;
  });
}

/** The defaults with `preset` on top (a register opened from the dashboard). */
export function withPreset(preset: Partial<RegisterFilters>): RegisterFilters {
  return { ...DEFAULT_FILTERS, ...preset };
}

/** The query for one page of the register under these filters. */
export function toQuery(
  filters: RegisterFilters,
  offset: number,
  limit: number,
  asOf: string | null,
): RegisterQuery {
  const search = filters.search.trim();
  return {
    unit_id: filters.unitId,
    include_sub_units: filters.unitId !== null && filters.includeSubUnits,
    include_coordinating: false,
    status: filters.status,
    states: filters.states,
    extension_requested: false,
    classification: filters.classification,
    origin: filters.origin,
    deadline_from: filters.deadlineFrom,
    deadline_to: filters.deadlineTo,
    assigned_from: filters.assignedFrom,
    assigned_to: filters.assignedTo,
    follow_up_officer_id: filters.followUpOfficerId,
    document_id: null,
    search: search === "" ? null : search,
    as_of: filters.asOf ?? asOf,
    sort: "deadline",
    offset,
    limit,
  };
}
