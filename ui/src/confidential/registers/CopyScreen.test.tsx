import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as secretApi from "../../secretApi";
import { CopyScreen } from "./CopyScreen";
import { makeCopy, makeEntry, makeOutgoing, NOW } from "./testData";

vi.mock("../../secretApi");
const api = vi.mocked(secretApi);

const byId = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no element #${id}`);
  return el;
};
const fieldOf = (id: string) => byId(id).closest(".form-field") as HTMLElement;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  api.secretYears.mockResolvedValue([2026]);
  api.secretCopies.mockResolvedValue([makeCopy()]);
  api.secretEntries.mockImplementation(async (register) => (register === "incoming" ? [makeEntry()] : [makeOutgoing()]));
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderScreen() {
  render(<CopyScreen />);
  await waitFor(() => expect(screen.getAllByTestId("copy-row")).toHaveLength(1));
}

describe("Sổ quản lý sao, chụp", () => {
  it("lists the year's copies", async () => {
    await renderScreen();
    expect(screen.getByRole("heading", { name: "Sổ quản lý sao, chụp" })).toBeInTheDocument();
    expect(api.secretCopies).toHaveBeenCalledWith(2026);
    const headers = within(screen.getByTestId("copy-register"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual([
      "Số TT",
      "Thời gian",
      "Tài liệu",
      "Độ mật",
      "Hình thức",
      "Số bản",
      "Người cho phép",
      "Người sao, chụp",
      "Nơi nhận bản sao",
      "Ghi chú",
    ]);
    const row = screen.getAllByTestId("copy-row")[0];
    expect(row).toHaveTextContent("14:45 04/03/2026");
    expect(row).toHaveTextContent("Chụp");
    expect(row).toHaveTextContent("Phó Chánh Văn phòng Lê Minh");
  });

  it("records a copy with its method and number of copies", async () => {
    const user = userEvent.setup();
    api.secretRecordCopy.mockResolvedValue(makeCopy({ id: "c-2", number: 2 }));
    await renderScreen();
    await user.click(screen.getByTestId("new-copy"));

    // The number of copies is required.
    await user.click(screen.getByTestId("save-copy"));
    expect(fieldOf("sreg-copy-count")).toHaveTextContent("Vui lòng nhập số bản sao, chụp");
    expect(api.secretRecordCopy).not.toHaveBeenCalled();

    await user.type(byId("sreg-picker-search"), "BC-VP{Enter}");
    expect(screen.getByTestId("picked-entry")).toHaveTextContent("Đi 7/2026 · 7/BC-VP");
    expect(screen.getByTestId("copy-form")).toBeInTheDocument();
    await user.selectOptions(byId("sreg-copy-method"), "photo");
    await user.type(byId("sreg-copy-count"), "3");
    await user.type(byId("sreg-copy-authorized-by"), "Chánh Văn phòng");
    await user.type(byId("sreg-copy-made-by"), "Nguyễn Thị Lan");
    await user.type(byId("sreg-copy-delivered-to"), "Phòng Tổng hợp");
    await user.click(screen.getByTestId("save-copy"));
    await waitFor(() => expect(screen.queryByTestId("copy-form")).not.toBeInTheDocument());
    expect(api.secretRecordCopy).toHaveBeenCalledWith({
      entry_id: "out-1",
      document: "",
      secrecy: "confidential",
      method: "photo",
      count: 3,
      authorized_by: "Chánh Văn phòng",
      made_by: "Nguyễn Thị Lan",
      made_at: null,
      delivered_to: "Phòng Tổng hợp",
      note: "",
    });
    expect(screen.getByTestId("register-notice")).toHaveTextContent("Đã ghi sổ sao, chụp số 2/2026.");
  });

  it("sends a typed document's level, and puts an error without a known field in the banner", async () => {
    const user = userEvent.setup();
    await renderScreen();
    await user.click(screen.getByTestId("new-copy"));
    await user.type(byId("sreg-transfer-document"), "Kế hoạch số 3/KH-BCH");
    await user.selectOptions(byId("sreg-transfer-secrecy"), "secret");
    await user.type(byId("sreg-copy-count"), "1");
    api.secretRecordCopy.mockRejectedValueOnce({ code: "refused", message: "Mục số 4/2026 đang ở trạng thái «Đã hủy (vào sổ nhầm)»." });
    await user.click(screen.getByTestId("save-copy"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Mục số 4/2026 đang ở trạng thái");
    expect(api.secretRecordCopy.mock.calls[0][0]).toMatchObject({ entry_id: null, secrecy: "secret", method: "copy", count: 1 });
  });
});
