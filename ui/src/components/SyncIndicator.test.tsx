import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DamagedView } from "../bindings/DamagedView";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { setLocale } from "../i18n";
import { makeSyncStatus } from "../test/fixtures";
import { heldBackText, mutationLabel, SyncIndicator } from "./SyncIndicator";

const TODAY = "2026-03-10";

const DAMAGED: DamagedView = {
  entity: "event",
  label: "Sự kiện #123 của nhiệm vụ «Rà soát, báo cáo tình hình giải ngân…»",
  reason: "unknown variant `approved`",
  first_seen: "2026-03-10T02:15:00Z",
};

function renderIndicator(status: SyncStatusView | null, onOpen = vi.fn()) {
  render(<SyncIndicator status={status} today={TODAY} onOpen={onOpen} />);
  return onOpen;
}

afterEach(() => setLocale("vi"));

describe("SyncIndicator", () => {
  it("is not there on the offline build, nor before the status is known", () => {
    const { container, rerender } = render(
      <SyncIndicator status={makeSyncStatus({ available: false, configured: false, phase: "off" })} today={TODAY} onOpen={vi.fn()} />,
    );
    expect(container).toBeEmptyDOMElement();
    rerender(<SyncIndicator status={null} today={TODAY} onOpen={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("says the PC works alone before setup, with a link to set it up", async () => {
    const onOpen = renderIndicator(makeSyncStatus({ configured: false, url: null, login: null, phase: "off", last_sync_at: null }));
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Làm việc trên máy này");
    await userEvent.setup().click(screen.getByRole("button", { name: "Kết nối với Văn phòng" }));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it("shows the last sync in Vietnam time, with the date when it was not today", () => {
    const { rerender } = render(<SyncIndicator status={makeSyncStatus()} today={TODAY} onOpen={vi.fn()} />);
    const indicator = screen.getByTestId("sync-indicator");
    expect(indicator).toHaveTextContent("Đã đồng bộ lúc 14:05");
    expect(indicator).not.toHaveTextContent("ngày");
    expect(indicator).toHaveAttribute("data-phase", "idle");
    // 18:30 UTC on the 9th is 01:30 on the 10th in Vietnam: still today.
    rerender(<SyncIndicator status={makeSyncStatus({ last_sync_at: "2026-03-09T18:30:00Z" })} today={TODAY} onOpen={vi.fn()} />);
    expect(indicator).toHaveTextContent("Đã đồng bộ lúc 01:30");
    rerender(<SyncIndicator status={makeSyncStatus({ last_sync_at: "2026-03-08T09:00:00+00:00" })} today={TODAY} onOpen={vi.fn()} />);
    expect(indicator).toHaveTextContent("Đã đồng bộ lúc 16:00 ngày 08/03/2026");
    rerender(<SyncIndicator status={makeSyncStatus({ last_sync_at: null })} today={TODAY} onOpen={vi.fn()} />);
    expect(indicator).toHaveTextContent("Chưa đồng bộ lần nào");
  });

  it("shows the first download's progress with Vietnamese numbers", () => {
    renderIndicator(makeSyncStatus({ phase: "syncing", progress: { done: 12345, total: 100000 } }));
    const indicator = screen.getByTestId("sync-indicator");
    expect(indicator).toHaveTextContent("Đang đồng bộ…");
    expect(indicator).toHaveTextContent("12.345/100.000 nhiệm vụ");
    expect(indicator).toHaveClass("sync-indicator--syncing");
  });

  it("shows working offline as normal (grey), not as an error", () => {
    renderIndicator(makeSyncStatus({ phase: "offline", pending: 3 }));
    const indicator = screen.getByTestId("sync-indicator");
    expect(indicator).toHaveTextContent("Đang làm việc ngoại tuyến");
    expect(indicator).toHaveTextContent("3 thao tác chờ gửi");
    expect(indicator).toHaveClass("sync-indicator--offline");
    expect(indicator).not.toHaveClass("sync-indicator--error");
    expect(indicator).not.toHaveTextContent("Lỗi");
  });

  it("shows an error in red with the message as its tooltip", () => {
    renderIndicator(makeSyncStatus({ phase: "error", last_error: "Sai mật khẩu của tài khoản thu.tt." }));
    const indicator = screen.getByTestId("sync-indicator");
    expect(indicator).toHaveTextContent("Lỗi đồng bộ");
    expect(indicator).toHaveClass("sync-indicator--error");
    expect(indicator).toHaveAttribute("title", "Sai mật khẩu của tài khoản thu.tt.");
    expect(indicator).toHaveAccessibleDescription("Sai mật khẩu của tài khoản thu.tt.");
  });

  it("counts what waits, what was refused and the conflicts, and opens the panel", async () => {
    const onOpen = renderIndicator(makeSyncStatus({ pending: 1234, rejected: 2, conflicts: 1 }));
    const indicator = screen.getByTestId("sync-indicator");
    expect(indicator).toHaveTextContent("1.234 thao tác chờ gửi");
    expect(screen.getByTestId("sync-rejected")).toHaveTextContent("2 bị từ chối");
    expect(screen.getByTestId("sync-conflicts")).toHaveTextContent("1 xung đột");
    await userEvent.setup().click(indicator);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it("leaves out the counts that are zero", () => {
    renderIndicator(makeSyncStatus());
    expect(screen.getByTestId("sync-indicator")).not.toHaveTextContent("chờ gửi");
    expect(screen.queryByTestId("sync-rejected")).toBeNull();
    expect(screen.queryByTestId("sync-conflicts")).toBeNull();
    expect(screen.queryByTestId("sync-warning")).toBeNull();
  });

  it("warns when the server has records this PC cannot read", () => {
    renderIndicator(makeSyncStatus({ damaged: [DAMAGED, { ...DAMAGED, entity: "document", label: "Văn bản 125/UBND-KT" }] }));
    const indicator = screen.getByTestId("sync-indicator");
    expect(screen.getByTestId("sync-warning")).toHaveTextContent("2 bản ghi máy chủ lỗi");
    // The sync itself goes on: still synced, not an error.
    expect(indicator).toHaveTextContent("Đã đồng bộ lúc 14:05");
    expect(indicator).toHaveAttribute("data-phase", "idle");
  });

  it("warns while an open transaction holds the server back, not once the server ended it", () => {
    const held = { since: "2026-03-10T03:32:00Z", minutes: 12, released: false };
    const { rerender } = render(<SyncIndicator status={makeSyncStatus({ held_back: held })} today={TODAY} onOpen={vi.fn()} />);
    expect(screen.getByTestId("sync-warning")).toHaveTextContent("Máy chủ đang giữ thay đổi");
    rerender(
      <SyncIndicator status={makeSyncStatus({ held_back: held, damaged: [DAMAGED] })} today={TODAY} onOpen={vi.fn()} />,
    );
    expect(screen.getByTestId("sync-warning")).toHaveTextContent("1 bản ghi máy chủ lỗi · Máy chủ đang giữ thay đổi");
    rerender(<SyncIndicator status={makeSyncStatus({ held_back: { ...held, released: true } })} today={TODAY} onOpen={vi.fn()} />);
    expect(screen.queryByTestId("sync-warning")).toBeNull();
  });

  it("says how long the server is held back, with the date when it began another day", () => {
    const held = { since: "2026-03-10T03:32:00Z", minutes: 12, released: false };
    expect(heldBackText(held, TODAY)).toBe(
      "Máy chủ đang bị một giao dịch chưa kết thúc giữ lại từ 10:32 (12 phút): thay đổi mới của người khác có thể chưa đến máy này. Quản trị viên xem bằng 'nhiemvu office-db status'.",
    );
    expect(heldBackText({ since: "2026-03-09T03:32:00Z", minutes: 1452, released: false }, TODAY)).toContain(
      "từ 10:32 ngày 09/03/2026 (1.452 phút)",
    );
    expect(heldBackText({ ...held, released: true }, TODAY)).toBe(
      "Máy chủ đã kết thúc giao dịch giữ lại thay đổi từ 10:32 (12 phút): các thay đổi bị giữ sẽ về máy này ở lần đồng bộ tới.",
    );
  });

  it("speaks English too", () => {
    setLocale("en");
    renderIndicator(makeSyncStatus({ phase: "offline", pending: 2, damaged: [DAMAGED] }));
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Working offline");
    expect(screen.getByTestId("sync-indicator")).toHaveTextContent("2 changes waiting to be sent");
    expect(screen.getByTestId("sync-warning")).toHaveTextContent("1 unreadable server records");
  });

  it("names the refused mutations in words, unknown ones as sent", () => {
    expect(mutationLabel("register_document")).toBe("Vào sổ văn bản");
    expect(mutationLabel("cancel_task")).toBe("Thu hồi/hủy");
    expect(mutationLabel("refuse_extension")).toBe("Từ chối gia hạn");
    expect(mutationLabel("merge_units")).toBe("merge_units");
  });
});
