import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { App } from "../App";
import type { NetworkState } from "../bindings/NetworkState";
import type { Profile } from "../bindings/Profile";
import type { SecretStatus } from "../bindings/SecretStatus";
import * as secretApi from "../secretApi";
import { fakeRegister, INFO, UNITS } from "../test/fixtures";
import { PEOPLE, SETTINGS } from "../test/session";
import { ConfidentialApp, NETWORK_POLL_MS, TOUCH_INTERVAL_MS } from "./ConfidentialApp";
import { makeStatus, STORE_SETTINGS } from "./testFixtures";

vi.mock("../api");
vi.mock("../secretApi");
// The registers are another screen's work: here only which one is shown matters.
vi.mock("./registers/RegisterScreen", () => ({
  IncomingRegisterScreen: () => <section data-testid="incoming-register" />,
  OutgoingRegisterScreen: () => <section data-testid="outgoing-register" />,
}));
vi.mock("./registers/HandoverScreen", () => ({ HandoverScreen: () => <section data-testid="handover-register" /> }));
vi.mock("./registers/CopyScreen", () => ({ CopyScreen: () => <section data-testid="copy-register" /> }));
vi.mock("./registers/ProtectionScreen", () => ({ ProtectionScreen: () => <section data-testid="protection-register" /> }));

const mockedApi = vi.mocked(api);
const mocked = vi.mocked(secretApi);

const CLERK: Profile = {
  person: { id: "p-clerk", full_name: "Phạm Thị Mai", unit_id: "u-office", role: "confidential_clerk", title: "Văn thư" },
  unit: UNITS[0],
  demo: false,
};

const CONNECTED =
  "CẢNH BÁO: Máy tính này đang nối mạng (eth0, wlan0). Pháp luật cấm soạn thảo, lưu trữ bí mật nhà nước trên máy tính nối mạng. Hãy rút cáp mạng, tắt Wi-Fi.";

function renderApp(status: SecretStatus) {
  return render(<ConfidentialApp info={INFO} profile={CLERK} units={UNITS} people={PEOPLE} settings={SETTINGS} status={status} />);
}

/** Captures the back end's event handlers the app subscribes. */
function captureEvents() {
  const handlers: { locked: (why: string) => void; network: (state: NetworkState) => void } = {
    locked: () => {},
    network: () => {},
  };
  mocked.onSecretLocked.mockImplementation(async (h) => {
    handlers.locked = h;
    return () => {};
  });
  mocked.onNetworkState.mockImplementation(async (h) => {
    handlers.network = h;
    return () => {};
  });
  return handlers;
}

beforeEach(() => {
  mocked.secretTouch.mockResolvedValue(undefined);
  mocked.secretLock.mockResolvedValue(undefined);
  mocked.networkStatus.mockResolvedValue({ kind: "offline" });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("App on the confidential workstation", () => {
  beforeEach(() => {
    mockedApi.appInfo.mockResolvedValue(INFO);
    mockedApi.getProfile.mockResolvedValue(CLERK);
    mockedApi.listUnits.mockResolvedValue(UNITS);
    mockedApi.listPeople.mockResolvedValue(PEOPLE);
    mockedApi.getSettings.mockResolvedValue(SETTINGS);
    mockedApi.listTasks.mockImplementation(fakeRegister(3));
    window.localStorage.setItem("nhiemvu.shell.screen.v1", "tasks");
  });

  it("opens the confidential window when the back end says this is the workstation", async () => {
    mocked.secretStatus.mockResolvedValue(makeStatus());
    render(<App />);
    expect(await screen.findByTestId("confidential-app")).toBeInTheDocument();
    expect(screen.getByTestId("secret-unlock")).toHaveTextContent("Sổ mật đang khóa");
    expect(screen.queryByTestId("task-register")).toBeNull();
  });

  it("keeps the normal window in the normal build, and when the question fails", async () => {
    mocked.secretStatus.mockResolvedValue(makeStatus({ enabled: false, unlock: null }));
    const { unmount } = render(<App />);
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
    expect(screen.queryByTestId("confidential-app")).toBeNull();
    unmount();

    mocked.secretStatus.mockRejectedValue({ code: "refused", message: "Bản cài đặt này có chức năng đồng bộ…" });
    render(<App />);
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
    expect(screen.queryByTestId("confidential-app")).toBeNull();
  });
});

describe("creating the store", () => {
  it("refuses a short or mismatched passphrase, then shows the recovery code once", async () => {
    const user = userEvent.setup();
    mocked.secretCreate.mockResolvedValue({ recovery_code: "7K3M-9QX2-ABCD-EFGH" });
    mocked.secretStatus.mockResolvedValue(makeStatus({ unlock: "passphrase", open: true }));
    renderApp(makeStatus({ unlock: null }));

    expect(screen.getByTestId("secret-create")).toHaveTextContent("Sổ mật là một tệp dữ liệu được mã hóa");
    // The keychain is the default where there is one.
    expect(screen.getByLabelText(/Kho khóa của hệ điều hành/)).toBeChecked();
    await user.click(screen.getByLabelText(/Mật khẩu sổ mật/, { selector: "input[type=radio]" }));

    await user.type(screen.getByLabelText(/^Mật khẩu sổ mật/, { selector: "input[type=password]" }), "ngắn");
    await user.click(screen.getByTestId("secret-create-submit"));
    expect(screen.getByText("Mật khẩu sổ mật cần ít nhất 10 ký tự.")).toBeInTheDocument();

    const first = screen.getByLabelText(/^Mật khẩu sổ mật/, { selector: "input[type=password]" });
    await user.clear(first);
    await user.type(first, "Sông Hương 2026");
    await user.type(screen.getByLabelText(/Nhập lại mật khẩu/), "Sông Hương 2025");
    await user.click(screen.getByTestId("secret-create-submit"));
    expect(screen.getByText("Hai lần nhập mật khẩu không khớp nhau.")).toBeInTheDocument();
    expect(mocked.secretCreate).not.toHaveBeenCalled();

    const again = screen.getByLabelText(/Nhập lại mật khẩu/);
    await user.clear(again);
    await user.type(again, "Sông Hương 2026{Enter}");
    expect(mocked.secretCreate).toHaveBeenCalledWith({ protection: { kind: "passphrase", passphrase: "Sông Hương 2026" } });

    expect(await screen.findByTestId("recovery-code")).toHaveTextContent("7K3M-9QX2-ABCD-EFGH");
    const proceed = screen.getByRole("button", { name: "Tiếp tục" });
    expect(proceed).toBeDisabled();
    await user.click(screen.getByLabelText("Tôi đã ghi lại mã khôi phục và cất giữ theo chế độ mật"));
    expect(proceed).toBeEnabled();
    await user.click(proceed);

    expect(await screen.findByTestId("secret-shell")).toBeInTheDocument();
    expect(screen.queryByTestId("recovery-code")).toBeNull();
    expect(document.body).not.toHaveTextContent("7K3M-9QX2");
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  it("offers only the passphrase without a keychain, and keeps the key in the keychain by default", async () => {
    const user = userEvent.setup();
    const { unmount } = renderApp(makeStatus({ unlock: null, keychain: false }));
    expect(screen.queryByLabelText(/Kho khóa của hệ điều hành/)).toBeNull();
    expect(screen.getByText(/Máy này không có kho khóa/)).toBeInTheDocument();
    unmount();

    mocked.secretCreate.mockResolvedValue({ recovery_code: "AAAA-BBBB" });
    renderApp(makeStatus({ unlock: null }));
    await user.click(screen.getByTestId("secret-create-submit"));
    expect(mocked.secretCreate).toHaveBeenCalledWith({ protection: { kind: "keychain" } });
    expect(await screen.findByTestId("recovery-code")).toHaveTextContent("AAAA-BBBB");
  });
});

describe("unlocking", () => {
  it("sends the passphrase, shows the back end's refusal next to it, and opens", async () => {
    const user = userEvent.setup();
    mocked.secretUnlock.mockRejectedValueOnce({ code: "wrong_passphrase", message: "Mật khẩu sổ mật không đúng." });
    mocked.secretUnlock.mockResolvedValue(makeStatus({ open: true }));
    renderApp(makeStatus({ unlock: "passphrase" }));

    const field = screen.getByLabelText("Mật khẩu sổ mật");
    expect(field).toHaveFocus();
    await user.type(field, "sai mật khẩu{Enter}");
    expect(mocked.secretUnlock).toHaveBeenLastCalledWith({ kind: "passphrase", passphrase: "sai mật khẩu" });
    expect(await screen.findByText("Mật khẩu sổ mật không đúng.")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");

    await user.clear(field);
    await user.type(field, "Sông Hương 2026{Enter}");
    expect(mocked.secretUnlock).toHaveBeenLastCalledWith({ kind: "passphrase", passphrase: "Sông Hương 2026" });
    expect(await screen.findByTestId("secret-shell")).toBeInTheDocument();
    expect(screen.getByTestId("profile-name")).toHaveTextContent("Phạm Thị Mai");
    expect(screen.getByTestId("incoming-register")).toBeInTheDocument();
  });

  it("opens from the keychain with one button", async () => {
    const user = userEvent.setup();
    mocked.secretUnlock.mockResolvedValue(makeStatus({ unlock: "keychain", open: true }));
    renderApp(makeStatus({ unlock: "keychain" }));
    const open = screen.getByRole("button", { name: "Mở sổ mật" });
    expect(open).toHaveFocus();
    await user.click(open);
    expect(mocked.secretUnlock).toHaveBeenCalledWith({ kind: "keychain" });
    expect(await screen.findByTestId("secret-shell")).toBeInTheDocument();
  });

  it("opens with the recovery code and keeps the key as chosen", async () => {
    const user = userEvent.setup();
    mocked.secretUnlock.mockRejectedValueOnce({ code: "bad_recovery_code", message: "Mã khôi phục không hợp lệ: thiếu ký tự." });
    mocked.secretUnlock.mockResolvedValue(makeStatus({ open: true }));
    renderApp(makeStatus({ unlock: "keychain" }));
    await user.click(screen.getByRole("button", { name: "Dùng mã khôi phục" }));
    await user.type(screen.getByLabelText(/^Mã khôi phục/), "7K3M-9QX2");
    expect(screen.getByLabelText("Trong kho khóa của hệ điều hành")).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Mở sổ mật" }));
    expect(mocked.secretUnlock).toHaveBeenLastCalledWith({ kind: "recovery_code", code: "7K3M-9QX2", keep: { kind: "keychain" } });
    expect(await screen.findByText("Mã khôi phục không hợp lệ: thiếu ký tự.")).toBeInTheDocument();

    await user.click(screen.getByLabelText("Bảo vệ bằng mật khẩu sổ mật mới"));
    await user.type(screen.getByLabelText(/^Mật khẩu sổ mật mới/), "Mật khẩu mới 2026");
    await user.type(screen.getByLabelText(/Nhập lại mật khẩu/), "Mật khẩu mới 2026");
    await user.click(screen.getByRole("button", { name: "Mở sổ mật" }));
    expect(mocked.secretUnlock).toHaveBeenLastCalledWith({
      kind: "recovery_code",
      code: "7K3M-9QX2",
      keep: { kind: "passphrase", passphrase: "Mật khẩu mới 2026" },
    });
    expect(await screen.findByTestId("secret-shell")).toBeInTheDocument();
  });

  it("asks only for the recovery code when the key is not on this computer", async () => {
    const user = userEvent.setup();
    mocked.secretUnlock.mockResolvedValue(makeStatus({ open: true }));
    renderApp(makeStatus({ unlock: "recovery_code" }));
    expect(screen.getByText(/Khóa của sổ mật này không có trên máy này/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Quay lại" })).toBeNull();
    await user.type(screen.getByLabelText(/^Mã khôi phục/), "7K3M 9QX2");
    await user.click(screen.getByLabelText("Không giữ (lần sau lại nhập mã khôi phục)"));
    await user.click(screen.getByRole("button", { name: "Mở sổ mật" }));
    expect(mocked.secretUnlock).toHaveBeenCalledWith({ kind: "recovery_code", code: "7K3M 9QX2", keep: null });
  });
});

describe("the network warning", () => {
  it("is red on the lock screens while networked and follows the back end's events", async () => {
    const events = captureEvents();
    renderApp(makeStatus({ network: { kind: "connected", interfaces: ["eth0", "wlan0"] } }));
    expect(screen.getByRole("alert")).toHaveTextContent(CONNECTED);
    expect(screen.getByTestId("network-alert")).toHaveTextContent(CONNECTED);
    await waitFor(() => expect(mocked.onNetworkState).toHaveBeenCalled());

    act(() => events.network({ kind: "offline" }));
    expect(screen.queryByTestId("network-alert")).toBeNull();

    act(() => events.network({ kind: "unknown", reason: "không đọc được /sys/class/net" }));
    expect(screen.getByTestId("network-unknown")).toHaveTextContent("không đọc được /sys/class/net");
    expect(screen.queryByTestId("network-alert")).toBeNull();

    act(() => events.network({ kind: "connected", interfaces: ["eth0", "wlan0"] }));
    expect(screen.getByTestId("network-alert")).toHaveTextContent(CONNECTED);
  });

  it("stays above the open shell and is asked again every minute", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    renderApp(makeStatus({ open: true }));
    expect(screen.getByTestId("secret-shell")).toBeInTheDocument();
    expect(screen.queryByTestId("network-alert")).toBeNull();
    mocked.networkStatus.mockResolvedValue({ kind: "connected", interfaces: ["eth0", "wlan0"] });
    await act(async () => {
      vi.advanceTimersByTime(NETWORK_POLL_MS);
    });
    expect(await screen.findByTestId("network-alert")).toHaveTextContent(CONNECTED);
    const app = screen.getByTestId("confidential-app");
    expect(app.firstElementChild).toBe(screen.getByTestId("network-alert"));
    expect(within(screen.getByTestId("secret-shell")).getByText("ĐANG NỐI MẠNG")).toBeInTheDocument();
  });
});

describe("locking", () => {
  it("goes back to the unlock screen when the store locks itself, with the idle time", async () => {
    const events = captureEvents();
    renderApp(makeStatus({ open: true, settings: { ...STORE_SETTINGS, idle_lock_minutes: 20 } }));
    expect(screen.getByTestId("secret-shell")).toBeInTheDocument();
    await waitFor(() => expect(mocked.onSecretLocked).toHaveBeenCalled());
    act(() => events.locked("idle"));
    expect(screen.queryByTestId("secret-shell")).toBeNull();
    expect(screen.getByTestId("secret-unlock")).toBeInTheDocument();
    expect(screen.getByTestId("lock-note")).toHaveTextContent("Sổ mật đã tự khóa sau 20 phút không thao tác.");
  });

  it("locks with the button and with Ctrl+L, and comes back to the same screen", async () => {
    const user = userEvent.setup();
    mocked.secretUnlock.mockResolvedValue(makeStatus({ open: true }));
    mocked.secretTasks.mockResolvedValue([]);
    mocked.secretEntries.mockResolvedValue([]);
    renderApp(makeStatus({ open: true }));
    await user.keyboard("{Alt>}6{/Alt}");
    expect(await screen.findByTestId("secret-tasks")).toBeInTheDocument();

    await user.click(screen.getByTestId("secret-lock"));
    expect(mocked.secretLock).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("secret-unlock")).toBeInTheDocument();
    expect(screen.queryByTestId("lock-note")).toBeNull();

    await user.type(screen.getByLabelText("Mật khẩu sổ mật"), "Sông Hương 2026{Enter}");
    expect(await screen.findByTestId("secret-tasks")).toBeInTheDocument();
    expect(screen.getByTestId("secret-nav-tasks")).toHaveAttribute("aria-current", "page");

    await user.keyboard("{Control>}l{/Control}");
    expect(mocked.secretLock).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId("secret-unlock")).toBeInTheDocument();
    expect(window.localStorage.length).toBe(0);
  });

  it("goes back to the unlock screen when a command finds the store locked", async () => {
    const user = userEvent.setup();
    mocked.secretAudit.mockRejectedValue({ code: "locked", message: "Sổ mật đang khóa. Mở khóa để tiếp tục." });
    renderApp(makeStatus({ open: true }));
    await user.keyboard("{Alt>}8{/Alt}");
    expect(await screen.findByTestId("secret-unlock")).toBeInTheDocument();
    expect(screen.getByTestId("lock-note")).toHaveTextContent("Sổ mật đang khóa. Mở khóa để tiếp tục.");
  });

  it("reports activity to the idle lock at most every 30 seconds", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-10T03:00:00Z"));
    renderApp(makeStatus({ open: true }));
    fireEvent.keyDown(window, { key: "a" });
    fireEvent.mouseDown(document.body);
    fireEvent.wheel(document.body);
    fireEvent.keyDown(window, { key: "b" });
    expect(mocked.secretTouch).toHaveBeenCalledTimes(1);

    vi.setSystemTime(new Date(Date.now() + TOUCH_INTERVAL_MS - 1000));
    fireEvent.mouseDown(document.body);
    expect(mocked.secretTouch).toHaveBeenCalledTimes(1);

    vi.setSystemTime(new Date(Date.now() + 2000));
    fireEvent.touchStart(document.body);
    expect(mocked.secretTouch).toHaveBeenCalledTimes(2);
    fireEvent.keyDown(window, { key: "c" });
    expect(mocked.secretTouch).toHaveBeenCalledTimes(2);
  });

  it("reports no activity while locked", () => {
    renderApp(makeStatus());
    fireEvent.keyDown(window, { key: "a" });
    fireEvent.mouseDown(document.body);
    expect(mocked.secretTouch).not.toHaveBeenCalled();
  });
});

describe("the shell", () => {
  it("switches screens with Alt+1…9 and never sets the title to data", async () => {
    const user = userEvent.setup();
    mocked.secretStatistics.mockResolvedValue({ from: "2026-01-01", to: "2026-03-31", as_of: "2026-03-10", by_unit: [], total: emptyCounts() });
    mocked.secretYears.mockResolvedValue([]);
    const before = document.title;
    renderApp(makeStatus({ open: true }));
    expect(screen.getByTestId("incoming-register")).toBeInTheDocument();
    expect(screen.getByTestId("profile-name")).toHaveTextContent("Phạm Thị Mai · Văn thư mật");
    const nav = screen.getByRole("navigation");
    expect(within(nav).getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Sổ đến",
      "Sổ đi",
      "Sổ chuyển giao",
      "Sổ sao chụp",
      "Thời hạn bảo vệ",
      "Nhiệm vụ mật",
      "Thống kê và in",
      "Nhật ký",
      "Cài đặt sổ mật",
    ]);
    await user.keyboard("{Alt>}2{/Alt}");
    expect(screen.getByTestId("outgoing-register")).toBeInTheDocument();
    await user.keyboard("{Alt>}3{/Alt}");
    expect(screen.getByTestId("handover-register")).toBeInTheDocument();
    await user.keyboard("{Alt>}4{/Alt}");
    expect(screen.getByTestId("copy-register")).toBeInTheDocument();
    await user.keyboard("{Alt>}5{/Alt}");
    expect(screen.getByTestId("protection-register")).toBeInTheDocument();
    await user.keyboard("{Alt>}7{/Alt}");
    expect(await screen.findByTestId("secret-stats")).toBeInTheDocument();
    await user.keyboard("{Alt>}9{/Alt}");
    expect(screen.getByTestId("secret-settings")).toBeInTheDocument();
    expect(screen.getByText("Tự khóa sau 15 phút không thao tác")).toBeInTheDocument();
    expect(screen.getByText("Không nối mạng")).toBeInTheDocument();
    expect(document.title).toBe(before);
  });
});

function emptyCounts() {
  return { assigned: 0, done_on_time: 0, done_late: 0, in_progress_on_time: 0, overdue: 0, not_started: 0, no_deadline: 0, due_soon: 0, cancelled: 0 };
}
