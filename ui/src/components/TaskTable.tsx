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
  /** The columns the user chose, in display order (the index column is always first). */
  columns?: readonly ColumnKey[];
  /** Click or Enter on a row. */
  onOpen?: (row: TaskRow) => void;
};

/** Every column the register can show, with its width in the grid. */
export const ALL_COLUMNS = [
  { key: "document", width: "170px", label: () => t("col.document") },
  { key: "issued", width: "100px", label: () => t("col.issued") },
  { key: "description", width: "minmax(280px, 1fr)", label: () => t("col.description") },
  { key: "lead", width: "220px", label: () => t("col.leadUnit") },
  { key: "officer", width: "170px", label: () => t("col.officer") },
  { key: "deadline", width: "150px", label: () => t("col.deadline") },
  { key: "classification", width: "84px", label: () => t("col.classification") },
  { key: "state", width: "130px", label: () => t("col.state") },
  { key: "status", width: "210px", label: () => t("col.status") },
] as const;

export type ColumnKey = (typeof ALL_COLUMNS)[number]["key"];

export const DEFAULT_COLUMNS: readonly ColumnKey[] = ["document", "description", "lead", "deadline", "classification", "status"];

/** A row's colours: red overdue, orange due soon (a secret task not yet assigned has no status). */
export function rowClass(row: Pick<TaskRow, "due_soon"> & { status: TaskRow["status"] | null }): string {
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

function Cell({ column, row }: { column: ColumnKey; row: TaskRow }) {
  switch (column) {
    case "document":
      return (
        <div className="cell cell-document" role="cell" title={`${row.document_number} (${formatDate(row.document_issued_on)})`}>
          {row.document_number}
        </div>
      );
    case "issued":
      return <div className="cell cell-issued" role="cell">{formatDate(row.document_issued_on)}</div>;
    case "description":
      return <div className="cell cell-description" role="cell" title={row.description}>{row.description}</div>;
    case "lead":
      return <div className="cell cell-lead" role="cell" title={row.lead_unit_name}>{row.lead_unit_name}</div>;
    case "officer":
      return <div className="cell cell-officer" role="cell">{row.follow_up_officer_name ?? ""}</div>;
    case "deadline":
      return <div className="cell cell-deadline" role="cell"><DeadlineCell row={row} /></div>;
    case "classification":
      return <div className="cell cell-classification" role="cell">{row.classification_code}</div>;
    case "state":
      return (
        <div className="cell cell-state" role="cell">
          {t(`state.${row.state}`)}
          {row.extension_requested && <span className="badge" title={t("register.extensionRequested")}> ⏳</span>}
        </div>
      );
    case "status":
      return (
        <div className="cell cell-status" role="cell">
          <span className={`status-badge status-${row.status}${row.due_soon ? " status-due-soon" : ""}`}>{row.status_label}</span>
        </div>
      );
  }
}

type RowProps = {
  index: number;
  row: TaskRow | null;
  top: number;
  columns: readonly ColumnKey[];
  onOpen?: (row: TaskRow) => void;
};

function Row({ index, row, top, columns, onOpen }: RowProps) {
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
      data-row-index={index}
      tabIndex={onOpen ? 0 : undefined}
      onClick={onOpen ? () => onOpen(row) : undefined}
      onKeyDown={
        onOpen
          ? (e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                onOpen(row);
              }
            }
          : undefined
      }
    >
      <div className="cell cell-index" role="cell">{formatNumber(index + 1)}</div>
      {columns.map((c) => (
        <Cell key={c} column={c} row={row} />
      ))}
    </div>
  );
}

/** The grid template for the chosen columns. */
export function gridColumns(columns: readonly ColumnKey[]): string {
  const widths = columns.map((c) => ALL_COLUMNS.find((a) => a.key === c)?.width ?? "120px");
  return ["76px", ...widths].join(" ");
}

export function TaskTable({ total, getRow, onRangeChange, resetKey, emptyText, columns = DEFAULT_COLUMNS, onOpen }: Props) {
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
    rows.push(
      <Row key={i} index={i} row={getRow(i)} top={top + (i * ROW_HEIGHT - realTop)} columns={columns} onOpen={onOpen} />,
    );
  }

  // Arrow keys move between rows; the table scrolls the next row into view first.
  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const current = (e.target as HTMLElement).closest<HTMLElement>("[data-row-index]");
    if (!current || !scrollRef.current) return;
    e.preventDefault();
    const next = Number(current.dataset.rowIndex) + (e.key === "ArrowDown" ? 1 : -1);
    if (next < 0 || next >= total) return;
    const el = scrollRef.current;
    const rowTop = next * ROW_HEIGHT - realTop + top;
    if (rowTop < el.scrollTop) el.scrollTop -= ROW_HEIGHT;
    else if (rowTop + ROW_HEIGHT > el.scrollTop + bodyViewport) el.scrollTop += ROW_HEIGHT;
    requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus());
  }

  const template = gridColumns(columns);
  const minWidth = 76 + columns.reduce((sum, c) => sum + (c === "description" ? 280 : parseInt(ALL_COLUMNS.find((a) => a.key === c)?.width ?? "120", 10)), 0);
  return (
    <div
      ref={scrollRef}
      className="task-table"
      style={{ ["--cols" as string]: template, ["--table-min" as string]: `${minWidth}px` }}
      onKeyDown={onKeyDown}
      role="table"
      aria-label={t("register.title")}
      aria-rowcount={total + 1}
      data-testid="task-register"
      tabIndex={0}
      onScroll={onScroll}
    >
      <div className="task-header" role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
        <div className="cell cell-index" role="columnheader">
          {t("col.index")}
        </div>
        {columns.map((key) => (
          <div key={key} className={`cell cell-${key}`} role="columnheader">
            {ALL_COLUMNS.find((c) => c.key === key)?.label()}
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
