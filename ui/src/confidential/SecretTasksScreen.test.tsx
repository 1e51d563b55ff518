import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Register } from "../bindings/Register";
import type { SecretTaskEvent } from "../bindings/SecretTaskEvent";
import type { SecretTaskRow } from "../bindings/SecretTaskRow";
import * as secretApi from "../secretApi";
import { directiveLabel, SecretTasksScreen } from "./SecretTasksScreen";
import { ENTRIES, makeTaskRow, renderSecret } from "./testFixtures";

vi.mock("../secretApi");
const mocked = vi.mocked(secretApi);

const ROWS: SecretTaskRow[] = [
  makeTaskRow(),
  makeTaskRow(
    { entry_id: "e-out-7", status: "overdue", deadline_in_force: "2026-03-01", lead_unit_name: "Phòng Kế hoạch - Tài chính" },
    { id: "st-2", document_id: "e-out-7", description: "Báo cáo kết quả kiểm tra", state: "in_progress", deadline: "2026-03-01", original_deadline: "2026-02-20", lead_unit_id: "u-health-plan", version: 5 },
  ),
  makeTaskRow(
    { status: "in_progress_on_time", due_soon: true, deadline_in_force: "2026-03-12" },
    { id: "st-3", description: "Kiểm tra việc sao, chụp tài liệu mật", state: "submitted", deadline: "2026-03-12", original_deadline: "2026-03-12", version: 8 },
  ),
];

const EVENTS: SecretTaskEvent[] = [
  { at: "2026-02-03T02:00:00Z", actor: "Phạm Thị Mai", late: null, event: { type: "assigned", lead_unit_id: "u-health" } },
];

beforeEach(() => {
  mocked.secretTasks.mockResolvedValue(ROWS);
  mocked.secretEntries.mockImplementation(async (register: Register) => ENTRIES.filter((e) => e.register === register));
  mocked.secretTaskEvents.mockResolvedValue(EVENTS);
});

async function renderTasks() {
  const result = renderSecret(<SecretTasksScreen />);
  await screen.findAllByTestId("secret-task-row");
  await waitFor(() => expect(screen.getAllByTestId("secret-task-row")[1]).toHaveTextContent("Văn bản đi số 7/2026"));
  return { user: userEvent.setup(), ...result };
}

describe("SecretTasksScreen", () => {
  it("lists the tasks with their directive, lead unit, deadline in force and status in the register's colours", async () => {
    await renderTasks();
    expect(mocked.secretTasks).toHaveBeenCalledWith(null, null);
    expect(mocked.secretEntries).toHaveBeenCalledWith("incoming", null);
    expect(mocked.secretEntries).toHaveBeenCalledWith("outgoing", null);
    expect(screen.getByText(/Các đơn vị tiếp nhận, báo cáo bằng văn bản giấy/)).toBeInTheDocument();
    const [first, second, third] = screen.getAllByTestId("secret-task-row");
    expect(first).toHaveTextContent("Văn bản đến số 3/2026");
    expect(first).toHaveTextContent("Sở Y tế");
    expect(first).toHaveTextContent("30/04/2026");
    expect(first).toHaveTextContent("Chờ tiếp nhận");
    expect(first).toHaveTextContent("Chưa thực hiện");
    expect(second).toHaveTextContent("01/03/2026 (gia hạn)");
    expect(second).toHaveTextContent("Chưa hoàn thành quá hạn");
    expect(second).toHaveClass("row-overdue");
    expect(within(second).getByTestId("secret-task-status")).toHaveClass("status-overdue");
    expect(third).toHaveClass("row-due-soon");
    expect(within(third).getByTestId("secret-task-status")).toHaveClass("status-due-soon");
    expect(directiveLabel({ register: "outgoing", number: 12, year: 2025 })).toBe("Văn bản đi số 12/2025");
  });

  it("assigns a task from an active entry with exactly what was typed", async () => {
    const { user } = await renderTasks();
    mocked.secretAddTask.mockResolvedValue(ROWS[0]);
    await user.click(screen.getByTestId("secret-task-add"));
    const dialog = screen.getByTestId("secret-add-task");
    const directive = within(dialog).getByLabelText(/Văn bản giao nhiệm vụ/);
    // A cancelled entry gives no new task.
    expect(within(directive).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "— Chọn văn bản trong sổ đến, sổ đi —",
      "Văn bản đến số 3/2026 · 12/UBND-NC · Về công tác bảo đảm an ninh",
      "Văn bản đi số 7/2026 · 7/VP-MẬT · Kế hoạch kiểm tra",
    ]);

    await user.click(screen.getByTestId("secret-task-save"));
    expect(await within(dialog).findByText("Vui lòng chọn văn bản giao nhiệm vụ.")).toBeInTheDocument();
    expect(mocked.secretAddTask).not.toHaveBeenCalled();

    await user.selectOptions(directive, "e-out-7");
    await user.type(within(dialog).getByLabelText(/Nội dung nhiệm vụ/), "Tổ chức kiểm tra công tác bảo vệ bí mật");
    const lead = document.getElementById("secret-task-lead")!;
    await user.type(lead, "y te");
    await user.click(screen.getByRole("option", { name: "Sở Y tế" }));
    const coordinating = document.getElementById("secret-task-coordinating")!;
    await user.type(coordinating, "ke hoach");
    await user.click(screen.getByRole("option", { name: "Phòng Kế hoạch - Tài chính" }));
    await user.type(within(dialog).getByLabelText(/^Thời hạn/), "30/06/2026");
    await user.click(within(dialog).getByLabelText("Phải trình/báo cáo kết quả"));
    await user.selectOptions(within(dialog).getByLabelText("Nguồn"), "qc42");
    await user.click(screen.getByTestId("secret-task-save"));

    await waitFor(() => expect(mocked.secretAddTask).toHaveBeenCalledTimes(1));
    expect(mocked.secretAddTask).toHaveBeenCalledWith({
      entry_id: "e-out-7",
      task: {
        description: "Tổ chức kiểm tra công tác bảo vệ bí mật",
        follow_up_content: "",
        lead_unit_id: "u-health",
        coordinating_unit_ids: ["u-health-plan"],
        follow_up_officer_id: null,
        director: null,
        direction_notes: "",
        deadline: "2026-06-30",
        must_report: true,
      },
      origin: "qc42",
    });
    await waitFor(() => expect(screen.queryByTestId("secret-add-task")).toBeNull());
    await waitFor(() => expect(mocked.secretTasks).toHaveBeenCalledTimes(2));
  });

  it("shows the back end's refusal next to the field it names", async () => {
    const { user } = await renderTasks();
    mocked.secretAddTask.mockRejectedValue({ code: "invalid.lead_unit_id", message: "Vui lòng chọn đơn vị chủ trì.", field: "lead_unit_id" });
    await user.click(screen.getByTestId("secret-task-add"));
    await user.selectOptions(screen.getByLabelText(/Văn bản giao nhiệm vụ/), "e-in-3");
    await user.type(screen.getByLabelText(/Nội dung nhiệm vụ/), "Nhiệm vụ");
    await user.click(screen.getByTestId("secret-task-save"));
    expect(await screen.findByText("Vui lòng chọn đơn vị chủ trì.")).toBeInTheDocument();
    expect(document.getElementById("secret-task-lead")).toHaveAttribute("aria-invalid", "true");
    expect(mocked.secretAddTask.mock.calls[0][0].origin).toBe("qc45");
  });

  it("records what a unit reported: acceptance at once, a return with its reason, against the version seen", async () => {
    const { user } = await renderTasks();
    const accepted = makeTaskRow({ status: "in_progress_on_time" }, { state: "in_progress", version: 4 });
    mocked.secretTaskAction.mockResolvedValueOnce(ROWS[0]).mockResolvedValue(accepted);
    await user.click(screen.getAllByTestId("secret-task-row")[0]);
    const detail = screen.getByTestId("secret-task-detail");
    expect(within(detail).getByText("Nhiệm vụ theo Văn bản đến số 3/2026")).toBeInTheDocument();
    expect(await within(detail).findByText("Giao nhiệm vụ cho Sở Y tế")).toBeInTheDocument();
    expect(within(detail).getByText("Phạm Thị Mai")).toBeInTheDocument();
    expect(mocked.secretTaskEvents).toHaveBeenCalledWith("st-1");

    await user.click(within(detail).getByTestId("action-return"));
    await user.type(screen.getByLabelText(/Lý do trả lại/), "Không thuộc chức năng của Sở");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.secretTaskAction).toHaveBeenLastCalledWith("st-1", 3, { type: "return", reason: "Không thuộc chức năng của Sở" });

    await user.click(within(screen.getByTestId("secret-task-detail")).getByTestId("action-accept"));
    expect(mocked.secretTaskAction).toHaveBeenLastCalledWith("st-1", 3, { type: "accept" });
    // The row and the detail follow what the core returned.
    await waitFor(() => expect(screen.getByTestId("secret-task-state")).toHaveTextContent("Đang thực hiện"));
    expect(within(screen.getByTestId("secret-task-detail")).getByTestId("action-submit")).toBeInTheDocument();
    await waitFor(() => expect(mocked.secretTaskEvents).toHaveBeenCalledTimes(2));
  });

  it("records a result report without a file, and reviews it on the version seen", async () => {
    const { user } = await renderTasks();
    mocked.secretTaskAction.mockResolvedValue(ROWS[1]);
    await user.click(screen.getAllByTestId("secret-task-row")[1]);
    await user.click(screen.getByTestId("action-submit"));
    const dialog = screen.getByTestId("action-dialog");
    expect(dialog.querySelector("input[type=file]")).toBeNull();
    expect(within(dialog).getByText(/Sổ mật không lưu tệp/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/^Số/), "45");
    await user.type(within(dialog).getByLabelText(/^Ký hiệu/), "SYT-MẬT");
    await user.clear(within(dialog).getByLabelText(/^Ngày ban hành/));
    await user.type(within(dialog).getByLabelText(/^Ngày ban hành/), "05/03/2026");
    await user.type(within(dialog).getByLabelText(/^Trích yếu/), "Báo cáo kết quả kiểm tra");
    await user.type(within(dialog).getByLabelText(/^Người ký/), "Lê Văn Hùng");
    await user.click(within(dialog).getByLabelText("Chưa hoàn thành"));
    await user.type(within(dialog).getByLabelText("Diễn giải"), "Còn 2 đơn vị chưa kiểm tra");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.secretTaskAction).toHaveBeenLastCalledWith("st-2", 5, {
      type: "submit_result",
      reply_kind: "official_letter",
      reply_number: "45",
      reply_symbol: "SYT-MẬT",
      reply_summary: "Báo cáo kết quả kiểm tra",
      reply_issued_on: "2026-03-05",
      reply_signer: "Lê Văn Hùng",
      outcome: "not_completed",
      completed_on: null,
      explanation: "Còn 2 đơn vị chưa kiểm tra",
      attachment: null,
    });

    await user.click(screen.getByLabelText("Đóng"));
    await user.click(screen.getAllByTestId("secret-task-row")[2]);
    mocked.secretTaskAction.mockResolvedValue(ROWS[2]);
    await user.click(screen.getByTestId("action-review-fail"));
    await user.type(screen.getByLabelText(/Ý kiến đánh giá/), "Chưa đủ nội dung");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.secretTaskAction).toHaveBeenLastCalledWith("st-3", 8, { type: "review", passed: false, comment: "Chưa đủ nội dung" });
  });

  it("extends with the approving document and cancels with a reason", async () => {
    const { user } = await renderTasks();
    mocked.secretTaskAction.mockResolvedValue(ROWS[1]);
    await user.click(screen.getAllByTestId("secret-task-row")[1]);
    expect(screen.getByTestId("secret-task-deadline")).toHaveTextContent("01/03/2026 (thời hạn ban đầu: 20/02/2026)");
    await user.click(screen.getByTestId("action-extend"));
    await user.type(screen.getByLabelText(/Thời hạn mới/), "15/05/2026");
    await user.type(screen.getByLabelText(/Văn bản đồng ý gia hạn/), "125/UBND-NC ngày 03/3/2026");
    await user.type(screen.getByLabelText(/^Lý do/), "Chờ kết quả giám định");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.secretTaskAction).toHaveBeenLastCalledWith("st-2", 5, {
      type: "extend",
      new_deadline: "2026-05-15",
      approving_document: "125/UBND-NC ngày 03/3/2026",
      reason: "Chờ kết quả giám định",
    });

    await user.click(screen.getByTestId("action-cancel"));
    await user.type(screen.getByLabelText(/Lý do thu hồi\/hủy/), "Văn bản đã được thay thế");
    await user.click(screen.getByLabelText("Thu hồi nhiệm vụ (không chỉ hủy)"));
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.secretTaskAction).toHaveBeenLastCalledWith("st-2", 5, { type: "cancel", reason: "Văn bản đã được thay thế", withdrawn: true });
  });

  it("hands a locked store back to the shell", async () => {
    mocked.secretTasks.mockRejectedValue({ code: "locked", message: "Sổ mật đang khóa. Mở khóa để tiếp tục." });
    const checkLocked = vi.fn(() => true);
    renderSecret(<SecretTasksScreen />, { checkLocked });
    await waitFor(() => expect(checkLocked).toHaveBeenCalledWith({ code: "locked", message: "Sổ mật đang khóa. Mở khóa để tiếp tục." }));
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });
});
