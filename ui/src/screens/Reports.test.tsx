import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Origin } from "../bindings/Origin";
import type { ReportKind } from "../bindings/ReportKind";
import type { ReportRequest } from "../bindings/ReportRequest";
import { renderWithSession, UNIT_PROFILE } from "../test/session";
import { currentQuarter, periodParam, Reports } from "./Reports";

vi.mock("../api");
// pdf.js cannot run in jsdom: the preview only says what it was given.
vi.mock("../components/PdfPreview", () => ({
  PdfPreview: ({ data, busy }: { data: Uint8Array | null; busy?: boolean }) => (
    <div data-testid="pdf-preview">{busy ? "Đang tạo…" : data ? `PDF ${data.length} byte` : "Chưa xem trước"}</div>
  ),
}));
const mocked = vi.mocked(api);

/** What report_defaults answers (INFO.today is 2026-03-10: the first quarter); the
 * consolidated QC42 report also goes to the Government Office. */
function defaults(kind: ReportKind, unitId: string | null, origin: Origin | null = null): ReportRequest {
  const unit = unitId === "u-health" ? "Sở Y tế" : null;
  const province = ["Ủy ban nhân dân tỉnh Quảng Trị"];
  return {
    kind,
    period: { kind: "quarter", year: 2026, quarter: 1 },
    as_of: "2026-03-10",
    unit_id: unitId,
    origin,
    letterhead: {
      parent_body: "UBND TỈNH QUẢNG TRỊ",
      issuing_body: kind === "periodic" && unit ? unit : "Văn phòng UBND tỉnh",
      number: kind === "urging" ? "      /VP-TH" : "      /BC-VP",
      place: "Quảng Trị",
      date: "2026-03-10",
      urgency: "normal",
      secrecy: null,
    },
    addressees:
      kind === "urging"
        ? unit
          ? [unit]
          : []
        : kind === "periodic"
          ? origin === "qc42" && !unit
            ? ["Văn phòng Chính phủ", ...province]
            : province
          : [],
    recipients: kind === "register" ? [] : ["Như trên", "Chủ tịch, các PCT UBND tỉnh", "Lãnh đạo Văn phòng"],
    filed: "VT, TH",
    signature: { authority: "KT. CHÁNH VĂN PHÒNG", title: "PHÓ CHÁNH VĂN PHÒNG", name: "Nguyễn Văn Minh" },
    remarks: kind === "periodic" ? "Đề nghị các cơ quan khẩn trương thực hiện các nhiệm vụ quá hạn." : "",
    reply_by: kind === "urging" ? "2026-03-17" : null,
  };
}

beforeEach(() => {
  mocked.reportDefaults.mockImplementation(async (kind: ReportKind, _period: string, unitId: string | null, origin: Origin | null) =>
    defaults(kind, unitId, origin),
  );
});

/** Renders the screen and waits for the defaults to fill the form. */
async function renderReports(overrides: Parameters<typeof renderWithSession>[1] = {}) {
  const result = renderWithSession(<Reports />, overrides);
  await screen.findByLabelText("Họ và tên người ký");
  await waitFor(() => expect(screen.queryByTestId("report-loading")).toBeNull());
  return result;
}

const lastDefaults = () => mocked.reportDefaults.mock.calls.at(-1);

describe("report periods", () => {
  it("writes each period the way the back end reads it", () => {
    const p = currentQuarter("2026-11-30");
    expect(p).toMatchObject({ kind: "quarter", year: 2026, n: 4 });
    expect(periodParam(currentQuarter("2026-01-01"))).toBe("2026-Q1");
    expect(periodParam({ ...p, kind: "month", n: 3 })).toBe("2026-03");
    expect(periodParam({ ...p, kind: "half" })).toBe("2026-6T");
    expect(periodParam({ ...p, kind: "nine" })).toBe("2026-9T");
    expect(periodParam({ ...p, kind: "year" })).toBe("2026");
    expect(periodParam({ ...p, kind: "custom", from: "2026-01-05", to: "2026-02-10" })).toBe("2026-01-05..2026-02-10");
    expect(periodParam({ ...p, kind: "custom", from: "2026-02-10", to: "2026-01-05" })).toBeNull();
  });
});

describe("Reports", () => {
  it("loads the defaults for the current quarter, then for each document and period chosen", async () => {
    const user = userEvent.setup();
    await renderReports();
    expect(mocked.reportDefaults).toHaveBeenCalledWith("periodic", "2026-Q1", null, null);
    expect(screen.getByLabelText("Họ và tên người ký")).toHaveValue("Nguyễn Văn Minh");
    expect(screen.getByLabelText("Số, ký hiệu")).toHaveValue("      /BC-VP");
    expect(screen.getByLabelText("Nơi nhận (mỗi dòng một nơi)")).toHaveValue("Như trên\nChủ tịch, các PCT UBND tỉnh\nLãnh đạo Văn phòng");
    expect(screen.getByLabelText("Số liệu tính đến ngày")).toHaveValue("10/03/2026");

    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "month");
    await user.selectOptions(screen.getByLabelText("Tháng"), "2");
    await waitFor(() => expect(lastDefaults()).toEqual(["periodic", "2026-02", null, null]));
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "nine");
    await user.selectOptions(screen.getByLabelText("Năm"), "2025");
    await waitFor(() => expect(lastDefaults()).toEqual(["periodic", "2025-9T", null, null]));
    await user.selectOptions(screen.getByLabelText("Văn bản"), "register");
    await waitFor(() => expect(lastDefaults()).toEqual(["register", "2025-9T", null, null]));
    // The register prints no letter parts: no signature to edit.
    await waitFor(() => expect(screen.queryByLabelText("Họ và tên người ký")).toBeNull());
    expect(screen.getByLabelText("Cơ quan ban hành")).toHaveValue("Văn phòng UBND tỉnh");

    // Đột xuất starts from the period chosen before; the dates are typed dd/mm/yyyy.
    await user.selectOptions(screen.getByLabelText("Kỳ báo cáo"), "custom");
    await waitFor(() => expect(lastDefaults()).toEqual(["register", "2025-01-01..2025-09-30", null, null]));
    const to = screen.getByLabelText("Đến ngày");
    await user.clear(to);
    await user.type(to, "10/02/2025");
    await waitFor(() => expect(lastDefaults()).toEqual(["register", "2025-01-01..2025-02-10", null, null]));
  });

  it("sends the edited words: the signer, a recipient line, the origin", async () => {
    const user = userEvent.setup();
    mocked.reportPdf.mockResolvedValue(new Uint8Array([37, 80, 68, 70, 45, 49, 46]));
    mocked.reportSave.mockResolvedValue({ path: "/home/thu/Documents/Nhiệm Vụ/Báo cáo quý I năm 2026.pdf", bytes: 7 });
    await renderReports();
    // The origin is a choice like the period: it reloads the defaults (before the edits).
    await user.selectOptions(screen.getByLabelText("Nguồn nhiệm vụ"), "qc42");
    await waitFor(() => expect(lastDefaults()).toEqual(["periodic", "2026-Q1", null, "qc42"]));
    await waitFor(() =>
      expect(screen.getByLabelText("Kính gửi (mỗi dòng một nơi)")).toHaveValue("Văn phòng Chính phủ\nỦy ban nhân dân tỉnh Quảng Trị"),
    );

    const name = screen.getByLabelText("Họ và tên người ký");
    await user.clear(name);
    await user.type(name, "Hoàng Thị Lan");
    const recipients = screen.getByLabelText("Nơi nhận (mỗi dòng một nơi)");
    await user.clear(recipients);
    await user.type(recipients, "Như trên{Enter}  Sở Tài chính {Enter}{Enter}Lãnh đạo Văn phòng");

    const expected: ReportRequest = {
      ...defaults("periodic", null, "qc42"),
      recipients: ["Như trên", "Sở Tài chính", "Lãnh đạo Văn phòng"],
      signature: { authority: "KT. CHÁNH VĂN PHÒNG", title: "PHÓ CHÁNH VĂN PHÒNG", name: "Hoàng Thị Lan" },
    };
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    await waitFor(() => expect(mocked.reportPdf).toHaveBeenCalledTimes(1));
    expect(mocked.reportPdf).toHaveBeenCalledWith(expected);
    expect(await screen.findByText("PDF 7 byte")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Lưu PDF" }));
    await waitFor(() => expect(mocked.reportSave).toHaveBeenCalledWith(expected, false));
    expect(await screen.findByTestId("report-saved")).toHaveTextContent("Đã lưu: /home/thu/Documents/Nhiệm Vụ/Báo cáo quý I năm 2026.pdf");
    await user.click(screen.getByRole("button", { name: "Lưu và mở" }));
    await waitFor(() => expect(mocked.reportSave).toHaveBeenLastCalledWith(expected, true));
  });

  it("reloads the defaults for the origin chosen, which only the periodic report takes", async () => {
    const user = userEvent.setup();
    mocked.reportPdf.mockResolvedValue(new Uint8Array([1]));
    await renderReports();
    const addressees = () => screen.getByLabelText("Kính gửi (mỗi dòng một nơi)");
    expect(addressees()).toHaveValue("Ủy ban nhân dân tỉnh Quảng Trị");

    await user.selectOptions(screen.getByLabelText("Nguồn nhiệm vụ"), "qc42");
    await waitFor(() => expect(lastDefaults()).toEqual(["periodic", "2026-Q1", null, "qc42"]));
    await waitFor(() => expect(addressees()).toHaveValue("Văn phòng Chính phủ\nỦy ban nhân dân tỉnh Quảng Trị"));
    await user.selectOptions(screen.getByLabelText("Nguồn nhiệm vụ"), "qc45");
    await waitFor(() => expect(lastDefaults()).toEqual(["periodic", "2026-Q1", null, "qc45"]));
    await waitFor(() => expect(addressees()).toHaveValue("Ủy ban nhân dân tỉnh Quảng Trị"));

    // The register has no origin filter: it is asked for (and sent) without one …
    await user.selectOptions(screen.getByLabelText("Văn bản"), "register");
    await waitFor(() => expect(lastDefaults()).toEqual(["register", "2026-Q1", null, null]));
    await waitFor(() => expect(screen.queryByLabelText("Nguồn nhiệm vụ")).toBeNull());
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    await waitFor(() => expect(mocked.reportPdf).toHaveBeenCalledTimes(1));
    expect(mocked.reportPdf.mock.calls[0][0]).toMatchObject({ kind: "register", origin: null });

    // … and the periodic report gets the origin chosen before back.
    await user.selectOptions(screen.getByLabelText("Văn bản"), "periodic");
    await waitFor(() => expect(lastDefaults()).toEqual(["periodic", "2026-Q1", null, "qc45"]));
    expect(screen.getByLabelText("Nguồn nhiệm vụ")).toHaveValue("qc45");
    await waitFor(() => expect(screen.queryByTestId("report-loading")).toBeNull());
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    await waitFor(() => expect(mocked.reportPdf).toHaveBeenCalledTimes(2));
    expect(mocked.reportPdf.mock.calls[1][0]).toMatchObject({ kind: "periodic", origin: "qc45" });
  });

  it("previews with Ctrl+Enter from a text area and notes a preview made stale by an edit", async () => {
    const user = userEvent.setup();
    mocked.reportPdf.mockResolvedValue(new Uint8Array([1, 2, 3]));
    await renderReports();
    const remarks = screen.getByLabelText("Đề xuất, kiến nghị (mỗi đoạn một dòng)");
    await user.clear(remarks);
    await user.type(remarks, "Đề nghị gia hạn.");
    fireEvent.keyDown(remarks, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(mocked.reportPdf).toHaveBeenCalledTimes(1));
    expect(mocked.reportPdf.mock.calls[0][0].remarks).toBe("Đề nghị gia hạn.");
    expect(await screen.findByText("PDF 3 byte")).toBeInTheDocument();
    expect(screen.queryByText(/Nội dung đã sửa sau lần xem trước/)).toBeNull();
    await user.type(screen.getByLabelText("Số, ký hiệu"), "x");
    expect(screen.getByText(/Nội dung đã sửa sau lần xem trước/)).toBeInTheDocument();
  });

  it("restores the defaults on request", async () => {
    const user = userEvent.setup();
    await renderReports();
    const name = screen.getByLabelText("Họ và tên người ký");
    await user.clear(name);
    await user.type(name, "Hoàng Thị Lan");
    await user.click(screen.getByRole("button", { name: "Khôi phục mặc định" }));
    await waitFor(() => expect(screen.getByLabelText("Họ và tên người ký")).toHaveValue("Nguyễn Văn Minh"));
    expect(mocked.reportDefaults).toHaveBeenCalledTimes(2);
  });

  it("does not send an urging letter without the unit to urge", async () => {
    const user = userEvent.setup();
    mocked.reportPdf.mockResolvedValue(new Uint8Array([1]));
    await renderReports();
    await user.selectOptions(screen.getByLabelText("Văn bản"), "urging");
    await waitFor(() => expect(lastDefaults()).toEqual(["urging", "2026-Q1", null, null]));
    await waitFor(() => expect(screen.getByLabelText("Hạn báo cáo kết quả")).toHaveValue("17/03/2026"));
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    await user.click(screen.getByRole("button", { name: "Lưu PDF" }));
    const unit = screen.getByRole("combobox", { name: /Đơn vị được đôn đốc/ });
    expect(unit).toHaveAccessibleDescription("Chọn đơn vị được đôn đốc.");
    expect(mocked.reportPdf).not.toHaveBeenCalled();
    expect(mocked.reportSave).not.toHaveBeenCalled();

    await user.click(unit);
    await user.type(unit, "so y te{Enter}");
    await waitFor(() => expect(lastDefaults()).toEqual(["urging", "2026-Q1", "u-health", null]));
    await waitFor(() => expect(screen.getByLabelText("Kính gửi (mỗi dòng một nơi)")).toHaveValue("Sở Y tế"));
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    await waitFor(() => expect(mocked.reportPdf).toHaveBeenCalledTimes(1));
    expect(mocked.reportPdf.mock.calls[0][0]).toMatchObject({ kind: "urging", unit_id: "u-health", reply_by: "2026-03-17", addressees: ["Sở Y tế"] });
  });

  it("lets unit staff print only their own unit's report and register", async () => {
    const user = userEvent.setup();
    await renderReports({ profile: UNIT_PROFILE });
    expect(mocked.reportDefaults).toHaveBeenCalledWith("periodic", "2026-Q1", "u-health", null);
    const kind = screen.getByLabelText("Văn bản");
    expect(within(kind).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Báo cáo tình hình thực hiện nhiệm vụ",
      "Sổ theo dõi nhiệm vụ",
    ]);
    expect(screen.queryByText("Công văn đôn đốc")).toBeNull();
    expect(screen.getByLabelText("Đơn vị")).toHaveValue("Sở Y tế");
    expect(screen.getByLabelText("Đơn vị")).toBeDisabled();
    expect(screen.queryByRole("combobox", { name: /Đơn vị/ })).toBeNull();
    await user.selectOptions(kind, "register");
    await waitFor(() => expect(lastDefaults()).toEqual(["register", "2026-Q1", "u-health", null]));
  });

  it("shows the back end's error in Vietnamese: in a banner, or next to the field it names", async () => {
    const user = userEvent.setup();
    mocked.reportPdf.mockRejectedValueOnce({
      code: "report.missing_glyph",
      message: "Phông chữ Liberation Serif không có ký tự «😀» (U+1F600) trong đoạn «Họp 😀». Hãy sửa hoặc bỏ ký tự đó rồi tạo lại báo cáo.",
    });
    await renderReports();
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent(
      "Phông chữ Liberation Serif không có ký tự «😀» (U+1F600) trong đoạn «Họp 😀». Hãy sửa hoặc bỏ ký tự đó rồi tạo lại báo cáo.",
    );

    mocked.reportSave.mockRejectedValueOnce({ code: "report.invalid", field: "signature.name", message: "Chưa nhập họ tên người ký." });
    await user.click(screen.getByRole("button", { name: "Lưu PDF" }));
    const name = screen.getByLabelText("Họ và tên người ký");
    await waitFor(() => expect(name).toHaveAccessibleDescription("Chưa nhập họ tên người ký."));
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-banner")).toBeNull();
    expect(screen.queryByTestId("report-saved")).toBeNull();
  });

  it("refuses a date that is not a real date without calling the back end", async () => {
    const user = userEvent.setup();
    await renderReports();
    const asOf = screen.getByLabelText("Số liệu tính đến ngày");
    await user.clear(asOf);
    await user.type(asOf, "31/02/2026");
    await user.click(screen.getByRole("button", { name: "Xem trước" }));
    expect(asOf).toHaveAccessibleDescription("Ngày không hợp lệ (nhập dạng dd/mm/yyyy).");
    expect(mocked.reportPdf).not.toHaveBeenCalled();
  });
});
