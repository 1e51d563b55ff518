import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ErrorBanner } from "./ErrorBanner";

describe("ErrorBanner", () => {
  it("shows nothing without an error", () => {
    render(<ErrorBanner error={null} />);
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
  });

  it("shows only the message of an ErrorPayload", async () => {
    const onDismiss = vi.fn();
    render(<ErrorBanner error={{ code: "stale", message: "Dữ liệu đã bị người khác sửa." }} onDismiss={onDismiss} />);
    const banner = screen.getByTestId("error-banner");
    expect(banner).toHaveTextContent("Lỗi: Dữ liệu đã bị người khác sửa.");
    expect(banner).not.toHaveTextContent("stale");
    expect(banner).toHaveAttribute("role", "alert");
    await userEvent.setup().click(screen.getByRole("button", { name: "Đóng" }));
    expect(onDismiss).toHaveBeenCalled();
  });
});
