// The confidential workstation's commands (sổ mật). Only the offline build answers them;
// a build that syncs refuses every one with a Vietnamese message. Failures reject with an
// ErrorPayload, like api.ts (whose `call` this reuses).
import { listen } from "@tauri-apps/api/event";
import { call } from "./api";
import type { AuditLine } from "./bindings/AuditLine";
import type { CopyRecord } from "./bindings/CopyRecord";
import type { Decision } from "./bindings/Decision";
import type { Entry } from "./bindings/Entry";
import type { Handover } from "./bindings/Handover";
import type { NetworkState } from "./bindings/NetworkState";
import type { NewCopy } from "./bindings/NewCopy";
import type { NewDecision } from "./bindings/NewDecision";
import type { NewHandover } from "./bindings/NewHandover";
import type { NewIncoming } from "./bindings/NewIncoming";
import type { NewOutgoing } from "./bindings/NewOutgoing";
import type { NewSecretTask } from "./bindings/NewSecretTask";
import type { Register } from "./bindings/Register";
import type { SavedReport } from "./bindings/SavedReport";
import type { SecretCreate } from "./bindings/SecretCreate";
import type { SecretCreated } from "./bindings/SecretCreated";
import type { SecretPrint } from "./bindings/SecretPrint";
import type { SecretSettings } from "./bindings/SecretSettings";
import type { SecretStatistics } from "./bindings/SecretStatistics";
import type { SecretStatus } from "./bindings/SecretStatus";
import type { SecretTaskEvent } from "./bindings/SecretTaskEvent";
import type { SecretTaskRow } from "./bindings/SecretTaskRow";
import type { SecretUnlock } from "./bindings/SecretUnlock";
import type { SummaryApproval } from "./bindings/SummaryApproval";
import type { TaskAction } from "./bindings/TaskAction";
import type { VerifyReport } from "./bindings/VerifyReport";

// ---- The store: create, unlock, lock --------------------------------------------------

/** Whether this is the workstation, how the store opens here, the network check. */
export function secretStatus(): Promise<SecretStatus> {
  return call<SecretStatus>("secret_status");
}

/** Creates the store; the recovery code comes back this once. */
export function secretCreate(create: SecretCreate): Promise<SecretCreated> {
  return call<SecretCreated>("secret_create", { create });
}

export function secretUnlock(how: SecretUnlock): Promise<SecretStatus> {
  return call<SecretStatus>("secret_unlock", { how });
}

export function secretLock(): Promise<void> {
  return call<void>("secret_lock");
}

/** The clerk is working (keyboard, mouse): the idle lock starts counting again. */
export function secretTouch(): Promise<void> {
  return call<void>("secret_touch");
}

export function networkStatus(): Promise<NetworkState> {
  return call<NetworkState>("network_status");
}

/** The store locked itself (payload "idle") or was locked ("manual"). */
export function onSecretLocked(handler: (why: string) => void): Promise<() => void> {
  return listen<string>("secret-locked", (event) => handler(event.payload));
}

/** The network check's answer changed. */
export function onNetworkState(handler: (state: NetworkState) => void): Promise<() => void> {
  return listen<NetworkState>("network-state", (event) => handler(event.payload));
}

// ---- Registers đến / đi ------------------------------------------------------------------

export function secretEntries(register: Register, year: number | null): Promise<Entry[]> {
  return call<Entry[]>("secret_entries", { register, year });
}

/** Years that have entries, newest first. */
export function secretYears(): Promise<number[]> {
  return call<number[]>("secret_years");
}

export function secretRegisterIncoming(entry: NewIncoming): Promise<Entry> {
  return call<Entry>("secret_register_incoming", { entry });
}

export function secretRegisterOutgoing(entry: NewOutgoing): Promise<Entry> {
  return call<Entry>("secret_register_outgoing", { entry });
}

export function secretCancelEntry(id: string, reason: string): Promise<Entry> {
  return call<Entry>("secret_cancel_entry", { id, reason });
}

/** The handler of an incoming document signed for it (`at`: ISO instant, or now). */
export function secretSignIncoming(id: string, by: string, at: string | null): Promise<Entry> {
  return call<Entry>("secret_sign_incoming", { id, by, at });
}

/** A recipient of an outgoing document signed for it. */
export function secretSignRecipient(recipientId: string, by: string, at: string | null): Promise<Entry> {
  return call<Entry>("secret_sign_recipient", { recipientId, by, at });
}

/** Writes the trích yếu of a tuyệt mật document with the leader's agreement. */
export function secretApproveSummary(id: string, approval: SummaryApproval): Promise<Entry> {
  return call<Entry>("secret_approve_summary", { id, approval });
}

export function secretRecordDecision(entryId: string, decision: NewDecision): Promise<Decision> {
  return call<Decision>("secret_record_decision", { entryId, decision });
}

export function secretDecisions(entryId: string): Promise<Decision[]> {
  return call<Decision[]>("secret_decisions", { entryId });
}

/** Still protected and ending within the store's warning period (or already ended). */
export function secretExpiring(): Promise<Entry[]> {
  return call<Entry[]>("secret_expiring");
}

// ---- Sổ chuyển giao, sổ sao chụp ---------------------------------------------------------

export function secretHandovers(year: number | null): Promise<Handover[]> {
  return call<Handover[]>("secret_handovers", { year });
}

export function secretRecordHandover(handover: NewHandover): Promise<Handover> {
  return call<Handover>("secret_record_handover", { handover });
}

export function secretCopies(year: number | null): Promise<CopyRecord[]> {
  return call<CopyRecord[]>("secret_copies", { year });
}

export function secretRecordCopy(copy: NewCopy): Promise<CopyRecord> {
  return call<CopyRecord>("secret_record_copy", { copy });
}

// ---- Secret tasks ------------------------------------------------------------------------

/** Tasks (of one directive when `entryId` is given), with their status as of `asOf` (ISO date) or today. */
export function secretTasks(entryId: string | null, asOf: string | null): Promise<SecretTaskRow[]> {
  return call<SecretTaskRow[]>("secret_tasks", { entryId, asOf });
}

export function secretAddTask(task: NewSecretTask): Promise<SecretTaskRow> {
  return call<SecretTaskRow>("secret_add_task", { task });
}

export function secretTaskAction(taskId: string, expectedVersion: number | null, action: TaskAction): Promise<SecretTaskRow> {
  return call<SecretTaskRow>("secret_task_action", { taskId, expectedVersion, action });
}

export function secretTaskEvents(taskId: string): Promise<SecretTaskEvent[]> {
  return call<SecretTaskEvent[]>("secret_task_events", { taskId });
}

/** Statistics for a period: "2026-Q1", "2026-6T", "2026", "2026-03", "from..to". */
export function secretStatistics(period: string, asOf: string | null): Promise<SecretStatistics> {
  return call<SecretStatistics>("secret_statistics", { period, asOf });
}

// ---- Log, settings, printing --------------------------------------------------------------

export function secretVerify(): Promise<VerifyReport> {
  return call<VerifyReport>("secret_verify");
}

export function secretAudit(limit: number): Promise<AuditLine[]> {
  return call<AuditLine[]>("secret_audit", { limit });
}

export function secretSetSettings(settings: SecretSettings): Promise<SecretSettings> {
  return call<SecretSettings>("secret_set_settings", { settings });
}

/** The PDF of a register or of the statistics, in memory (for the preview). */
export async function secretPrintPdf(what: SecretPrint): Promise<Uint8Array> {
  const bytes = await call<ArrayBuffer | Uint8Array | number[]>("secret_print_pdf", { what });
  if (bytes instanceof Uint8Array) return bytes;
  return bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : Uint8Array.from(bytes);
}

/** Sends it to the printer (no file is written). */
export function secretPrint(what: SecretPrint): Promise<void> {
  return call<void>("secret_print", { what });
}

/** Saves it as a PDF in Documents/Nhiệm Vụ: refused unless export is turned on. */
export function secretExport(what: SecretPrint): Promise<SavedReport> {
  return call<SavedReport>("secret_export", { what });
}
