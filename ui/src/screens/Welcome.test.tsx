import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { DemoProgress } from "../bindings/DemoProgress";
import { INFO } from "../test/fixtures";
import { Welcome } from "./Welcome";

vi.mock("../api");

const mocked = vi.mocked(api);
const EMPTY = { ...INFO, task_count: 0 };

let emit: (p: DemoProgress) => void = () => {};
const unlisten = vi.fn();

beforeEach(() => {
  mocked.onDemoProgress.mockImplementation(async (handler) => {
    emit = handler;
    return unlisten;
  });
  mocked.cancelDemo.mockResolvedValue(null);
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("Welcome", () => {
  it("creates the sample province with progress, then goes on", async () => {
    const run = deferred<typeof INFO>();
    mocked.createDemo.mockReturnValue(run.promise);
    const onReady = vi.fn();
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={onReady} />);
    expect(screen.getByRole("heading", { name: "Chào mừng đến với Nhiệm Vụ" })).toBeInTheDocument();
    await user.click(screen.getByTestId("demo-button"));
    expect(mocked.createDemo).toHaveBeenCalledWith(20000);
    act(() => emit({ done: 12345, total: 20000 }));
    expect(screen.getByText("Đang tạo dữ liệu mẫu… 12.345 / 20.000 nhiệm vụ")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "12345");
    await act(async () => run.resolve(INFO));
    expect(onReady).toHaveBeenCalledWith(INFO);
    expect(unlisten).toHaveBeenCalled();
  });

  it("cancels", async () => {
    const run = deferred<typeof INFO>();
    mocked.createDemo.mockReturnValue(run.promise);
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={vi.fn()} />);
    await user.click(screen.getByTestId("demo-button"));
    await user.click(screen.getByRole("button", { name: "Hủy" }));
    expect(mocked.cancelDemo).toHaveBeenCalled();
    await act(async () => run.reject({ code: "cancelled", message: "Đã hủy." }));
    expect(screen.getByText("Đã hủy tạo dữ liệu mẫu.")).toBeInTheDocument();
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
    expect(screen.getByTestId("demo-button")).toBeInTheDocument();
  });

  it("shows the message of a failure in the error banner", async () => {
    mocked.createDemo.mockRejectedValue({ code: "io", message: "Không ghi được tệp cơ sở dữ liệu." });
    const user = userEvent.setup();
    render(<Welcome info={EMPTY} onReady={vi.fn()} />);
    await user.click(screen.getByTestId("demo-button"));
    await waitFor(() => expect(screen.getByTestId("error-banner")).toHaveTextContent("Không ghi được tệp cơ sở dữ liệu."));
  });
});
