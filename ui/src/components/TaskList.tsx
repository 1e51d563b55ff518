// The work queues' task lists (unit inbox, office review queue): tabs with their counts,
// each tab one register query paged by 100, and a plain table of its rows.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { listTasks } from "../api";
import type { RegisterPage } from "../bindings/RegisterPage";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { TaskRow } from "../bindings/TaskRow";
import { formatDate, formatNumber } from "../format";
import { t } from "../i18n";
import { DEFAULT_FILTERS, toQuery } from "../state/filters";
import { rowClass } from "./TaskTable";

export const PAGE_SIZE = 100;

/** A register query with every field set to "no condition" (the register's defaults). */
export function emptyQuery(): RegisterQuery {
  return toQuery(DEFAULT_FILTERS, 0, PAGE_SIZE, null);
}

// ---- Loading -------------------------------------------------------------------------

export type Queues<K extends string> = {
  pages: Partial<Record<K, RegisterPage>>;
  error: unknown;
  clearError: () => void;
  setOffset: (key: K, offset: number) => void;
  reload: () => void;
};

/**
 * One page per tab, all loaded together (the tabs show their totals). Reloads when the
 * queries, a tab's page or `version` (the session's dataVersion) change; null loads nothing.
 */
export function useQueues<K extends string>(queries: Record<K, RegisterQuery> | null, version: number): Queues<K> {
  const [pages, setPages] = useState<Partial<Record<K, RegisterPage>>>({});
  const [offsets, setOffsets] = useState<Partial<Record<K, number>>>({});
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const sequence = useRef(0);
  const key = queries === null ? null : JSON.stringify(queries);

  useEffect(() => {
    if (key === null) return;
    const all = JSON.parse(key) as Record<K, RegisterQuery>;
    const run = ++sequence.current;
    const names = Object.keys(all) as K[];
    Promise.all(names.map((k) => listTasks({ ...all[k], offset: offsets[k] ?? 0, limit: PAGE_SIZE }))).then(
      (results) => {
        // An answer to an older request must not overwrite a newer one.
        if (run !== sequence.current) return;
        const next: Partial<Record<K, RegisterPage>> = {};
        names.forEach((k, i) => (next[k] = results[i]));
        setPages(next);
        setError(null);
      },
      (e: unknown) => {
        if (run === sequence.current) setError(e);
      },
    );
  }, [key, offsets, version, tick]);

  const setOffset = useCallback((k: K, offset: number) => setOffsets((o) => ({ ...o, [k]: offset })), []);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const clearError = useCallback(() => setError(null), []);
  return { pages, error, clearError, setOffset, reload };
}

// ---- Tabs ----------------------------------------------------------------------------

export type Tab<K extends string> = { key: K; label: string; count: number | null };

/** The queue's tabs; ←/→ move between them. */
export function QueueTabs<K extends string>({ tabs, active, onChange, label }: { tabs: readonly Tab<K>[]; active: K; onChange: (key: K) => void; label: string }) {
  const refs = useRef<Partial<Record<K, HTMLButtonElement | null>>>({});
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const i = tabs.findIndex((tab) => tab.key === active);
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    onChange(next.key);
    refs.current[next.key]?.focus();
  }
  return (
    <div className="queue-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.key}
          ref={(el) => {
            refs.current[tab.key] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.key}`}
          aria-selected={tab.key === active}
          tabIndex={tab.key === active ? 0 : -1}
          className={"queue-tabs__tab" + (tab.key === active ? " is-active" : "")}
          data-testid={`tab-${tab.key}`}
          onClick={() => onChange(tab.key)}
        >
          {tab.label}
          <span className="queue-tabs__count" data-testid={`tab-count-${tab.key}`}>
            {tab.count === null ? "…" : formatNumber(tab.count)}
          </span>
        </button>
      ))}
    </div>
  );
}

// ---- The table -----------------------------------------------------------------------

type Props = {
  page: RegisterPage | undefined;
  onOpen: (row: TaskRow) => void;
  onPage: (offset: number) => void;
  /** data-testid of every row ("inbox-row", "review-row"). */
  rowTestId: string;
  emptyText: string;
  selectedId?: string | null;
  /** Extra buttons at the end of a row (they must not open the row). */
  rowActions?: (row: TaskRow) => ReactNode;
};

function Deadline({ row }: { row: TaskRow }) {
  if (row.deadline === null) return <span className="muted">{t("task.noDeadline")}</span>;
  const extended = row.original_deadline !== null && row.original_deadline !== row.deadline;
  return (
    <>
      {formatDate(row.deadline)}
      {extended && (
        <span className="extended" title={t("task.originalDeadline", { date: formatDate(row.original_deadline) })}>
          {" "}
          {t("task.extendedMark")}
        </span>
      )}
    </>
  );
}

export function TaskList({ page, onOpen, onPage, rowTestId, emptyText, selectedId, rowActions }: Props) {
  const rows = page?.rows ?? [];
  const total = page?.total ?? 0;
  const offset = page?.offset ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.floor(offset / PAGE_SIZE);
  const pageButtons = useMemo(() => {
    const first = Math.max(0, Math.min(current - 3, pages - 7));
    return Array.from({ length: Math.min(7, pages) }, (_, i) => first + i);
  }, [current, pages]);

  if (page === undefined) return <p className="muted">{t("task.loading")}</p>;
  if (total === 0) return <p className="muted task-list__empty">{emptyText}</p>;

  // Enter opens the row itself; an Enter meant for a button inside it is the button's.
  function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, row: TaskRow) {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter") {
      e.preventDefault();
      onOpen(row);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const sibling = e.key === "ArrowDown" ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
      (sibling as HTMLElement | null)?.focus();
    }
  }

  return (
    <div className="task-list">
      <table className="task-list__table">
        <thead>
          <tr>
            <th scope="col">{t("task.col.document")}</th>
            <th scope="col">{t("task.col.description")}</th>
            <th scope="col">{t("task.col.leadUnit")}</th>
            <th scope="col">{t("task.col.deadline")}</th>
            <th scope="col">{t("task.col.status")}</th>
            {rowActions && <th scope="col">{t("task.col.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              tabIndex={0}
              className={`task-list__row ${rowClass(row)}${row.id === selectedId ? " is-selected" : ""}`}
              aria-selected={selectedId !== undefined ? row.id === selectedId : undefined}
              data-testid={rowTestId}
              data-task-id={row.id}
              onClick={() => onOpen(row)}
              onKeyDown={(e) => onRowKey(e, row)}
            >
              <td className="task-list__document">{row.document_number}</td>
              <td className="task-list__description">
                {row.description}
                {row.extension_requested && (
                  <span className="task-badge task-badge--extension" data-testid="badge-extension">
                    {t("task.badge.extension")}
                  </span>
                )}
                {row.rejection_count > 0 && (
                  <span className="task-badge task-badge--rejected" data-testid="badge-rejected">
                    {t("task.badge.rejected", { count: formatNumber(row.rejection_count) })}
                  </span>
                )}
              </td>
              <td>{row.lead_unit_name}</td>
              <td className="task-list__deadline">
                <Deadline row={row} />
              </td>
              <td>
                <span className={`status-badge status-${row.status}${row.due_soon ? " status-due-soon" : ""}`}>{row.status_label}</span>
              </td>
              {rowActions && (
                <td className="task-list__actions" onClick={(e) => e.stopPropagation()}>
                  {rowActions(row)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="task-list__pager" aria-label={t("task.pager")}>
          <button type="button" disabled={current === 0} onClick={() => onPage((current - 1) * PAGE_SIZE)} data-testid="page-prev">
            {t("task.pager.prev")}
          </button>
          {pageButtons.map((p) => (
            <button
              key={p}
              type="button"
              aria-current={p === current ? "page" : undefined}
              className={p === current ? "is-current" : undefined}
              onClick={() => onPage(p * PAGE_SIZE)}
            >
              {formatNumber(p + 1)}
            </button>
          ))}
          <button type="button" disabled={current >= pages - 1} onClick={() => onPage((current + 1) * PAGE_SIZE)} data-testid="page-next">
            {t("task.pager.next")}
          </button>
          <span className="muted">
            {t("task.pager.range", {
              from: formatNumber(offset + 1),
              to: formatNumber(Math.min(total, offset + rows.length)),
              total: formatNumber(total),
            })}
          </span>
        </nav>
      )}
    </div>
  );
}
