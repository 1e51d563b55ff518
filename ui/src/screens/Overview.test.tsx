import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Counts } from "../bindings/Counts";
import type { Statistics } from "../bindings/Statistics";
import { renderWithSession } from "../test/session";
import { Overview } from "./Overview";

vi.mock("../api");
const mocked = vi.mocked(api);

const counts = (c: Partial<Counts>): Counts => ({
  assigned: 0,
  done_on_time: 0,
  done_late: 0,
  in_progress_on_time: 0,
  overdue: 0,
  not_started: 0,
  no_deadline: 0,
  due_soon: 0,
  cancelled: 0,
  ...c,
});

const STATS: Statistics = {
  from: "2026-01-01",
  to: "2026-12-31",
  as_of: "2026-03-10",
  total: counts({ assigned: 1234, done_on_time: 600, done_late: 34, in_progress_on_time: 400, overdue: 100, not_started: 50, no_deadline: 50, due_soon: 7, cancelled: 3 }),
  by_unit: [
    { unit_id: "u-health", unit_name: "Sở Y tế", counts: counts({ assigned: 1000, done_on_time: 500, overdue: 90 }) },
    { unit_id: "u-office", unit_name: "Văn phòng UBND tỉnh", counts: counts({ assigned: 234, done_on_time: 100, overdue: 10 }) },
  ],
  by_classification: [],
  by_origin: [["qc45", counts({ assigned: 1200 })], ["qc42", counts({ assigned: 34 })]],
  by_month: [
    { month: "2026-01", counts: counts({ assigned: 700 }) },
    { month: "2026-02", counts: counts({ assigned: 500 }) },
    { month: "2026-03", counts: counts({ assigned: 34 }) },
  ],
  overdue: [
    {
      task_id: "t-9",
      document_number: "12/QĐ-UBND",
      description: "Giải phóng mặt bằng dự án đường ven biển",
      lead_unit_id: "u-health",
      lead_unit_name: "Sở Y tế",
      deadline: "2026-02-15",
      days_overdue: 16,
      difficulties: "Thiếu vốn",
      proposals: "",
      delay_reasons: "Chờ phê duyệt",
    },
  ],
  lateness: [],
};

beforeEach(() => {
  mocked.statistics.mockResolvedValue(STATS);
});

describe("Overview", () => {
  it("asks for this year as of today and shows the 2×2 with rates", async () => {
    renderWithSession(<Overview />);
    await waitFor(() => expect(mocked.statistics).toHaveBeenCalledWith("2026-01-01", "2026-12-31", "2026-03-10"));
    const tile = await screen.findByTestId("stat-done_on_time");
    expect(tile).toHaveTextContent("600");
    expect(tile).toHaveTextContent("48,6 %");
    expect(screen.getByTestId("stat-assigned")).toHaveTextContent("1.234");
    expect(screen.getByTestId("stat-overdue")).toHaveTextContent("100");
    expect(screen.getByTestId("rate-done")).toHaveTextContent("51,4 %");
  });

  it("opens the register behind a number with the same period, date and status", async () => {
    const { session } = renderWithSession(<Overview />);
    await userEvent.setup().click(await screen.findByTestId("stat-overdue"));
    expect(session.go).toHaveBeenCalledWith("tasks", {
      status: "overdue",
      unitId: null,
      includeSubUnits: false,
      assignedFrom: "2026-01-01",
      assignedTo: "2026-12-31",
      asOf: "2026-03-10",
    });
  });

  it("draws a bar per unit and opens that unit's tasks", async () => {
    const { session } = renderWithSession(<Overview />);
    const bars = await screen.findAllByTestId("unit-bar");
    expect(bars).toHaveLength(2);
    expect(bars[0]).toHaveAccessibleName(/^Sở Y tế: giao 1.000/);
    await userEvent.setup().click(bars[1]);
    expect(session.go).toHaveBeenCalledWith("tasks", expect.objectContaining({ unitId: "u-office", status: null }));
    expect(screen.getAllByTestId("trend-month")).toHaveLength(3);
  });

  it("lists the overdue tasks with their reasons and opens one", async () => {
    const { session } = renderWithSession(<Overview />);
    const row = await screen.findByTestId("overdue-row");
    expect(row).toHaveTextContent("15/02/2026");
    expect(row).toHaveTextContent("Chờ phê duyệt · Thiếu vốn");
    await userEvent.setup().click(row);
    expect(session.openTask).toHaveBeenCalledWith("t-9");
  });

  it("switches to a quarter and to a custom range, remembered", async () => {
    const user = userEvent.setup();
    const view = renderWithSession(<Overview />);
    await screen.findByTestId("stat-assigned");
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "quarter");
    await user.selectOptions(screen.getByLabelText("Quý"), "2");
    await waitFor(() => expect(mocked.statistics).toHaveBeenLastCalledWith("2026-04-01", "2026-06-30", "2026-03-10"));
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "custom");
    expect(screen.getByText(/Chọn đủ ngày bắt đầu/)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Giao từ ngày"), "01/03/2026");
    await user.type(screen.getByLabelText("đến ngày"), "10/03/2026");
    await waitFor(() => expect(mocked.statistics).toHaveBeenLastCalledWith("2026-03-01", "2026-03-10", "2026-03-10"));
    view.unmount();
    renderWithSession(<Overview />);
    expect(screen.getByLabelText("Kỳ báo cáo")).toHaveValue("custom");
  });

  it("shows the core's message when the statistics are refused", async () => {
    mocked.statistics.mockRejectedValue({ code: "database", message: "Không đọc được cơ sở dữ liệu." });
    renderWithSession(<Overview />);
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Không đọc được cơ sở dữ liệu.");
    expect(within(screen.getByTestId("dashboard")).queryByTestId("stat-assigned")).not.toBeInTheDocument();
  });
});
