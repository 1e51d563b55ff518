import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { App } from "./App";
import { fakeRegister, INFO, UNITS } from "./test/fixtures";

vi.mock("./api");

const mocked = vi.mocked(api);

beforeEach(() => {
  mocked.listUnits.mockResolvedValue(UNITS);
  mocked.listTasks.mockImplementation(fakeRegister(3));
  mocked.onDemoProgress.mockResolvedValue(() => {});
});

describe("App", () => {
  it("shows the welcome screen for an empty database", async () => {
    mocked.appInfo.mockResolvedValue({ ...INFO, task_count: 0 });
    render(<App />);
    expect(await screen.findByTestId("demo-button")).toHaveTextContent("Mở tỉnh mẫu (dữ liệu minh họa)");
  });

  it("goes to the register when the sample province is ready", async () => {
    mocked.appInfo.mockResolvedValue({ ...INFO, task_count: 0 });
    mocked.createDemo.mockResolvedValue(INFO);
    render(<App />);
    await userEvent.setup().click(await screen.findByTestId("demo-button"));
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("register-total")).toHaveTextContent("Tổng: 3 nhiệm vụ"));
  });

  it("shows the register when there are tasks", async () => {
    mocked.appInfo.mockResolvedValue(INFO);
    render(<App />);
    await waitFor(() => expect(screen.getAllByTestId("task-row")).toHaveLength(3));
  });

  it("shows the message of a rejected app_info in the error banner, and retries", async () => {
    mocked.appInfo.mockRejectedValueOnce({ code: "bad_database", message: "Tệp không phải cơ sở dữ liệu Nhiệm Vụ." });
    mocked.appInfo.mockResolvedValueOnce(INFO);
    render(<App />);
    const banner = await screen.findByTestId("error-banner");
    expect(banner).toHaveTextContent("Tệp không phải cơ sở dữ liệu Nhiệm Vụ.");
    expect(banner).not.toHaveTextContent("bad_database");
    await userEvent.setup().click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByTestId("task-register")).toBeInTheDocument();
  });
});
