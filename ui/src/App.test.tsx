import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { App } from "./App";
import type { SyncStatusView } from "./bindings/SyncStatusView";
import { fakeRegister, INFO, makeSyncStatus, UNITS } from "./test/fixtures";
import { OFFICE_PROFILE, PEOPLE, SETTINGS } from "./test/session";

vi.mock("./api");

const mocked = vi.mocked(api);

beforeEach(() => {
  mocked.listUnits.mockResolvedValue(UNITS);
  mocked.listPeople.mockResolvedValue(PEOPLE);
  mocked.getSettings.mockResolvedValue(SETTINGS);
  mocked.listTasks.mockImplementation(fakeRegister(3));
  window.localStorage.setItem("nhiemvu.shell.screen.v1", "tasks");
});

describe("App", () => {
  it("shows the welcome screen for an empty database", async () => {
    mocked.appInfo.mockResolvedValue({ ...INFO, task_count: 0, unit_count: 0 });
    mocked.getProfile.mockResolvedValue(null);
    render(<App />);
    expect(await screen.findByTestId("demo-button")).toHaveTextContent("Mở tỉnh mẫu (dữ liệu minh họa)");
    expect(screen.getByTestId("office-form")).toBeInTheDocument();
  });

  it("goes to the window when the sample province is ready", async () => {
    mocked.appInfo.mockResolvedValueOnce({ ...INFO, task_count: 0, unit_count: 0 });
    mocked.getProfile.mockResolvedValueOnce(null);
    mocked.appInfo.mockResolvedValue(INFO);
    mocked.getProfile.mockResolvedValue(OFFICE_PROFILE);
    mocked.createDemo.mockResolvedValue(INFO);
    render(<App />);
    await userEvent.setup().click(await screen.findByTestId("demo-button"));
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("register-total")).toHaveTextContent("Tổng: 3 nhiệm vụ"));
    expect(screen.getByTestId("profile-name")).toHaveTextContent("Trần Thị Thu");
  });

  it("creates my office on first run and keeps what was typed when refused", async () => {
    mocked.appInfo.mockResolvedValue({ ...INFO, task_count: 0, unit_count: 0 });
    mocked.getProfile.mockResolvedValue(null);
    mocked.createOffice.mockRejectedValueOnce({
      code: "invalid.province_name",
      message: "Vui lòng nhập Tên tỉnh.",
      field: "province_name",
    });
    render(<App />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Đơn vị của tôi/), "Văn phòng UBND tỉnh");
    await user.type(screen.getByLabelText(/Họ và tên/), "Trần Thị Thu");
    await user.click(screen.getByTestId("office-create"));
    expect(await screen.findByText("Vui lòng nhập Tên tỉnh.")).toBeInTheDocument();
    expect(screen.getByLabelText(/Họ và tên/)).toHaveValue("Trần Thị Thu");

    mocked.createOffice.mockResolvedValueOnce({ ...OFFICE_PROFILE, demo: false });
    mocked.appInfo.mockResolvedValue({ ...INFO, task_count: 0, unit_count: 1 });
    mocked.getProfile.mockResolvedValue({ ...OFFICE_PROFILE, demo: false });
    await user.type(screen.getByLabelText(/Tên tỉnh/), "Quảng Trị{Enter}");
    await waitFor(() =>
      expect(mocked.createOffice).toHaveBeenLastCalledWith({
        province_name: "Quảng Trị",
        issuing_body: "Văn phòng UBND tỉnh",
        unit_name: "Văn phòng UBND tỉnh",
        full_name: "Trần Thị Thu",
        title: "",
        role: "office",
      }),
    );
    expect(await screen.findByTestId("profile-name")).toHaveTextContent("Trần Thị Thu");
    expect(screen.queryByTestId("profile-switch")).not.toBeInTheDocument();
  });

  it("joins the office database on first run and opens as the logged-in person once downloaded", async () => {
    let sendStatus: (s: SyncStatusView) => void = () => {};
    mocked.onSyncStatus.mockImplementation(async (handler) => {
      sendStatus = handler;
      return () => {};
    });
    mocked.syncStatus.mockResolvedValue(makeSyncStatus({ configured: false, url: null, login: null, phase: "off", last_sync_at: null }));
    mocked.appInfo.mockResolvedValue({ ...INFO, task_count: 0, unit_count: 0 });
    mocked.getProfile.mockResolvedValue(null);
    mocked.syncConfigure.mockResolvedValue(makeSyncStatus({ phase: "idle", last_sync_at: null }));
    render(<App />);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("join-button"));
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), "postgresql://thu.tt@csdl:5432/nhiemvu");
    await user.type(screen.getByLabelText(/Mật khẩu/), "bí mật{Enter}");
    expect(await screen.findByText("Đang tải dữ liệu của Văn phòng…")).toBeInTheDocument();
    await waitFor(() => expect(mocked.onSyncStatus).toHaveBeenCalled());
    const reads = mocked.getProfile.mock.calls.length;
    act(() => sendStatus(makeSyncStatus({ phase: "syncing", last_sync_at: null, progress: { done: 12345, total: 20000 } })));
    expect(screen.getByText("12.345/20.000 nhiệm vụ")).toBeInTheDocument();
    expect(mocked.getProfile).toHaveBeenCalledTimes(reads);

    // The worker has downloaded the scope and set the profile.
    mocked.appInfo.mockResolvedValue(INFO);
    mocked.getProfile.mockResolvedValue({ ...OFFICE_PROFILE, demo: false });
    act(() => sendStatus(makeSyncStatus({ phase: "idle" })));
    expect(await screen.findByTestId("profile-name")).toHaveTextContent("Trần Thị Thu");
    expect(mocked.getProfile.mock.calls.length).toBeGreaterThan(reads);
    expect(screen.queryByTestId("join-waiting")).toBeNull();
  });

  it("asks who uses this PC when the database has people but no profile", async () => {
    mocked.appInfo.mockResolvedValue(INFO);
    mocked.getProfile.mockResolvedValueOnce(null);
    mocked.setProfile.mockResolvedValue(OFFICE_PROFILE);
    mocked.getProfile.mockResolvedValue(OFFICE_PROFILE);
    render(<App />);
    expect(await screen.findByTestId("choose-person")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: /Trần Thị Thu/ }));
    expect(mocked.setProfile).toHaveBeenCalledWith("p-office");
    expect(await screen.findByTestId("profile-name")).toBeInTheDocument();
  });

  it("shows the message of a rejected app_info in the error banner, and retries", async () => {
    mocked.appInfo.mockRejectedValueOnce({ code: "bad_database", message: "Tệp không phải cơ sở dữ liệu Nhiệm Vụ." });
    mocked.appInfo.mockResolvedValue(INFO);
    mocked.getProfile.mockResolvedValue(OFFICE_PROFILE);
    render(<App />);
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Tệp không phải cơ sở dữ liệu Nhiệm Vụ.");
    expect(banner).not.toHaveTextContent("bad_database");
    await userEvent.setup().click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
  });
});
