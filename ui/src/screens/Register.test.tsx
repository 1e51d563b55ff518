import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { fakeRegister, INFO, UNITS } from "../test/fixtures";
import { Register } from "./Register";

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
  render(<Register info={INFO} />);
  await waitFor(() => expect(screen.getAllByTestId("task-row").length).toBeGreaterThan(4));
}

describe("Register", () => {
  it("shows the header with the database path and today's date", async () => {
    await renderRegister();
    expect(screen.getByRole("heading", { name: "Sổ theo dõi nhiệm vụ" })).toBeInTheDocument();
    expect(screen.getByText(INFO.db_path)).toBeInTheDocument();
    expect(screen.getByText("10/03/2026")).toBeInTheDocument();
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
    render(<Register info={INFO} />);
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Không đọc được cơ sở dữ liệu.");
    expect(banner).not.toHaveTextContent("{");
    expect(banner).not.toHaveTextContent("database");
  });

  it("fills the unit list in the order given, with 'Tất cả đơn vị' first", async () => {
    await renderRegister();
    const select = screen.getByLabelText("Đơn vị") as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(4));
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual([
      "Tất cả đơn vị",
      "Văn phòng UBND tỉnh",
      "Sở Y tế",
      "Phòng Kế hoạch - Tài chính",
    ]);
    const user = userEvent.setup();
    await user.selectOptions(select, "u-health");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(
        expect.objectContaining({ unit_id: "u-health", include_sub_units: true, offset: 0 }),
      ),
    );
    await user.click(screen.getByLabelText("gồm đơn vị trực thuộc"));
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(
        expect.objectContaining({ unit_id: "u-health", include_sub_units: false }),
      ),
    );
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
    const first = render(<Register info={INFO} />);
    await user.selectOptions(screen.getByLabelText("Trạng thái"), "due_soon");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ status: "due_soon" })));
    first.unmount();
    mocked.listTasks.mockClear();
    render(<Register info={INFO} />);
    expect(screen.getByLabelText("Trạng thái")).toHaveValue("due_soon");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenCalled());
    expect(mocked.listTasks.mock.calls[0][0].status).toBe("due_soon");
  });
});
