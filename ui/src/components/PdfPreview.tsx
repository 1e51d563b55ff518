/// <reference types="vite/client" />
// A PDF drawn inside the window: WebKitGTK has no PDF viewer of its own, so the pages are
// rendered with pdf.js (its legacy build, for older WebKit) onto one canvas each. pdf.js is
// loaded on first use (it is large and most sessions never preview a report). Pages come
// in batches so a hundred-page appendix does not hold a hundred canvases at once.
import { useEffect, useRef, useState } from "react";
import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";
import { errorMessage } from "../errors";
import { t } from "../i18n";

/** Pages drawn at first, and at each "show more". */
export const PAGE_BATCH = 10;
const MAX_SCALE = 1.5;
const MIN_SCALE = 0.5;
/** When the pane has no width yet (hidden, or a test without layout). */
const FALLBACK_SCALE = 1.2;
/** Room left around a page inside the pane (padding, scroll bar). */
const GUTTER = 40;

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsModule: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import("pdfjs-dist/legacy/build/pdf.mjs").then(
    (pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      return pdfjs;
    },
    (error: unknown) => {
      pdfjsModule = null;
      throw error;
    },
  );
  return pdfjsModule;
}

type Phase =
  | { phase: "empty" }
  | { phase: "opening" }
  | { phase: "rendering"; page: number; total: number }
  | { phase: "done"; total: number; shown: number }
  | { phase: "error"; message: string };

/** One open document and how far it is drawn; `cancelled` once replaced or unmounted. */
type Drawing = {
  doc: PDFDocumentProxy;
  total: number;
  shown: number;
  task: RenderTask | null;
  cancelled: boolean;
};

type Props = {
  /** The PDF's bytes; null: nothing to show yet. */
  data: Uint8Array | null;
  /** Shown instead of the empty hint while the PDF is being made. */
  busy?: boolean;
};

export function PdfPreview({ data, busy = false }: Props) {
  const pagesRef = useRef<HTMLDivElement>(null);
  const drawing = useRef<Drawing | null>(null);
  const [state, setState] = useState<Phase>({ phase: "empty" });

  async function drawPages(d: Drawing, upTo: number) {
    const host = pagesRef.current;
    if (!host) return;
    const width = host.clientWidth;
    const dpr = window.devicePixelRatio || 1;
    for (let n = d.shown + 1; n <= upTo && !d.cancelled; n++) {
      setState({ phase: "rendering", page: n, total: d.total });
      const page = await d.doc.getPage(n);
      if (d.cancelled) return;
      const natural = page.getViewport({ scale: 1 });
      const fit = width > 0 ? (width - GUTTER) / natural.width : FALLBACK_SCALE;
      const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, fit));
      const viewport = page.getViewport({ scale: scale * dpr });
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / dpr)}px`;
      canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
      canvas.className = "pdf-preview__page";
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", t("pdf.page", { page: n, total: d.total }));
      canvas.setAttribute("data-testid", "pdf-page");
      host.appendChild(canvas);
      d.task = page.render({ canvas, viewport });
      await d.task.promise;
      d.task = null;
      page.cleanup();
      d.shown = n;
    }
    if (!d.cancelled) setState({ phase: "done", total: d.total, shown: d.shown });
  }

  function fail(d: Drawing | null, error: unknown) {
    if (d?.cancelled) return;
    setState({ phase: "error", message: t("pdf.failed", { message: errorMessage(error) }) });
  }

  useEffect(() => {
    pagesRef.current?.replaceChildren();
    if (!data) {
      setState({ phase: "empty" });
      return;
    }
    setState({ phase: "opening" });
    let stop = false;
    let loading: { destroy: () => Promise<void> } | null = null;
    let current: Drawing | null = null;
    void (async () => {
      try {
        const pdfjs = await loadPdfJs();
        if (stop) return;
        // pdf.js hands its copy of the bytes to the worker (and the caller keeps `data`).
        // No wasm: the window's CSP does not allow compiling it.
        const task = pdfjs.getDocument({ data: data.slice(), useWasm: false });
        loading = task;
        const doc = await task.promise;
        if (stop) return;
        current = { doc, total: doc.numPages, shown: 0, task: null, cancelled: false };
        drawing.current = current;
        await drawPages(current, Math.min(PAGE_BATCH, current.total));
      } catch (error) {
        if (!stop) fail(current, error);
      }
    })();
    return () => {
      stop = true;
      if (current) {
        current.cancelled = true;
        current.task?.cancel();
      }
      drawing.current = null;
      void loading?.destroy().catch(() => {});
    };
    // drawPages and fail only use refs and setState.
  }, [data]);

  function more() {
    const d = drawing.current;
    if (!d || d.cancelled) return;
    drawPages(d, Math.min(d.shown + PAGE_BATCH, d.total)).catch((error: unknown) => fail(d, error));
  }

  let status: string;
  switch (state.phase) {
    case "empty":
      status = t("pdf.empty");
      break;
    case "opening":
      status = t("pdf.opening");
      break;
    case "rendering":
      status = t("pdf.rendering", { page: state.page, total: state.total });
      break;
    case "done":
      status =
        state.shown < state.total
          ? t("pdf.shown", { count: state.total, shown: state.shown })
          : t("pdf.pages", { count: state.total });
      break;
    case "error":
      status = state.message;
      break;
  }
  // While a new PDF is being made, the previous pages stay in view under this line.
  if (busy) status = t("rep.generating");
  const working = busy || state.phase === "opening" || state.phase === "rendering";
  const left = state.phase === "done" ? state.total - state.shown : 0;

  return (
    <section className="pdf-preview" aria-label={t("pdf.label")} aria-busy={working} data-testid="pdf-preview">
      <p
        className={"pdf-preview__status" + (state.phase === "error" && !busy ? " field-error" : " muted")}
        role="status"
        data-testid="pdf-status"
      >
        {status}
      </p>
      <div ref={pagesRef} className="pdf-preview__pages" />
      {left > 0 && (
        <button type="button" className="pdf-preview__more" onClick={more}>
          {t("pdf.more", { count: Math.min(PAGE_BATCH, left) })}
        </button>
      )}
    </section>
  );
}
