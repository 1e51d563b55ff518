import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { RegisterPage } from "../bindings/RegisterPage";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { Task } from "../bindings/Task";
import type { TaskRow } from "../bindings/TaskRow";
import { emptyQuery } from "../components/TaskList";
import { SessionContext } from "../session";
import { makeRow } from "../test/fixtures";
import { makeSession, OFFICE_PROFILE, renderWithSession, UNIT_PROFILE } from "../test/session";
import { Inbox } from "./Inbox";

vi.mock("../api");
const mocked = vi.mocked(api);

const NEW_ROWS = [
  makeRow(0, { id: "new-1", state: "assigned", status: "not_started", status_label: "Chưa thực hiện", description: "Rà soát quy hoạch bệnh viện" }),
  makeRow(1, { id: "new-2", state: "assigned", status: "not_started", status_label: "Chưa thực hiện", extension_requested: true }),
];
const WORKING_ROWS = [
  makeRow(2, { id: "w-1", status: "overdue", status_label: "Chưa hoàn thành quá hạn", deadline: "2026-03-01", original_deadline: "2026-03-01", rejection_count: 2 }),
  makeRow(3, { id: "w-2", due_soon: true, deadline: "2026-03-12", original_deadline: "2026-03-12" }),
];

/** A list_tasks answering by the states asked for; 250 tasks are done (three pages). */
function fakeQueues(query: RegisterQuery): Promise<RegisterPage> {
  const page = (rows: TaskRow[], total = rows.length): RegisterPage => ({ rows, total, offset: query.offset, as_of: "2026-03-10" });
  switch (query.states[0]) {
    case "assigned":
      return Promise.resolve(page(NEW_ROWS));
    case "in_progress":
      return Promise.resolve(page(WORKING_ROWS));
    case "done":
      return Promise.resolve(page([makeRow(100 + query.offset, { id: `done-${query.offset}`, state: "done" })], 250));
    default:
      return Promise.resolve(page([]));
  }
}

beforeEach(() => {
  mocked.listTasks.mockImplementation(fakeQueues);
  mocked.applyAction.mockResolvedValue({ id: "any" } as Task);
});

describe("emptyQuery", () => {
  it("sets every field to no condition, 100 rows from the first", () => {
    expect(emptyQuery()).toEqual({
      unit_id: null,
      include_sub_units: false,
      include_coordinating: false,
      status: null,
      states: [],
      extension_requested: false,
      classification: null,
      origin: null,
      deadline_from: null,
      deadline_to: null,
      assigned_from: null,
      assigned_to: null,
      follow_up_officer_id: null,
      document_id: null,
      search: null,
      as_of: null,
      sort: "deadline",
      offset: 0,
      limit: 100,
    });
  });
});

describe("Inbox", () => {
  it("is only for units", () => {
    renderWithSession(<Inbox />, { profile: OFFICE_PROFILE });
    expect(screen.getByTestId("inbox")).toHaveTextContent("Màn hình này dành cho cán bộ đơn vị");
    expect(mocked.listTasks).not.toHaveBeenCalled();
  });

  it("asks for the unit's tasks (its sub-units too) in each state, and shows the counts", async () => {
    renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    await waitFor(() => expect(screen.getAllByTestId("inbox-row")).toHaveLength(2));
    for (const state of ["assigned", "in_progress", "submitted", "done"]) {
      expect(mocked.listTasks).toHaveBeenCalledWith({
        ...emptyQuery(),
        unit_id: "u-health",
        include_sub_units: true,
        states: [state],
        sort: "deadline",
      });
    }
    expect(screen.getByTestId("tab-new")).toHaveTextContent("Nhiệm vụ mới");
    expect(screen.getByTestId("tab-count-new")).toHaveTextContent("2");
    expect(screen.getByTestId("tab-count-submitted")).toHaveTextContent("0");
    expect(screen.getByTestId("tab-count-done")).toHaveTextContent("250");
    const first = screen.getAllByTestId("inbox-row")[0];
    expect(first).toHaveTextContent("100/QĐ-UBND");
    expect(first).toHaveTextContent("Rà soát quy hoạch bệnh viện");
    expect(first).toHaveTextContent("30/04/2026");
    expect(within(screen.getAllByTestId("inbox-row")[1]).getByTestId("badge-extension")).toHaveTextContent("Đề nghị gia hạn");
  });

  it("accepts a new task right from the list and reloads", async () => {
    const user = userEvent.setup();
    const { session } = renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    const row = (await screen.findAllByTestId("inbox-row"))[0];
    const calls = mocked.listTasks.mock.calls.length;
    await user.click(within(row).getByTestId("inbox-accept"));
    expect(mocked.applyAction).toHaveBeenCalledWith("new-1", 1, { type: "accept" });
    expect(session.openTask).not.toHaveBeenCalled();
    await waitFor(() => expect(mocked.listTasks.mock.calls.length).toBeGreaterThan(calls));
  });

  it("shows a refused acceptance", async () => {
    mocked.applyAction.mockRejectedValue({ code: "illegal_transition", message: "Nhiệm vụ đã được tiếp nhận." });
    const user = userEvent.setup();
    renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    const row = (await screen.findAllByTestId("inbox-row"))[0];
    await user.click(within(row).getByTestId("inbox-accept"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Nhiệm vụ đã được tiếp nhận.");
  });

  it("returns a new task with a reason from the list", async () => {
    const user = userEvent.setup();
    renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    const row = (await screen.findAllByTestId("inbox-row"))[1];
    await user.click(within(row).getByTestId("inbox-return"));
    await user.type(document.getElementById("action-reason")!, "Không thuộc thẩm quyền");
    await user.click(screen.getByTestId("action-confirm"));
    expect(mocked.applyAction).toHaveBeenCalledWith("new-2", 1, { type: "return", reason: "Không thuộc thẩm quyền" });
    await waitFor(() => expect(screen.queryByTestId("action-dialog")).toBeNull());
  });

  it("opens a task by click or Enter", async () => {
    const user = userEvent.setup();
    const { session } = renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    const rows = await screen.findAllByTestId("inbox-row");
    await user.click(within(rows[0]).getByText("Rà soát quy hoạch bệnh viện"));
    expect(session.openTask).toHaveBeenCalledWith("new-1");
    rows[1].focus();
    await user.keyboard("{Enter}");
    expect(session.openTask).toHaveBeenCalledWith("new-2");
  });

  it("shows the tasks in progress with the urgency colours and no quick buttons", async () => {
    const user = userEvent.setup();
    renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    await screen.findAllByTestId("inbox-row");
    await user.click(screen.getByTestId("tab-in_progress"));
    const rows = screen.getAllByTestId("inbox-row");
    expect(rows[0]).toHaveClass("row-overdue");
    expect(rows[0]).toHaveTextContent("Chưa hoàn thành quá hạn");
    expect(within(rows[0]).getByTestId("badge-rejected")).toHaveTextContent("Không đạt 2 lần");
    expect(rows[1]).toHaveClass("row-due-soon");
    expect(screen.queryByTestId("inbox-accept")).toBeNull();
  });

  it("pages by 100", async () => {
    const user = userEvent.setup();
    renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    await screen.findAllByTestId("inbox-row");
    await user.click(screen.getByTestId("tab-done"));
    expect(screen.getByText("1–1 / 250 nhiệm vụ")).toBeInTheDocument();
    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("inbox-row")).toHaveAttribute("data-task-id", "done-100"));
    expect(mocked.listTasks).toHaveBeenCalledWith(expect.objectContaining({ states: ["done"], offset: 100, limit: 100 }));
    await user.click(screen.getByRole("button", { name: "3" }));
    await waitFor(() => expect(screen.getByTestId("inbox-row")).toHaveAttribute("data-task-id", "done-200"));
    expect(screen.getByTestId("page-next")).toBeDisabled();
  });

  it("reloads when the data version moves", async () => {
    const { rerender } = renderWithSession(<Inbox />, { profile: UNIT_PROFILE });
    await screen.findAllByTestId("inbox-row");
    const calls = mocked.listTasks.mock.calls.length;
    rerender(
      <SessionContext.Provider value={makeSession({ profile: UNIT_PROFILE, dataVersion: 1 })}>
        <Inbox />
      </SessionContext.Provider>,
    );
    await waitFor(() => expect(mocked.listTasks.mock.calls.length).toBe(calls + 4));
  });
});
