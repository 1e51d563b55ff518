import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { Settings } from "../bindings/Settings";
import { getLocale, setLocale } from "../i18n";
import { renderWithSession, SETTINGS, UNIT_PROFILE } from "../test/session";
import { OfficeSettings } from "./OfficeSettings";

vi.mock("../api");
const mocked = vi.mocked(api);

afterEach(() => setLocale("vi"));

describe("OfficeSettings", () => {
  it("starts from the session's settings", () => {
    renderWithSession(<OfficeSettings />);
    expect(screen.getByLabelText("Cơ quan chủ quản")).toHaveValue("UBND TỈNH QUẢNG TRỊ");
    expect(screen.getByLabelText("Thẩm quyền ký")).toHaveValue("KT. CHÁNH VĂN PHÒNG");
    expect(screen.getByLabelText("Sắp đến hạn: số ngày làm việc")).toHaveValue(3);
    expect(screen.getByLabelText("c) Không thời hạn, phải trình/báo cáo")).toBeChecked();
  });

  it("saves numbers as numbers and the tracked classes, then reloads", async () => {
    const user = userEvent.setup();
    mocked.saveSettings.mockImplementation(async (s: Settings) => s);
    const { session } = renderWithSession(<OfficeSettings />);
    const days = screen.getByLabelText("Sắp đến hạn: số ngày làm việc");
    await user.clear(days);
    await user.type(days, "5");
    await user.click(screen.getByLabelText("c) Không thời hạn, phải trình/báo cáo"));
    await user.click(screen.getByLabelText("a) Có thời hạn, phải trình/báo cáo"));
    await user.click(screen.getByLabelText("a) Có thời hạn, phải trình/báo cáo"));
    const signer = screen.getByLabelText("Họ và tên người ký");
    await user.clear(signer);
    await user.type(signer, "Hoàng Thị Lan{Enter}");
    await waitFor(() => expect(mocked.saveSettings).toHaveBeenCalledTimes(1));
    expect(mocked.saveSettings).toHaveBeenCalledWith({
      ...SETTINGS,
      due_soon_days: 5,
      tracked_classes: ["a", "b", "d"],
      signer_name: "Hoàng Thị Lan",
    });
    expect(await screen.findByText("Đã lưu.")).toBeInTheDocument();
    expect(session.reload).toHaveBeenCalledTimes(1);
  });

  it("sends the symbols, the recipients one per line and the “Lưu” line of reports and letters", async () => {
    const user = userEvent.setup();
    mocked.saveSettings.mockImplementation(async (s: Settings) => s);
    const { session } = renderWithSession(<OfficeSettings />);
    expect(screen.getByRole("group", { name: "Báo cáo và công văn" })).toBeInTheDocument();
    const reportRecipients = screen.getByLabelText("Nơi nhận báo cáo tổng hợp (mỗi dòng một nơi)");
    expect(reportRecipients).toHaveValue("Chủ tịch, các PCT UBND tỉnh\nLãnh đạo Văn phòng");
    expect(reportRecipients.tagName).toBe("TEXTAREA");
    expect(screen.getByLabelText("Ký hiệu báo cáo")).toHaveValue("BC-VP");

    const reportSymbol = screen.getByLabelText("Ký hiệu báo cáo");
    await user.clear(reportSymbol);
    await user.type(reportSymbol, " BC-VPUBND ");
    const urgingSymbol = screen.getByLabelText("Ký hiệu công văn đôn đốc");
    await user.clear(urgingSymbol);
    await user.type(urgingSymbol, "VPUBND-TH");
    await user.clear(reportRecipients);
    await user.type(reportRecipients, "Thường trực Tỉnh ủy{Enter}  Cổng TTĐT tỉnh  {Enter}{Enter}   {Enter}Lãnh đạo Văn phòng{Enter}");
    await user.clear(screen.getByLabelText("Nơi nhận công văn đôn đốc (mỗi dòng một nơi)"));
    const filed = screen.getByLabelText("Lưu");
    await user.clear(filed);
    await user.type(filed, "VT, TH (3b) ");
    await user.click(screen.getByRole("button", { name: "Lưu" }));

    await waitFor(() => expect(mocked.saveSettings).toHaveBeenCalledTimes(1));
    expect(mocked.saveSettings).toHaveBeenCalledWith({
      ...SETTINGS,
      report_symbol: "BC-VPUBND",
      urging_symbol: "VPUBND-TH",
      report_recipients: ["Thường trực Tỉnh ủy", "Cổng TTĐT tỉnh", "Lãnh đạo Văn phòng"],
      urging_recipients: [],
      filed: "VT, TH (3b)",
    });
    expect(await screen.findByText("Đã lưu.")).toBeInTheDocument();
    // The form shows what was saved: one recipient a line, without the blank ones.
    expect(reportRecipients).toHaveValue("Thường trực Tỉnh ủy\nCổng TTĐT tỉnh\nLãnh đạo Văn phòng");
    expect(session.reload).toHaveBeenCalledTimes(1);
  });

  it("shows the core's refusal of a symbol or a recipient list next to that field", async () => {
    const user = userEvent.setup();
    mocked.saveSettings.mockRejectedValueOnce({
      code: "invalid.urging_symbol",
      field: "urging_symbol",
      message: "Ký hiệu công văn đôn đốc chỉ gồm chữ, số và dấu gạch ngang, ví dụ BC-VP (không có số và dấu /).",
    });
    renderWithSession(<OfficeSettings />);
    const symbol = screen.getByLabelText("Ký hiệu công văn đôn đốc");
    await user.clear(symbol);
    await user.type(symbol, "12/VP-TH");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    await waitFor(() =>
      expect(symbol).toHaveAccessibleDescription("Ký hiệu công văn đôn đốc chỉ gồm chữ, số và dấu gạch ngang, ví dụ BC-VP (không có số và dấu /)."),
    );
    expect(symbol).toHaveAttribute("aria-invalid", "true");
    expect(symbol).toHaveValue("12/VP-TH");

    mocked.saveSettings.mockRejectedValueOnce({ code: "invalid.report_recipients", field: "report_recipients", message: "Nơi nhận báo cáo: tối đa 20 dòng." });
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    const recipients = screen.getByLabelText("Nơi nhận báo cáo tổng hợp (mỗi dòng một nơi)");
    await waitFor(() => expect(recipients).toHaveAccessibleDescription("Nơi nhận báo cáo: tối đa 20 dòng."));
    expect(recipients).toHaveAttribute("aria-invalid", "true");
    expect(symbol).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByTestId("error-banner")).toBeNull();
  });

  it("refuses a due-soon count outside 0–30 without calling the core", async () => {
    const user = userEvent.setup();
    renderWithSession(<OfficeSettings />);
    const days = screen.getByLabelText("Sắp đến hạn: số ngày làm việc");
    await user.clear(days);
    await user.type(days, "45");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    expect(mocked.saveSettings).not.toHaveBeenCalled();
    expect(days).toHaveAccessibleDescription("Nhập số nguyên từ 0 đến 30.");
  });

  it("shows the core's error next to its field and keeps what was typed", async () => {
    const user = userEvent.setup();
    mocked.saveSettings.mockRejectedValue({ code: "invalid.report_place", field: "report_place", message: "Nhập địa danh." });
    const { session } = renderWithSession(<OfficeSettings />);
    const place = screen.getByLabelText("Địa danh");
    await user.clear(place);
    await user.type(place, "  ");
    const province = screen.getByLabelText("Tên tỉnh");
    await user.clear(province);
    await user.type(province, "Quảng Bình");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(place).toHaveAccessibleDescription("Nhập địa danh."));
    expect(place).toHaveAttribute("aria-invalid", "true");
    expect(province).toHaveValue("Quảng Bình");
    expect(screen.queryByTestId("error-banner")).toBeNull();
    expect(session.reload).not.toHaveBeenCalled();
  });

  it("shows other errors in a banner", async () => {
    const user = userEvent.setup();
    mocked.saveSettings.mockRejectedValue({ code: "db.locked", message: "Cơ sở dữ liệu đang bận." });
    renderWithSession(<OfficeSettings />);
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Cơ sở dữ liệu đang bận.");
  });

  it("switches the language, remembers it and reloads", async () => {
    const user = userEvent.setup();
    const { session } = renderWithSession(<OfficeSettings />);
    await user.selectOptions(screen.getByLabelText("Ngôn ngữ giao diện"), "en");
    expect(getLocale()).toBe("en");
    expect(window.localStorage.getItem("nhiemvu.locale")).toBe("en");
    expect(session.reload).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText("Interface language")).toHaveValue("en");
  });

  it("is read-only for unit users", () => {
    renderWithSession(<OfficeSettings />, { profile: UNIT_PROFILE });
    expect(screen.getByLabelText("Tên tỉnh")).toBeDisabled();
    expect(screen.getByLabelText("Sắp đến hạn: số ngày làm việc")).toBeDisabled();
    expect(screen.getByLabelText("a) Có thời hạn, phải trình/báo cáo")).toBeDisabled();
    expect(screen.getByLabelText("Ký hiệu báo cáo")).toBeDisabled();
    expect(screen.getByLabelText("Nơi nhận công văn đôn đốc (mỗi dòng một nơi)")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Lưu" })).toBeNull();
  });
});
