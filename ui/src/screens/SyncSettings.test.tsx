import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { DamagedView } from "../bindings/DamagedView";
import type { RejectionView } from "../bindings/RejectionView";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { setLocale } from "../i18n";
import { SessionContext } from "../session";
import { makeSyncStatus } from "../test/fixtures";
import { renderWithSession } from "../test/session";
import { SyncSettings } from "./SyncSettings";

vi.mock("../api");
const mocked = vi.mocked(api);

const NOT_CONFIGURED = makeSyncStatus({ configured: false, url: null, login: null, phase: "off", last_sync_at: null });
const URL = "postgresql://thu.tt@csdl.vpubnd.quangtri.gov.vn:5432/nhiemvu";

const REJECTIONS: RejectionView[] = [
  {
    id: "0b6a3c1e-0000-4000-8000-000000000002",
    name: "accept_task",
    created_at: "2026-03-10T02:15:00Z",
    reason: "Nhiệm vụ đã được Văn phòng giao lại cho Sở Tài chính trước khi anh/chị tiếp nhận. Không cần làm gì thêm.",
    acknowledged: false,
  },
  {
    id: "0b6a3c1e-0000-4000-8000-000000000001",
    name: "extend_deadline",
    created_at: "2026-03-09T09:40:00Z",
    reason: "Nhiệm vụ đã bị hủy.",
    acknowledged: true,
  },
];

function renderSync(status: SyncStatusView | null) {
  const onStatus = vi.fn();
  const result = renderWithSession(<SyncSettings status={status} onStatus={onStatus} />);
  /** The same screen with a newer status from the shell. */
  const update = (next: SyncStatusView) =>
    result.rerender(
      <SessionContext.Provider value={result.session}>
        <SyncSettings status={next} onStatus={onStatus} />
      </SessionContext.Provider>,
    );
  return { ...result, onStatus, update };
}

describe("SyncSettings: connecting", () => {
  it("warns a PC showing the sample province that its sample data will be replaced", () => {
    const { unmount } = renderWithSession(<SyncSettings status={NOT_CONFIGURED} onStatus={vi.fn()} demo />);
    expect(screen.getByTestId("sync-demo-notice")).toHaveTextContent(
      "Máy này đang mở tỉnh mẫu. Khi kết nối, các văn bản và nhiệm vụ mẫu sẽ được thay bằng dữ liệu của Văn phòng",
    );
    unmount();
    renderSync(NOT_CONFIGURED);
    expect(screen.queryByTestId("sync-demo-notice")).not.toBeInTheDocument();
  });

  it("asks for the address and the password and connects with Enter", async () => {
    const user = userEvent.setup();
    const connected = makeSyncStatus();
    mocked.syncConfigure.mockResolvedValue(connected);
    const { onStatus } = renderSync(NOT_CONFIGURED);
    expect(screen.getByRole("heading", { name: "Kết nối cơ sở dữ liệu của Văn phòng" })).toBeInTheDocument();
    const url = screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/);
    expect(url).toHaveAttribute("placeholder", "postgresql://ten_dang_nhap@may-chu:5432/nhiemvu");
    expect(url).toHaveAccessibleDescription(/quản trị viên/);
    const password = screen.getByLabelText(/Mật khẩu/);
    expect(password).toHaveAttribute("type", "password");
    await user.type(url, `  ${URL} `);
    await user.type(password, "mật-khẩu 1{Enter}");
    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(connected));
    expect(mocked.syncConfigure).toHaveBeenCalledWith({ url: URL, password: "mật-khẩu 1" });
  });

  it("says it is checking the connection and takes no second click meanwhile", async () => {
    const user = userEvent.setup();
    mocked.syncConfigure.mockReturnValue(new Promise(() => {}));
    renderSync(NOT_CONFIGURED);
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), URL);
    await user.type(screen.getByLabelText(/Mật khẩu/), "secret");
    await user.click(screen.getByRole("button", { name: "Kết nối" }));
    const button = await screen.findByRole("button", { name: "Đang kiểm tra kết nối…" });
    expect(button).toBeDisabled();
    await user.click(button);
    expect(mocked.syncConfigure).toHaveBeenCalledTimes(1);
  });

  it("shows a refused password next to the password and keeps the address", async () => {
    const user = userEvent.setup();
    mocked.syncConfigure.mockRejectedValue({ code: "login", field: "password", message: "Sai tên đăng nhập hoặc mật khẩu." });
    const { onStatus } = renderSync(NOT_CONFIGURED);
    const url = screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/);
    const password = screen.getByLabelText(/Mật khẩu/);
    await user.type(url, URL);
    await user.type(password, "sai{Enter}");
    await waitFor(() => expect(password).toHaveAccessibleDescription("Sai tên đăng nhập hoặc mật khẩu."));
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(url).not.toHaveAttribute("aria-invalid");
    expect(url).toHaveValue(URL);
    expect(screen.queryByTestId("error-banner")).toBeNull();
    expect(onStatus).not.toHaveBeenCalled();
    // Typing again clears the message.
    await user.type(password, "x");
    expect(password).not.toHaveAttribute("aria-invalid");
  });

  it("shows an unreachable server next to the address", async () => {
    const user = userEvent.setup();
    mocked.syncConfigure.mockRejectedValue({ code: "offline", field: "url", message: "Không kết nối được tới máy chủ csdl.vpubnd.quangtri.gov.vn." });
    renderSync(NOT_CONFIGURED);
    const url = screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/);
    await user.type(url, URL);
    await user.type(screen.getByLabelText(/Mật khẩu/), "secret{Enter}");
    await waitFor(() => expect(url).toHaveAccessibleDescription("Không kết nối được tới máy chủ csdl.vpubnd.quangtri.gov.vn."));
  });

  it("shows an error about neither field above the form", async () => {
    const user = userEvent.setup();
    mocked.syncConfigure.mockRejectedValue({ code: "schema", message: "Cơ sở dữ liệu của Văn phòng cần được nâng cấp." });
    renderSync(NOT_CONFIGURED);
    await user.type(screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/), URL);
    await user.type(screen.getByLabelText(/Mật khẩu/), "secret{Enter}");
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Cơ sở dữ liệu của Văn phòng cần được nâng cấp.");
  });

  it("asks for both fields before calling the core, and Esc clears the form", async () => {
    const user = userEvent.setup();
    renderSync(NOT_CONFIGURED);
    const url = screen.getByLabelText(/Địa chỉ cơ sở dữ liệu/);
    const password = screen.getByLabelText(/Mật khẩu/);
    await user.click(screen.getByRole("button", { name: "Kết nối" }));
    expect(mocked.syncConfigure).not.toHaveBeenCalled();
    expect(url).toHaveAccessibleDescription("Nhập địa chỉ cơ sở dữ liệu.");
    expect(password).toHaveAccessibleDescription("Nhập mật khẩu.");
    await user.type(url, URL);
    await user.type(password, "secret");
    await user.keyboard("{Escape}");
    expect(url).toHaveValue("");
    expect(password).toHaveValue("");
    expect(password).not.toHaveAttribute("aria-invalid");
  });
});

describe("SyncSettings: connected", () => {
  it("shows the address, the login and where the sync stands", () => {
    renderSync(makeSyncStatus({ pending: 1234, rejected: 2, conflicts: 1, keychain_notice: "Máy này không có kho khóa: mật khẩu chỉ được giữ đến khi đóng ứng dụng." }));
    expect(screen.getByTestId("sync-url")).toHaveTextContent(URL);
    expect(screen.getByTestId("sync-login")).toHaveTextContent("thu.tt");
    expect(screen.queryByLabelText(/Mật khẩu/)).toBeNull();
    expect(screen.getByTestId("sync-phase")).toHaveTextContent("Đã đồng bộ lúc 14:05");
    expect(screen.getByText("10/03/2026 14:05")).toBeInTheDocument();
    expect(screen.getByTestId("sync-pending")).toHaveTextContent("1.234");
    expect(screen.getByTestId("sync-rejected-count")).toHaveTextContent("2");
    expect(screen.getByTestId("sync-conflicts-count")).toHaveTextContent("1");
    expect(screen.getByTestId("keychain-notice")).toHaveTextContent("mật khẩu chỉ được giữ đến khi đóng ứng dụng");
    expect(screen.queryByTestId("sync-last-error")).toBeNull();
  });

  it("shows the last error and the first download's progress", () => {
    const { update } = renderSync(makeSyncStatus({ phase: "error", last_error: "Sai mật khẩu." }));
    expect(screen.getByTestId("sync-phase")).toHaveTextContent("Lỗi đồng bộ");
    expect(screen.getByTestId("sync-last-error")).toHaveTextContent("Sai mật khẩu.");
    update(makeSyncStatus({ phase: "syncing", progress: { done: 12345, total: 100000 } }));
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "Đang tải dữ liệu về máy: 12.345/100.000 nhiệm vụ");
    expect(screen.getByRole("button", { name: "Đồng bộ ngay" })).toBeDisabled();
  });

  it("syncs now on request", async () => {
    const user = userEvent.setup();
    mocked.syncNow.mockResolvedValue(null);
    renderSync(makeSyncStatus({ phase: "offline", pending: 3 }));
    expect(screen.getByTestId("sync-phase")).toHaveTextContent("Đang làm việc ngoại tuyến");
    await user.click(screen.getByRole("button", { name: "Đồng bộ ngay" }));
    expect(mocked.syncNow).toHaveBeenCalledTimes(1);
  });

  it("disconnects only after a confirmation that says the local data stays", async () => {
    const user = userEvent.setup();
    mocked.syncDisconnect.mockResolvedValue(NOT_CONFIGURED);
    const { onStatus } = renderSync(makeSyncStatus({ pending: 3 }));
    await user.click(screen.getByRole("button", { name: "Ngắt kết nối" }));
    let dialog = screen.getByTestId("disconnect-dialog");
    expect(dialog).toHaveTextContent("Dữ liệu trên máy này vẫn được giữ nguyên");
    expect(dialog).toHaveTextContent("Còn 3 thao tác chưa gửi lên Văn phòng");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("disconnect-dialog")).toBeNull();
    expect(mocked.syncDisconnect).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Ngắt kết nối" }));
    dialog = screen.getByTestId("disconnect-dialog");
    await user.click(within(dialog).getByRole("button", { name: "Ngắt kết nối" }));
    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(NOT_CONFIGURED));
    expect(mocked.syncDisconnect).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("disconnect-dialog")).toBeNull();
  });
});

describe("SyncSettings: refused changes", () => {
  it("lists them in words with the full reason; unread ones can be marked as read", async () => {
    const user = userEvent.setup();
    mocked.syncRejections.mockResolvedValue(REJECTIONS);
    mocked.syncAcknowledge.mockResolvedValue(null);
    const after = makeSyncStatus({ rejected: 0 });
    mocked.syncStatus.mockResolvedValue(after);
    const { onStatus } = renderSync(makeSyncStatus({ rejected: 1 }));
    const rows = await screen.findAllByTestId("rejection");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("10/03/2026 09:15");
    expect(rows[0]).toHaveTextContent("Tiếp nhận");
    expect(rows[0]).toHaveTextContent(REJECTIONS[0].reason);
    expect(rows[0]).toHaveAttribute("data-acknowledged", "false");
    expect(rows[1]).toHaveTextContent("Gia hạn");
    expect(rows[1]).toHaveClass("is-acknowledged");
    expect(within(rows[1]).queryByRole("button")).toBeNull();

    await user.click(within(rows[0]).getByRole("button", { name: "Đã đọc" }));
    expect(mocked.syncAcknowledge).toHaveBeenCalledWith("0b6a3c1e-0000-4000-8000-000000000002");
    await waitFor(() => expect(screen.getAllByTestId("rejection")[0]).toHaveAttribute("data-acknowledged", "true"));
    expect(within(screen.getAllByTestId("rejection")[0]).queryByRole("button")).toBeNull();
    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(after));
  });

  it("keeps a refused read in the list and says why", async () => {
    const user = userEvent.setup();
    mocked.syncRejections.mockResolvedValue(REJECTIONS);
    mocked.syncAcknowledge.mockRejectedValue({ code: "db.locked", message: "Cơ sở dữ liệu đang bận." });
    renderSync(makeSyncStatus({ rejected: 1 }));
    const rows = await screen.findAllByTestId("rejection");
    await user.click(within(rows[0]).getByRole("button", { name: "Đã đọc" }));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Cơ sở dữ liệu đang bận.");
    expect(screen.getAllByTestId("rejection")[0]).toHaveAttribute("data-acknowledged", "false");
  });

  it("says when nothing was refused", async () => {
    mocked.syncRejections.mockResolvedValue([]);
    renderSync(makeSyncStatus());
    expect(await screen.findByText("Không có thao tác nào bị từ chối.")).toBeInTheDocument();
  });

  it("reloads the list when a sync brings new refusals", async () => {
    mocked.syncRejections.mockResolvedValue([]);
    const { update } = renderSync(makeSyncStatus());
    await screen.findByText("Không có thao tác nào bị từ chối.");
    mocked.syncRejections.mockResolvedValue(REJECTIONS.slice(0, 1));
    update(makeSyncStatus({ rejected: 1 }));
    expect(await screen.findByTestId("rejection")).toHaveTextContent("Tiếp nhận");
  });
});

const DAMAGED: DamagedView[] = [
  {
    entity: "event",
    label: "Sự kiện #123 của nhiệm vụ «Rà soát, báo cáo tình hình giải ngân…»",
    reason: "unknown variant `approved`, expected one of `assigned`, `accepted`",
    first_seen: "2026-03-10T02:15:00Z",
  },
  {
    entity: "document",
    label: "Văn bản 125/UBND-KT ngày 02/03/2026",
    reason: "ngày ban hành không hợp lệ: 2026-02-30",
    first_seen: "2026-03-09T09:40:00Z",
  },
];

describe("SyncSettings: what is wrong on the server's side", () => {
  afterEach(() => setLocale("vi"));

  it("shows nothing of it when all is well", () => {
    renderSync(makeSyncStatus());
    expect(screen.queryByTestId("sync-warnings")).toBeNull();
  });

  it("lists the records this PC cannot read: what, why, since when, and what to do", () => {
    renderSync(makeSyncStatus({ damaged: DAMAGED }));
    const section = screen.getByTestId("sync-warnings");
    expect(within(section).getByRole("heading", { name: "Bản ghi trên máy chủ không đọc được" })).toBeInTheDocument();
    expect(screen.getByTestId("sync-damaged-intro")).toHaveTextContent(
      "Máy vẫn đồng bộ mọi thay đổi khác. Báo quản trị viên chạy 'nhiemvu office-db damaged' để xem và sửa.",
    );
    const rows = screen.getAllByTestId("damaged");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute("data-entity", "event");
    expect(rows[0]).toHaveTextContent("Sự kiện #123 của nhiệm vụ «Rà soát, báo cáo tình hình giải ngân…»");
    expect(rows[0]).toHaveTextContent("unknown variant `approved`, expected one of `assigned`, `accepted`");
    expect(rows[0]).toHaveTextContent("10/03/2026 09:15");
    expect(rows[1]).toHaveTextContent("Văn bản 125/UBND-KT ngày 02/03/2026");
    expect(rows[1]).toHaveTextContent("09/03/2026 16:40");
    expect(screen.queryByTestId("sync-held-back")).toBeNull();
    // The rest of the sync is shown as usual.
    expect(screen.getByTestId("sync-phase")).toHaveTextContent("Đã đồng bộ lúc 14:05");
  });

  it("shows them on a PC that is no longer connected too", () => {
    renderSync({ ...NOT_CONFIGURED, damaged: DAMAGED.slice(0, 1) });
    expect(screen.getAllByTestId("damaged")).toHaveLength(1);
  });

  it("says plainly when an open transaction holds the server back, and when the server ended it", () => {
    const held = { since: "2026-03-10T03:32:00Z", minutes: 12, released: false };
    const { update } = renderSync(makeSyncStatus({ held_back: held }));
    const warning = screen.getByTestId("sync-held-back");
    expect(warning).toHaveClass("warning-box");
    expect(warning).toHaveAttribute("data-released", "false");
    expect(warning).toHaveTextContent(
      "Máy chủ đang bị một giao dịch chưa kết thúc giữ lại từ 10:32 (12 phút): thay đổi mới của người khác có thể chưa đến máy này. Quản trị viên xem bằng 'nhiemvu office-db status'.",
    );
    expect(screen.queryByTestId("damaged")).toBeNull();
    update(makeSyncStatus({ held_back: { since: "2026-03-09T03:32:00Z", minutes: 1452, released: false } }));
    expect(screen.getByTestId("sync-held-back")).toHaveTextContent("từ 10:32 ngày 09/03/2026 (1.452 phút)");
    update(makeSyncStatus({ held_back: { ...held, released: true } }));
    expect(screen.getByTestId("sync-held-back")).toHaveAttribute("data-released", "true");
    expect(screen.getByTestId("sync-held-back")).toHaveTextContent("Máy chủ đã kết thúc giao dịch giữ lại thay đổi từ 10:32 (12 phút)");
  });

  it("speaks English too", () => {
    setLocale("en");
    renderSync(makeSyncStatus({ damaged: DAMAGED, held_back: { since: "2026-03-10T03:32:00Z", minutes: 12, released: false } }));
    expect(screen.getByRole("heading", { name: "Server records that cannot be read" })).toBeInTheDocument();
    expect(screen.getByTestId("sync-held-back")).toHaveTextContent("since 10:32 (12 minutes)");
  });
});
