import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as secretApi from "../../secretApi";
import { HandoverScreen } from "./HandoverScreen";
import { makeEntry, makeHandover, makeOutgoing, NOW } from "./testData";

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
  api.secretHandovers.mockResolvedValue([makeHandover(), makeHandover({ id: "h-2", number: 2, secrecy: "top_secret", document: "Chỉ thị số 2/CT-TU", purpose: "Lưu giữ" })]);
  api.secretEntries.mockImplementation(async (register) =>
    register === "incoming"
      ? [
          makeEntry(),
          makeEntry({ id: "in-2", number: 2, secrecy: "top_secret", summary: null, doc_kind: "Chỉ thị", doc_number: "2/CT-TU" }),
          makeEntry({ id: "in-4", number: 4, doc_number: "99/CV-HUY", status: "cancelled", cancel_reason: "Trùng" }),
        ]
      : [makeOutgoing()],
  );
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderScreen() {
  render(<HandoverScreen />);
  await waitFor(() => expect(screen.getAllByTestId("handover-row")).toHaveLength(2));
}

describe("Sổ chuyển giao", () => {
  it("lists the year's hand-overs with the register's columns", async () => {
    await renderScreen();
    expect(api.secretHandovers).toHaveBeenCalledWith(2026);
    const headers = within(screen.getByTestId("handover-register"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual(["Số TT", "Thời gian", "Tài liệu", "Độ mật", "Số bản", "Người giao", "Người nhận", "Mục đích", "Ghi chú"]);
    const row = screen.getAllByTestId("handover-row")[0];
    expect(row).toHaveTextContent("10:00 02/03/2026");
    expect(row).toHaveTextContent("Công văn số 15/CV-CAT (văn bản đến số 1/2026)");
    expect(row).toHaveTextContent("Nguyễn Thị Lan");
    expect(row).toHaveTextContent("Trình lãnh đạo");
    expect(screen.getAllByTestId("handover-row")[1]).toHaveTextContent("Tuyệt mật");
  });

  it("records a hand-over of an entry chosen from the registers", async () => {
    const user = userEvent.setup();
    api.secretRecordHandover.mockResolvedValue(makeHandover({ id: "h-3", number: 3 }));
    await renderScreen();
    await user.click(screen.getByTestId("new-handover"));
    await waitFor(() => expect(api.secretEntries).toHaveBeenCalledWith("outgoing", null));
    expect(api.secretEntries).toHaveBeenCalledWith("incoming", null);

    // Cancelled entries are not offered.
    await user.type(byId("sreg-picker-search"), "99/CV");
    expect(screen.getByTestId("picker-results")).toHaveTextContent("Không có văn bản phù hợp trong sổ.");
    await user.clear(byId("sreg-picker-search"));
    await user.type(byId("sreg-picker-search"), "ct-tu");
    const options = screen.getAllByTestId("picker-option");
    expect(options).toHaveLength(1);
    expect(options[0]).toHaveTextContent("Đến 2/2026 · 2/CT-TU · Chỉ thị");
    await user.click(options[0]);
    expect(screen.getByTestId("picked-entry")).toHaveTextContent("Đã chọn: Đến 2/2026 · 2/CT-TU · Chỉ thị");
    expect(byId("sreg-transfer-secrecy")).toHaveValue("top_secret");
    expect(byId("sreg-transfer-secrecy")).toBeDisabled();

    await user.clear(byId("sreg-handover-copies"));
    await user.type(byId("sreg-handover-copies"), "2");
    await user.type(byId("sreg-handover-giver"), "Nguyễn Thị Lan");
    await user.type(byId("sreg-handover-receiver"), "Trần Văn Bình");
    await user.type(byId("sreg-handover-at"), "14:30 09/03/2026");
    await user.click(screen.getByRole("button", { name: "Trình lãnh đạo" }));
    expect(byId("sreg-handover-purpose")).toHaveValue("Trình lãnh đạo");
    await user.click(screen.getByTestId("save-handover"));
    await waitFor(() => expect(screen.queryByTestId("handover-form")).not.toBeInTheDocument());
    expect(api.secretRecordHandover).toHaveBeenCalledWith({
      entry_id: "in-2",
      document: "",
      secrecy: "top_secret",
      copies: 2,
      giver: "Nguyễn Thị Lan",
      receiver: "Trần Văn Bình",
      handed_at: "2026-03-09T07:30:00.000Z",
      purpose: "Trình lãnh đạo",
      note: "",
    });
    expect(screen.getByTestId("register-notice")).toHaveTextContent("Đã ghi sổ chuyển giao số 3/2026.");
  });

  it("records a typed document, and shows the back end's refusals by field", async () => {
    const user = userEvent.setup();
    await renderScreen();
    await user.click(screen.getByTestId("new-handover"));
    api.secretRecordHandover.mockRejectedValueOnce({ code: "invalid.receiver", message: "Người nhận phải khác người giao.", field: "receiver" });
    await user.type(byId("sreg-transfer-document"), "Biên bản họp số 4");
    await user.selectOptions(byId("sreg-transfer-secrecy"), "confidential");
    await user.type(byId("sreg-handover-giver"), "Lan");
    await user.type(byId("sreg-handover-receiver"), "Lan");
    await user.click(screen.getByTestId("save-handover"));
    await waitFor(() => expect(fieldOf("sreg-handover-receiver")).toHaveTextContent("Người nhận phải khác người giao."));
    expect(api.secretRecordHandover).toHaveBeenCalledWith({
      entry_id: null,
      document: "Biên bản họp số 4",
      secrecy: "confidential",
      copies: 1,
      giver: "Lan",
      receiver: "Lan",
      handed_at: null,
      purpose: "",
      note: "",
    });
  });
});
