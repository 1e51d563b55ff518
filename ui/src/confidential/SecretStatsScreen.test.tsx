import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Counts } from "../bindings/Counts";
import type { SecretStatistics } from "../bindings/SecretStatistics";
import * as secretApi from "../secretApi";
import { printRequest, SecretStatsScreen } from "./SecretStatsScreen";
import { renderSecret, STORE_SETTINGS } from "./testFixtures";

vi.mock("../secretApi");
// pdf.js cannot run in jsdom: the preview only says what it was given.
vi.mock("../components/PdfPreview", () => ({
  PdfPreview: ({ data, busy }: { data: Uint8Array | null; busy?: boolean }) => (
    <div data-testid="pdf-preview">{busy ? "Đang tạo…" : data ? `PDF ${data.length} byte` : "Chưa xem trước"}</div>
  ),
}));
const mocked = vi.mocked(secretApi);

function counts(overrides: Partial<Counts>): Counts {
  return { assigned: 0, done_on_time: 0, done_late: 0, in_progress_on_time: 0, overdue: 0, not_started: 0, no_deadline: 0, due_soon: 0, cancelled: 0, ...overrides };
}

const STATS: SecretStatistics = {
  from: "2026-01-01",
  to: "2026-03-31",
  as_of: "2026-03-10",
  by_unit: [
    { unit_id: "u-health", unit_name: "Sở Y tế", counts: counts({ assigned: 4, done_on_time: 1, done_late: 1, in_progress_on_time: 1, overdue: 1 }) },
    { unit_id: "u-health-plan", unit_name: "Phòng Kế hoạch - Tài chính", counts: counts({ assigned: 2, not_started: 1, no_deadline: 1 }) },
  ],
  total: counts({ assigned: 6, done_on_time: 1, done_late: 1, in_progress_on_time: 1, overdue: 1, not_started: 1, no_deadline: 1 }),
};

const REFUSED = {
  code: "refused",
  message: "Lưu sổ mật ra tệp đang tắt: chỉ in được. Văn thư mật bật mục «Cho phép lưu ra tệp PDF» trong Cài đặt sổ mật khi được phép.",
};

beforeEach(() => {
  mocked.secretStatistics.mockResolvedValue(STATS);
  mocked.secretYears.mockResolvedValue([2026, 2025]);
  mocked.secretPrintPdf.mockResolvedValue(new Uint8Array([37, 80, 68, 70]));
  mocked.secretPrint.mockResolvedValue(undefined);
});

async function renderStats(overrides: Parameters<typeof renderSecret>[1] = {}) {
  const result = renderSecret(<SecretStatsScreen />, overrides);
  await screen.findByTestId("secret-unit-table");
  await waitFor(() => expect(mocked.secretYears).toHaveBeenCalled());
  return { user: userEvent.setup(), ...result };
}

describe("SecretStatsScreen", () => {
  it("counts the current quarter per unit with the totals, then each period chosen", async () => {
    const { user } = await renderStats();
    expect(mocked.secretStatistics).toHaveBeenCalledWith("2026-Q1", null);
    expect(screen.getByTestId("secret-stats-range")).toHaveTextContent("Nhiệm vụ giao từ 01/01/2026 đến 31/03/2026, trạng thái tính đến 10/03/2026");
    const table = screen.getByTestId("secret-unit-table");
    expect(within(table).getAllByRole("columnheader").map((c) => c.textContent)).toEqual([
      "Đơn vị",
      "Giao",
      "HT đúng hạn",
      "HT quá hạn",
      "Đang TH trong hạn",
      "Chưa HT quá hạn",
      "Chưa TH",
      "Không thời hạn",
      "Tỷ lệ HT",
    ]);
    const cells = (row: HTMLElement) => within(row).getAllByRole("cell").map((c) => c.textContent);
    const rows = within(table).getAllByRole("row");
    expect(cells(rows[1])).toEqual(["Sở Y tế", "4", "1", "1", "1", "1", "0", "0", "50,0 %"]);
    expect(screen.getByTestId("secret-total-row")).toHaveTextContent("Tổng cộng");
    expect(cells(screen.getByTestId("secret-total-row"))).toEqual(["6", "1", "1", "1", "1", "1", "1", "33,3 %"]);

    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "half");
    await waitFor(() => expect(mocked.secretStatistics).toHaveBeenLastCalledWith("2026-6T", null));
    await user.selectOptions(screen.getByLabelText("Năm", { selector: "#secret-period-year" }), "2025");
    await waitFor(() => expect(mocked.secretStatistics).toHaveBeenLastCalledWith("2025-6T", null));
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "year");
    await waitFor(() => expect(mocked.secretStatistics).toHaveBeenLastCalledWith("2025", null));
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "month");
    await waitFor(() => expect(mocked.secretStatistics).toHaveBeenLastCalledWith("2025-03", null));
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "custom");
    await waitFor(() => expect(mocked.secretStatistics).toHaveBeenLastCalledWith("2025-03-01..2025-03-31", null));
    const to = screen.getByLabelText("Đến ngày");
    await user.clear(to);
    await user.type(to, "15/04/2025");
    await waitFor(() => expect(mocked.secretStatistics).toHaveBeenLastCalledWith("2025-03-01..2025-04-15", null));
    expect(screen.getByLabelText("Kỳ báo cáo").querySelectorAll("option")).toHaveLength(5);
  });

  it("previews, prints and saves the register chosen, for the year chosen", async () => {
    const { user } = await renderStats();
    expect(within(screen.getByLabelText("Năm", { selector: "#secret-print-year" })).getAllByRole("option").map((o) => o.textContent)).toEqual(["2026", "2025"]);
    await user.selectOptions(screen.getByLabelText("Nội dung in"), "outgoing");
    await user.selectOptions(screen.getByLabelText("Năm", { selector: "#secret-print-year" }), "2025");

    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    expect(mocked.secretPrintPdf).toHaveBeenCalledWith({ kind: "register", register: "outgoing", year: 2025 });
    expect(await screen.findByText("PDF 4 byte")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "In" }));
    expect(mocked.secretPrint).toHaveBeenCalledWith({ kind: "register", register: "outgoing", year: 2025 });
    expect(await screen.findByTestId("secret-print-done")).toHaveTextContent("Đã gửi tới máy in.");

    // Saving is off: the back end says so, and the screen said it beforehand.
    expect(screen.getByTestId("secret-export-note")).toHaveTextContent("Lưu sổ mật ra tệp PDF đang tắt: chỉ in được.");
    mocked.secretExport.mockRejectedValue(REFUSED);
    await user.click(screen.getByRole("button", { name: "Lưu PDF" }));
    expect(mocked.secretExport).toHaveBeenCalledWith({ kind: "register", register: "outgoing", year: 2025 });
    expect(await screen.findByTestId("error-banner")).toHaveTextContent(REFUSED.message);
    expect(screen.queryByTestId("secret-print-done")).toBeNull();
  });

  it("prints the handovers, the copies and the statistics of the period", async () => {
    const { user } = await renderStats({ settings: { ...STORE_SETTINGS, export_enabled: true } });
    expect(screen.getByTestId("secret-export-note")).toHaveTextContent("Lưu ra tệp PDF đang được phép");
    await user.selectOptions(screen.getByLabelText("Nội dung in"), "handovers");
    await user.click(screen.getByRole("button", { name: "In" }));
    expect(mocked.secretPrint).toHaveBeenLastCalledWith({ kind: "handovers", year: 2026 });

    await user.selectOptions(screen.getByLabelText("Nội dung in"), "copies");
    await user.click(screen.getByRole("button", { name: "In" }));
    expect(mocked.secretPrint).toHaveBeenLastCalledWith({ kind: "copies", year: 2026 });

    mocked.secretExport.mockResolvedValue({ path: "/home/vanthu/Documents/Nhiệm Vụ/thong-ke-2026-Q1.pdf", bytes: 1234 });
    await user.selectOptions(screen.getByLabelText("Nội dung in"), "statistics");
    expect(screen.queryByLabelText("Năm", { selector: "#secret-print-year" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Lưu PDF" }));
    expect(mocked.secretExport).toHaveBeenCalledWith({ kind: "statistics", period: "2026-Q1", as_of: null });
    expect(await screen.findByTestId("secret-print-done")).toHaveTextContent("Đã lưu: /home/vanthu/Documents/Nhiệm Vụ/thong-ke-2026-Q1.pdf");
  });

  it("offers this year when the store has no entries yet", async () => {
    mocked.secretYears.mockResolvedValue([]);
    const { user } = await renderStats();
    const year = screen.getByLabelText("Năm", { selector: "#secret-print-year" });
    expect(within(year).getAllByRole("option").map((o) => o.textContent)).toEqual(["2026"]);
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    expect(mocked.secretPrintPdf).toHaveBeenCalledWith({ kind: "register", register: "incoming", year: 2026 });
  });

  it("writes each print request the way the back end reads it", () => {
    expect(printRequest("incoming", 2026, null)).toEqual({ kind: "register", register: "incoming", year: 2026 });
    expect(printRequest("statistics", 2026, "2026-Q1")).toEqual({ kind: "statistics", period: "2026-Q1", as_of: null });
    expect(printRequest("statistics", 2026, null)).toBeNull();
  });
});
