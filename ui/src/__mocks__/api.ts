// The Tauri bridge replaced by spies for component tests (`vi.mock("…/api")` picks this up);
// each test sets the answers it needs. Event subscriptions resolve to a no-op unsubscriber,
// and the sync status defaults to the offline build's (no sync UI).
import { vi } from "vitest";
import type { SyncStatusView } from "../bindings/SyncStatusView";

const SYNC_UNAVAILABLE: SyncStatusView = {
  available: false,
  configured: false,
  url: null,
  login: null,
  phase: "off",
  last_sync_at: null,
  pending: 0,
  rejected: 0,
  conflicts: 0,
  last_error: null,
  keychain_notice: null,
  progress: null,
  damaged: [],
  held_back: null,
};

export const appInfo = vi.fn();
export const getProfile = vi.fn();
export const setProfile = vi.fn();
export const createOffice = vi.fn();
export const listPeople = vi.fn();
export const listUnits = vi.fn();
export const listTasks = vi.fn();
export const listDocuments = vi.fn();
export const getDocument = vi.fn();
export const registerDocument = vi.fn();
export const addTasks = vi.fn();
export const taskDetail = vi.fn();
export const applyAction = vi.fn();
export const uploadAttachment = vi.fn();
export const openAttachment = vi.fn();
export const statistics = vi.fn();
export const getSettings = vi.fn();
export const saveSettings = vi.fn();
export const calendarYear = vi.fn();
export const setCalendarYear = vi.fn();
export const createUnit = vi.fn();
export const createPerson = vi.fn();
export const reportDefaults = vi.fn();
export const reportPdf = vi.fn();
export const reportSave = vi.fn();
export const createDemo = vi.fn();
export const cancelDemo = vi.fn();
export const syncStatus = vi.fn(async () => SYNC_UNAVAILABLE);
export const syncConfigure = vi.fn();
export const syncNow = vi.fn();
export const syncRejections = vi.fn(async () => []);
export const syncAcknowledge = vi.fn();
export const syncDisconnect = vi.fn();
export const onDemoProgress = vi.fn(async () => () => {});
export const onDataChanged = vi.fn(async () => () => {});
export const onSyncStatus = vi.fn(async () => () => {});
