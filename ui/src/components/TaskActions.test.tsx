import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Attachment } from "../bindings/Attachment";
import type { Profile } from "../bindings/Profile";
import type { Task } from "../bindings/Task";
import type { TaskDetail } from "../bindings/TaskDetail";
import { UNITS } from "../test/fixtures";
import { OFFICE_PROFILE, PEOPLE, renderWithSession, UNIT_PROFILE } from "../test/session";
import { TaskActions } from "./TaskActions";

vi.mock("../api");
const mocked = vi.mocked(api);

const LEADER_PROFILE: Profile = { person: PEOPLE[2], unit: UNITS[0], demo: true };
const OTHER_UNIT_PROFILE: Profile = {
  person: { id: "p-plan", full_name: "Phạm Thị Lan", unit_id: "u-health-plan", role: "unit", title: "Chuyên viên" },
  unit: UNITS[2],
  demo: true,
};

function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: "t1",
    document_id: "d1",
    description: "Xây dựng kế hoạch phòng chống dịch",
    follow_up_content: "",
    lead_unit_id: "u-health",
    coordinating_unit_ids: [],
    follow_up_officer_id: "p-office",
    director: null,
    direction_notes: "",
    original_deadline: "2026-04-30",
    deadline: "2026-04-30",
    must_report: true,
    origin: "qc45",
    classification: "a",
    state: "assigned",
    assigned_at: "2026-03-01T02:00:00Z",
    accepted_at: null,
    completed_submitted_at: null,
    completed_reviewed_at: null,
    cancelled_at: null,
    rejection_count: 0,
    version: 7,
    ...overrides,
  };
}

function makeDetail(task: Partial<Task> = {}, rest: Partial<TaskDetail> = {}): TaskDetail {
  return {
    task: makeTask(task),
    document: {
      id: "d1",
      kind: "decision",
      number: "23",
      symbol: "QĐ-UBND",
      issued_on: "2026-02-20",
      summary: "Về phòng chống dịch",
      signer_name: "Nguyễn Văn Minh",
      signer_title: "Phó Chủ tịch",
      issuer: "provincial_committee",
      submitting_agency: null,
      director: null,
      drafter: null,
      urgency: "normal",
      origin: "qc45",
      entered_at: "2026-02-20T03:00:00Z",
      entered_by: null,
      entered_late: false,
      attachments: [],
      version: 1,
    },
    lead_unit_name: "Sở Y tế",
    coordinating_unit_names: [],
    follow_up_officer_name: "Trần Thị Thu",
    as_of: "2026-03-10",
    status: "not_started",
    status_label: "Chưa thực hiện",
    due_soon: false,
    pending_extension: null,
    timeline: [],
    audit: [],
    result_files: [],
    ...rest,
  };
}

function renderActions(detail: TaskDetail, profile: Profile = UNIT_PROFILE, onReload = vi.fn()) {
  const onDone = vi.fn();
  const user = userEvent.setup();
  renderWithSession(<TaskActions detail={detail} onDone={onDone} onReload={onReload} />, { profile });
  return { onDone, onReload, user };
}

function buttons(): string[] {
  return screen.queryAllByRole("button").map((b) => b.getAttribute("data-testid") ?? "");
}

const UPDATED = makeTask({ state: "in_progress", version: 8 });

beforeEach(() => {
  mocked.applyAction.mockResolvedValue(UPDATED);
});

describe("TaskActions: what each person is offered", () => {
  it("offers the lead unit accept, return and extension request on a new task", () => {
    renderActions(makeDetail({ state: "assigned" }));
    expect(buttons()).toEqual(["action-accept", "action-return", "action-request-extension"]);
    expect(screen.getByTestId("action-accept")).toHaveTextContent("Tiếp nhận");
    expect(screen.getByTestId("action-return")).toHaveTextContent("Trả lại");
  });

  it("offers the lead unit progress, result and extension request while in progress", () => {
    renderActions(makeDetail({ state: "in_progress" }));
    expect(buttons()).toEqual(["action-progress", "action-submit", "action-request-extension"]);
    expect(screen.getByTestId("action-submit")).toHaveTextContent("Báo cáo kết quả");
  });

  it("offers the office review, extension and cancellation on a submitted task", () => {
    renderActions(makeDetail({ state: "submitted" }), OFFICE_PROFILE);
    expect(buttons()).toEqual(["action-review-pass", "action-review-fail", "action-extend", "action-cancel"]);
    expect(screen.getByTestId("action-review-fail")).toHaveTextContent("Không đạt");
  });

  it("offers the office reassignment of a returned task but never unit actions", () => {
    renderActions(makeDetail({ state: "returned" }), OFFICE_PROFILE);
    expect(buttons()).toEqual(["action-reassign", "action-extend", "action-cancel"]);
    expect(screen.queryByTestId("action-accept")).toBeNull();
  });

  it("offers the office the answers to a pending extension request", () => {
    renderActions(
      makeDetail({ state: "in_progress" }, { pending_extension: { requested_at: "2026-03-08T01:00:00Z", proposed_deadline: "2026-05-31", reason: "Chờ kinh phí" } }),
      OFFICE_PROFILE,
    );
    expect(buttons()).toEqual(["action-approve-extension", "action-refuse-extension", "action-extend", "action-cancel"]);
  });

  it("gives a unit nothing to do once the result waits for review", () => {
    renderActions(makeDetail({ state: "submitted" }));
    expect(buttons()).toEqual([]);
    expect(screen.getByText("Không có thao tác nào ở bước này.")).toBeInTheDocument();
  });

  it.each([
    ["a leader", LEADER_PROFILE],
    ["another unit", OTHER_UNIT_PROFILE],
  ])("shows %s no buttons, only the read-only note", (_, profile) => {
    renderActions(makeDetail({ state: "assigned" }), profile);
    expect(buttons()).toEqual([]);
    expect(screen.getByTestId("read-only-note")).toHaveTextContent("Bạn chỉ có quyền xem nhiệm vụ này");
  });
});

describe("TaskActions: sending actions", () => {
  it("accepts at once with the version the user looked at", async () => {
    const { user, onDone } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-accept"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "accept" });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(UPDATED));
    expect(screen.queryByTestId("action-dialog")).toBeNull();
  });

  it("returns a task with the typed reason and closes the dialog", async () => {
    const { user, onDone } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-return"));
    const dialog = screen.getByTestId("action-dialog");
    expect(dialog).toHaveAccessibleName("Trả lại nhiệm vụ");
    expect(document.getElementById("action-reason")).toHaveFocus();
    await user.type(document.getElementById("action-reason")!, "Không thuộc chức năng của Sở");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "return", reason: "Không thuộc chức năng của Sở" });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(UPDATED));
    expect(screen.queryByTestId("action-dialog")).toBeNull();
  });

  it("keeps the typed text and shows the core's message next to the field it names", async () => {
    mocked.applyAction.mockRejectedValue({ code: "invalid.reason", message: "Lý do trả lại quá ngắn.", field: "reason" });
    const { user, onDone } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-return"));
    await user.type(document.getElementById("action-reason")!, "Sai");
    await user.click(screen.getByTestId("action-confirm"));
    const reason = document.getElementById("action-reason") as HTMLTextAreaElement;
    await waitFor(() => expect(reason).toHaveAccessibleDescription("Lý do trả lại quá ngắn."));
    expect(reason).toHaveValue("Sai");
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(within(screen.getByTestId("action-dialog")).queryByTestId("error-banner")).toBeNull();
    expect(onDone).not.toHaveBeenCalled();
  });

  it("shows a refusal that names no field of the dialog in a banner inside it", async () => {
    mocked.applyAction.mockRejectedValue({ code: "illegal_transition", message: "Không thể trả lại nhiệm vụ đã tiếp nhận." });
    const { user } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-return"));
    await user.type(document.getElementById("action-reason")!, "Không thuộc chức năng");
    await user.click(screen.getByTestId("action-confirm"));
    const dialog = screen.getByTestId("action-dialog");
    expect(await within(dialog).findByTestId("error-banner")).toHaveTextContent("Không thể trả lại nhiệm vụ đã tiếp nhận.");
    expect(document.getElementById("action-reason")).toHaveValue("Không thuộc chức năng");
  });

  it("offers to reload after a stale refusal and keeps the dialog open", async () => {
    mocked.applyAction.mockRejectedValue({ code: "stale", message: "Nhiệm vụ đã được người khác thay đổi." });
    const { user, onReload } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-return"));
    await user.type(document.getElementById("action-reason")!, "Trùng nhiệm vụ");
    await user.click(screen.getByTestId("action-confirm"));
    const banner = await screen.findByTestId("stale-banner");
    expect(banner).toHaveTextContent("Nhiệm vụ đã được người khác thay đổi.");
    await user.click(within(banner).getByRole("button", { name: "Tải lại" }));
    expect(onReload).toHaveBeenCalled();
    expect(screen.getByTestId("action-dialog")).toBeInTheDocument();
    expect(document.getElementById("action-reason")).toHaveValue("Trùng nhiệm vụ");
  });

  it("shows a stale refusal of Tiếp nhận with the reload button", async () => {
    mocked.applyAction.mockRejectedValue({ code: "stale", message: "Nhiệm vụ đã được người khác thay đổi." });
    const { user, onReload } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-accept"));
    await user.click(await screen.findByTestId("stale-reload"));
    expect(onReload).toHaveBeenCalled();
  });

  it("submits a result report with the uploaded file", async () => {
    let finish!: (a: Attachment) => void;
    mocked.uploadAttachment.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const { user, onDone } = renderActions(makeDetail({ state: "in_progress" }));
    await user.click(screen.getByTestId("action-submit"));
    const byId = (id: string) => document.getElementById(id) as HTMLInputElement;
    expect(byId("action-reply-issued-on")).toHaveValue("10/03/2026");
    expect(byId("action-completed-on")).toHaveValue("10/03/2026");
    expect(byId("action-outcome-completed")).toBeChecked();

    await user.selectOptions(byId("action-reply-kind"), "plan");
    await user.type(byId("action-reply-number"), "45");
    await user.type(byId("action-reply-symbol"), "KH-SYT");
    await user.clear(byId("action-reply-issued-on"));
    await user.type(byId("action-reply-issued-on"), "08/03/2026");
    await user.type(byId("action-reply-summary"), "Báo cáo kết quả phòng chống dịch");
    await user.type(byId("action-reply-signer"), "Lê Văn Hùng");
    await user.clear(byId("action-completed-on"));
    await user.type(byId("action-completed-on"), "07/03/2026");
    await user.type(byId("action-explanation"), "Đã triển khai toàn tỉnh");

    const file = new File(["%PDF"], "bao-cao.pdf", { type: "application/pdf" });
    await user.upload(byId("action-result-file"), file);
    expect(mocked.uploadAttachment).toHaveBeenCalledWith(file);
    expect(screen.getByText("Đang tải lên…")).toBeInTheDocument();
    expect(screen.getByTestId("action-confirm")).toBeDisabled();
    finish({ sha256: "ab12", file_name: "bao-cao.pdf", size: 2048 });
    expect(await screen.findByTestId("uploaded-file")).toHaveTextContent("bao-cao.pdf");

    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, {
      type: "submit_result",
      reply_kind: "plan",
      reply_number: "45",
      reply_symbol: "KH-SYT",
      reply_summary: "Báo cáo kết quả phòng chống dịch",
      reply_issued_on: "2026-03-08",
      reply_signer: "Lê Văn Hùng",
      outcome: "completed",
      completed_on: "2026-03-07",
      explanation: "Đã triển khai toàn tỉnh",
      attachment: { sha256: "ab12", file_name: "bao-cao.pdf", size: 2048 },
    });
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it("reports unfinished work without a completion date", async () => {
    const { user } = renderActions(makeDetail({ state: "in_progress" }));
    await user.click(screen.getByTestId("action-submit"));
    await user.click(document.getElementById("action-outcome-not-completed")!);
    expect(document.getElementById("action-completed-on")).toBeNull();
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith(
      "t1",
      7,
      expect.objectContaining({ type: "submit_result", outcome: "not_completed", completed_on: null, attachment: null, reply_kind: "official_letter" }),
    );
  });

  it("shows an upload failure next to the file input", async () => {
    mocked.uploadAttachment.mockRejectedValue({ code: "io", message: "Không đọc được tệp." });
    const { user } = renderActions(makeDetail({ state: "in_progress" }));
    await user.click(screen.getByTestId("action-submit"));
    await user.upload(document.getElementById("action-result-file") as HTMLInputElement, new File(["x"], "a.pdf"));
    const field = document.getElementById("action-result-file")!.closest(".form-field") as HTMLElement;
    expect(await within(field).findByText("Không đọc được tệp.")).toBeInTheDocument();
  });

  it("posts progress with its four texts on Ctrl+Enter", async () => {
    const { user } = renderActions(makeDetail({ state: "in_progress" }));
    await user.click(screen.getByTestId("action-progress"));
    await user.type(document.getElementById("action-progress-text")!, "Đã xong 60%");
    await user.type(document.getElementById("action-difficulties")!, "Thiếu nhân lực");
    await user.type(document.getElementById("action-proposals")!, "Bổ sung biên chế");
    await user.type(document.getElementById("action-delay-reasons")!, "Mưa lũ{Control>}{Enter}{/Control}");
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, {
      type: "progress",
      text: "Đã xong 60%",
      difficulties: "Thiếu nhân lực",
      proposals: "Bổ sung biên chế",
      delay_reasons: "Mưa lũ",
    });
  });

  it("asks for an extension with the proposed date, sent with Enter in the date input", async () => {
    const { user } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-request-extension"));
    await user.type(document.getElementById("action-reason")!, "Chờ ý kiến Bộ");
    await user.type(document.getElementById("action-proposed-deadline")!, "31/05/2026{Enter}");
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "request_extension", proposed_deadline: "2026-05-31", reason: "Chờ ý kiến Bộ" });
  });

  it("does not send a date that is not a date", async () => {
    const { user } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-request-extension"));
    await user.type(document.getElementById("action-proposed-deadline")!, "31/02/2026");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).not.toHaveBeenCalled();
    expect(document.getElementById("action-proposed-deadline")).toHaveAccessibleDescription("Ngày không hợp lệ (nhập dạng dd/mm/yyyy).");
  });

  it("closes a dialog with Esc without sending", async () => {
    const { user } = renderActions(makeDetail({ state: "assigned" }));
    await user.click(screen.getByTestId("action-return"));
    await user.type(document.getElementById("action-reason")!, "abc");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("action-dialog")).toBeNull();
    expect(mocked.applyAction).not.toHaveBeenCalled();
  });

  it("sends a failed review with its comment, and shows the core's demand for one", async () => {
    mocked.applyAction.mockRejectedValueOnce({ code: "invalid.comment", message: "Kết quả không đạt phải có ý kiến.", field: "comment" });
    const { user, onDone } = renderActions(makeDetail({ state: "submitted" }), OFFICE_PROFILE);
    await user.click(screen.getByTestId("action-review-fail"));
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenLastCalledWith("t1", 7, { type: "review", passed: false, comment: "" });
    const comment = document.getElementById("action-comment")!;
    await waitFor(() => expect(comment).toHaveAccessibleDescription("Kết quả không đạt phải có ý kiến."));

    await user.type(comment, "Chưa có số liệu cấp xã");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenLastCalledWith("t1", 7, { type: "review", passed: false, comment: "Chưa có số liệu cấp xã" });
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it("passes a review with an optional comment", async () => {
    const { user } = renderActions(makeDetail({ state: "submitted" }), OFFICE_PROFILE);
    await user.click(screen.getByTestId("action-review-pass"));
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "review", passed: true, comment: "" });
  });

  it("reassigns to a unit other than the current lead", async () => {
    const { user } = renderActions(makeDetail({ state: "returned" }), OFFICE_PROFILE);
    await user.click(screen.getByTestId("action-reassign"));
    const picker = document.getElementById("action-to-unit")!;
    expect(picker).toHaveFocus();
    const options = screen.getAllByRole("option").map((o) => o.textContent);
    expect(options).not.toContain("Sở Y tế");
    await user.type(picker, "ke hoach");
    await user.click(screen.getByRole("option", { name: "Phòng Kế hoạch - Tài chính" }));
    await user.type(document.getElementById("action-note")!, "Giao Phòng KH-TC chủ trì");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "reassign", to_unit_id: "u-health-plan", note: "Giao Phòng KH-TC chủ trì" });
  });

  it("extends the deadline with the approving document", async () => {
    const { user } = renderActions(makeDetail({ state: "in_progress" }), OFFICE_PROFILE);
    await user.click(screen.getByTestId("action-extend"));
    await user.type(document.getElementById("action-new-deadline")!, "15/05/2026");
    await user.type(document.getElementById("action-approving-document")!, "125/UBND-TH ngày 03/3/2026");
    await user.type(document.getElementById("action-reason")!, "Theo đề nghị của Sở");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, {
      type: "extend",
      new_deadline: "2026-05-15",
      approving_document: "125/UBND-TH ngày 03/3/2026",
      reason: "Theo đề nghị của Sở",
    });
  });

  it("approves an extension request with the proposed deadline prefilled", async () => {
    const { user } = renderActions(
      makeDetail({ state: "in_progress" }, { pending_extension: { requested_at: "2026-03-08T01:00:00Z", proposed_deadline: "2026-05-31", reason: "Chờ kinh phí" } }),
      OFFICE_PROFILE,
    );
    await user.click(screen.getByTestId("action-approve-extension"));
    expect(document.getElementById("action-new-deadline")).toHaveValue("31/05/2026");
    await user.type(document.getElementById("action-approving-document")!, "130/UBND-TH{Enter}");
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, {
      type: "extend",
      new_deadline: "2026-05-31",
      approving_document: "130/UBND-TH",
      reason: "Chờ kinh phí",
    });
  });

  it("refuses an extension request with a comment", async () => {
    const { user } = renderActions(
      makeDetail({ state: "in_progress" }, { pending_extension: { requested_at: "2026-03-08T01:00:00Z", proposed_deadline: "2026-05-31", reason: "Chờ kinh phí" } }),
      OFFICE_PROFILE,
    );
    await user.click(screen.getByTestId("action-refuse-extension"));
    await user.type(document.getElementById("action-comment")!, "Không có căn cứ");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "refuse_extension", comment: "Không có căn cứ" });
  });

  it("withdraws a task when the box is ticked", async () => {
    const { user } = renderActions(makeDetail({ state: "in_progress" }), OFFICE_PROFILE);
    await user.click(screen.getByTestId("action-cancel"));
    await user.type(document.getElementById("action-reason")!, "Nhiệm vụ không còn phù hợp");
    await user.click(document.getElementById("action-withdrawn")!);
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 7, { type: "cancel", reason: "Nhiệm vụ không còn phù hợp", withdrawn: true });
  });
});
