// Test data shaped like what the Rust back end sends.
import type { AppInfo } from "../bindings/AppInfo";
import type { RegisterPage } from "../bindings/RegisterPage";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import type { TaskRow } from "../bindings/TaskRow";
import type { Unit } from "../bindings/Unit";

export const INFO: AppInfo = {
  db_path: "/home/vanthu/.local/share/nhiemvu/nhiemvu.sqlite3",
  task_count: 20000,
  unit_count: 3,
  today: "2026-03-10",
  version: "0.1.0",
  perf: false,
};

export const UNITS: Unit[] = [
  { id: "u-office", parent_id: null, name: "Văn phòng UBND tỉnh", kind: "office" },
  { id: "u-health", parent_id: null, name: "Sở Y tế", kind: "department" },
  { id: "u-health-plan", parent_id: "u-health", name: "Phòng Kế hoạch - Tài chính", kind: "division" },
];

export function makeRow(index: number, overrides: Partial<TaskRow> = {}): TaskRow {
  return {
    id: `task-${index}`,
    document_id: `doc-${Math.floor(index / 3)}`,
    document_number: `${100 + index}/QĐ-UBND`,
    document_issued_on: "2026-01-05",
    description: `Nhiệm vụ số ${index + 1}: triển khai kế hoạch cải cách hành chính`,
    lead_unit_id: "u-health",
    lead_unit_name: "Sở Y tế",
    deadline: "2026-04-30",
    original_deadline: "2026-04-30",
    classification_code: "QC45_a",
    state: "in_progress",
    status: "in_progress_on_time",
    status_label: "Đang thực hiện trong hạn",
    due_soon: false,
    follow_up_officer_name: null,
    extension_requested: false,
    rejection_count: 0,
    version: 1,
    ...overrides,
  };
}

/** A fake list_tasks: `total` rows, with per-row overrides. */
export function fakeRegister(total: number, special: Record<number, Partial<TaskRow>> = {}) {
  return async (query: RegisterQuery): Promise<RegisterPage> => {
    const rows: TaskRow[] = [];
    for (let i = query.offset; i < Math.min(total, query.offset + query.limit); i++) {
      rows.push(makeRow(i, special[i]));
    }
    return { rows, total, offset: query.offset, as_of: query.as_of ?? "2026-03-10" };
  };
}

/** A sync status of a PC connected to the office database, synced at 14:05 on INFO.today. */
export function makeSyncStatus(overrides: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    available: true,
    configured: true,
    url: "postgresql://thu.tt@csdl.vpubnd.quangtri.gov.vn:5432/nhiemvu",
    login: "thu.tt",
    phase: "idle",
    last_sync_at: "2026-03-10T07:05:12.123456789Z",
    pending: 0,
    rejected: 0,
    conflicts: 0,
    last_error: null,
    keychain_notice: null,
    progress: null,
    damaged: [],
    held_back: null,
    ...overrides,
  };
}
