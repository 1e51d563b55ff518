// Test data of the confidential workstation shaped like what the back end sends, and a
// render helper that puts a screen inside the store's context (open, idle lock 15 minutes).
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";
import type { Entry } from "../bindings/Entry";
import type { SecretSettings } from "../bindings/SecretSettings";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { SecretTaskRow } from "../bindings/SecretTaskRow";
import type { Task } from "../bindings/Task";
import { SessionContext } from "../session";
import { INFO, UNITS } from "../test/fixtures";
import { makeSession } from "../test/session";
import { SecretContext, type Secret } from "./SecretContext";

export const STORE_SETTINGS: SecretSettings = { idle_lock_minutes: 15, export_enabled: false, expiry_warning_days: 180 };

export function makeStatus(overrides: Partial<SecretStatus> = {}): SecretStatus {
  return {
    enabled: true,
    unlock: "passphrase",
    open: false,
    keychain: true,
    network: { kind: "offline" },
    settings: STORE_SETTINGS,
    folder: "/home/vanthu/.local/share/nhiemvu",
    ...overrides,
  };
}

export function makeEntry(overrides: Partial<Entry> = {}): Entry {
  return {
    id: "e-in-3",
    register: "incoming",
    year: 2026,
    number: 3,
    registered_at: "2026-02-02T02:00:00Z",
    registered_on: "2026-02-02",
    doc_number: "12/UBND-NC",
    doc_date: "2026-01-30",
    doc_kind: "Công văn",
    summary: "Về công tác bảo đảm an ninh",
    summary_approved_by: null,
    summary_approved_on: null,
    secrecy: "secret",
    urgency: "normal",
    issuer: "UBND tỉnh",
    signer: "",
    handler: "Văn phòng",
    handler_signed_by: null,
    handler_signed_at: null,
    keeping_unit: "",
    copies: null,
    sealed_for: null,
    note: "",
    protected_until: "2046-01-30",
    status: "active",
    cancel_reason: null,
    created_by: "Trần Thị Thu",
    recipients: [],
    ...overrides,
  };
}

export const ENTRIES: Entry[] = [
  makeEntry(),
  makeEntry({ id: "e-in-4", number: 4, doc_number: "15/UBND-NC", status: "cancelled", cancel_reason: "Vào sổ nhầm" }),
  makeEntry({ id: "e-out-7", register: "outgoing", number: 7, doc_number: "7/VP-MẬT", summary: "Kế hoạch kiểm tra" }),
];

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: "st-1",
    document_id: "e-in-3",
    description: "Rà soát phương án bảo vệ mục tiêu trọng điểm",
    follow_up_content: "",
    lead_unit_id: "u-health",
    coordinating_unit_ids: [],
    follow_up_officer_id: null,
    director: null,
    direction_notes: "",
    original_deadline: "2026-04-30",
    deadline: "2026-04-30",
    must_report: true,
    origin: "qc45",
    classification: "a",
    state: "assigned",
    assigned_at: "2026-02-03T02:00:00Z",
    accepted_at: null,
    completed_submitted_at: null,
    completed_reviewed_at: null,
    cancelled_at: null,
    rejection_count: 0,
    version: 3,
    ...overrides,
  };
}

export function makeTaskRow(overrides: Partial<SecretTaskRow> = {}, task: Partial<Task> = {}): SecretTaskRow {
  return {
    task: makeTask(task),
    entry_id: "e-in-3",
    lead_unit_name: "Sở Y tế",
    status: "not_started",
    due_soon: false,
    deadline_in_force: task.deadline === undefined ? "2026-04-30" : task.deadline,
    extension_requested: false,
    waiting_for_review: false,
    ...overrides,
  };
}

export function makeSecret(overrides: Partial<Secret> = {}): Secret {
  return {
    settings: STORE_SETTINGS,
    setSettings: vi.fn(),
    today: INFO.today,
    units: UNITS,
    onLocked: vi.fn(),
    checkLocked: vi.fn(() => false),
    ...overrides,
  };
}

/** Renders a confidential screen inside the open store's context (and the ordinary session). */
export function renderSecret(ui: ReactElement, overrides: Partial<Secret> = {}) {
  const secret = makeSecret(overrides);
  const result = render(
    <SessionContext.Provider value={makeSession()}>
      <SecretContext.Provider value={secret}>{ui}</SecretContext.Provider>
    </SessionContext.Provider>,
  );
  return { ...result, secret };
}
