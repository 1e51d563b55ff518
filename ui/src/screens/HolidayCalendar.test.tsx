import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { CalendarYear } from "../bindings/CalendarYear";
import { renderWithSession, UNIT_PROFILE } from "../test/session";
import { HolidayCalendar } from "./HolidayCalendar";

vi.mock("../api");
const mocked = vi.mocked(api);

const YEAR_2026: CalendarYear = {
  year: 2026,
  holidays: [
    { date: "2026-01-01", name: "Tết Dương lịch" },
    { date: "2026-04-30", name: "Ngày Chiến thắng" },
    { date: "2026-09-02", name: "Quốc khánh" },
  ],
  overrides: [{ date: "2026-01-02", kind: "day_off", note: "Nghỉ thêm dịp Tết Dương lịch" }],
};

beforeEach(() => {
  mocked.calendarYear.mockImplementation(async (year: number) => (year === 2026 ? YEAR_2026 : { year, holidays: [], overrides: [] }));
});

describe("HolidayCalendar", () => {
  it("loads the year of today and shows holidays with Vietnamese weekdays", async () => {
    const { container } = renderWithSession(<HolidayCalendar />);
    const table = await screen.findByTestId("holiday-table");
    expect(mocked.calendarYear).toHaveBeenCalledWith(2026);
    const row = within(table).getByText("Ngày Chiến thắng").closest("tr")!;
    expect(row).toHaveTextContent("30/04/2026");
    expect(row).toHaveTextContent("Thứ Năm");
    expect(within(table).getByText("Quốc khánh").closest("tr")).toHaveTextContent("Thứ Tư");
    // The mini calendar marks holidays, decided days off and weekends; Monday first.
    expect(container.querySelector('[data-date="2026-04-30"]')).toHaveClass("is-holiday");
    expect(container.querySelector('[data-date="2026-01-02"]')).toHaveClass("is-day-off");
    expect(container.querySelector('[data-date="2026-01-03"]')).toHaveClass("is-weekend");
    expect(container.querySelector('[data-date="2026-03-10"]')).toHaveClass("is-today");
    expect(container.querySelectorAll(".month-grid")).toHaveLength(12);
    const march = screen.getByRole("table", { name: "Tháng 3/2026" });
    expect(within(march).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["T2", "T3", "T4", "T5", "T6", "T7", "CN"]);
    expect(screen.getByText("Làm việc bù")).toBeInTheDocument();
  });

  it("moves to the next year", async () => {
    const user = userEvent.setup();
    renderWithSession(<HolidayCalendar />);
    await screen.findByTestId("holiday-table");
    await user.click(screen.getByRole("button", { name: "Năm sau" }));
    await waitFor(() => expect(mocked.calendarYear).toHaveBeenLastCalledWith(2027));
    expect(await screen.findByText("Không có ngày nghỉ lễ, tết trong năm.")).toBeInTheDocument();
  });

  it("saves the edited overrides", async () => {
    const user = userEvent.setup();
    mocked.setCalendarYear.mockImplementation(async (year: number, overrides) => ({ ...YEAR_2026, year, overrides }));
    const { container } = renderWithSession(<HolidayCalendar />);
    await screen.findByTestId("override-table");
    await user.click(screen.getByRole("button", { name: "Thêm ngày" }));
    await user.type(screen.getByLabelText("Ngày, dòng 2"), "25/04/2026");
    await user.selectOptions(screen.getByLabelText("Loại, dòng 2"), "working_day");
    await user.type(screen.getByLabelText("Ghi chú, dòng 2"), "Làm bù cho ngày 27/04");
    // The overview follows the edit.
    expect(container.querySelector('[data-date="2026-04-25"]')).toHaveClass("is-working-day");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(mocked.setCalendarYear).toHaveBeenCalledTimes(1));
    expect(mocked.setCalendarYear).toHaveBeenCalledWith(2026, [
      { date: "2026-01-02", kind: "day_off", note: "Nghỉ thêm dịp Tết Dương lịch" },
      { date: "2026-04-25", kind: "working_day", note: "Làm bù cho ngày 27/04" },
    ]);
    expect(await screen.findByText("Đã lưu.")).toBeInTheDocument();
  });

  it("removes a row and saves with Enter", async () => {
    const user = userEvent.setup();
    mocked.setCalendarYear.mockResolvedValue({ ...YEAR_2026, overrides: [] });
    renderWithSession(<HolidayCalendar />);
    await screen.findByTestId("override-table");
    await user.click(screen.getByRole("button", { name: "Xóa dòng 1" }));
    await user.click(screen.getByRole("button", { name: "Thêm ngày" }));
    await user.type(screen.getByLabelText("Ngày, dòng 1"), "04/05/2026{Enter}");
    await waitFor(() => expect(mocked.setCalendarYear).toHaveBeenCalledWith(2026, [{ date: "2026-05-04", kind: "day_off", note: "" }]));
  });

  it("shows the core's refusal next to the row it names and keeps what was typed", async () => {
    const user = userEvent.setup();
    mocked.setCalendarYear.mockRejectedValue({ code: "invalid.date", field: "date", message: "Ngày 31/12/2025 không thuộc năm 2026." });
    renderWithSession(<HolidayCalendar />);
    await screen.findByTestId("override-table");
    await user.click(screen.getByRole("button", { name: "Thêm ngày" }));
    await user.type(screen.getByLabelText("Ngày, dòng 2"), "31/12/2025");
    await user.type(screen.getByLabelText("Ghi chú, dòng 2"), "Nghỉ bù");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    const row = screen.getByTestId("override-row-1");
    expect(await within(row).findByText("Ngày 31/12/2025 không thuộc năm 2026.")).toBeInTheDocument();
    expect(screen.getByLabelText("Ngày, dòng 2")).toHaveValue("31/12/2025");
    expect(screen.getByLabelText("Ngày, dòng 2")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Ghi chú, dòng 2")).toHaveValue("Nghỉ bù");
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });

  it("shows an error it cannot place in a banner above the table", async () => {
    const user = userEvent.setup();
    mocked.setCalendarYear.mockRejectedValue({ code: "invalid.date", field: "date", message: "Một ngày bị trùng." });
    renderWithSession(<HolidayCalendar />);
    await screen.findByTestId("override-table");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Một ngày bị trùng.");
    expect(screen.getByLabelText("Ghi chú, dòng 1")).toHaveValue("Nghỉ thêm dịp Tết Dương lịch");
  });

  it("does not save an invalid or missing date", async () => {
    const user = userEvent.setup();
    renderWithSession(<HolidayCalendar />);
    await screen.findByTestId("override-table");
    await user.click(screen.getByRole("button", { name: "Thêm ngày" }));
    await user.type(screen.getByLabelText("Ngày, dòng 2"), "31/02/2026");
    await user.click(screen.getByRole("button", { name: "Thêm ngày" }));
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    expect(mocked.setCalendarYear).not.toHaveBeenCalled();
    expect(screen.getByTestId("error-banner")).toHaveTextContent("Có ngày chưa nhập hoặc không hợp lệ");
    expect(within(screen.getByTestId("override-row-2")).getByText("Nhập ngày.")).toBeInTheDocument();
    expect(screen.getByLabelText("Ngày, dòng 2")).toHaveValue("31/02/2026");
  });

  it("is read-only for unit users", async () => {
    renderWithSession(<HolidayCalendar />, { profile: UNIT_PROFILE });
    const table = await screen.findByTestId("override-table");
    expect(table).toHaveTextContent("02/01/2026");
    expect(table).toHaveTextContent("Ngày nghỉ");
    expect(within(table).queryByRole("textbox")).toBeNull();
    expect(screen.queryByRole("button", { name: "Lưu" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Thêm ngày" })).toBeNull();
    expect(screen.getByText("Chỉ Văn phòng hoặc quản trị viên được sửa lịch.")).toBeInTheDocument();
  });
});
