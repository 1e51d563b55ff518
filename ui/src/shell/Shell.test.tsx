import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Change } from "../bindings/Change";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { fakeRegister, INFO, makeSyncStatus, UNITS } from "../test/fixtures";
import { OFFICE_PROFILE, PEOPLE, SETTINGS, UNIT_PROFILE } from "../test/session";
import { Shell } from "./Shell";

vi.mock("../api");

const mocked = vi.mocked(api);
let emitChange: (c: Change) => void = () => {};
let emitSync: (s: SyncStatusView) => void = () => {};

beforeEach(() => {
  mocked.listTasks.mockImplementation(fakeRegister(5));
  mocked.listUnits.mockResolvedValue(UNITS);
  mocked.listPeople.mockResolvedValue(PEOPLE);
  mocked.getSettings.mockResolvedValue(SETTINGS);
  mocked.appInfo.mockResolvedValue(INFO);
  mocked.getProfile.mockResolvedValue(OFFICE_PROFILE);
  mocked.onDataChanged.mockImplementation(async (handler) => {
    emitChange = handler;
    return () => {};
  });
  mocked.onSyncStatus.mockImplementation(async (handler) => {
    emitSync = handler;
    return () => {};
  });
  window.localStorage.setItem("nhiemvu.shell.screen.v1", "tasks");
  // Other screens only need to load quietly here.
  mocked.listDocuments.mockResolvedValue({ rows: [], total: 0, offset: 0 });
  mocked.statistics.mockReturnValue(new Promise(() => {}));
});

function renderShell(profile = OFFICE_PROFILE) {
  return render(<Shell info={INFO} profile={profile} units={UNITS} people={PEOPLE} settings={SETTINGS} />);
}

describe("Shell", () => {
  it("offers the screens of the person's role", () => {
    const office = renderShell();
    expect(screen.getByTestId("nav-review")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-inbox")).not.toBeInTheDocument();
    office.unmount();
    window.localStorage.removeItem("nhiemvu.shell.screen.v1");
    renderShell(UNIT_PROFILE);
    expect(screen.getByTestId("nav-inbox")).toHaveAttribute("aria-current", "page");
    expect(screen.queryByTestId("nav-review")).not.toBeInTheDocument();
  });

  it("offers the reports to the office, leaders, admins and unit staff, as the fifth screen", async () => {
    mocked.reportDefaults.mockReturnValue(new Promise(() => {}));
    const office = renderShell();
    expect(screen.getByTestId("nav-reports")).toHaveTextContent("Báo cáo");
    expect(screen.getByTestId("nav-reports")).toHaveAttribute("title", "Alt+5");
    fireEvent.keyDown(window, { key: "5", altKey: true });
    expect(screen.getByTestId("nav-reports")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("reports-screen")).toBeInTheDocument();
    expect(mocked.reportDefaults).toHaveBeenCalledWith("periodic", "2026-Q1", null, null);
    office.unmount();
    for (const role of ["leader", "admin", "unit"] as const) {
      const shell = renderShell({ ...OFFICE_PROFILE, person: { ...OFFICE_PROFILE.person, role } });
      expect(screen.getByTestId("nav-reports")).toBeInTheDocument();
      shell.unmount();
    }
    renderShell({ ...OFFICE_PROFILE, person: { ...OFFICE_PROFILE.person, role: "confidential_clerk" } });
    expect(screen.queryByTestId("nav-reports")).toBeNull();
  });

  it("switches screens with Alt+number and remembers the last one", async () => {
    renderShell();
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
    fireEvent.keyDown(window, { key: "1", altKey: true });
    expect(screen.getByTestId("nav-dashboard")).toHaveAttribute("aria-current", "page");
    expect(window.localStorage.getItem("nhiemvu.shell.screen.v1")).toBe("dashboard");
  });

  it("opens a task from the register in the detail panel and closes it with Esc", async () => {
    mocked.taskDetail.mockReturnValue(new Promise(() => {}));
    renderShell();
    await waitFor(() => expect(screen.getAllByTestId("task-row").length).toBe(5));
    await userEvent.setup().click(screen.getAllByTestId("task-row")[1]);
    expect(await screen.findByTestId("task-detail")).toBeInTheDocument();
    expect(mocked.taskDetail).toHaveBeenCalledWith("task-1");
    await userEvent.setup().keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("task-detail")).not.toBeInTheDocument());
  });

  it("reloads the register rows after a write reported by the back end", async () => {
    renderShell();
    await waitFor(() => expect(screen.getAllByTestId("task-row").length).toBe(5));
    mocked.listTasks.mockClear();
    act(() => emitChange("tasks"));
    await waitFor(() => expect(mocked.listTasks).toHaveBeenCalled());
    expect(mocked.listUnits).not.toHaveBeenCalled();
    act(() => emitChange("units"));
    await waitFor(() => expect(mocked.listUnits).toHaveBeenCalled());
  });

  it("switches the person in the demo province, searching by unit without accents", async () => {
    mocked.setProfile.mockResolvedValue(UNIT_PROFILE);
    renderShell();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("profile-switch"));
    const dialog = screen.getByTestId("profile-dialog");
    await user.type(within(dialog).getByRole("searchbox"), "so y te");
    const options = within(dialog).getAllByTestId("profile-option");
    expect(options).toHaveLength(1);
    expect(options[0]).toHaveTextContent("Lê Văn Hùng");
    await user.click(options[0]);
    expect(mocked.setProfile).toHaveBeenCalledWith("p-health");
    await waitFor(() => expect(screen.getByTestId("profile-name")).toHaveTextContent("Lê Văn Hùng"));
    expect(screen.getByTestId("nav-inbox")).toBeInTheDocument();
  });

  it("has no person switch outside the demo province", () => {
    renderShell({ ...OFFICE_PROFILE, demo: false });
    expect(screen.queryByTestId("profile-switch")).not.toBeInTheDocument();
  });

  it("opens the new-document form with Ctrl+N for the office", async () => {
    const listener = vi.fn();
    window.addEventListener("nhiemvu:new-document", listener);
    renderShell();
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    expect(screen.getByTestId("nav-documents")).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(listener).toHaveBeenCalled());
    window.removeEventListener("nhiemvu:new-document", listener);
  });

  it("shows no sync on the offline build", async () => {
    renderShell();
    await waitFor(() => expect(mocked.syncStatus).toHaveBeenCalled());
    expect(screen.getByText("Làm việc trên máy (không đồng bộ)")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-indicator")).toBeNull();
    expect(screen.queryByTestId("nav-sync")).toBeNull();
  });

  it("shows the sync in the status bar, follows its events and opens the sync screen", async () => {
    mocked.syncStatus.mockResolvedValue(makeSyncStatus({ pending: 2 }));
    mocked.syncRejections.mockResolvedValue([]);
    renderShell();
    const indicator = await screen.findByTestId("sync-indicator");
    expect(indicator).toHaveTextContent("Đã đồng bộ lúc 14:05");
    expect(indicator).toHaveTextContent("2 thao tác chờ gửi");
    expect(screen.queryByText("Làm việc trên máy (không đồng bộ)")).toBeNull();
    expect(screen.getByTestId("nav-sync")).toHaveTextContent("Đồng bộ");
    act(() => emitSync(makeSyncStatus({ phase: "offline", pending: 3 })));
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Đang làm việc ngoại tuyến");
    await userEvent.setup().click(screen.getByTestId("sync-indicator"));
    expect(screen.getByTestId("sync-screen")).toBeInTheDocument();
    expect(screen.getByTestId("nav-sync")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("sync-pending")).toHaveTextContent("3");
  });

  it("asks the sync counts again after a local write", async () => {
    mocked.syncStatus.mockResolvedValue(makeSyncStatus());
    renderShell();
    await screen.findByTestId("sync-indicator");
    mocked.syncStatus.mockResolvedValue(makeSyncStatus({ pending: 1 }));
    act(() => emitChange("tasks"));
    await waitFor(() => expect(screen.getByTestId("sync-indicator")).toHaveTextContent("1 thao tác chờ gửi"));
  });

  it("offers to set up the sync before it is configured, and takes the new status", async () => {
    mocked.syncStatus.mockResolvedValue(makeSyncStatus({ configured: false, url: null, login: null, phase: "off", last_sync_at: null }));
    mocked.syncConfigure.mockResolvedValue(makeSyncStatus({ last_sync_at: null }));
    renderShell();
    const user = userEvent.setup();
    expect(await screen.findByTestId("sync-indicator")).toHaveTextContent("Làm việc trên máy này");
    await user.click(screen.getByRole("button", { name: "Kết nối với Văn phòng" }));
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), "postgresql://thu.tt@may-chu:5432/nhiemvu");
    await user.type(screen.getByLabelText(/Mật khẩu/), "secret{Enter}");
    await waitFor(() => expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Chưa đồng bộ lần nào"));
    expect(screen.getByTestId("sync-connected")).toBeInTheDocument();
  });

  it("does not reopen the sync screen at start (the build may not sync)", () => {
    window.localStorage.setItem("nhiemvu.shell.screen.v1", "sync");
    renderShell();
    expect(screen.getByTestId("nav-dashboard")).toHaveAttribute("aria-current", "page");
  });
});
