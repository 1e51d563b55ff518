import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditLine } from "../bindings/AuditLine";
import * as secretApi from "../secretApi";
import { actionLabel, AuditScreen } from "./AuditScreen";
import { renderSecret } from "./testFixtures";

vi.mock("../secretApi");
const mocked = vi.mocked(secretApi);

const LINES: AuditLine[] = [
  { seq: 12, at: "2026-03-09T18:05:00Z", actor: "Phạm Thị Mai", action: "register_incoming", entity: "entry", entity_id: "e-in-3" },
  { seq: 11, at: "2026-03-09T03:00:00.123456789Z", actor: "Phạm Thị Mai", action: "accepted", entity: "task", entity_id: "st-1" },
  { seq: 10, at: "2026-03-08T02:00:00Z", actor: "Phạm Thị Mai", action: "rotate_key", entity: "store", entity_id: null },
];

beforeEach(() => {
  mocked.secretAudit.mockResolvedValue(LINES);
});

describe("AuditScreen", () => {
  it("shows the last 200 entries in words, at Vietnam time", async () => {
    renderSecret(<AuditScreen />);
    const rows = await screen.findAllByTestId("secret-audit-row");
    expect(mocked.secretAudit).toHaveBeenCalledWith(200);
    const cells = (row: HTMLElement) => within(row).getAllByRole("cell").map((c) => c.textContent);
    expect(cells(rows[0])).toEqual(["12", "10/03/2026 01:05", "Phạm Thị Mai", "Vào sổ văn bản đến", "Văn bản"]);
    expect(cells(rows[1])).toEqual(["11", "09/03/2026 10:00", "Phạm Thị Mai", "Ghi nhận đơn vị tiếp nhận nhiệm vụ", "Nhiệm vụ"]);
    // An action the window does not know yet is shown as its code.
    expect(cells(rows[2])[3]).toBe("rotate_key");
    expect(actionLabel("export")).toBe("Lưu ra tệp PDF");
    expect(actionLabel("toString")).toBe("toString");
  });

  it("says the log is intact, with the first 16 digits of its hash", async () => {
    const user = userEvent.setup();
    mocked.secretVerify.mockResolvedValue({ entries: 1234, rows: 56, first_broken: null, head: "0123456789abcdef0123456789abcdef" });
    renderSecret(<AuditScreen />);
    await user.click(screen.getByRole("button", { name: "Kiểm tra toàn vẹn" }));
    expect(await screen.findByTestId("verify-ok")).toHaveTextContent("Nhật ký toàn vẹn: 1.234 mục, 56 dòng sổ khớp. Mã kiểm tra: 0123456789abcdef");
    expect(screen.getByTestId("verify-ok")).not.toHaveTextContent("0123456789abcdef0");
    expect(screen.queryByTestId("verify-broken")).toBeNull();
  });

  it("says where the chain breaks", async () => {
    const user = userEvent.setup();
    mocked.secretVerify.mockResolvedValue({
      entries: 40,
      rows: 12,
      first_broken: { seq: 17, entity: "entry", entity_id: "e-in-3", reason: "Mã băm của mục không khớp với nội dung." },
      head: "ffffffffffffffffffff",
    });
    renderSecret(<AuditScreen />);
    await user.click(screen.getByRole("button", { name: "Kiểm tra toàn vẹn" }));
    const broken = await screen.findByTestId("verify-broken");
    expect(broken).toHaveAttribute("role", "alert");
    expect(broken).toHaveTextContent("Nhật ký KHÔNG toàn vẹn");
    expect(broken).toHaveTextContent("Mục số: 17");
    expect(broken).toHaveTextContent("Đối tượng: Văn bản e-in-3");
    expect(broken).toHaveTextContent("Lý do: Mã băm của mục không khớp với nội dung.");
    expect(screen.queryByTestId("verify-ok")).toBeNull();
  });
});
