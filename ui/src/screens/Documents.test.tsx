import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Document } from "../bindings/Document";
import type { DocumentPage } from "../bindings/DocumentPage";
import type { DocumentQuery } from "../bindings/DocumentQuery";
import type { DocumentRow } from "../bindings/DocumentRow";
import { SessionContext } from "../session";
import { documentTasksQuery } from "../state/documentFilters";
import { makeRow } from "../test/fixtures";
import { renderWithSession, UNIT_PROFILE } from "../test/session";
import { Documents } from "./Documents";

vi.mock("../api");
const mocked = vi.mocked(api);

function docRow(index: number, overrides: Partial<DocumentRow> = {}): DocumentRow {
  return {
    id: `doc-${index}`,
    kind: "decision",
    full_number: `${100 + index}/QĐ-UBND`,
    issued_on: "2026-02-05",
    summary: `Về việc triển khai nhiệm vụ số ${index + 1}`,
    signer_name: "Nguyễn Văn Minh",
    issuer: "chairman",
    urgency: "normal",
    origin: "qc45",
    entered_late: false,
    task_count: 3,
    attachment_count: 0,
    ...overrides,
  };
}

/** A fake list_documents over `total` rows, with per-row overrides. */
function fakeDocuments(total: number, special: Record<number, Partial<DocumentRow>> = {}) {
  return async (query: DocumentQuery): Promise<DocumentPage> => {
    const rows: DocumentRow[] = [];
    for (let i = query.offset; i < Math.min(total, query.offset + query.limit); i++) rows.push(docRow(i, special[i]));
    return { rows, total, offset: query.offset };
  };
}

const DOC: Document = {
  id: "doc-0",
  kind: "decision",
  number: "100",
  symbol: "QĐ-UBND",
  issued_on: "2026-02-05",
  summary: "Về việc triển khai nhiệm vụ số 1",
  signer_name: "Nguyễn Văn Minh",
  signer_title: "Phó Chủ tịch",
  issuer: "chairman",
  submitting_agency: "Sở Nội vụ",
  director: null,
  drafter: "Lê Thị Hoa",
  urgency: "flash",
  origin: "qc45",
  entered_at: "2026-02-06T01:30:00Z",
  entered_by: "p-office",
  entered_late: true,
  attachments: [{ sha256: "ab12", file_name: "quyet-dinh-100.pdf", size: 40960 }],
  version: 1,
};

// The unit picker closes its list 150 ms after a blur: let that happen inside the test.
let usedPicker = false;
afterEach(async () => {
  if (!usedPicker) return;
  usedPicker = false;
  await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
});

function lastQuery(): DocumentQuery {
  const calls = mocked.listDocuments.mock.calls;
  return calls[calls.length - 1][0];
}

async function renderScreen(overrides: Parameters<typeof renderWithSession>[1] = {}) {
  const result = renderWithSession(<Documents />, overrides);
  await waitFor(() => expect(screen.getAllByTestId("document-row").length).toBeGreaterThan(0));
  return result;
}

beforeEach(() => {
  mocked.listDocuments.mockImplementation(fakeDocuments(1234, { 1: { entered_late: true, urgency: "flash", origin: "qc42", task_count: 12 } }));
  mocked.getDocument.mockImplementation(async (id: string) => ({ ...DOC, id }));
  mocked.listTasks.mockResolvedValue({
    rows: [
      makeRow(0, { document_id: "doc-0" }),
      makeRow(1, { document_id: "doc-0", status: "overdue", status_label: "Chưa hoàn thành quá hạn", deadline: "2026-02-01" }),
      makeRow(2, { document_id: "doc-0", due_soon: true, deadline: "2026-03-12" }),
      makeRow(3, { document_id: "doc-0", status: "no_deadline", status_label: "Không thời hạn", deadline: null }),
    ],
    total: 4,
    offset: 0,
    as_of: "2026-03-10",
  });
  mocked.openAttachment.mockResolvedValue(null);
});

describe("Documents", () => {
  it("lists a page of documents with the formatted total", async () => {
    await renderScreen();
    expect(screen.getByRole("heading", { name: "Sổ theo dõi văn bản chỉ đạo" })).toBeInTheDocument();
    expect(mocked.listDocuments).toHaveBeenCalledTimes(1);
    expect(mocked.listDocuments).toHaveBeenCalledWith({
      search: null,
      kind: null,
      issuer: null,
      origin: null,
      urgency: null,
      issued_from: null,
      issued_to: null,
      sort: "issued_desc",
      offset: 0,
      limit: 100,
    });
    const rows = screen.getAllByTestId("document-row");
    expect(rows).toHaveLength(100);
    expect(screen.getByTestId("documents-total")).toHaveTextContent("Tổng: 1.234 văn bản");
    const first = within(rows[0]);
    expect(first.getByText("100/QĐ-UBND")).toBeInTheDocument();
    expect(first.getByText("Quyết định")).toBeInTheDocument();
    expect(first.getByText("05/02/2026")).toBeInTheDocument();
    expect(first.getByText("Về việc triển khai nhiệm vụ số 1")).toBeInTheDocument();
    expect(first.getByText("Chủ tịch UBND tỉnh")).toBeInTheDocument();
    expect(first.getByText("Thường")).toBeInTheDocument();
    expect(first.getByText("QC45")).toBeInTheDocument();
    expect(rows[0]).not.toHaveTextContent("Vào sổ muộn");
    expect(rows[1]).toHaveTextContent("Vào sổ muộn");
    expect(rows[1]).toHaveTextContent("Hỏa tốc");
    expect(rows[1]).toHaveTextContent("QC42");
    expect(rows[1]).toHaveTextContent("12");
  });

  it("pages through the register 100 at a time", async () => {
    const user = userEvent.setup();
    await renderScreen();
    expect(screen.getByTestId("page-number")).toHaveTextContent("Trang 1/13");
    expect(screen.getByTestId("page-prev")).toBeDisabled();
    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(lastQuery().offset).toBe(100));
    expect(screen.getByTestId("page-number")).toHaveTextContent("Trang 2/13");
    await waitFor(() => expect(screen.getAllByTestId("document-row")[0]).toHaveTextContent("200/QĐ-UBND"));
    await user.click(screen.getByRole("button", { name: "Trang cuối" }));
    await waitFor(() => expect(lastQuery().offset).toBe(1200));
    await waitFor(() => expect(screen.getAllByTestId("document-row")).toHaveLength(34));
  });

  it("searches as you type, once the typing pauses, from the first page", async () => {
    const user = userEvent.setup();
    await renderScreen();
    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(lastQuery().offset).toBe(100));
    const before = mocked.listDocuments.mock.calls.length;

    const search = screen.getByTestId("doc-search");
    fireEvent.change(search, { target: { value: "q" } });
    fireEvent.change(search, { target: { value: "quang" } });
    fireEvent.change(search, { target: { value: "quang tri" } });
    expect(mocked.listDocuments).toHaveBeenCalledTimes(before);
    await waitFor(() => expect(lastQuery()).toMatchObject({ search: "quang tri", offset: 0 }));
    const searched = mocked.listDocuments.mock.calls.slice(before).map(([q]) => q.search);
    expect(searched).toEqual(["quang tri"]);

    // Esc clears the search at once.
    await user.type(search, "{Escape}");
    await waitFor(() => expect(lastQuery().search).toBeNull());
    expect(search).toHaveValue("");
  });

  it("sends the chosen kind, issuer, origin, urgency and sort", async () => {
    const user = userEvent.setup();
    await renderScreen();
    await user.selectOptions(screen.getByLabelText("Loại"), "plan");
    await user.selectOptions(screen.getByLabelText("Cơ quan ban hành"), "government");
    await user.selectOptions(screen.getByLabelText("Nguồn"), "qc42");
    await user.selectOptions(screen.getByLabelText("Độ khẩn"), "very_urgent");
    await user.selectOptions(screen.getByLabelText("Sắp xếp"), "entered_desc");
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        search: null,
        kind: "plan",
        issuer: "government",
        origin: "qc42",
        urgency: "very_urgent",
        issued_from: null,
        issued_to: null,
        sort: "entered_desc",
        offset: 0,
        limit: 100,
      }),
    );
  });

  it("filters by issue date, never sending an invalid or reversed range", async () => {
    const user = userEvent.setup();
    await renderScreen();
    const from = screen.getByLabelText("Ban hành từ ngày");
    const to = screen.getByLabelText("đến ngày");
    await user.type(from, "01/01/2026");
    await waitFor(() => expect(lastQuery().issued_from).toBe("2026-01-01"));

    await user.type(to, "31/02/2026");
    expect(to.closest(".form-field")).toHaveTextContent("Ngày không hợp lệ");
    await user.clear(to);
    await user.type(to, "31/12/2025");
    expect(to.closest(".form-field")).toHaveTextContent("Ngày kết thúc phải sau ngày bắt đầu.");
    await user.clear(to);
    await user.type(to, "31/03/2026");
    await waitFor(() => expect(lastQuery()).toMatchObject({ issued_from: "2026-01-01", issued_to: "2026-03-31", offset: 0 }));
    expect(to.closest(".form-field")).not.toHaveTextContent("Ngày");

    const sentTo = mocked.listDocuments.mock.calls.map(([q]) => q.issued_to);
    expect(sentTo.every((d) => d === null || d === "2026-03-31")).toBe(true);
  });

  it("remembers the filters in localStorage and starts from them next time", async () => {
    const user = userEvent.setup();
    const first = await renderScreen();
    await user.selectOptions(screen.getByLabelText("Loại"), "directive");
    await waitFor(() => expect(lastQuery().kind).toBe("directive"));
    const saved = JSON.parse(window.localStorage.getItem("nhiemvu.documents.filters.v1") ?? "{}");
    expect(saved).toMatchObject({ kind: "directive", sort: "issued_desc" });
    first.unmount();

    mocked.listDocuments.mockClear();
    await renderScreen();
    expect(mocked.listDocuments.mock.calls[0][0]).toMatchObject({ kind: "directive", offset: 0 });
    expect(screen.getByLabelText("Loại")).toHaveValue("directive");
  });

  it("ignores malformed remembered filters", async () => {
    window.localStorage.setItem("nhiemvu.documents.filters.v1", "{ not json");
    await renderScreen();
    expect(mocked.listDocuments.mock.calls[0][0]).toMatchObject({ kind: null, sort: "issued_desc", search: null });
  });

  it("clears every filter with 'Xóa bộ lọc'", async () => {
    window.localStorage.setItem(
      "nhiemvu.documents.filters.v1",
      JSON.stringify({ search: "ke hoach", urgency: "flash", issuedFrom: "2026-01-01" }),
    );
    const user = userEvent.setup();
    await renderScreen();
    expect(mocked.listDocuments.mock.calls[0][0]).toMatchObject({ search: "ke hoach", urgency: "flash", issued_from: "2026-01-01" });
    expect(screen.getByLabelText("Ban hành từ ngày")).toHaveValue("01/01/2026");
    await user.click(screen.getByRole("button", { name: "Xóa bộ lọc" }));
    await waitFor(() => expect(lastQuery()).toMatchObject({ search: null, urgency: null, issued_from: null }));
    expect(screen.getByTestId("doc-search")).toHaveValue("");
    expect(screen.getByLabelText("Ban hành từ ngày")).toHaveValue("");
  });

  it("shows the selected document's fields, files and tasks", async () => {
    const user = userEvent.setup();
    const { session } = await renderScreen();
    await user.click(screen.getAllByTestId("document-row")[0]);
    const detail = await screen.findByTestId("document-detail");
    await waitFor(() => expect(within(detail).getByText("Sở Nội vụ")).toBeInTheDocument());
    expect(mocked.getDocument).toHaveBeenCalledWith("doc-0");
    expect(mocked.listTasks).toHaveBeenCalledWith(documentTasksQuery("doc-0"));
    expect(detail).toHaveTextContent("Quyết định 100/QĐ-UBND");
    expect(detail).toHaveTextContent("Phó Chủ tịch");
    expect(detail).toHaveTextContent("Lê Thị Hoa");
    expect(detail).toHaveTextContent("Hỏa tốc");
    expect(detail).toHaveTextContent("08:30 ngày 06/02/2026");
    expect(detail).toHaveTextContent("Trần Thị Thu");
    expect(detail).toHaveTextContent("Vào sổ muộn");

    await user.click(within(detail).getByRole("button", { name: "Mở tệp quyet-dinh-100.pdf" }));
    expect(mocked.openAttachment).toHaveBeenCalledWith(DOC.attachments[0]);

    const tasks = within(detail).getAllByTestId("document-task");
    expect(tasks).toHaveLength(4);
    expect(tasks[0]).toHaveTextContent("Sở Y tế");
    expect(tasks[0]).toHaveTextContent("30/04/2026");
    expect(tasks[0]).not.toHaveClass("row-overdue");
    expect(tasks[1]).toHaveClass("row-overdue");
    expect(tasks[1]).toHaveTextContent("Chưa hoàn thành quá hạn");
    expect(tasks[2]).toHaveClass("row-due-soon");
    expect(tasks[3]).toHaveTextContent("Không thời hạn");
    await user.click(tasks[1]);
    expect(session.openTask).toHaveBeenCalledWith("task-1");
  });

  it("opens a document with Enter and moves between rows with the arrows", async () => {
    const user = userEvent.setup();
    await renderScreen();
    const rows = screen.getAllByTestId("document-row");
    rows[0].focus();
    await user.keyboard("{ArrowDown}");
    expect(rows[1]).toHaveFocus();
    await user.keyboard("{Enter}");
    await screen.findByTestId("document-detail");
    expect(mocked.getDocument).toHaveBeenCalledWith("doc-1");
    expect(rows[1]).toHaveAttribute("aria-selected", "true");
  });

  it("reloads the list and the open document when the data changes", async () => {
    const user = userEvent.setup();
    const { session, rerender } = await renderScreen();
    await user.click(screen.getAllByTestId("document-row")[0]);
    await waitFor(() => expect(mocked.getDocument).toHaveBeenCalledTimes(1));
    const lists = mocked.listDocuments.mock.calls.length;
    rerender(
      <SessionContext.Provider value={{ ...session, dataVersion: 1 }}>
        <Documents />
      </SessionContext.Provider>,
    );
    await waitFor(() => expect(mocked.listDocuments).toHaveBeenCalledTimes(lists + 1));
    await waitFor(() => expect(mocked.getDocument).toHaveBeenCalledTimes(2));
    expect(mocked.listTasks).toHaveBeenCalledTimes(2);
  });

  it("shows a failed load in the error banner", async () => {
    mocked.listDocuments.mockRejectedValue({ code: "database", message: "Không đọc được cơ sở dữ liệu." });
    renderWithSession(<Documents />);
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Không đọc được cơ sở dữ liệu.");
    expect(screen.getByTestId("documents-total")).toHaveTextContent("Tổng: —");
  });

  it("lets the office register a document from the button, then selects it", async () => {
    mocked.registerDocument.mockResolvedValue([{ ...DOC, id: "doc-new" }, []]);
    const user = userEvent.setup();
    await renderScreen();
    await user.click(screen.getByTestId("new-document"));
    expect(screen.getByTestId("document-form")).toBeInTheDocument();
    await user.click(screen.getByTestId("save-document"));
    await waitFor(() => expect(screen.queryByTestId("document-form")).not.toBeInTheDocument());
    await screen.findByTestId("document-detail");
    expect(mocked.getDocument).toHaveBeenCalledWith("doc-new");
  });

  it("opens the form on the shell's 'nhiemvu:new-document' event", async () => {
    await renderScreen();
    expect(screen.queryByTestId("document-form")).not.toBeInTheDocument();
    act(() => {
      window.dispatchEvent(new CustomEvent("nhiemvu:new-document"));
    });
    expect(screen.getByTestId("document-form")).toBeInTheDocument();
  });

  it("offers no create buttons to a unit user, and ignores the event", async () => {
    const user = userEvent.setup();
    await renderScreen({ profile: UNIT_PROFILE });
    expect(screen.queryByTestId("new-document")).not.toBeInTheDocument();
    act(() => {
      window.dispatchEvent(new CustomEvent("nhiemvu:new-document"));
    });
    expect(screen.queryByTestId("document-form")).not.toBeInTheDocument();
    await user.click(screen.getAllByTestId("document-row")[0]);
    const detail = await screen.findByTestId("document-detail");
    await waitFor(() => expect(within(detail).getAllByTestId("document-task")).toHaveLength(4));
    expect(screen.queryByTestId("add-tasks")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Thêm nhiệm vụ" })).not.toBeInTheDocument();
  });

  it("adds tasks to the open document", async () => {
    const user = userEvent.setup();
    mocked.addTasks.mockResolvedValue([]);
    await renderScreen();
    await user.click(screen.getAllByTestId("document-row")[0]);
    await user.click(await screen.findByTestId("add-tasks"));
    const dialog = screen.getByTestId("add-tasks-dialog");
    expect(dialog).toHaveTextContent("Thêm nhiệm vụ cho văn bản 100/QĐ-UBND");

    // A refusal without an item, with one task, lands on that task's field.
    mocked.addTasks.mockRejectedValueOnce({ code: "invalid.lead_unit_id", message: "Vui lòng chọn một đơn vị chủ trì.", field: "lead_unit_id" });
    await user.type(document.getElementById("task-0-description")!, "Rà soát, báo cáo");
    await user.click(screen.getByTestId("save-tasks"));
    await waitFor(() =>
      expect(document.getElementById("task-0-lead-unit")!.closest(".form-field")).toHaveTextContent("Vui lòng chọn một đơn vị chủ trì."),
    );
    expect(document.getElementById("task-0-description")).toHaveValue("Rà soát, báo cáo");

    usedPicker = true;
    await user.type(document.getElementById("task-0-lead-unit")!, "y te{Enter}");
    await user.type(document.getElementById("task-0-deadline")!, "15/04/2026");
    const tasksLoads = mocked.listTasks.mock.calls.length;
    await user.click(screen.getByTestId("save-tasks"));
    await waitFor(() => expect(screen.queryByTestId("add-tasks-dialog")).not.toBeInTheDocument());
    expect(mocked.addTasks).toHaveBeenLastCalledWith("doc-0", [
      {
        description: "Rà soát, báo cáo",
        follow_up_content: "",
        lead_unit_id: "u-health",
        coordinating_unit_ids: [],
        follow_up_officer_id: null,
        director: null,
        direction_notes: "",
        deadline: "2026-04-15",
        must_report: false,
      },
    ]);
    await waitFor(() => expect(mocked.listTasks.mock.calls.length).toBeGreaterThan(tasksLoads));
  });
});
