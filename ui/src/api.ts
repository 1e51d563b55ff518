// The only place that talks to the Rust back end. Components import these typed
// functions (tests mock this module); failures reject with an ErrorPayload.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AppInfo } from "./bindings/AppInfo";
import type { Attachment } from "./bindings/Attachment";
import type { CalendarOverride } from "./bindings/CalendarOverride";
import type { CalendarYear } from "./bindings/CalendarYear";
import type { Change } from "./bindings/Change";
import type { DemoProgress } from "./bindings/DemoProgress";
import type { Document } from "./bindings/Document";
import type { DocumentPage } from "./bindings/DocumentPage";
import type { DocumentQuery } from "./bindings/DocumentQuery";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { NewDocument } from "./bindings/NewDocument";
import type { NewOffice } from "./bindings/NewOffice";
import type { NewPerson } from "./bindings/NewPerson";
import type { NewTask } from "./bindings/NewTask";
import type { NewUnit } from "./bindings/NewUnit";
import type { Origin } from "./bindings/Origin";
import type { Person } from "./bindings/Person";
import type { Profile } from "./bindings/Profile";
import type { RegisterPage } from "./bindings/RegisterPage";
import type { RegisterQuery } from "./bindings/RegisterQuery";
import type { RejectionView } from "./bindings/RejectionView";
import type { ReportKind } from "./bindings/ReportKind";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { SavedReport } from "./bindings/SavedReport";
import type { Settings } from "./bindings/Settings";
import type { Statistics } from "./bindings/Statistics";
import type { SyncSetup } from "./bindings/SyncSetup";
import type { SyncStatusView } from "./bindings/SyncStatusView";
import type { Task } from "./bindings/Task";
import type { TaskAction } from "./bindings/TaskAction";
import type { TaskDetail } from "./bindings/TaskDetail";
import type { Unit } from "./bindings/Unit";
import { toErrorPayload } from "./errors";
import { t } from "./i18n";

function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export async function call<T>(command: string, args?: Parameters<typeof invoke>[1], options?: Parameters<typeof invoke>[2]): Promise<T> {
  if (!inTauri()) {
    const payload: ErrorPayload = { code: "no_backend", message: t("error.noBackend") };
    throw payload;
  }
  try {
    return await invoke<T>(command, args, options);
  } catch (error) {
    throw toErrorPayload(error);
  }
}

// ---- App, profile, people ----------------------------------------------------------

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

/** The person using this PC; null before the first-run form. */
export function getProfile(): Promise<Profile | null> {
  return call<Profile | null>("get_profile");
}

/** Switches the person (demo province only). */
export function setProfile(personId: string): Promise<Profile> {
  return call<Profile>("set_profile", { personId });
}

/** First run: "tạo cơ quan của tôi". */
export function createOffice(office: NewOffice): Promise<Profile> {
  return call<Profile>("create_office", { office });
}

export function listPeople(): Promise<Person[]> {
  return call<Person[]>("list_people");
}

export function listUnits(): Promise<Unit[]> {
  return call<Unit[]>("list_units");
}

// ---- Registers -----------------------------------------------------------------------

export function listTasks(query: RegisterQuery): Promise<RegisterPage> {
  return call<RegisterPage>("list_tasks", { query });
}

export function listDocuments(query: DocumentQuery): Promise<DocumentPage> {
  return call<DocumentPage>("list_documents", { query });
}

export function getDocument(id: string): Promise<Document> {
  return call<Document>("get_document", { id });
}

/** Registers a document and its tasks in one transaction. */
export function registerDocument(document: NewDocument, tasks: NewTask[]): Promise<[Document, Task[]]> {
  return call<[Document, Task[]]>("register_document", { document, tasks });
}

export function addTasks(documentId: string, tasks: NewTask[]): Promise<Task[]> {
  return call<Task[]>("add_tasks", { documentId, tasks });
}

// ---- Tasks ---------------------------------------------------------------------------

/** Everything about one task, its status as of `asOf` (today when null). */
export function taskDetail(id: string, asOf: string | null = null): Promise<TaskDetail> {
  return call<TaskDetail>("task_detail", { id, asOf });
}

/** A lifecycle action; `expectedVersion` is the task version the user looked at. */
export function applyAction(taskId: string, expectedVersion: number | null, action: TaskAction): Promise<Task> {
  return call<Task>("apply_action", { taskId, expectedVersion, action });
}

// ---- Files ---------------------------------------------------------------------------

/** Sends a file's bytes (raw, not JSON) and gets back its reference. */
export async function uploadAttachment(file: File): Promise<Attachment> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return call<Attachment>("upload_attachment", bytes, {
    headers: { "x-file-name": encodeURIComponent(file.name) },
  });
}

/** Opens an attachment with the system's viewer. */
export function openAttachment(attachment: Attachment): Promise<null> {
  return call<null>("open_attachment", { sha256: attachment.sha256, fileName: attachment.file_name });
}

// ---- Statistics, settings, calendar, units -------------------------------------------

export function statistics(from: string, to: string, asOf: string | null = null): Promise<Statistics> {
  return call<Statistics>("statistics", { from, to, asOf });
}

export function getSettings(): Promise<Settings> {
  return call<Settings>("get_settings");
}

export function saveSettings(settings: Settings): Promise<Settings> {
  return call<Settings>("save_settings", { settings });
}

export function calendarYear(year: number): Promise<CalendarYear> {
  return call<CalendarYear>("calendar_year", { year });
}

/** Replaces the extra days off and make-up days of one year. */
export function setCalendarYear(year: number, overrides: CalendarOverride[]): Promise<CalendarYear> {
  return call<CalendarYear>("set_calendar_year", { year, overrides });
}

export function createUnit(unit: NewUnit): Promise<Unit> {
  return call<Unit>("create_unit", { unit });
}

export function createPerson(person: NewPerson): Promise<Person> {
  return call<Person>("create_person", { person });
}

// ---- Reports for signature -----------------------------------------------------------

/**
 * The request filled from the settings, for the form to edit. `period`: "2026-Q1",
 * "2026-03", "2026-6T", "2026-9T", "2026" or "2026-01-05..2026-02-10"; `unitId` null for
 * every unit (the office's consolidated report, the whole register); `origin` only QC45
 * or only QC42 tasks (a consolidated QC42 report is also addressed to the Government
 * Office), null for both.
 */
export function reportDefaults(kind: ReportKind, period: string, unitId: string | null, origin: Origin | null): Promise<ReportRequest> {
  return call<ReportRequest>("report_defaults", { kind, period, unitId, origin });
}

/** The PDF the request describes, as raw bytes (for the preview). */
export async function reportPdf(request: ReportRequest): Promise<Uint8Array> {
  const bytes = await call<ArrayBuffer | Uint8Array | number[]>("report_pdf", { request });
  if (bytes instanceof Uint8Array) return bytes;
  return bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : Uint8Array.from(bytes);
}

/** Saves the PDF in Documents/Nhiệm Vụ under a new name; with `open`, opens it in the system viewer. */
export function reportSave(request: ReportRequest, open: boolean): Promise<SavedReport> {
  return call<SavedReport>("report_save", { request, open });
}

// ---- Office sync ---------------------------------------------------------------------

/** Where the sync stands; `available` is false on the offline build (no sync UI then). */
export function syncStatus(): Promise<SyncStatusView> {
  return call<SyncStatusView>("sync_status");
}

/** Tests the connection, keeps the address and the password (OS keychain), starts syncing. */
export function syncConfigure(setup: SyncSetup): Promise<SyncStatusView> {
  return call<SyncStatusView>("sync_configure", { setup });
}

/** Wakes the background sync now (the status arrives through onSyncStatus). */
export function syncNow(): Promise<null> {
  return call<null>("sync_now");
}

/** The mutations the office database refused, newest first. */
export function syncRejections(): Promise<RejectionView[]> {
  return call<RejectionView[]>("sync_rejections");
}

/** Marks a refused mutation as read. */
export function syncAcknowledge(id: string): Promise<null> {
  return call<null>("sync_acknowledge", { id });
}

/** Stops syncing and forgets the address and the password; the local data stays. */
export function syncDisconnect(): Promise<SyncStatusView> {
  return call<SyncStatusView>("sync_disconnect");
}

// ---- Demo and events -----------------------------------------------------------------

/** Creates the sample province; progress arrives through onDemoProgress. */
export function createDemo(tasks: number): Promise<AppInfo> {
  return call<AppInfo>("create_demo", { tasks });
}

export function cancelDemo(): Promise<null> {
  return call<null>("cancel_demo");
}

/** Subscribes to "demo-progress" events; resolves to the function that unsubscribes. */
export async function onDemoProgress(handler: (progress: DemoProgress) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<DemoProgress>("demo-progress", (event) => handler(event.payload));
}

/** Subscribes to "data-changed" (sent after every write); resolves to the unsubscriber. */
export async function onDataChanged(handler: (change: Change) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<Change>("data-changed", (event) => handler(event.payload));
}

/** Subscribes to "sync-status" (sent whenever the sync status changes); resolves to the unsubscriber. */
export async function onSyncStatus(handler: (status: SyncStatusView) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<SyncStatusView>("sync-status", (event) => handler(event.payload));
}
