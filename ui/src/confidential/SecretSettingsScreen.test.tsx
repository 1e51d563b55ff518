import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SecretSettings } from "../bindings/SecretSettings";
import * as secretApi from "../secretApi";
import { SecretSettingsScreen } from "./SecretSettingsScreen";
import { renderSecret, STORE_SETTINGS } from "./testFixtures";

vi.mock("../secretApi");
const mocked = vi.mocked(secretApi);

describe("SecretSettingsScreen", () => {
  it("starts from the store's settings and saves numbers as numbers", async () => {
    const user = userEvent.setup();
    mocked.secretSetSettings.mockImplementation(async (s: SecretSettings) => s);
    const { secret } = renderSecret(<SecretSettingsScreen />);
    const idle = screen.getByLabelText("Tự khóa sau (phút không thao tác)");
    expect(idle).toHaveValue("15");
    expect(screen.getByLabelText("Báo trước khi hết thời hạn bảo vệ (ngày)")).toHaveValue("180");
    const exportBox = screen.getByLabelText("Cho phép lưu sổ mật ra tệp PDF");
    expect(exportBox).not.toBeChecked();
    expect(screen.getByTestId("secret-export-warning")).toHaveTextContent("không được mã hóa và chứa bí mật nhà nước");

    await user.clear(idle);
    await user.type(idle, "30");
    await user.click(exportBox);
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(mocked.secretSetSettings).toHaveBeenCalledTimes(1));
    expect(mocked.secretSetSettings).toHaveBeenCalledWith({ idle_lock_minutes: 30, expiry_warning_days: 180, export_enabled: true });
    expect(await screen.findByText("Đã lưu cài đặt sổ mật.")).toBeInTheDocument();
    expect(secret.setSettings).toHaveBeenCalledWith({ idle_lock_minutes: 30, expiry_warning_days: 180, export_enabled: true });
  });

  it("refuses numbers out of range next to their field", async () => {
    const user = userEvent.setup();
    renderSecret(<SecretSettingsScreen />);
    const idle = screen.getByLabelText("Tự khóa sau (phút không thao tác)");
    await user.clear(idle);
    await user.type(idle, "0");
    const days = screen.getByLabelText("Báo trước khi hết thời hạn bảo vệ (ngày)");
    await user.clear(days);
    await user.type(days, "4000{Enter}");
    expect(screen.getByText("Thời gian tự khóa phải là số nguyên từ 1 đến 120 phút.")).toBeInTheDocument();
    expect(screen.getByText("Số ngày báo trước phải là số nguyên từ 1 đến 3650.")).toBeInTheDocument();
    expect(idle).toHaveAttribute("aria-invalid", "true");
    expect(mocked.secretSetSettings).not.toHaveBeenCalled();
  });

  it("shows the back end's refusal next to the field it names", async () => {
    const user = userEvent.setup();
    mocked.secretSetSettings.mockRejectedValue({
      code: "invalid.idle_lock_minutes",
      message: "Thời gian tự khóa phải từ 1 đến 120 phút.",
      field: "idle_lock_minutes",
    });
    const { secret } = renderSecret(<SecretSettingsScreen />, { settings: { ...STORE_SETTINGS, idle_lock_minutes: 5 } });
    expect(screen.getByLabelText("Tự khóa sau (phút không thao tác)")).toHaveValue("5");
    await user.click(screen.getByRole("button", { name: "Lưu" }));
    expect(await screen.findByText("Thời gian tự khóa phải từ 1 đến 120 phút.")).toBeInTheDocument();
    expect(screen.getByLabelText("Tự khóa sau (phút không thao tác)")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-banner")).toBeNull();
    expect(secret.setSettings).not.toHaveBeenCalled();
  });
});
