import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { Register } from "../screens/Register";
import { fakeRegister, UNITS } from "../test/fixtures";
import { renderWithSession } from "../test/session";

vi.mock("../api");

const mocked = vi.mocked(api);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  mocked.listUnits.mockResolvedValue(UNITS);
  mocked.listTasks.mockImplementation(fakeRegister(50));
});

async function setup() {
  const user = userEvent.setup();
  renderWithSession(<Register />);
  await waitFor(() => expect(screen.getByTestId("register-total")).toHaveTextContent("Tổng: 50 nhiệm vụ"));
  mocked.listTasks.mockClear();
  return user;
}

describe("FilterBar", () => {
  it("has the search box with its placeholder", async () => {
    await setup();
    expect(screen.getByTestId("search")).toHaveAttribute("placeholder", "Tìm kiếm (không cần dấu)…");
  });

  it("shows a message for an invalid date and does not query", async () => {
    const user = await setup();
    await user.type(screen.getByLabelText("Thời hạn từ"), "31/02/2026");
    expect(screen.getByText("Ngày không hợp lệ (nhập dạng dd/mm/yyyy).")).toBeInTheDocument();
    await sleep(400);
    expect(mocked.listTasks).not.toHaveBeenCalled();
  });

  it("shows the message for a short invalid date when leaving the field", async () => {
    const user = await setup();
    await user.type(screen.getByLabelText("Thời hạn từ"), "5/13");
    expect(screen.queryByText(/Ngày không hợp lệ/)).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByText(/Ngày không hợp lệ/)).toBeInTheDocument();
    expect(mocked.listTasks).not.toHaveBeenCalled();
  });

  it("queries with a valid date range as YYYY-MM-DD", async () => {
    const user = await setup();
    await user.type(screen.getByLabelText("Thời hạn từ"), "01/03/2026");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ deadline_from: "2026-03-01", deadline_to: null })),
    );
    await user.type(screen.getByLabelText("đến"), "31/03/2026");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(
        expect.objectContaining({ deadline_from: "2026-03-01", deadline_to: "2026-03-31" }),
      ),
    );
    expect(mocked.listTasks.mock.calls.every(([q]) => q.deadline_to === null || q.deadline_to === "2026-03-31")).toBe(true);
  });

  it("refuses a reversed date range", async () => {
    const user = await setup();
    await user.type(screen.getByLabelText("Thời hạn từ"), "31/03/2026");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenCalled());
    mocked.listTasks.mockClear();
    await user.type(screen.getByLabelText("đến"), "01/03/2026");
    expect(screen.getByText("Ngày kết thúc phải sau ngày bắt đầu.")).toBeInTheDocument();
    await sleep(300);
    expect(mocked.listTasks).not.toHaveBeenCalled();
  });

  it("queries list_tasks with the chosen status", async () => {
    const user = await setup();
    const select = screen.getByLabelText("Trạng thái");
    expect(Array.from((select as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      "Tất cả trạng thái",
      "Hoàn thành đúng hạn",
      "Hoàn thành quá hạn",
      "Đang thực hiện trong hạn",
      "Chưa hoàn thành quá hạn",
      "Chưa thực hiện",
      "Không thời hạn",
      "Đã hủy",
      "Sắp đến hạn",
      "Chưa hoàn thành (tất cả)",
    ]);
    await user.selectOptions(select, "Chưa hoàn thành quá hạn");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenCalledWith(expect.objectContaining({ status: "overdue", offset: 0 })),
    );
  });

  it("queries with the classification and the origin", async () => {
    const user = await setup();
    await user.selectOptions(screen.getByLabelText("Phân loại"), "c");
    await user.selectOptions(screen.getByLabelText("Nguồn"), "qc42");
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ classification: "c", origin: "qc42" })),
    );
  });

  it("debounces the search box", async () => {
    const user = await setup();
    await user.type(screen.getByTestId("search"), "quang tri");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenCalledWith(expect.objectContaining({ search: "quang tri" })));
    await sleep(300);
    const searches = mocked.listTasks.mock.calls.map(([q]) => q.search);
    expect(searches).toEqual(["quang tri"]);
  });

  it("clears every filter", async () => {
    const user = await setup();
    await user.selectOptions(screen.getByLabelText("Trạng thái"), "overdue");
    await user.type(screen.getByLabelText("Thời hạn từ"), "01/03/2026");
    await waitFor(() => expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ deadline_from: "2026-03-01" })));
    await user.click(screen.getByRole("button", { name: "Xóa bộ lọc" }));
    await waitFor(() =>
      expect(mocked.listTasks).toHaveBeenLastCalledWith(expect.objectContaining({ status: null, deadline_from: null })),
    );
    expect(screen.getByLabelText("Thời hạn từ")).toHaveValue("");
  });
});
