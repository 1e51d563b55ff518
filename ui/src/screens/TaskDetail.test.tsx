import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Task } from "../bindings/Task";
import type { TaskDetail as Detail } from "../bindings/TaskDetail";
import { SessionContext } from "../session";
import { makeSession, OFFICE_PROFILE, PEOPLE, renderWithSession, UNIT_PROFILE } from "../test/session";
import { UNITS } from "../test/fixtures";
import { TaskDetail } from "./TaskDetail";

vi.mock("../api");
const mocked = vi.mocked(api);

function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: "t1",
    document_id: "d1",
    description: "Xây dựng kế hoạch phòng chống dịch sốt xuất huyết",
    follow_up_content: "Theo dõi việc ban hành kế hoạch",
    lead_unit_id: "u-health",
    coordinating_unit_ids: ["u-health-plan"],
    follow_up_officer_id: "p-office",
    director: "Phó Chủ tịch Nguyễn Văn Minh",
    direction_notes: "Khẩn trương triển khai",
    original_deadline: "2026-03-05",
    deadline: "2026-03-08",
    must_report: true,
    origin: "qc45",
    classification: "a",
    state: "in_progress",
    assigned_at: "2026-03-01T02:00:00Z",
    accepted_at: "2026-03-02T02:00:00Z",
    completed_submitted_at: null,
    completed_reviewed_at: null,
    cancelled_at: null,
    rejection_count: 2,
    version: 5,
    ...overrides,
  };
}

function makeDetail(task: Partial<Task> = {}, rest: Partial<Detail> = {}): Detail {
  return {
    task: makeTask(task),
    document: {
      id: "d1",
      kind: "decision",
      number: "23",
      symbol: "QĐ-UBND",
      issued_on: "2026-02-20",
      summary: "Về phòng chống dịch bệnh năm 2026",
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
      attachments: [{ sha256: "doc1", file_name: "QD-23.pdf", size: 10240 }],
      version: 1,
    },
    lead_unit_name: "Sở Y tế",
    coordinating_unit_names: ["Phòng Kế hoạch - Tài chính"],
    follow_up_officer_name: "Trần Thị Thu",
    as_of: "2026-03-10",
    status: "overdue",
    status_label: "Chưa hoàn thành quá hạn",
    due_soon: false,
    pending_extension: { requested_at: "2026-03-07T10:00:00Z", proposed_deadline: "2026-04-15", reason: "Chờ kinh phí" },
    timeline: [
      { at: "2026-03-01T02:00:00Z", actor_id: "p-office", actor_name: "Trần Thị Thu", event: { type: "assigned", lead_unit_id: "u-health" } },
      { at: "2026-03-02T02:00:00Z", actor_id: "p-health", actor_name: "Lê Văn Hùng", event: { type: "accepted" } },
    ],
    audit: [
      {
        at: "2026-03-02T02:00:00Z",
        actor_id: "p-health",
        actor_name: "Lê Văn Hùng",
        entity: "task",
        entity_id: "t1",
        action: "accepted",
        before: { state: "assigned", version: 1 },
        after: { state: "in_progress", version: 2 },
      },
    ],
    result_files: [{ sha256: "res1", file_name: "bao-cao.pdf", size: 2048 }],
    ...rest,
  };
}

beforeEach(() => {
  mocked.taskDetail.mockResolvedValue(makeDetail());
  mocked.openAttachment.mockResolvedValue(null);
});

async function renderDetail(overrides: Parameters<typeof renderWithSession>[1] = {}) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  const result = renderWithSession(<TaskDetail taskId="t1" onClose={onClose} />, overrides);
  await screen.findByTestId("task-description");
  return { ...result, onClose, user };
}

describe("TaskDetail", () => {
  it("shows everything about the task", async () => {
    await renderDetail();
    expect(mocked.taskDetail).toHaveBeenCalledWith("t1");
    const panel = screen.getByTestId("task-detail");
    expect(panel).toHaveAttribute("role", "dialog");
    expect(panel).toHaveAccessibleName("Nhiệm vụ theo văn bản 23/QĐ-UBND");
    expect(screen.getByTestId("task-description")).toHaveTextContent("Xây dựng kế hoạch phòng chống dịch sốt xuất huyết");
    expect(panel).toHaveTextContent("Theo dõi việc ban hành kế hoạch");
    expect(screen.getByTestId("task-document")).toHaveTextContent("Quyết định số 23/QĐ-UBND ngày 20/02/2026");
    expect(screen.getByTestId("task-document")).toHaveTextContent("Về phòng chống dịch bệnh năm 2026");
    expect(screen.getByTestId("task-lead-unit")).toHaveTextContent("Sở Y tế");
    expect(panel).toHaveTextContent("Phòng Kế hoạch - Tài chính");
    expect(panel).toHaveTextContent("Trần Thị Thu");
    expect(panel).toHaveTextContent("Phó Chủ tịch Nguyễn Văn Minh");
    expect(panel).toHaveTextContent("Khẩn trương triển khai");
    expect(screen.getByTestId("task-deadline")).toHaveTextContent("08/03/2026 (thời hạn ban đầu: 05/03/2026)");
    expect(screen.getByTestId("task-classification")).toHaveTextContent("QC45_a");
    expect(screen.getByTestId("task-state")).toHaveTextContent("Đang thực hiện");
    expect(screen.getByTestId("task-rejections")).toHaveTextContent("2");
    const pending = screen.getByTestId("pending-extension");
    expect(pending).toHaveTextContent("Đề nghị gia hạn đến ngày 15/04/2026 (gửi lúc 07/03/2026 17:00)");
    expect(pending).toHaveTextContent("Chờ kinh phí");
  });

  it("colours the status the core derived", async () => {
    await renderDetail();
    const status = screen.getByTestId("task-status");
    expect(status).toHaveTextContent("Chưa hoàn thành quá hạn");
    expect(status).toHaveClass("row-overdue");
  });

  it("marks a task due soon in orange and leaves out an unchanged original deadline", async () => {
    mocked.taskDetail.mockResolvedValue(
      makeDetail({ original_deadline: "2026-03-12", deadline: "2026-03-12" }, { status: "in_progress_on_time", status_label: "Đang thực hiện trong hạn", due_soon: true }),
    );
    await renderDetail();
    expect(screen.getByTestId("task-status")).toHaveClass("row-due-soon");
    expect(screen.getByTestId("task-status")).not.toHaveClass("row-overdue");
    expect(screen.queryByTestId("task-original-deadline")).toBeNull();
  });

  it("opens the document's and the result's files", async () => {
    const { user } = await renderDetail();
    const files = screen.getByText("Tệp đính kèm").closest("section") as HTMLElement;
    const open = within(files).getAllByRole("button", { name: "Mở" });
    expect(open).toHaveLength(2);
    await user.click(open[1]);
    expect(mocked.openAttachment).toHaveBeenCalledWith({ sha256: "res1", file_name: "bao-cao.pdf", size: 2048 });
  });

  it("shows the timeline and the change history", async () => {
    await renderDetail();
    const entries = screen.getAllByTestId("timeline-entry");
    expect(entries[0]).toHaveTextContent("01/03/2026 09:00 Trần Thị Thu");
    expect(entries[0]).toHaveTextContent("Giao nhiệm vụ cho Sở Y tế");
    expect(entries[1]).toHaveTextContent("Tiếp nhận nhiệm vụ");
    expect(screen.getByRole("heading", { name: "Lịch sử thay đổi" })).toBeInTheDocument();
    expect(screen.getByTestId("audit-entry")).toHaveTextContent("Bước xử lý: Chờ tiếp nhận → Đang thực hiện");
  });

  it("closes with Esc", async () => {
    const { user, onClose } = await renderDetail();
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });

  it("lets an open action dialog take Esc first", async () => {
    const { user, onClose } = await renderDetail({ profile: OFFICE_PROFILE });
    await user.click(screen.getByTestId("action-extend"));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("action-dialog")).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });

  it("reloads when the data version moves", async () => {
    const { rerender } = await renderDetail();
    expect(mocked.taskDetail).toHaveBeenCalledTimes(1);
    mocked.taskDetail.mockResolvedValue(makeDetail({ description: "Nội dung đã sửa" }));
    rerender(
      <SessionContext.Provider value={makeSession({ dataVersion: 1 })}>
        <TaskDetail taskId="t1" onClose={vi.fn()} />
      </SessionContext.Provider>,
    );
    await waitFor(() => expect(screen.getByTestId("task-description")).toHaveTextContent("Nội dung đã sửa"));
    expect(mocked.taskDetail).toHaveBeenCalledTimes(2);
  });

  it("offers the lead unit its actions and reloads after one", async () => {
    mocked.taskDetail.mockResolvedValue(makeDetail({ state: "assigned" }, { pending_extension: null }));
    mocked.applyAction.mockResolvedValue(makeTask({ state: "in_progress", version: 6 }));
    const { user } = await renderDetail({ profile: UNIT_PROFILE });
    await user.click(screen.getByTestId("action-accept"));
    expect(mocked.applyAction).toHaveBeenCalledWith("t1", 5, { type: "accept" });
    await waitFor(() => expect(mocked.taskDetail).toHaveBeenCalledTimes(2));
  });

  it("shows a leader the read-only note", async () => {
    await renderDetail({ profile: { person: PEOPLE[2], unit: UNITS[0], demo: true } });
    expect(screen.getByTestId("read-only-note")).toHaveTextContent("Bạn chỉ có quyền xem nhiệm vụ này");
    expect(screen.queryByTestId("task-actions")).toBeNull();
  });

  it("reloads with the newer version after a stale refusal", async () => {
    mocked.taskDetail.mockResolvedValue(makeDetail({ state: "in_progress" }, { pending_extension: null }));
    mocked.applyAction.mockRejectedValueOnce({ code: "stale", message: "Nhiệm vụ vừa được người khác cập nhật." });
    const { user } = await renderDetail({ profile: OFFICE_PROFILE });
    await user.click(screen.getByTestId("action-cancel"));
    await user.type(document.getElementById("action-reason")!, "Không còn phù hợp");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenLastCalledWith("t1", 5, { type: "cancel", reason: "Không còn phù hợp", withdrawn: false });

    mocked.taskDetail.mockResolvedValue(makeDetail({ state: "in_progress", version: 9 }, { pending_extension: null }));
    await user.click(await screen.findByRole("button", { name: "Tải lại" }));
    await waitFor(() => expect(mocked.taskDetail).toHaveBeenCalledTimes(2));
    mocked.applyAction.mockResolvedValue(makeTask({ state: "cancelled", version: 10 }));
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenLastCalledWith("t1", 9, { type: "cancel", reason: "Không còn phù hợp", withdrawn: false });
  });

  it("shows a failure to load with a way to try again", async () => {
    mocked.taskDetail.mockRejectedValueOnce({ code: "not_found", message: "Không tìm thấy nhiệm vụ." });
    renderWithSession(<TaskDetail taskId="t1" onClose={vi.fn()} />);
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Không tìm thấy nhiệm vụ.");
    await userEvent.click(screen.getByRole("button", { name: "Tải lại" }));
    expect(await screen.findByTestId("task-description")).toBeInTheDocument();
  });
});
