// The task register as a virtualised table: rows have a fixed height, only the rows on
// screen (plus a few) are in the DOM, and the loader is told which rows those are.
// Very tall lists (a million rows) are scaled into a body no taller than browsers allow.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { TaskRow } from "../bindings/TaskRow";
import { formatDate, formatNumber } from "../format";
import { t } from "../i18n";

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 30;
/** Browsers cap element heights (≈ 33.5 million px in Chromium/WebKit); stay well below. */
const MAX_BODY_PX = 8_000_000;
const OVERSCAN = 8;
/** Used before the table was measured (and in tests, where nothing has a size). */
const FALLBACK_VIEWPORT = 600;

type Props = {
  total: number;
  getRow: (index: number) => TaskRow | null;
  onRangeChange: (first: number, last: number) => void;
  /** Changing it scrolls back to the top (new filters). */
  resetKey: string;
  emptyText?: string;
};

const COLUMNS = [
  { key: "index", label: () => t("col.index") },
  { key: "document", label: () => t("col.document") },
  { key: "description", label: () => t("col.description") },
  { key: "lead", label: () => t("col.leadUnit") },
  { key: "deadline", label: () => t("col.deadline") },
  { key: "classification", label: () => t("col.classification") },
  { key: "status", label: () => t("col.status") },
] as const;

export function rowClass(row: TaskRow): string {
  if (row.status === "overdue") return "row-overdue";
  if (row.due_soon) return "row-due-soon";
  if (row.status === "no_deadline") return "row-no-deadline";
  if (row.status === "cancelled") return "row-cancelled";
  if (row.status === "done_on_time" || row.status === "done_late") return "row-done";
  return "row-normal";
}

function DeadlineCell({ row }: { row: TaskRow }) {
  if (row.deadline === null) return <span className="muted">{t("deadline.none")}</span>;
  const extended = row.original_deadline !== null && row.original_deadline !== row.deadline;
  return (
    <span title={extended ? t("deadline.original", { date: formatDate(row.original_deadline) }) : undefined}>
      {formatDate(row.deadline)}
      {extended && <span className="extended"> {t("deadline.extended")}</span>}
    </span>
  );
}

function Row({ index, row, top }: { index: number; row: TaskRow | null; top: number }) {
  const parity = index % 2 === 1 ? " odd" : "";
  const style = { top, height: ROW_HEIGHT };
  if (row === null) {
    return (
      <div className={"task-row row-loading" + parity} role="row" aria-rowindex={index + 2} style={style} data-testid="task-row-loading">
        <div className="cell cell-index" role="cell">{formatNumber(index + 1)}</div>
        <div className="cell cell-loading muted" role="cell">{t("register.loadingRow")}</div>
      </div>
    );
  }
  return (
    <div
      className={`task-row ${rowClass(row)}${parity}`}
      role="row"
      aria-rowindex={index + 2}
      style={style}
      data-testid="task-row"
      data-status={row.status}
      data-task-id={row.id}
    >
      <div className="cell cell-index" role="cell">{formatNumber(index + 1)}</div>
      <div className="cell cell-document" role="cell" title={`${row.document_number} (${formatDate(row.document_issued_on)})`}>
        {row.document_number}
      </div>
      <div className="cell cell-description" role="cell" title={row.description}>{row.description}</div>
      <div className="cell cell-lead" role="cell" title={row.lead_unit_name}>{row.lead_unit_name}</div>
      <div className="cell cell-deadline" role="cell"><DeadlineCell row={row} /></div>
      <div className="cell cell-classification" role="cell">{row.classification_code}</div>
      <div className="cell cell-status" role="cell">
        <span className={`status-badge status-${row.status}${row.due_soon ? " status-due-soon" : ""}`}>{row.status_label}</span>
      </div>
    </div>
  );
}

export function TaskTable({ total, getRow, onRangeChange, resetKey, emptyText }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(measure);
      observer.observe(el);
      return () => observer.disconnect();
    }
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  function onScroll() {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (scrollRef.current) setScrollTop(scrollRef.current.scrollTop);
    });
  }

  const bodyViewport = Math.max(ROW_HEIGHT, viewport - HEADER_HEIGHT);
  const realHeight = total * ROW_HEIGHT;
  const bodyHeight = Math.min(realHeight, MAX_BODY_PX);
  const maxVirtual = Math.max(0, bodyHeight - bodyViewport);
  const maxReal = Math.max(0, realHeight - bodyViewport);
  const top = Math.min(Math.max(0, scrollTop), maxVirtual);
  const realTop = maxVirtual > 0 ? top * (maxReal / maxVirtual) : 0;
  const first = Math.min(Math.floor(realTop / ROW_HEIGHT), Math.max(0, total - 1));
  const visible = Math.ceil(bodyViewport / ROW_HEIGHT) + 1;
  const last = Math.max(0, Math.min(total - 1, first + visible));
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(total, last + 1 + OVERSCAN);

  useEffect(() => {
    onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  const rows = [];
  for (let i = start; i < end; i++) {
    // Position in the (possibly scaled) body: on screen exactly where the real row would be.
    rows.push(<Row key={i} index={i} row={getRow(i)} top={top + (i * ROW_HEIGHT - realTop)} />);
  }

  return (
    <div
      ref={scrollRef}
      className="task-table"
      role="table"
      aria-label={t("register.title")}
      aria-rowcount={total + 1}
      data-testid="task-register"
      tabIndex={0}
      onScroll={onScroll}
    >
      <div className="task-header" role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
        {COLUMNS.map((c) => (
          <div key={c.key} className={`cell cell-${c.key}`} role="columnheader">
            {c.label()}
          </div>
        ))}
      </div>
      <div className="task-body" role="rowgroup" style={{ height: bodyHeight }}>
        {rows}
      </div>
      {total === 0 && emptyText && <div className="task-empty">{emptyText}</div>}
    </div>
  );
}
