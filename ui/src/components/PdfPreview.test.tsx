import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { PdfPreview } from "./PdfPreview";

// jsdom has no canvas drawing (nor workers): pdf.js itself is replaced by a fake document
// whose pages report their size and "render" at once.
vi.mock("pdfjs-dist/legacy/build/pdf.mjs", () => ({
  GlobalWorkerOptions: { workerSrc: "" },
  getDocument: vi.fn(),
}));

const getDocument = vi.mocked(pdfjs.getDocument);

type RenderCall = { canvas: HTMLCanvasElement; viewport: { width: number; height: number } };

function fakeDocument(numPages: number) {
  const renders: RenderCall[] = [];
  const destroy = vi.fn(async () => {});
  const doc = {
    numPages,
    getPage: vi.fn(async (n: number) => ({
      // Portrait pages, the last one landscape (an appendix).
      getViewport: ({ scale }: { scale: number }) =>
        n === numPages ? { width: 842 * scale, height: 595 * scale } : { width: 595 * scale, height: 842 * scale },
      render: (params: RenderCall) => {
        renders.push(params);
        return { promise: Promise.resolve(), cancel: vi.fn() };
      },
      cleanup: vi.fn(),
    })),
  };
  getDocument.mockReturnValue({ promise: Promise.resolve(doc), destroy } as never);
  return { doc, renders, destroy };
}

beforeEach(() => {
  getDocument.mockReset();
});

describe("PdfPreview", () => {
  it("asks for a preview until there is a PDF", () => {
    render(<PdfPreview data={null} />);
    expect(screen.getByTestId("pdf-status")).toHaveTextContent("Bấm «Xem trước» (Ctrl+Enter) để xem văn bản trước khi lưu.");
    expect(getDocument).not.toHaveBeenCalled();
  });

  it("draws each page on its own canvas, ten at a time, with the page count", async () => {
    const { renders } = fakeDocument(12);
    const bytes = new Uint8Array([37, 80, 68, 70, 45]);
    render(<PdfPreview data={bytes} />);
    await waitFor(() => expect(screen.getByTestId("pdf-status")).toHaveTextContent("12 trang, đang hiển thị 10 trang đầu"));
    expect(screen.getAllByTestId("pdf-page")).toHaveLength(10);
    expect(screen.getByRole("img", { name: "Trang 1/12" })).toBeInTheDocument();
    // pdf.js gets a copy (it hands its bytes to the worker) and the worker's address.
    const params = getDocument.mock.calls[0][0] as { data: Uint8Array; useWasm: boolean };
    expect(params.data).toEqual(bytes);
    expect(params.data).not.toBe(bytes);
    expect(params.useWasm).toBe(false);
    expect(pdfjs.GlobalWorkerOptions.workerSrc).toMatch(/pdf\.worker\.min\.mjs/);
    expect(renders[0].canvas).toBe(screen.getAllByTestId("pdf-page")[0]);

    await userEvent.setup().click(screen.getByRole("button", { name: "Hiển thị thêm 2 trang" }));
    await waitFor(() => expect(screen.getByTestId("pdf-status")).toHaveTextContent("12 trang"));
    expect(screen.getByTestId("pdf-status")).not.toHaveTextContent("đang hiển thị");
    expect(screen.getAllByTestId("pdf-page")).toHaveLength(12);
    expect(screen.queryByRole("button", { name: /Hiển thị thêm/ })).toBeNull();
    // The landscape page is wider than it is tall on screen too.
    const last = screen.getByRole("img", { name: "Trang 12/12" }) as HTMLCanvasElement;
    expect(last.width).toBeGreaterThan(last.height);
  });

  it("replaces the pages with the next PDF and drops the previous document", async () => {
    const first = fakeDocument(2);
    const { rerender } = render(<PdfPreview data={new Uint8Array([1])} />);
    await waitFor(() => expect(screen.getAllByTestId("pdf-page")).toHaveLength(2));
    fakeDocument(1);
    rerender(<PdfPreview data={new Uint8Array([2])} />);
    await waitFor(() => expect(screen.getByTestId("pdf-status")).toHaveTextContent("1 trang"));
    expect(screen.getAllByTestId("pdf-page")).toHaveLength(1);
    expect(first.destroy).toHaveBeenCalled();
  });

  it("says it is generating while the next PDF is being made", async () => {
    fakeDocument(1);
    const { rerender } = render(<PdfPreview data={new Uint8Array([1])} />);
    await waitFor(() => expect(screen.getByTestId("pdf-status")).toHaveTextContent("1 trang"));
    rerender(<PdfPreview data={new Uint8Array([1])} busy />);
    expect(screen.getByTestId("pdf-status")).toHaveTextContent("Đang tạo…");
    expect(screen.getByTestId("pdf-preview")).toHaveAttribute("aria-busy", "true");
  });

  it("shows why a PDF cannot be shown", async () => {
    getDocument.mockReturnValue({ promise: Promise.reject(new Error("Invalid PDF structure.")), destroy: async () => {} } as never);
    render(<PdfPreview data={new Uint8Array([0])} />);
    await waitFor(() =>
      expect(screen.getByTestId("pdf-status")).toHaveTextContent("Không hiển thị được bản xem trước: Invalid PDF structure."),
    );
    await act(async () => {});
    expect(screen.queryAllByTestId("pdf-page")).toHaveLength(0);
  });
});
