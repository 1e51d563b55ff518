import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { RegisterPage } from "../bindings/RegisterPage";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { Task } from "../bindings/Task";
import type { TaskDetail } from "../bindings/TaskDetail";
import type { TimelineEntry } from "../bindings/TimelineEntry";
import { emptyQuery } from "../components/TaskList";
import { makeRow } from "../test/fixtures";
import { OFFICE_PROFILE, renderWithSession, UNIT_PROFILE } from "../test/session";
import { ReviewQueue } from "./ReviewQueue";

vi.mock("../api");
const mocked = vi.mocked(api);

const REPORT = (number: string, explanation: string, file: string | null): TimelineEntry => ({
  at: "2026-03-07T09:30:00Z",
  actor_id: "p-health",
  actor_name: "Lê Văn Hùng",
  event: {
    type: "result_submitted",
    reply_kind: "official_letter",
    reply_number: number,
    reply_symbol: "SYT-KH",
    reply_summary: "Báo cáo kết quả phòng chống dịch",
    reply_issued_on: "2026-03-07",
    reply_signer: "Nguyễn Văn A",
    outcome: "completed",
    completed_on: "2026-03-06",
    explanation,
    attachment: file ? { sha256: "f1", file_name: file, size: 3000 } : null,
  },
});

function makeDetail(task: Partial<Task>, rest: Partial<TaskDetail> = {}): TaskDetail {
  return {
    task: {
      id: "s-1",
      document_id: "d1",
      description: "Tổ chức tiêm chủng mở rộng",
      follow_up_content: "",
      lead_unit_id: "u-health",
      coordinating_unit_ids: [],
      follow_up_officer_id: "p-office",
      director: null,
      direction_notes: "",
      original_deadline: "2026-03-05",
      deadline: "2026-03-05",
      must_report: true,
      origin: "qc45",
      classification: "a",
      state: "submitted",
      assigned_at: "2026-03-01T02:00:00Z",
      accepted_at: "2026-03-02T02:00:00Z",
      completed_submitted_at: null,
      completed_reviewed_at: null,
      cancelled_at: null,
      rejection_count: 0,
      version: 4,
      ...task,
    },
    document: {
      id: "d1",
      kind: "plan",
      number: "45",
      symbol: "KH-UBND",
      issued_on: "2026-02-20",
      summary: "",
      signer_name: "",
      signer_title: "",
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
    status: "overdue",
    status_label: "Chưa hoàn thành quá hạn",
    due_soon: false,
    pending_extension: null,
    timeline: [],
    audit: [],
    result_files: [],
    ...rest,
  };
}

const SUBMITTED = makeDetail(
  {},
  {
    timeline: [
      REPORT("10", "Lần 1", null),
      {
        at: "2026-03-08T01:00:00Z",
        actor_id: "p-office",
        actor_name: "Trần Thị Thu",
        event: { type: "reviewed", passed: false, comment: "Thiếu số liệu", late: false },
      },
      {
        at: "2026-03-08T03:00:00Z",
        actor_id: "p-health",
        actor_name: "Lê Văn Hùng",
        event: { type: "progress", text: "Đã bổ sung số liệu", difficulties: "Thiếu vắc-xin", proposals: "Cấp bổ sung", delay_reasons: "" },
      },
      REPORT("12", "Đã tiêm cho 95% trẻ", "bao-cao-12.pdf"),
    ],
  },
);

const RETURNED = makeDetail(
  { id: "r-1", state: "returned" },
  {
    timeline: [
      { at: "2026-03-02T03:00:00Z", actor_id: "p-health", actor_name: "Lê Văn Hùng", event: { type: "returned", reason: "Không thuộc chức năng của Sở" } },
    ],
  },
);

const EXTENSION = makeDetail(
  { id: "e-1", state: "in_progress" },
  { pending_extension: { requested_at: "2026-03-09T02:00:00Z", proposed_deadline: "2026-04-20", reason: "Chờ kinh phí bổ sung" } },
);

function fakeQueues(query: RegisterQuery): Promise<RegisterPage> {
  const page = (rows: ReturnType<typeof makeRow>[]): RegisterPage => ({ rows, total: rows.length, offset: 0, as_of: "2026-03-10" });
  if (query.extension_requested) return Promise.resolve(page([makeRow(5, { id: "e-1", extension_requested: true })]));
  if (query.states[0] === "returned") return Promise.resolve(page([makeRow(4, { id: "r-1", state: "returned" })]));
  return Promise.resolve(page([makeRow(0, { id: "s-1", state: "submitted" }), makeRow(1, { id: "s-2", state: "submitted" })]));
}

beforeEach(() => {
  mocked.listTasks.mockImplementation(fakeQueues);
  mocked.taskDetail.mockImplementation(async (id: string) => ({ "s-1": SUBMITTED, "r-1": RETURNED, "e-1": EXTENSION })[id]!);
  mocked.applyAction.mockResolvedValue({ id: "any" } as Task);
  mocked.openAttachment.mockResolvedValue(null);
});

describe("ReviewQueue", () => {
  it("is only for the office", () => {
    renderWithSession(<ReviewQueue />, { profile: UNIT_PROFILE });
    expect(screen.getByTestId("review-queue")).toHaveTextContent("Màn hình này dành cho Văn phòng");
    expect(mocked.listTasks).not.toHaveBeenCalled();
  });

  it("asks for the three queues and shows their counts", async () => {
    renderWithSession(<ReviewQueue />, { profile: OFFICE_PROFILE });
    await waitFor(() => expect(screen.getAllByTestId("review-row")).toHaveLength(2));
    expect(mocked.listTasks).toHaveBeenCalledWith({ ...emptyQuery(), states: ["submitted"] });
    expect(mocked.listTasks).toHaveBeenCalledWith({ ...emptyQuery(), states: ["returned"] });
    expect(mocked.listTasks).toHaveBeenCalledWith({ ...emptyQuery(), extension_requested: true });
    expect(screen.getByTestId("tab-count-submitted")).toHaveTextContent("2");
    expect(screen.getByTestId("tab-count-returned")).toHaveTextContent("1");
    expect(screen.getByTestId("tab-count-extension")).toHaveTextContent("1");
  });

  it("shows the task beside the unit's latest report and progress", async () => {
    const user = userEvent.setup();
    renderWithSession(<ReviewQueue />, { profile: OFFICE_PROFILE });
    await user.click((await screen.findAllByTestId("review-row"))[0]);
    expect(mocked.taskDetail).toHaveBeenCalledWith("s-1");
    const task = await screen.findByTestId("review-task");
    expect(task).toHaveTextContent("Tổ chức tiêm chủng mở rộng");
    expect(task).toHaveTextContent("05/03/2026");
    expect(within(task).getByTestId("review-status")).toHaveTextContent("Chưa hoàn thành quá hạn");
    expect(within(task).getByTestId("review-status")).toHaveClass("row-overdue");

    const report = screen.getByTestId("review-report");
    expect(report).toHaveTextContent("07/03/2026 16:30");
    expect(report).toHaveTextContent("Công văn số 12/SYT-KH ngày 07/03/2026");
    expect(report).not.toHaveTextContent("Công văn số 10/SYT-KH");
    expect(report).toHaveTextContent("Đã hoàn thành");
    expect(report).toHaveTextContent("06/03/2026");
    expect(report).toHaveTextContent("Đã tiêm cho 95% trẻ");
    expect(within(screen.getByTestId("review-progress")).getByText("Đã bổ sung số liệu")).toBeInTheDocument();
    expect(screen.getByTestId("review-progress")).toHaveTextContent("Thiếu vắc-xin");

    await user.click(within(report).getByRole("button", { name: "Mở" }));
    expect(mocked.openAttachment).toHaveBeenCalledWith({ sha256: "f1", file_name: "bao-cao-12.pdf", size: 3000 });

    expect(screen.getByTestId("action-review-pass")).toHaveTextContent("Đạt");
    expect(screen.getByTestId("action-review-fail")).toHaveTextContent("Không đạt");
    expect(screen.queryByTestId("action-extend")).toBeNull();
  });

  it("rejects a result with a comment and drops it from the queue", async () => {
    const user = userEvent.setup();
    renderWithSession(<ReviewQueue />, { profile: OFFICE_PROFILE });
    await user.click((await screen.findAllByTestId("review-row"))[0]);
    await user.click(await screen.findByTestId("action-review-fail"));
    await user.type(document.getElementById("action-comment")!, "Chưa có số liệu cấp xã");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("s-1", 4, { type: "review", passed: false, comment: "Chưa có số liệu cấp xã" });
    await waitFor(() => expect(screen.queryByTestId("review-compare")).toBeNull());
  });

  it("shows why a unit returned a task, with Giao lại", async () => {
    const user = userEvent.setup();
    renderWithSession(<ReviewQueue />, { profile: OFFICE_PROFILE });
    await screen.findAllByTestId("review-row");
    await user.click(screen.getByTestId("tab-returned"));
    await user.click(screen.getByTestId("review-row"));
    const returned = await screen.findByTestId("review-returned");
    expect(returned).toHaveTextContent("Không thuộc chức năng của Sở");
    expect(returned).toHaveTextContent("02/03/2026 10:00");
    expect(screen.getByTestId("action-reassign")).toHaveTextContent("Giao lại");
    expect(screen.queryByTestId("action-review-pass")).toBeNull();
  });

  it("shows an extension request with approve and refuse", async () => {
    const user = userEvent.setup();
    renderWithSession(<ReviewQueue />, { profile: OFFICE_PROFILE });
    await screen.findAllByTestId("review-row");
    await user.click(screen.getByTestId("tab-extension"));
    const row = screen.getByTestId("review-row");
    row.focus();
    await user.keyboard("{Enter}");
    const request = await screen.findByTestId("review-extension");
    expect(request).toHaveTextContent("20/04/2026");
    expect(request).toHaveTextContent("Chờ kinh phí bổ sung");
    await user.click(screen.getByTestId("action-approve-extension"));
    expect(document.getElementById("action-new-deadline")).toHaveValue("20/04/2026");
    expect(screen.getByTestId("action-refuse-extension")).toBeInTheDocument();
  });
});
