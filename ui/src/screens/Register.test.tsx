import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { fakeRegister, UNITS } from "../test/fixtures";
import { renderWithSession } from "../test/session";
import { Register } from "./Register";
import { SessionContext } from "../session";
import { DEFAULT_FILTERS } from "../state/filters";

vi.mock("../api");

const mocked = vi.mocked(api);

beforeEach(() => {
  mocked.listUnits.mockResolvedValue(UNITS);
  mocked.listTasks.mockImplementation(
    fakeRegister(1234, {
      1: { status: "overdue", status_label: "Chưa hoàn thành quá hạn", deadline: "2026-02-01", original_deadline: "2026-02-01" },
      2: { due_soon: true, deadline: "2026-03-12", original_deadline: "2026-03-12" },
      3: { status: "no_deadline", status_label: "Không thời hạn", deadline: null, original_deadline: null, classification_code: "QC42_c" },
      4: { deadline: "2026-05-15", original_deadline: "2026-04-15" },
    }),
  );
});

async function renderRegister() {
  renderWithSession(<Register />);
  await waitFor(() => expect(screen.getAllByTestId("task-row").length).toBeGreaterThan(4));
}

describe("Register", () => {
  it("shows the register's title", async () => {
    await renderRegister();
    expect(screen.getByRole("heading", { name: "Sổ theo dõi nhiệm vụ" })).toBeInTheDocument();
  });

  it("renders rows from the api and the formatted total", async () => {
    await renderRegister();
    expect(screen.getByTestId("task-register")).toBeInTheDocument();
    expect(screen.getByTestId("register-total")).toHaveTextContent("Tổng: 1.234 nhiệm vụ");
    const first = screen.getAllByTestId("task-row")[0];
    expect(within(first).getByText("100/QĐ-UBND")).toBeInTheDocument();
    expect(within(first).getByText("Sở Y tế")).toBeInTheDocument();
    expect(within(first).getByText("30/04/2026")).toBeInTheDocument();
    expect(within(first).getByText("Đang thực hiện trong hạn")).toBeInTheDocument();
    expect(mocked.listTasks).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 200, status: null, search: null, sort: "deadline" }),
    );
  });

  it("colours rows by the status the back end sent", async () => {
    await renderRegister();
    const rows = screen.getAllByTestId("task-row");
    expect(rows[1]).toHaveClass("row-overdue");
    expect(rows[0]).not.toHaveClass("row-overdue");
    expect(rows[2]).toHaveClass("row-due-soon");
    expect(rows[3]).toHaveClass("row-no-deadline");
  });

  it("shows missing and extended deadlines", async () => {
    await renderRegister();
    const rows = screen.getAllByTestId("task-row");
    expect(within(rows[3]).getAllByText("Không thời hạn")).toHaveLength(2);
    expect(within(rows[3]).getByText("QC42_c")).toBeInTheDocument();
    expect(rows[4]).toHaveTextContent("15/05/2026 (gia hạn)");
    expect(rows[0]).not.toHaveTextContent("gia hạn");
  });

  it("renders only the visible rows of a million", async () => {
    mocked.listTasks.mockImplementation(fakeRegister(1_000_000));
    await renderRegister();
    expect(screen.getByTestId("register-total")).toHaveTextContent("Tổng: 1.000.000 nhiệm vụ");
    expect(screen.getAllByTestId("task-row").length).toBeLessThan(80);
  });

  it("fetches the page under the scroll position", async () => {
    mocked.listTasks.mockImplementation(fakeRegister(1_000_000));
    await renderRegister();
    const table = screen.getByTestId("task-register");
    Object.defineProperty(table, "scrollTop", { configurable: true, writable: true, value: 4_000_000 });
    fireEvent.scroll(table);
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenCalledWith(expect.objectContaining({ offset: expect.any(Number) })),
    );
    await waitFor(() => {
      const offsets = mocked.listTasks.mock.calls.map(([q]) => q.offset);
      expect(offsets.some((o) => o > 480_000 && o < 520_000)).toBe(true);
    });
    // Later pages ask for the same as-of date as the first.
    const asOfs = mocked.listTasks.mock.calls.slice(1).map(([q]) => q.as_of);
    expect(asOfs.every((d) => d === "2026-03-10")).toBe(true);
    await waitFor(() => {
      const indices = screen.getAllByTestId("task-row").map((r) => Number(r.getAttribute("aria-rowindex")) - 2);
      expect(Math.min(...indices)).toBeGreaterThan(480_000);
    });
  });

  it("shows the message of a rejected call in the error banner", async () => {
    mocked.listTasks.mockRejectedValue({ code: "database", message: "Không đọc được cơ sở dữ liệu." });
    renderWithSession(<Register />);
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Không đọc được cơ sở dữ liệu.");
    expect(banner).not.toHaveTextContent("{");
    expect(banner).not.toHaveTextContent("database");
  });

  it("picks a unit from the searchable tree, accent-insensitive, with sub-units optional", async () => {
    await renderRegister();
    const user = userEvent.setup();
    const picker = screen.getByRole("combobox", { name: "Đơn vị" });
    expect(picker).toHaveValue("Tất cả đơn vị");
    await user.click(picker);
    const list = () => within(screen.getByRole("listbox", { name: "Đơn vị" }));
    const options = list().getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["Tất cả đơn vị", "Văn phòng UBND tỉnh", "Sở Y tế", "Phòng Kế hoạch - Tài chính"]);
    await user.type(picker, "so y te");
    expect(list().getAllByRole("option").map((o) => o.textContent)).toEqual(["Sở Y tế"]);
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(
        expect.objectContaining({ unit_id: "u-health", include_sub_units: true, offset: 0 }),
      ),
    );
    expect(picker).toHaveValue("Sở Y tế");
    await user.click(screen.getByLabelText("gồm đơn vị trực thuộc"));
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(
        expect.objectContaining({ unit_id: "u-health", include_sub_units: false }),
      ),
    );
  });

  it("filters by workflow step and follow-up officer", async () => {
    await renderRegister();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Bước xử lý"), "submitted");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ states: ["submitted"] })));
    await user.selectOptions(screen.getByLabelText("Chuyên viên theo dõi"), "p-office");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ follow_up_officer_id: "p-office" })),
    );
  });

  it("starts from the filters it is opened with and shows them as removable conditions", async () => {
    renderWithSession(
      <Register
        initialFilters={{
          ...DEFAULT_FILTERS,
          status: "done_on_time",
          assignedFrom: "2026-01-01",
          assignedTo: "2026-03-31",
          asOf: "2026-03-31",
        }}
      />,
    );
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenCalledWith(
        expect.objectContaining({ status: "done_on_time", assigned_from: "2026-01-01", assigned_to: "2026-03-31", as_of: "2026-03-31" }),
      ),
    );
    expect(screen.getByTestId("preset-period")).toHaveTextContent("Giao từ 01/01/2026 đến 31/03/2026");
    await userEvent.setup().click(within(screen.getByTestId("preset-period")).getByRole("button"));
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ assigned_from: null, assigned_to: null })),
    );
  });

  it("lets the user choose the columns, remembered", async () => {
    await renderRegister();
    const user = userEvent.setup();
    expect(screen.queryByRole("columnheader", { name: "Chuyên viên theo dõi" })).not.toBeInTheDocument();
    await user.click(screen.getByTestId("column-chooser"));
    await user.click(within(screen.getByRole("group", { name: "Cột hiển thị" })).getByLabelText("Chuyên viên theo dõi"));
    expect(screen.getByRole("columnheader", { name: "Chuyên viên theo dõi" })).toBeInTheDocument();
    await user.click(within(screen.getByRole("group", { name: "Cột hiển thị" })).getByLabelText("Phân loại"));
    expect(screen.queryByRole("columnheader", { name: "Phân loại" })).not.toBeInTheDocument();
    expect(JSON.parse(window.localStorage.getItem("nhiemvu.register.columns.v1") ?? "[]")).toContain("officer");
  });

  it("opens a task with a click or Enter", async () => {
    const { session } = renderWithSession(<Register />);
    await waitFor(() => expect(screen.getAllByTestId("task-row").length).toBeGreaterThan(4));
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("task-row")[2]);
    expect(session.openTask).toHaveBeenCalledWith("task-2");
    screen.getAllByTestId("task-row")[3].focus();
    await user.keyboard("{Enter}");
    expect(session.openTask).toHaveBeenLastCalledWith("task-3");
  });

  it("fetches the rows on screen again after a write, keeping the old ones meanwhile", async () => {
    const view = renderWithSession(<Register />);
    await waitFor(() => expect(screen.getAllByTestId("task-row").length).toBeGreaterThan(4));
    mocked.listTasks.mockClear();
    view.rerender(
      <SessionContext.Provider value={{ ...view.session, dataVersion: 1 }}>
        <Register />
      </SessionContext.Provider>,
    );
    expect(screen.getAllByTestId("task-row").length).toBeGreaterThan(4);
    await waitFor(() => expect(mocked.listTasks).toHaveBeenCalledWith(expect.objectContaining({ offset: 0 })));
  });

  it("focuses the search box with / and Ctrl+F, and Esc clears it", async () => {
    await renderRegister();
    const search = screen.getByTestId("search");
    const user = userEvent.setup();
    await user.keyboard("/");
    expect(search).toHaveFocus();
    await user.type(search, "ke hoach");
    expect(search).toHaveValue("ke hoach");
    await user.keyboard("{Escape}");
    expect(search).toHaveValue("");
    act(() => search.blur());
    fireEvent.keyDown(window, { key: "f", ctrlKey: true });
    expect(search).toHaveFocus();
  });

  it("remembers the filters in localStorage", async () => {
    const user = userEvent.setup();
    const first = renderWithSession(<Register />);
    await user.selectOptions(screen.getByLabelText("Trạng thái"), "due_soon");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ status: "due_soon" })));
    first.unmount();
    mocked.listTasks.mockClear();
    renderWithSession(<Register />);
    expect(screen.getByLabelText("Trạng thái")).toHaveValue("due_soon");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenCalled());
    expect(mocked.listTasks.mock.calls[0][0].status).toBe("due_soon");
  });
});
