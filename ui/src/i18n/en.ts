import type { MessageKey } from "./vi";
import { shellEn } from "./en/shell";
import { documentsEn } from "./en/documents";
import { tasksEn } from "./en/tasks";
import { overviewEn } from "./en/overview";
import { directoryEn } from "./en/directory";
import { syncEn } from "./en/sync";
import { reportsEn } from "./en/reports";
import { secretEn } from "./en/secret";
import { secretRegistersEn } from "./en/secretRegisters";


// English catalogue: the same keys as vi.ts (the type checker enforces it).
const base: Record<Exclude<MessageKey, AreaKey>, string> = {
  "app.name": "Nhiệm Vụ",
  "app.loading": "Loading…",
  "app.retry": "Retry",

  "error.unknown": "An unknown error occurred.",
  "error.noBackend": "Cannot reach the application back end (this UI only runs inside the Nhiệm Vụ app).",
  "error.dismiss": "Close",
  "error.title": "Error",

  "form.invalidDate": "Invalid date (type dd/mm/yyyy).",
  "form.close": "Close",
  "form.save": "Save",
  "form.cancel": "Cancel",
  "form.saving": "Saving…",
  "form.required": "Fields marked * are required.",
  "form.saveHint": "Ctrl+Enter to save, Esc to cancel",
  "unitPicker.placeholder": "Type to find a unit…",
  "unitPicker.none": "No matching unit.",

  "welcome.title": "Welcome to Nhiệm Vụ",
  "welcome.intro":
    "Software to follow up, expedite and inspect the tasks assigned by the Provincial People's Committee and its Chairman.",
  "welcome.empty": "The database has no tasks yet.",
  "welcome.demoHint":
    "You can open a sample province with {count} illustrative tasks to get to know the software. Sample data is not real data.",
  "welcome.demoButton": "Open the sample province (demo data)",
  "welcome.progress": "Creating sample data… {done} / {total} tasks",
  "welcome.cancel": "Cancel",
  "welcome.cancelling": "Cancelling…",
  "welcome.cancelled": "Sample data creation was cancelled.",
  "welcome.dbPath": "Database: {path}",

  "welcome.or": "or",
  "welcome.officeTitle": "Create my office",
  "welcome.province": "Province",
  "welcome.provinceHint": "For example: Quảng Trị",
  "welcome.issuingBody": "Body issuing the reports",
  "welcome.unit": "My unit",
  "welcome.fullName": "Full name",
  "welcome.personTitle": "Position",
  "welcome.role": "Role",
  "welcome.officeButton": "Create and start",
  "welcome.joinTitle": "Does the Office already have a shared database?",
  "welcome.joinHint":
    "If the Office already uses Nhiệm Vụ with a shared database, connect this PC with the account the administrator gave you. The data within your scope is downloaded to this PC.",
  "welcome.joinButton": "Connect to the Office database",
  "welcome.joinFormTitle": "Connect to the Office database",
  "welcome.joinFormIntro":
    "Enter the database address and the password the Office's system administrator gave you. Once connected, this PC downloads the tasks within your scope and opens the app with your account.",
  "welcome.joinWaiting": "Downloading the Office's data…",
  "welcome.joinWaitingHint":
    "Once the download is done, the app opens with your account. The first download can take a few minutes; please keep the app open.",
  "welcome.joinLogin": "Account: {login}",
  "welcome.joinStarting": "Getting ready to download…",
  "welcome.joinOffline": "The Office cannot be reached right now; the app will try again by itself.",
  "welcome.joinFailed": "The Office's data could not be downloaded",
  "welcome.choosePerson": "Choose who uses this PC",
  "welcome.choosePersonHint": "The database already has units and people. Choose who you are.",

  "role.office": "Follow-up officer (Office)",
  "role.unit": "Unit officer",
  "role.leader": "Leader",
  "role.confidential_clerk": "Confidential clerk",
  "role.admin": "Administrator",

  "register.title": "Task register",
  "register.dbPath": "Database:",
  "register.today": "Today:",
  "register.asOf": "Status as of {date}",
  "register.total": "Total: {count} tasks",
  "register.totalUnknown": "Total: —",
  "register.loadingRow": "Loading…",
  "register.empty": "No task matches the filters.",
  "register.loading": "Loading data…",

  "col.index": "No.",
  "col.document": "Document",
  "col.description": "Task",
  "col.leadUnit": "Lead unit",
  "col.deadline": "Deadline",
  "col.classification": "Class",
  "col.status": "Status",
  "col.issued": "Issued on",
  "col.officer": "Follow-up officer",
  "col.state": "Workflow step",
  "register.extensionRequested": "The unit asked for an extension",
  "register.columns": "Columns",
  "register.presetPeriod": "Assigned from {from} to {to}",
  "register.presetAsOf": "As of {date}",
  "register.clearPreset": "Remove this condition",

  "state.assigned": "Waiting for acceptance",
  "state.returned": "Returned",
  "state.in_progress": "In progress",
  "state.submitted": "Waiting for review",
  "state.done": "Done",
  "state.cancelled": "Cancelled",

  "filter.officer": "Follow-up officer",
  "filter.allOfficers": "All officers",
  "filter.state": "Workflow step",
  "filter.allStates": "All steps",

  "deadline.none": "No deadline",
  "deadline.extended": "(extended)",
  "deadline.original": "Original deadline: {date}",

  "filter.search": "Search (accents optional)…",
  "filter.searchLabel": "Search",
  "filter.searchHint": "Ctrl+F or / to search; Esc to clear",
  "filter.unit": "Unit",
  "filter.allUnits": "All units",
  "filter.includeSubUnits": "include sub-units",
  "filter.status": "Status",
  "filter.allStatuses": "All statuses",
  "filter.classification": "Class",
  "filter.allClassifications": "All classes",
  "filter.origin": "Origin",
  "filter.allOrigins": "All origins",
  "filter.deadlineFrom": "Deadline from",
  "filter.deadlineTo": "to",
  "filter.datePlaceholder": "dd/mm/yyyy",
  "filter.invalidDate": "Invalid date (use dd/mm/yyyy).",
  "filter.rangeReversed": "The end date must not be before the start date.",
  "filter.reset": "Clear filters",

  "status.done_on_time": "Done on time",
  "status.done_late": "Done late",
  "status.in_progress_on_time": "In progress, on time",
  "status.overdue": "Unfinished, overdue",
  "status.not_started": "Not started",
  "status.no_deadline": "No deadline",
  "status.cancelled": "Cancelled",
  "status.due_soon": "Due soon",
  "status.unfinished": "Unfinished (all)",

  "classification.a": "a – deadline, must submit/report",
  "classification.b": "b – deadline, no report",
  "classification.c": "c – no deadline, must submit/report",
  "classification.d": "d – no deadline, no report",

  "origin.qc45": "QC45 (assigned by the Provincial People's Committee)",
  "origin.qc42": "QC42 (assigned by the Government / Prime Minister)",
};

type AreaKey = keyof typeof shellEn | keyof typeof documentsEn | keyof typeof tasksEn | keyof typeof overviewEn | keyof typeof directoryEn | keyof typeof syncEn | keyof typeof reportsEn | keyof typeof secretEn | keyof typeof secretRegistersEn;

export const en: Record<MessageKey, string> = {
  ...base,
  ...shellEn,
  ...documentsEn,
  ...tasksEn,
  ...overviewEn,
  ...directoryEn,
  ...syncEn,
  ...reportsEn,
  ...secretEn,
  ...secretRegistersEn,
};
