// Sổ theo dõi văn bản chỉ đạo: the directive documents, filtered and paged by the core,
// with a detail pane for the selected one (its fields, files and tasks). The office also
// registers documents here ("Vào sổ văn bản", Ctrl+N from the shell) and adds tasks.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { getDocument, listDocuments, listTasks, openAttachment } from "../api";
import type { Document } from "../bindings/Document";
import type { DocumentKind } from "../bindings/DocumentKind";
import type { DocumentPage } from "../bindings/DocumentPage";
import type { DocumentRow } from "../bindings/DocumentRow";
import type { DocumentSort } from "../bindings/DocumentSort";
import type { Issuer } from "../bindings/Issuer";
import type { Origin } from "../bindings/Origin";
import type { RegisterPage } from "../bindings/RegisterPage";
import type { TaskRow } from "../bindings/TaskRow";
import type { Urgency } from "../bindings/Urgency";
import { AddTasksDialog, documentNumber } from "../components/AddTasksDialog";
import { DocumentForm, fileSize } from "../components/DocumentForm";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateInput } from "../components/form";
import { formatDate, formatNumber, instantMs } from "../format";
import { t } from "../i18n";
import { isOffice, useSession } from "../session";
import {
  DEFAULT_DOCUMENT_FILTERS,
  DOCUMENT_KINDS,
  DOCUMENT_ORIGINS,
  DOCUMENT_PAGE_SIZE,
  DOCUMENT_SORTS,
  ISSUERS,
  URGENCIES,
  documentFiltersEqual,
  documentTasksQuery,
  loadDocumentFilters,
  saveDocumentFilters,
  toDocumentQuery,
  type DocumentFilters,
} from "../state/documentFilters";

/** Fired by the shell on Ctrl+N. */
export const NEW_DOCUMENT_EVENT = "nhiemvu:new-document";
/** The shell's Ctrl+Shift+N: more tasks for the open document, or a new document. */
export const NEW_TASK_EVENT = "nhiemvu:new-task";
export const SEARCH_DEBOUNCE_MS = 200;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/** "2026-03-10T01:30:00Z" → "08:30 ngày 10/03/2026" in Vietnam time (UTC+7, no DST). */
function formatTimestamp(value: string): string {
  // The core's instants carry up to nine decimals, which Date.parse does not always take.
  const ms = instantMs(value);
  if (ms === null) return value;
  const local = new Date(ms + 7 * 3600 * 1000);
  const iso = local.toISOString();
  return t("doc.dateTime", { date: formatDate(iso.slice(0, 10)), time: iso.slice(11, 16) });
}

// ---- Filters -----------------------------------------------------------------------

type FilterBarProps = {
  filters: DocumentFilters;
  /** Called only with valid filters (dates checked, search debounced). */
  onChange: (filters: DocumentFilters) => void;
  searchRef: RefObject<HTMLInputElement | null>;
};

type RangeEnd = { iso: string | null; valid: boolean };

function DocumentFilterBar({ filters, onChange, searchRef }: FilterBarProps) {
  const [searchText, setSearchText] = useState(filters.search);
  const [from, setFrom] = useState<RangeEnd>({ iso: filters.issuedFrom, valid: true });
  const [to, setTo] = useState<RangeEnd>({ iso: filters.issuedTo, valid: true });
  // Remounts the date inputs on reset, so even an invalid text is cleared.
  const [resetCount, setResetCount] = useState(0);
  const latest = useRef({ filters, searchText });
  latest.current = { filters, searchText };

  /** Applies a change; a search still waiting for its debounce goes along with it. */
  const apply = useCallback(
    (change: Partial<DocumentFilters>) => {
      const { filters: current, searchText: text } = latest.current;
      const next = { ...current, search: text, ...change };
      if (!documentFiltersEqual(next, current)) onChange(next);
    },
    [onChange],
  );

  useEffect(() => {
    if (searchText === latest.current.filters.search) return;
    const timer = setTimeout(() => apply({ search: searchText }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText, apply]);

  const reversed = from.valid && to.valid && from.iso !== null && to.iso !== null && from.iso > to.iso;

  function updateRange(nextFrom: RangeEnd, nextTo: RangeEnd) {
    setFrom(nextFrom);
    setTo(nextTo);
    const bad = nextFrom.iso !== null && nextTo.iso !== null && nextFrom.iso > nextTo.iso;
    // Never send an invalid date, nor a range while one end is invalid or they are reversed.
    if (nextFrom.valid && nextTo.valid && !bad) apply({ issuedFrom: nextFrom.iso, issuedTo: nextTo.iso });
  }

  function reset() {
    setSearchText("");
    latest.current.searchText = "";
    setFrom({ iso: null, valid: true });
    setTo({ iso: null, valid: true });
    setResetCount((n) => n + 1);
    if (!documentFiltersEqual(DEFAULT_DOCUMENT_FILTERS, latest.current.filters)) onChange({ ...DEFAULT_DOCUMENT_FILTERS });
  }

  function select<T extends string>(id: string, label: string, all: string, value: T | null, values: readonly T[], name: (v: T) => string, onPick: (v: T | null) => void) {
    return (
      <span className="filter-field">
        <label htmlFor={id}>{label}</label>
        <select id={id} value={value ?? ""} onChange={(e) => onPick(e.target.value === "" ? null : (e.target.value as T))}>
          <option value="">{all}</option>
          {values.map((v) => (
            <option key={v} value={v}>
              {name(v)}
            </option>
          ))}
        </select>
      </span>
    );
  }

  return (
    <div className="filter-bar doc-filters" role="search">
      <span className="filter-field filter-search">
        <input
          ref={searchRef}
          id="doc-search"
          type="search"
          data-testid="doc-search"
          aria-label={t("doc.filter.searchLabel")}
          title={t("doc.filter.searchHint")}
          placeholder={t("doc.filter.search")}
          autoComplete="off"
          spellCheck={false}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape" && searchText !== "") {
              e.preventDefault();
              setSearchText("");
              latest.current.searchText = "";
              apply({ search: "" });
            }
          }}
        />
      </span>
      {select<DocumentKind>("doc-filter-kind", t("doc.filter.kind"), t("doc.filter.allKinds"), filters.kind, DOCUMENT_KINDS, (k) => t(`doc.kind.${k}`), (kind) => apply({ kind }))}
      {select<Issuer>("doc-filter-issuer", t("doc.filter.issuer"), t("doc.filter.allIssuers"), filters.issuer, ISSUERS, (i) => t(`doc.issuer.${i}`), (issuer) => apply({ issuer }))}
      {select<Origin>("doc-filter-origin", t("doc.filter.origin"), t("doc.filter.allOrigins"), filters.origin, DOCUMENT_ORIGINS, (o) => t(`doc.origin.${o}`), (origin) => apply({ origin }))}
      {select<Urgency>("doc-filter-urgency", t("doc.filter.urgency"), t("doc.filter.allUrgencies"), filters.urgency, URGENCIES, (u) => t(`doc.urgency.${u}`), (urgency) => apply({ urgency }))}
      <DateInput
        key={`from-${resetCount}`}
        id="doc-filter-issued-from"
        className="filter-date"
        label={t("doc.filter.issuedFrom")}
        value={filters.issuedFrom}
        onChange={(iso, valid) => updateRange({ iso, valid }, to)}
      />
      <DateInput
        key={`to-${resetCount}`}
        id="doc-filter-issued-to"
        className="filter-date"
        label={t("doc.filter.issuedTo")}
        value={filters.issuedTo}
        error={reversed ? t("doc.filter.rangeReversed") : null}
        onChange={(iso, valid) => updateRange(from, { iso, valid })}
      />
      <span className="filter-field">
        <label htmlFor="doc-filter-sort">{t("doc.filter.sort")}</label>
        <select id="doc-filter-sort" value={filters.sort} onChange={(e) => apply({ sort: e.target.value as DocumentSort })}>
          {DOCUMENT_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`doc.sort.${s}`)}
            </option>
          ))}
        </select>
      </span>
      <button type="button" className="button-link" onClick={reset}>
        {t("doc.filter.reset")}
      </button>
    </div>
  );
}

// ---- Table and pages -----------------------------------------------------------------

function moveFocus(e: KeyboardEvent<HTMLElement>, onOpen: () => void) {
  const row = e.currentTarget;
  if (e.key === "Enter") {
    e.preventDefault();
    onOpen();
  } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    const next = e.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
    if (next instanceof HTMLElement) next.focus();
  }
}

function DocumentTable({
  rows,
  selectedId,
  onSelect,
}: {
  rows: readonly DocumentRow[];
  selectedId: string | null;
  onSelect: (row: DocumentRow) => void;
}) {
  return (
    <table className="doc-table" data-testid="document-register">
      <thead>
        <tr>
          <th scope="col" className="doc-col-number">{t("doc.col.number")}</th>
          <th scope="col">{t("doc.col.kind")}</th>
          <th scope="col" className="doc-col-date">{t("doc.col.issued")}</th>
          <th scope="col" className="doc-col-summary">{t("doc.col.summary")}</th>
          <th scope="col">{t("doc.col.signer")}</th>
          <th scope="col">{t("doc.col.issuer")}</th>
          <th scope="col">{t("doc.col.urgency")}</th>
          <th scope="col">{t("doc.col.origin")}</th>
          <th scope="col" className="doc-col-count">{t("doc.col.tasks")}</th>
          <th scope="col">{t("doc.col.entry")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            tabIndex={0}
            data-testid="document-row"
            data-document-id={row.id}
            aria-selected={row.id === selectedId}
            className={row.id === selectedId ? "is-selected" : undefined}
            onClick={() => onSelect(row)}
            onKeyDown={(e) => moveFocus(e, () => onSelect(row))}
          >
            <td className="doc-col-number">
              {row.full_number}
              {row.attachment_count > 0 && (
                <span className="doc-clip" title={t("doc.attachmentCount", { count: formatNumber(row.attachment_count) })}>
                  {" "}
                  📎
                </span>
              )}
            </td>
            <td>{t(`doc.kind.${row.kind}`)}</td>
            <td className="doc-col-date">{formatDate(row.issued_on)}</td>
            <td className="doc-col-summary" title={row.summary}>
              {row.summary}
            </td>
            <td>{row.signer_name}</td>
            <td>{t(`doc.issuer.${row.issuer}`)}</td>
            <td className={`urgency-${row.urgency}`}>{t(`doc.urgency.${row.urgency}`)}</td>
            <td>{t(`doc.originShort.${row.origin}`)}</td>
            <td className="doc-col-count">{formatNumber(row.task_count)}</td>
            <td>{row.entered_late && <span className="doc-late">{t("doc.enteredLate")}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav className="doc-pager" aria-label={t("doc.page.label")}>
      <button type="button" disabled={page === 0} onClick={() => onPage(0)} aria-label={t("doc.page.firstLabel")}>
        «
      </button>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)} data-testid="page-prev">
        {t("doc.page.prev")}
      </button>
      <span data-testid="page-number">{t("doc.page.of", { page: formatNumber(page + 1), pages: formatNumber(pages) })}</span>
      <button type="button" disabled={page >= pages - 1} onClick={() => onPage(page + 1)} data-testid="page-next">
        {t("doc.page.next")}
      </button>
      <button type="button" disabled={page >= pages - 1} onClick={() => onPage(pages - 1)} aria-label={t("doc.page.lastLabel")}>
        »
      </button>
    </nav>
  );
}

// ---- Detail pane ---------------------------------------------------------------------

function taskRowClass(row: TaskRow): string | undefined {
  if (row.status === "overdue") return "row-overdue";
  if (row.due_soon) return "row-due-soon";
  return undefined;
}

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value !== null && value !== "" ? value : <span className="muted">{t("doc.none")}</span>}</dd>
    </>
  );
}

type DetailProps = {
  id: string;
  version: number;
  onClose: () => void;
  /** Tasks were added: the register's task count changed. */
  onChanged: () => void;
};

function DocumentDetail({ id, version, onClose, onChanged }: DetailProps) {
  const session = useSession();
  const [doc, setDoc] = useState<Document | null>(null);
  const [tasks, setTasks] = useState<RegisterPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!isOffice(session.profile)) return;
    const open = () => setAdding(true);
    window.addEventListener(NEW_TASK_EVENT, open);
    return () => window.removeEventListener(NEW_TASK_EVENT, open);
  }, [session.profile]);

  useEffect(() => {
    let live = true;
    setError(null);
    getDocument(id).then(
      (d) => live && setDoc(d),
      (e: unknown) => live && setError(e),
    );
    listTasks(documentTasksQuery(id)).then(
      (page) => live && setTasks(page),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, version, reload]);

  // Data of another document is never shown while the selected one loads.
  const shown = doc !== null && doc.id === id ? doc : null;
  const taskRows = shown !== null && tasks !== null && tasks.rows.every((r) => r.document_id === id) ? tasks : null;
  const enteredBy = shown?.entered_by ? (session.people.find((p) => p.id === shown.entered_by)?.full_name ?? shown.entered_by) : null;

  return (
    <aside
      className="doc-detail"
      data-testid="document-detail"
      aria-label={t("doc.detail.title")}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !isEditable(e.target)) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="doc-detail__header">
        <h2>{shown ? `${t(`doc.kind.${shown.kind}`)} ${documentNumber(shown)}` : t("doc.detail.title")}</h2>
        <button type="button" className="dialog__close" onClick={onClose} aria-label={t("doc.detail.close")}>
          ×
        </button>
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {shown === null ? (
        !error && <p className="muted">{t("doc.loading")}</p>
      ) : (
        <>
          <dl className="doc-detail__fields">
            <Field label={t("doc.field.kind")} value={t(`doc.kind.${shown.kind}`)} />
            <Field label={t("doc.field.number")} value={shown.number} />
            <Field label={t("doc.field.symbol")} value={shown.symbol} />
            <Field label={t("doc.field.issuedOn")} value={formatDate(shown.issued_on)} />
            <Field label={t("doc.field.summary")} value={shown.summary} />
            <Field label={t("doc.field.signerName")} value={shown.signer_name} />
            <Field label={t("doc.field.signerTitle")} value={shown.signer_title} />
            <Field label={t("doc.field.issuer")} value={t(`doc.issuer.${shown.issuer}`)} />
            <Field label={t("doc.field.submittingAgency")} value={shown.submitting_agency} />
            <Field label={t("doc.field.director")} value={shown.director} />
            <Field label={t("doc.field.drafter")} value={shown.drafter} />
            <Field label={t("doc.field.urgency")} value={t(`doc.urgency.${shown.urgency}`)} />
            <Field label={t("doc.field.origin")} value={t(`doc.origin.${shown.origin}`)} />
            <Field label={t("doc.field.enteredAt")} value={formatTimestamp(shown.entered_at)} />
            <Field label={t("doc.field.enteredBy")} value={enteredBy} />
            <dt>{t("doc.field.entry")}</dt>
            <dd>
              {shown.entered_late ? (
                <span className="doc-late">{t("doc.enteredLate")}</span>
              ) : (
                t("doc.enteredOnTime")
              )}
            </dd>
          </dl>

          <section className="doc-detail__section" aria-labelledby="doc-detail-files">
            <h3 id="doc-detail-files">{t("doc.field.attachments")}</h3>
            {shown.attachments.length === 0 ? (
              <p className="muted">{t("doc.detail.noAttachments")}</p>
            ) : (
              <ul className="attachment-list">
                {shown.attachments.map((a) => (
                  <li key={a.sha256} data-testid="document-attachment">
                    <span className="attachment-list__name">{a.file_name}</span>{" "}
                    <span className="muted">({fileSize(a.size)})</span>{" "}
                    <button
                      type="button"
                      aria-label={t("doc.detail.openLabel", { name: a.file_name })}
                      onClick={() => openAttachment(a).catch((e: unknown) => setError(e))}
                    >
                      {t("doc.detail.open")}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="doc-detail__section" aria-labelledby="doc-detail-tasks">
            <div className="doc-detail__section-header">
              <h3 id="doc-detail-tasks">
                {t("doc.detail.tasks", { count: formatNumber(taskRows?.total ?? 0) })}
              </h3>
              {isOffice(session.profile) && (
                <button type="button" onClick={() => setAdding(true)} data-testid="add-tasks">
                  {t("doc.detail.addTasks")}
                </button>
              )}
            </div>
            {taskRows === null ? (
              <p className="muted">{t("doc.loading")}</p>
            ) : taskRows.rows.length === 0 ? (
              <p className="muted">{t("doc.detail.noTasks")}</p>
            ) : (
              <>
                <table className="doc-tasks">
                  <thead>
                    <tr>
                      <th scope="col">{t("doc.task.description")}</th>
                      <th scope="col">{t("doc.task.leadUnit")}</th>
                      <th scope="col">{t("doc.task.deadline")}</th>
                      <th scope="col">{t("doc.task.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {taskRows.rows.map((row) => (
                      <tr
                        key={row.id}
                        tabIndex={0}
                        data-testid="document-task"
                        className={taskRowClass(row)}
                        onClick={() => session.openTask(row.id)}
                        onKeyDown={(e) => moveFocus(e, () => session.openTask(row.id))}
                      >
                        <td className="doc-tasks__description">{row.description}</td>
                        <td>{row.lead_unit_name}</td>
                        <td className="doc-col-date">
                          {row.deadline !== null ? formatDate(row.deadline) : <span className="muted">{t("doc.task.noDeadline")}</span>}
                        </td>
                        <td>
                          <span className={`status-badge status-${row.status}${row.due_soon ? " status-due-soon" : ""}`}>
                            {row.status_label}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {taskRows.total > taskRows.rows.length && (
                  <p className="muted">
                    {t("doc.detail.moreTasks", { shown: formatNumber(taskRows.rows.length), total: formatNumber(taskRows.total) })}
                  </p>
                )}
              </>
            )}
          </section>
        </>
      )}
      {adding && shown && (
        <AddTasksDialog
          document={shown}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setReload((n) => n + 1);
            onChanged();
          }}
        />
      )}
    </aside>
  );
}

// ---- The screen ----------------------------------------------------------------------

export function Documents() {
  const session = useSession();
  const office = isOffice(session.profile);
  const [filters, setFilters] = useState<DocumentFilters>(loadDocumentFilters);
  const [page, setPage] = useState(0);
  const [data, setData] = useState<DocumentPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => saveDocumentFilters(filters), [filters]);

  const query = useMemo(() => toDocumentQuery(filters, page * DOCUMENT_PAGE_SIZE), [filters, page]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    listDocuments(query).then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [query, session.dataVersion, reload]);

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / DOCUMENT_PAGE_SIZE));

  // Fewer documents than before (another filter, a reload): stay on a page that exists.
  useEffect(() => {
    if (data !== null && page > pages - 1) setPage(pages - 1);
  }, [data, page, pages]);

  const changeFilters = useCallback((next: DocumentFilters) => {
    setFilters(next);
    setPage(0);
  }, []);

  // The shell's Ctrl+N.
  useEffect(() => {
    if (!office) return;
    const open = () => setCreating(true);
    // Without an open document, Ctrl+Shift+N starts a new one (its tasks come with it).
    const openTask = () => selectedRef.current === null && setCreating(true);
    window.addEventListener(NEW_DOCUMENT_EVENT, open);
    window.addEventListener(NEW_TASK_EVENT, openTask);
    return () => {
      window.removeEventListener(NEW_DOCUMENT_EVENT, open);
      window.removeEventListener(NEW_TASK_EVENT, openTask);
    };
  }, [office]);

  // Ctrl+F or / goes to the search box (not while a dialog is open over the screen).
  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      const input = searchRef.current;
      if (!input || document.querySelector("[role=dialog]")) return;
      const ctrlF = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "f";
      const slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target);
      if (ctrlF || slash) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const rows = data?.rows ?? [];
  return (
    <div className={"documents" + (selectedId ? " documents--with-detail" : "")}>
      <header className="screen-header">
        <h1>{t("doc.title")}</h1>
        <div className="screen-header__tools">
          {office && (
            <button
              type="button"
              className="button-primary"
              data-testid="new-document"
              title={t("doc.newHint")}
              onClick={() => setCreating(true)}
            >
              {t("doc.new")}
            </button>
          )}
        </div>
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <DocumentFilterBar filters={filters} onChange={changeFilters} searchRef={searchRef} />
      <div className="documents__body">
        <div className="documents__list">
          <div className="documents__table" aria-busy={loading}>
            <DocumentTable rows={rows} selectedId={selectedId} onSelect={(row) => setSelectedId(row.id)} />
            {data !== null && total === 0 && <p className="doc-empty muted">{t("doc.empty")}</p>}
          </div>
          <footer className="status-bar doc-status">
            <span data-testid="documents-total">
              {data !== null ? t("doc.total", { count: formatNumber(total) }) : error ? t("doc.totalUnknown") : t("doc.loading")}
            </span>
            {total > DOCUMENT_PAGE_SIZE && <Pager page={page} pages={pages} onPage={setPage} />}
          </footer>
        </div>
        {selectedId !== null && (
          <DocumentDetail
            id={selectedId}
            version={session.dataVersion}
            onClose={() => setSelectedId(null)}
            onChanged={() => setReload((n) => n + 1)}
          />
        )}
      </div>
      {creating && (
        <DocumentForm
          onClose={() => setCreating(false)}
          onSaved={(doc) => {
            setSelectedId(doc.id);
            setReload((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}
