import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as secretApi from "../../secretApi";
import { IncomingRegisterScreen, OutgoingRegisterScreen } from "./RegisterScreen";
import { makeDecision, makeEntry, makeOutgoing, NOW } from "./testData";

vi.mock("../../secretApi");
const api = vi.mocked(secretApi);

const byId = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no element #${id}`);
  return el;
};
const fieldOf = (id: string) => byId(id).closest(".form-field") as HTMLElement;

const INCOMING = [
  makeEntry(),
  makeEntry({ id: "in-2", number: 2, secrecy: "top_secret", summary: null, doc_kind: "Chỉ thị", doc_number: "2/CT-TU" }),
  makeEntry({ id: "in-3", number: 3, sealed_for: "Đồng chí Chủ tịch UBND tỉnh", summary: null, doc_kind: "", doc_number: "" }),
  makeEntry({ id: "in-4", number: 4, status: "cancelled", cancel_reason: "Vào sổ trùng số 1" }),
  makeEntry({
    id: "in-5",
    number: 5,
    handler_signed_by: "Phạm Thu Hà",
    handler_signed_at: "2026-03-02T09:05:00Z",
  }),
];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  api.secretYears.mockResolvedValue([2026, 2025]);
  api.secretEntries.mockImplementation(async (register) => (register === "incoming" ? INCOMING : [makeOutgoing()]));
  api.secretDecisions.mockResolvedValue([]);
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderIncoming() {
  render(<IncomingRegisterScreen />);
  await waitFor(() => expect(screen.getAllByTestId("entry-row")).toHaveLength(5));
}

async function renderOutgoing() {
  render(<OutgoingRegisterScreen />);
  await waitFor(() => expect(screen.getAllByTestId("entry-row")).toHaveLength(1));
}

describe("Sổ đăng ký bí mật nhà nước đến", () => {
  it("shows this year's register with the paper form's columns", async () => {
    await renderIncoming();
    expect(screen.getByRole("heading", { name: "Sổ đăng ký bí mật nhà nước đến" })).toBeInTheDocument();
    expect(api.secretEntries).toHaveBeenCalledWith("incoming", 2026);
    const headers = within(screen.getByTestId("secret-register"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual([
      "Số đến",
      "Ngày đến",
      "Cơ quan ban hành",
      "Số ký hiệu",
      "Ngày tháng",
      "Tên loại và trích yếu",
      "Độ mật",
      "Độ khẩn",
      "Đơn vị/người nhận",
      "Ký nhận",
      "Ghi chú",
    ]);
    const rows = screen.getAllByTestId("entry-row");
    expect(rows[0]).toHaveTextContent("08:30 02/03/2026");
    expect(rows[0]).toHaveTextContent("27/02/2026");
    expect(rows[0]).toHaveTextContent("Công văn Về việc bảo đảm an ninh dịp lễ");
    expect(rows[0]).toHaveTextContent("Tối mật");
    expect(rows[0]).toHaveTextContent("Khẩn");
    expect(rows[0]).toHaveTextContent("Chưa ký nhận");
    expect(rows[1]).toHaveTextContent("Chỉ thị (chưa ghi trích yếu — chờ lãnh đạo đồng ý)");
    expect(rows[1]).toHaveTextContent("Tuyệt mật");
    expect(rows[2]).toHaveTextContent("Bì «Chỉ người có tên mới được bóc bì» gửi Đồng chí Chủ tịch UBND tỉnh");
    expect(rows[3]).toHaveClass("sreg-row--inactive");
    expect(rows[3]).toHaveTextContent("Đã hủy (vào sổ nhầm): Vào sổ trùng số 1");
    expect(rows[0]).not.toHaveClass("sreg-row--inactive");
    expect(rows[4]).toHaveTextContent("Phạm Thu Hà, 16:05 02/03/2026");
    expect(screen.getByTestId("register-total")).toHaveTextContent("Năm 2026: 5 mục");

    const year = screen.getByLabelText("Năm");
    expect(year).toHaveValue("2026");
    expect(within(year).getAllByRole("option").map((o) => o.textContent)).toEqual(["2026", "2025"]);
  });

  it("offers this year when the store has no year yet", async () => {
    api.secretYears.mockResolvedValue([]);
    await renderIncoming();
    await waitFor(() => expect(api.secretYears).toHaveBeenCalled());
    expect(within(screen.getByLabelText("Năm")).getAllByRole("option").map((o) => o.textContent)).toEqual(["2026"]);
  });

  it("reads another year when chosen", async () => {
    const user = userEvent.setup();
    api.secretYears.mockResolvedValue([2026, 2024]);
    await renderOutgoing();
    await waitFor(() => expect(within(screen.getByLabelText("Năm")).getAllByRole("option")).toHaveLength(2));
    api.secretEntries.mockResolvedValue([]);
    await user.selectOptions(screen.getByLabelText("Năm"), "2024");
    await waitFor(() => expect(api.secretEntries).toHaveBeenLastCalledWith("outgoing", 2024));
    expect(await screen.findByText("Sổ năm 2024 chưa có mục nào.")).toBeInTheDocument();
  });

  it("registers an incoming document with exactly what was typed, then shows its number", async () => {
    const user = userEvent.setup();
    api.secretRegisterIncoming.mockResolvedValue(makeEntry({ id: "in-12", number: 12 }));
    await renderIncoming();
    await user.click(screen.getByTestId("new-entry"));
    const form = screen.getByTestId("incoming-form");
    expect(byId("sreg-in-issuer")).toHaveFocus();
    await user.type(byId("sreg-in-received-at"), "08:30 09/03/2026");
    await user.type(byId("sreg-in-issuer"), "  Bộ Công an ");
    await user.type(byId("sreg-in-doc-number"), "123/BCA-A02");
    await user.type(byId("sreg-in-doc-date"), "05/03/2026");
    await user.type(byId("sreg-in-doc-kind"), "Công văn");
    await user.selectOptions(byId("sreg-in-secrecy"), "secret");
    await user.selectOptions(byId("sreg-in-urgency"), "flash");
    await user.type(byId("sreg-in-handler"), "Phòng Nội chính");
    await user.type(byId("sreg-in-summary"), "Về việc bảo vệ bí mật nhà nước");
    await user.type(byId("sreg-in-note"), "Bản số 2");
    expect(within(form).queryByTestId("top-secret-rule")).not.toBeInTheDocument();

    const loads = api.secretEntries.mock.calls.length;
    await user.click(screen.getByTestId("save-incoming"));
    await waitFor(() => expect(screen.queryByTestId("incoming-form")).not.toBeInTheDocument());
    expect(api.secretRegisterIncoming).toHaveBeenCalledTimes(1);
    expect(api.secretRegisterIncoming).toHaveBeenCalledWith({
      received_at: "2026-03-09T01:30:00.000Z",
      issuer: "Bộ Công an",
      doc_number: "123/BCA-A02",
      doc_date: "2026-03-05",
      doc_kind: "Công văn",
      summary: "Về việc bảo vệ bí mật nhà nước",
      summary_approved_by: null,
      summary_approved_on: null,
      secrecy: "secret",
      urgency: "flash",
      handler: "Phòng Nội chính",
      sealed_for: null,
      note: "Bản số 2",
    });
    expect(screen.getByTestId("register-notice")).toHaveTextContent("Đã vào sổ số 12/2026");
    await waitFor(() => expect(api.secretEntries.mock.calls.length).toBeGreaterThan(loads));
  });

  it("registers a sealed envelope from its outside: no trích yếu, the named person instead", async () => {
    const user = userEvent.setup();
    api.secretRegisterIncoming.mockResolvedValue(makeEntry({ id: "in-13", number: 13 }));
    await renderIncoming();
    await user.click(screen.getByTestId("new-entry"));
    await user.type(byId("sreg-in-issuer"), "Ban Tổ chức Trung ương");
    await user.type(byId("sreg-in-summary"), "nội dung không được ghi");
    await user.selectOptions(byId("sreg-in-secrecy"), "top_secret");
    await user.click(screen.getByLabelText("Bì ghi «Chỉ người có tên mới được bóc bì»"));
    expect(document.getElementById("sreg-in-summary")).toBeNull();
    expect(document.getElementById("sreg-in-approved-by")).toBeNull();

    // The named person is needed: nothing is sent without it.
    await user.click(screen.getByTestId("save-incoming"));
    expect(fieldOf("sreg-in-sealed-for")).toHaveTextContent("Vui lòng nhập người có tên trên bì.");
    expect(api.secretRegisterIncoming).not.toHaveBeenCalled();

    await user.type(byId("sreg-in-sealed-for"), "Đồng chí Bí thư Tỉnh ủy");
    await user.click(screen.getByTestId("save-incoming"));
    await waitFor(() => expect(api.secretRegisterIncoming).toHaveBeenCalledTimes(1));
    expect(api.secretRegisterIncoming).toHaveBeenCalledWith({
      received_at: null,
      issuer: "Ban Tổ chức Trung ương",
      doc_number: "",
      doc_date: null,
      doc_kind: "",
      summary: null,
      summary_approved_by: null,
      summary_approved_on: null,
      secrecy: "top_secret",
      urgency: "normal",
      handler: "",
      sealed_for: "Đồng chí Bí thư Tỉnh ủy",
      note: "",
    });
  });

  it("keeps a tuyệt mật trích yếu closed until the leader's agreement is recorded", async () => {
    const user = userEvent.setup();
    api.secretRegisterIncoming.mockResolvedValue(makeEntry({ id: "in-14", number: 14 }));
    await renderIncoming();
    await user.click(screen.getByTestId("new-entry"));
    await user.type(byId("sreg-in-issuer"), "Tỉnh ủy");
    await user.type(byId("sreg-in-summary"), "Về công tác cán bộ");
    await user.selectOptions(byId("sreg-in-secrecy"), "top_secret");
    expect(screen.getByTestId("top-secret-rule")).toHaveTextContent("Đắk Lắk, mục 2.1a");
    expect(byId("sreg-in-summary")).toBeDisabled();

    await user.type(byId("sreg-in-approved-by"), "Đồng chí Phó Chủ tịch Lê Hùng");
    expect(byId("sreg-in-summary")).toBeDisabled();
    await user.type(byId("sreg-in-approved-on"), "09/03/2026");
    expect(byId("sreg-in-summary")).toBeEnabled();
    await user.clear(byId("sreg-in-approved-by"));
    expect(byId("sreg-in-summary")).toBeDisabled();

    // Saved without the approval: the summary typed is not sent.
    await user.click(screen.getByTestId("save-incoming"));
    await waitFor(() => expect(api.secretRegisterIncoming).toHaveBeenCalledTimes(1));
    expect(api.secretRegisterIncoming.mock.calls[0][0]).toMatchObject({
      secrecy: "top_secret",
      summary: null,
      summary_approved_by: null,
      summary_approved_on: null,
    });
  });

  it("sends the approval with a tuyệt mật trích yếu", async () => {
    const user = userEvent.setup();
    api.secretRegisterIncoming.mockResolvedValue(makeEntry({ id: "in-14", number: 14 }));
    await renderIncoming();
    await user.click(screen.getByTestId("new-entry"));
    await user.type(byId("sreg-in-issuer"), "Tỉnh ủy");
    await user.selectOptions(byId("sreg-in-secrecy"), "top_secret");
    await user.type(byId("sreg-in-approved-by"), "Lê Hùng");
    await user.type(byId("sreg-in-approved-on"), "09/03/2026");
    await user.type(byId("sreg-in-summary"), "Về công tác cán bộ");
    await user.click(screen.getByTestId("save-incoming"));
    await waitFor(() => expect(api.secretRegisterIncoming).toHaveBeenCalledTimes(1));
    expect(api.secretRegisterIncoming.mock.calls[0][0]).toMatchObject({
      summary: "Về công tác cán bộ",
      summary_approved_by: "Lê Hùng",
      summary_approved_on: "2026-03-09",
    });
  });

  it("shows the back end's message next to the field it names, else in the banner", async () => {
    const user = userEvent.setup();
    await renderIncoming();
    await user.click(screen.getByTestId("new-entry"));
    await user.selectOptions(byId("sreg-in-secrecy"), "top_secret");
    await user.type(byId("sreg-in-approved-by"), "Lê Hùng");
    await user.type(byId("sreg-in-approved-on"), "09/03/2027");

    api.secretRegisterIncoming.mockRejectedValueOnce({
      code: "invalid.summary_approved_on",
      message: "Ngày lãnh đạo đồng ý không được ở tương lai.",
      field: "summary_approved_on",
    });
    await user.click(screen.getByTestId("save-incoming"));
    await waitFor(() => expect(fieldOf("sreg-in-approved-on")).toHaveTextContent("Ngày lãnh đạo đồng ý không được ở tương lai."));
    expect(byId("sreg-in-approved-on")).toHaveFocus();
    expect(fieldOf("sreg-in-approved-by")).not.toHaveTextContent("tương lai");
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();

    api.secretRegisterIncoming.mockRejectedValueOnce({ code: "invalid.issuer", message: "Vui lòng nhập cơ quan ban hành.", field: "issuer" });
    await user.click(screen.getByTestId("save-incoming"));
    await waitFor(() => expect(fieldOf("sreg-in-issuer")).toHaveTextContent("Vui lòng nhập cơ quan ban hành."));
    expect(fieldOf("sreg-in-approved-on")).not.toHaveTextContent("tương lai");

    api.secretRegisterIncoming.mockRejectedValueOnce({ code: "locked", message: "Sổ mật đang khóa. Mở khóa để tiếp tục." });
    await user.click(screen.getByTestId("save-incoming"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Sổ mật đang khóa. Mở khóa để tiếp tục.");
    expect(screen.getByTestId("incoming-form")).toBeInTheDocument();
  });

  it("does not send a moment that is not one", async () => {
    const user = userEvent.setup();
    await renderIncoming();
    await user.click(screen.getByTestId("new-entry"));
    await user.type(byId("sreg-in-received-at"), "25:00 09/03/2026");
    await user.click(screen.getByTestId("save-incoming"));
    expect(fieldOf("sreg-in-received-at")).toHaveTextContent("Thời điểm không hợp lệ");
    expect(api.secretRegisterIncoming).not.toHaveBeenCalled();
  });

  it("opens the form with Ctrl+N and closes it with Esc", async () => {
    await renderIncoming();
    act(() => {
      fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    });
    expect(screen.getByTestId("incoming-form")).toBeInTheDocument();
    fireEvent.keyDown(byId("sreg-in-issuer"), { key: "Escape" });
    expect(screen.queryByTestId("incoming-form")).not.toBeInTheDocument();
  });

  it("shows the selected entry with its decisions and protection period", async () => {
    const user = userEvent.setup();
    api.secretDecisions.mockResolvedValue([makeDecision()]);
    await renderIncoming();
    await user.click(screen.getAllByTestId("entry-row")[0]);
    const detail = screen.getByTestId("entry-detail");
    expect(detail).toHaveTextContent("Văn bản đến số 1/2026");
    expect(detail).toHaveTextContent("Công an tỉnh");
    expect(detail).toHaveTextContent("Thời hạn bảo vệ đến27/02/2046");
    await waitFor(() => expect(within(detail).getAllByTestId("decision")).toHaveLength(1));
    expect(api.secretDecisions).toHaveBeenCalledWith("in-1");
    expect(within(detail).getByTestId("decision")).toHaveTextContent(
      "Gia hạn thời hạn bảo vệ — Quyết định số 5/QĐ-UBND ngày 05/03/2026; bảo vệ đến 27/02/2056",
    );
    expect(within(detail).queryByTestId("approve-summary")).not.toBeInTheDocument();

    // A cancelled entry keeps its row but offers no more actions.
    await user.click(screen.getAllByTestId("entry-row")[3]);
    expect(screen.getByTestId("detail-status")).toHaveTextContent("Đã hủy (vào sổ nhầm): Vào sổ trùng số 1");
    expect(screen.queryByTestId("cancel-entry")).not.toBeInTheDocument();
    expect(screen.queryByTestId("record-decision")).not.toBeInTheDocument();
    expect(screen.queryByTestId("sign-incoming")).not.toBeInTheDocument();
  });

  it("records who signed for an incoming document", async () => {
    const user = userEvent.setup();
    const signed = makeEntry({ handler_signed_by: "Phạm Thu Hà", handler_signed_at: "2026-03-10T02:00:00Z" });
    api.secretSignIncoming.mockResolvedValue(signed);
    await renderIncoming();
    await user.click(screen.getAllByTestId("entry-row")[0]);
    await user.click(screen.getByTestId("sign-incoming"));
    await user.type(byId("sreg-sign-by"), "Phạm Thu Hà");
    await user.type(byId("sreg-sign-at"), "09:00 10/03/2026");
    api.secretEntries.mockResolvedValue([signed, ...INCOMING.slice(1)]);
    await user.click(screen.getByTestId("save-sign"));
    await waitFor(() => expect(screen.queryByTestId("sign-form")).not.toBeInTheDocument());
    expect(api.secretSignIncoming).toHaveBeenCalledWith("in-1", "Phạm Thu Hà", "2026-03-10T02:00:00.000Z");
    expect(screen.getAllByTestId("entry-row")[0]).toHaveTextContent("Phạm Thu Hà, 09:00 10/03/2026");
    // Signed: the action is gone.
    expect(screen.queryByTestId("sign-incoming")).not.toBeInTheDocument();
  });

  it("cancels an entry only with a reason, and sends it", async () => {
    const user = userEvent.setup();
    const cancelled = makeEntry({ status: "cancelled", cancel_reason: "Vào sổ nhầm sổ" });
    api.secretCancelEntry.mockResolvedValue(cancelled);
    await renderIncoming();
    await user.click(screen.getAllByTestId("entry-row")[0]);
    await user.click(screen.getByTestId("cancel-entry"));
    expect(screen.getByTestId("cancel-explain")).toHaveTextContent("giữ số 1/2026");

    await user.click(screen.getByTestId("confirm-cancel"));
    expect(fieldOf("sreg-cancel-reason")).toHaveTextContent("Vui lòng nhập lý do hủy.");
    await user.type(byId("sreg-cancel-reason"), "   ");
    await user.click(screen.getByTestId("confirm-cancel"));
    expect(api.secretCancelEntry).not.toHaveBeenCalled();

    await user.type(byId("sreg-cancel-reason"), "Vào sổ nhầm sổ ");
    api.secretEntries.mockResolvedValue([cancelled, ...INCOMING.slice(1)]);
    await user.click(screen.getByTestId("confirm-cancel"));
    await waitFor(() => expect(screen.queryByTestId("cancel-form")).not.toBeInTheDocument());
    expect(api.secretCancelEntry).toHaveBeenCalledWith("in-1", "Vào sổ nhầm sổ");
    expect(screen.getAllByTestId("entry-row")[0]).toHaveClass("sreg-row--inactive");
  });

  it("writes a tuyệt mật trích yếu later with the leader's agreement", async () => {
    const user = userEvent.setup();
    api.secretApproveSummary.mockResolvedValue(makeEntry({ id: "in-2", number: 2, secrecy: "top_secret", summary: "Về công tác cán bộ" }));
    await renderIncoming();
    await user.click(screen.getAllByTestId("entry-row")[1]);
    await user.click(screen.getByTestId("approve-summary"));
    await user.type(byId("sreg-approve-by"), "Lê Hùng");
    await user.type(byId("sreg-approve-on"), "08/03/2026");
    await user.type(byId("sreg-approve-summary"), "Về công tác cán bộ");
    await user.click(screen.getByTestId("save-summary"));
    await waitFor(() => expect(screen.queryByTestId("summary-form")).not.toBeInTheDocument());
    expect(api.secretApproveSummary).toHaveBeenCalledWith("in-2", {
      summary: "Về công tác cán bộ",
      approved_by: "Lê Hùng",
      approved_on: "2026-03-08",
    });
  });

  it("records a decision extending the protection", async () => {
    const user = userEvent.setup();
    api.secretRecordDecision.mockResolvedValue(makeDecision());
    await renderIncoming();
    await user.click(screen.getAllByTestId("entry-row")[0]);
    await user.click(screen.getByTestId("record-decision"));
    expect(screen.getByTestId("decision-current")).toHaveTextContent("Hiện tại: Tối mật, bảo vệ đến 27/02/2046.");
    expect(byId("sreg-decision-kind")).toHaveValue("extend");
    expect(document.getElementById("sreg-decision-new-secrecy")).toBeNull();

    // Without a date nothing is sent.
    await user.type(byId("sreg-decision-number"), "5/QĐ-UBND");
    await user.click(screen.getByTestId("save-decision"));
    expect(fieldOf("sreg-decision-date")).toHaveTextContent("Vui lòng nhập ngày quyết định.");
    expect(api.secretRecordDecision).not.toHaveBeenCalled();

    await user.type(byId("sreg-decision-date"), "05/03/2026");
    await user.type(byId("sreg-decision-new-until"), "27/02/2056");
    const decisionsLoads = api.secretDecisions.mock.calls.length;
    await user.click(screen.getByTestId("save-decision"));
    await waitFor(() => expect(screen.queryByTestId("decision-form")).not.toBeInTheDocument());
    expect(api.secretRecordDecision).toHaveBeenCalledWith("in-1", {
      kind: "extend",
      decision_number: "5/QĐ-UBND",
      decision_date: "2026-03-05",
      new_secrecy: null,
      new_until: "2056-02-27",
      note: "",
    });
    await waitFor(() => expect(api.secretDecisions.mock.calls.length).toBeGreaterThan(decisionsLoads));
  });

  it("records a decision changing the level, and shows the back end's refusal next to the new level", async () => {
    const user = userEvent.setup();
    api.secretRecordDecision.mockRejectedValueOnce({
      code: "invalid.new_secrecy",
      message: "Độ mật mới trùng độ mật hiện tại.",
      field: "new_secrecy",
    });
    api.secretRecordDecision.mockResolvedValueOnce(makeDecision({ kind: "change_level", new_secrecy: "confidential", new_until: "2036-02-27" }));
    await renderIncoming();
    await user.click(screen.getAllByTestId("entry-row")[0]);
    await user.click(screen.getByTestId("record-decision"));
    await user.selectOptions(byId("sreg-decision-kind"), "change_level");
    await user.type(byId("sreg-decision-number"), "9/QĐ-UBND");
    await user.type(byId("sreg-decision-date"), "06/03/2026");
    await user.selectOptions(byId("sreg-decision-new-secrecy"), "secret");
    await user.click(screen.getByTestId("save-decision"));
    await waitFor(() => expect(fieldOf("sreg-decision-new-secrecy")).toHaveTextContent("Độ mật mới trùng độ mật hiện tại."));

    await user.selectOptions(byId("sreg-decision-new-secrecy"), "confidential");
    await user.type(byId("sreg-decision-note"), "Theo đề nghị của Công an tỉnh");
    await user.click(screen.getByTestId("save-decision"));
    await waitFor(() => expect(screen.queryByTestId("decision-form")).not.toBeInTheDocument());
    expect(api.secretRecordDecision).toHaveBeenLastCalledWith("in-1", {
      kind: "change_level",
      decision_number: "9/QĐ-UBND",
      decision_date: "2026-03-06",
      new_secrecy: "confidential",
      new_until: null,
      note: "Theo đề nghị của Công an tỉnh",
    });
  });
});

describe("Sổ đăng ký bí mật nhà nước đi", () => {
  it("shows the outgoing columns, each recipient with its ký nhận", async () => {
    await renderOutgoing();
    expect(screen.getByRole("heading", { name: "Sổ đăng ký bí mật nhà nước đi" })).toBeInTheDocument();
    const headers = within(screen.getByTestId("secret-register"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual([
      "Số thứ tự",
      "Ngày tháng",
      "Số ký hiệu",
      "Tên loại và trích yếu",
      "Độ mật",
      "Độ khẩn",
      "Người ký",
      "Nơi nhận",
      "Đơn vị lưu",
      "Số lượng bản",
      "Ghi chú",
    ]);
    const row = screen.getAllByTestId("entry-row")[0];
    expect(row).toHaveTextContent("7/BC-VP");
    expect(row).toHaveTextContent("Trần Văn Bình");
    expect(row).toHaveTextContent("Thường trực Tỉnh ủy — Lê Văn Nam, 09:15 03/03/2026");
    expect(row).toHaveTextContent("Công an tỉnh — Chưa ký nhận");
  });

  it("registers an outgoing document, one recipient per line, trimmed", async () => {
    const user = userEvent.setup();
    api.secretRegisterOutgoing.mockResolvedValue(makeOutgoing({ id: "out-8", number: 8 }));
    await renderOutgoing();
    await user.click(screen.getByTestId("new-entry"));
    expect(fieldOf("sreg-out-symbol")).toHaveTextContent("Số sẽ cấp: tiếp theo trong sổ năm 2026");
    await user.type(byId("sreg-out-symbol"), "BC-VP");
    await user.type(byId("sreg-out-doc-date"), "10/03/2026");
    await user.type(byId("sreg-out-doc-kind"), "Báo cáo");
    await user.selectOptions(byId("sreg-out-secrecy"), "confidential");
    await user.type(byId("sreg-out-signer"), "Trần Văn Bình");
    await user.type(byId("sreg-out-summary"), "Kết quả rà soát");
    await user.type(byId("sreg-out-recipients"), "  Thường trực Tỉnh ủy  {Enter}{Enter}Công an tỉnh{Enter}   {Enter} Lưu: VT ");
    await user.type(byId("sreg-out-keeping-unit"), "Văn thư");
    await user.type(byId("sreg-out-copies"), "4");
    await user.click(screen.getByTestId("save-outgoing"));
    await waitFor(() => expect(screen.queryByTestId("outgoing-form")).not.toBeInTheDocument());
    expect(api.secretRegisterOutgoing).toHaveBeenCalledWith({
      registered_at: null,
      doc_symbol: "BC-VP",
      doc_date: "2026-03-10",
      doc_kind: "Báo cáo",
      summary: "Kết quả rà soát",
      summary_approved_by: null,
      summary_approved_on: null,
      secrecy: "confidential",
      urgency: "normal",
      signer: "Trần Văn Bình",
      recipients: ["Thường trực Tỉnh ủy", "Công an tỉnh", "Lưu: VT"],
      keeping_unit: "Văn thư",
      copies: 4,
      note: "",
    });
    expect(screen.getByTestId("register-notice")).toHaveTextContent("Đã vào sổ số 8/2026");
  });

  it("closes the tuyệt mật trích yếu on the outgoing form too, and shows a refusal on the recipients", async () => {
    const user = userEvent.setup();
    await renderOutgoing();
    await user.click(screen.getByTestId("new-entry"));
    await user.selectOptions(byId("sreg-out-secrecy"), "top_secret");
    expect(byId("sreg-out-summary")).toBeDisabled();
    await user.type(byId("sreg-out-copies"), "0");
    await user.click(screen.getByTestId("save-outgoing"));
    expect(fieldOf("sreg-out-copies")).toHaveTextContent("Số lượng bản phải là số nguyên lớn hơn 0.");
    expect(api.secretRegisterOutgoing).not.toHaveBeenCalled();

    await user.clear(byId("sreg-out-copies"));
    api.secretRegisterOutgoing.mockRejectedValueOnce({
      code: "invalid.recipients",
      message: "Vui lòng nhập ít nhất một nơi nhận.",
      field: "recipients",
    });
    await user.click(screen.getByTestId("save-outgoing"));
    await waitFor(() => expect(fieldOf("sreg-out-recipients")).toHaveTextContent("Vui lòng nhập ít nhất một nơi nhận."));
    expect(api.secretRegisterOutgoing.mock.calls[0][0]).toMatchObject({ recipients: [], copies: null, summary: null, secrecy: "top_secret" });
  });

  it("records a recipient's signature with the recipient's id", async () => {
    const user = userEvent.setup();
    const signed = makeOutgoing({
      recipients: [
        makeOutgoing().recipients[0],
        { id: "rcp-2", position: 1, recipient: "Công an tỉnh", received_by: "Đỗ Văn Hải", received_at: "2026-03-10T02:30:00Z" },
      ],
    });
    api.secretSignRecipient.mockResolvedValue(signed);
    await renderOutgoing();
    await user.click(screen.getAllByTestId("entry-row")[0]);
    const recipients = screen.getAllByTestId("recipient");
    expect(recipients[0]).toHaveTextContent("Lê Văn Nam, 09:15 03/03/2026");
    expect(within(recipients[0]).queryByRole("button")).not.toBeInTheDocument();
    await user.click(within(recipients[1]).getByRole("button", { name: "Ký nhận cho Công an tỉnh" }));
    await user.type(byId("sreg-sign-by"), "Đỗ Văn Hải");
    api.secretEntries.mockResolvedValue([signed]);
    await user.click(screen.getByTestId("save-sign"));
    await waitFor(() => expect(screen.queryByTestId("sign-form")).not.toBeInTheDocument());
    expect(api.secretSignRecipient).toHaveBeenCalledWith("rcp-2", "Đỗ Văn Hải", null);
    expect(api.secretSignIncoming).not.toHaveBeenCalled();
    expect(screen.getAllByTestId("recipient")[1]).toHaveTextContent("Đỗ Văn Hải, 09:30 10/03/2026");
  });
});
