import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { DemoProgress } from "../bindings/DemoProgress";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { INFO, makeSyncStatus } from "../test/fixtures";
import { Welcome } from "./Welcome";

vi.mock("../api");

const mocked = vi.mocked(api);
const EMPTY = { ...INFO, task_count: 0 };

let emit: (p: DemoProgress) => void = () => {};
const unlisten = vi.fn();

beforeEach(() => {
  mocked.onDemoProgress.mockImplementation(async (handler) => {
    emit = handler;
    return unlisten;
  });
  mocked.cancelDemo.mockResolvedValue(null);
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("Welcome", () => {
  it("creates the sample province with progress, then goes on", async () => {
    const run = deferred<typeof INFO>();
    mocked.createDemo.mockReturnValue(run.promise);
    const onReady = vi.fn();
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={onReady} />);
    expect(screen.getByRole("heading", { name: "Chào mừng đến với Nhiệm Vụ" })).toBeInTheDocument();
    await user.click(screen.getByTestId("demo-button"));
    expect(mocked.createDemo).toHaveBeenCalledWith(20000);
    act(() => emit({ done: 12345, total: 20000 }));
    expect(screen.getByText("Đang tạo dữ liệu mẫu… 12.345 / 20.000 nhiệm vụ")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "12345");
    await act(async () => run.resolve(INFO));
    expect(onReady).toHaveBeenCalledWith(INFO);
    expect(unlisten).toHaveBeenCalled();
  });

  it("cancels", async () => {
    const run = deferred<typeof INFO>();
    mocked.createDemo.mockReturnValue(run.promise);
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={vi.fn()} />);
    await user.click(screen.getByTestId("demo-button"));
    await user.click(screen.getByRole("button", { name: "Hủy" }));
    expect(mocked.cancelDemo).toHaveBeenCalled();
    await act(async () => run.reject({ code: "cancelled", message: "Đã hủy." }));
    expect(screen.getByText("Đã hủy tạo dữ liệu mẫu.")).toBeInTheDocument();
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
    expect(screen.getByTestId("demo-button")).toBeInTheDocument();
  });

  it("shows the message of a failure in the error banner", async () => {
    mocked.createDemo.mockRejectedValue({ code: "io", message: "Không ghi được tệp cơ sở dữ liệu." });
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={vi.fn()} />);
    await user.click(screen.getByTestId("demo-button"));
    await waitFor(() => expect(screen.getByTestId("error-banner")).toHaveTextContent("Không ghi được tệp cơ sở dữ liệu."));
  });
});

// ---- Joining an office that already has a shared database ----------------------------

const URL = "postgresql://hung.lv@csdl.vpubnd.quangtri.gov.vn:5432/nhiemvu";
const NOT_CONFIGURED = makeSyncStatus({ configured: false, url: null, login: null, phase: "off", last_sync_at: null });
const CONFIGURED = makeSyncStatus({ login: "hung.lv", url: URL, phase: "idle", last_sync_at: null });
const syncing = (done: number, total: number): SyncStatusView =>
  makeSyncStatus({ login: "hung.lv", url: URL, phase: "syncing", last_sync_at: null, progress: { done, total } });

describe("Welcome: connecting to the office database", () => {
  let sendStatus: (s: SyncStatusView) => void = () => {};
  const stopStatus = vi.fn();

  beforeEach(() => {
    sendStatus = () => {};
    mocked.onSyncStatus.mockImplementation(async (handler) => {
      sendStatus = handler;
      return stopStatus;
    });
  });

  /** The welcome screen of a build that syncs, with the connection form open. */
  async function openForm(onJoined = vi.fn()) {
    mocked.syncStatus.mockResolvedValue(NOT_CONFIGURED);
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={vi.fn()} onOfficeCreated={vi.fn()} onJoined={onJoined} />);
    await user.click(await screen.findByRole("button", { name: "Kết nối cơ sở dữ liệu của Văn phòng" }));
    await waitFor(() => expect(mocked.onSyncStatus).toHaveBeenCalled());
    return { user, onJoined };
  }

  async function connect(user: ReturnType<typeof userEvent.setup>) {
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), URL);
    await user.type(screen.getByLabelText(/Mật khẩu/), "mật-khẩu{Enter}");
    await screen.findByTestId("join-waiting");
  }

  it("is not offered on the offline build", async () => {
    render(<Welcome info={EMPTY} onReady={vi.fn()} onOfficeCreated={vi.fn()} onJoined={vi.fn()} />);
    await waitFor(() => expect(mocked.syncStatus).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.getByTestId("demo-button")).toBeInTheDocument();
    expect(screen.getByTestId("office-form")).toBeInTheDocument();
    expect(screen.queryByTestId("join-button")).toBeNull();
    expect(screen.queryByText("Kết nối cơ sở dữ liệu của Văn phòng")).toBeNull();
  });

  it("is not offered when the core cannot say whether it syncs", async () => {
    mocked.syncStatus.mockRejectedValue({ code: "no_backend", message: "Không kết nối được với phần mềm." });
    render(<Welcome info={EMPTY} onReady={vi.fn()} onJoined={vi.fn()} />);
    await waitFor(() => expect(mocked.syncStatus).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.queryByTestId("join-button")).toBeNull();
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });

  it("is offered next to the two other choices, opens the form, and Esc goes back", async () => {
    mocked.syncStatus.mockResolvedValue(NOT_CONFIGURED);
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={vi.fn()} onOfficeCreated={vi.fn()} onJoined={vi.fn()} />);
    const button = await screen.findByTestId("join-button");
    expect(button).toHaveTextContent("Kết nối cơ sở dữ liệu của Văn phòng");
    expect(screen.getByTestId("demo-button")).toBeInTheDocument();
    expect(screen.getByTestId("office-form")).toBeInTheDocument();

    await user.click(button);
    expect(screen.getByRole("heading", { name: "Kết nối cơ sở dữ liệu của Văn phòng" })).toBeInTheDocument();
    expect(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/)).toHaveFocus();
    expect(screen.getByText("Enter để kết nối, Esc để quay lại")).toBeInTheDocument();
    expect(screen.queryByTestId("demo-button")).toBeNull();
    expect(screen.queryByTestId("office-form")).toBeNull();

    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), URL);
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("demo-button")).toBeInTheDocument();
    expect(screen.getByTestId("office-form")).toBeInTheDocument();
    expect(screen.getByTestId("join-button")).toHaveFocus();
    expect(mocked.syncConfigure).not.toHaveBeenCalled();

    // The "Quay lại" button does the same.
    await user.click(screen.getByTestId("join-button"));
    await user.click(screen.getByRole("button", { name: "Quay lại" }));
    expect(screen.getByTestId("join-choice")).toBeInTheDocument();
  });

  it("keeps a refused login in the form", async () => {
    mocked.syncConfigure.mockRejectedValue({ code: "login", field: "password", message: "Sai tên đăng nhập hoặc mật khẩu." });
    const { user } = await openForm();
    const password = screen.getByLabelText(/Mật khẩu/);
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), URL);
    await user.type(password, "sai{Enter}");
    await waitFor(() => expect(password).toHaveAccessibleDescription("Sai tên đăng nhập hoặc mật khẩu."));
    expect(screen.queryByTestId("join-waiting")).toBeNull();
  });

  it("connects with Enter, then waits for the download with its progress", async () => {
    mocked.syncConfigure.mockResolvedValue(CONFIGURED);
    const { user, onJoined } = await openForm();
    await connect(user);
    expect(mocked.syncConfigure).toHaveBeenCalledWith({ url: URL, password: "mật-khẩu" });
    expect(screen.getByRole("heading", { name: "Đang tải dữ liệu của Văn phòng…" })).toBeInTheDocument();
    expect(screen.getByText("Tài khoản: hung.lv")).toBeInTheDocument();
    expect(screen.getByText("Đang chuẩn bị tải dữ liệu…")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-form")).toBeNull();

    act(() => sendStatus(syncing(12345, 100000)));
    expect(screen.getByText("12.345/100.000 nhiệm vụ")).toBeInTheDocument();
    const bar = screen.getByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "12345");
    expect(bar).toHaveAttribute("aria-valuemax", "100000");

    // A server away for a moment: still waiting, the worker tries again.
    act(() => sendStatus(makeSyncStatus({ phase: "offline", last_sync_at: null, last_error: "Mất kết nối tới máy chủ." })));
    expect(screen.getByTestId("join-offline")).toHaveTextContent("phần mềm sẽ tự thử lại");
    expect(screen.getByTestId("join-offline")).toHaveTextContent("Mất kết nối tới máy chủ.");
    expect(screen.getByTestId("join-waiting")).toBeInTheDocument();
    expect(onJoined).not.toHaveBeenCalled();
  });

  it("re-reads the profile once a sync-status says the download is done", async () => {
    mocked.syncConfigure.mockResolvedValue(CONFIGURED);
    const { user, onJoined } = await openForm();
    await connect(user);
    act(() => sendStatus(syncing(99999, 100000)));
    expect(onJoined).not.toHaveBeenCalled();
    act(() => sendStatus(makeSyncStatus({ login: "hung.lv", last_sync_at: "2026-03-10T07:05:12Z", phase: "idle" })));
    expect(onJoined).toHaveBeenCalledTimes(1);
  });

  it("also goes on when the status turns idle", async () => {
    mocked.syncConfigure.mockResolvedValue(CONFIGURED);
    const { user, onJoined } = await openForm();
    await connect(user);
    act(() => sendStatus(makeSyncStatus({ phase: "idle", last_sync_at: null })));
    expect(onJoined).toHaveBeenCalledTimes(1);
  });

  it("goes on when the download finished before syncConfigure answered", async () => {
    let answer!: (s: SyncStatusView) => void;
    mocked.syncConfigure.mockReturnValue(new Promise((res) => (answer = res)));
    const { user, onJoined } = await openForm();
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), URL);
    await user.type(screen.getByLabelText(/Mật khẩu/), "mật-khẩu{Enter}");
    await screen.findByRole("button", { name: "Đang kiểm tra kết nối…" });
    act(() => sendStatus(makeSyncStatus({ last_sync_at: "2026-03-10T07:05:12Z" })));
    expect(onJoined).not.toHaveBeenCalled();
    await act(async () => answer(CONFIGURED));
    expect(onJoined).toHaveBeenCalledTimes(1);
  });

  it("shows the worker's error, and Thử lại goes back to the form", async () => {
    mocked.syncConfigure.mockResolvedValue(CONFIGURED);
    const { user, onJoined } = await openForm();
    await connect(user);
    act(() => sendStatus(syncing(10, 100000)));
    act(() =>
      sendStatus(
        makeSyncStatus({
          phase: "error",
          last_sync_at: null,
          last_error: "Tài khoản \"hung.lv\" chưa được gắn với cán bộ nào trong danh bạ của Văn phòng.",
        }),
      ),
    );
    expect(screen.getByTestId("error-banner")).toHaveTextContent(
      "Tài khoản \"hung.lv\" chưa được gắn với cán bộ nào trong danh bạ của Văn phòng.",
    );
    expect(screen.queryByTestId("join-waiting")).toBeNull();
    const retry = screen.getByRole("button", { name: "Thử lại" });
    expect(retry).toHaveFocus();
    expect(onJoined).not.toHaveBeenCalled();

    await user.click(retry);
    expect(screen.getByTestId("sync-form")).toBeInTheDocument();
    expect(screen.getByLabelText(/Mật khẩu/)).toHaveValue("");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("join-choice")).toBeInTheDocument();
    expect(stopStatus).toHaveBeenCalled();
  });
});
