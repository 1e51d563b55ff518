import { useEffect, useMemo, useRef, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { FilterBar } from "../components/FilterBar";
import { ALL_COLUMNS, TaskTable } from "../components/TaskTable";
import { formatDate, formatNumber } from "../format";
import { useRegisterPages } from "../hooks/useRegisterPages";
import { t } from "../i18n";
import { useSession } from "../session";
import { loadColumns, saveColumns, toggleColumn } from "../state/columns";
import { loadFilters, saveFilters, type RegisterFilters } from "../state/filters";

type Props = {
  /** Filters to start with (a register opened from the dashboard); else the last ones. */
  initialFilters?: RegisterFilters;
};

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/** Sổ theo dõi nhiệm vụ: the filterable, virtualised list of every task. */
export function Register({ initialFilters }: Props) {
  const session = useSession();
  const [filters, setFilters] = useState<RegisterFilters>(() => initialFilters ?? loadFilters());
  const [columns, setColumns] = useState(loadColumns);
  const [chooser, setChooser] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const data = useRegisterPages(filters, session.dataVersion);
  const officers = useMemo(() => session.people.filter((p) => p.role === "office"), [session.people]);

  useEffect(() => saveFilters(filters), [filters]);
  useEffect(() => saveColumns(columns), [columns]);

  // A remembered unit that no longer exists (another database) is dropped.
  useEffect(() => {
    if (filters.unitId !== null && !session.units.some((u) => u.id === filters.unitId)) {
      setFilters((f) => ({ ...f, unitId: null }));
    }
  }, [session.units, filters.unitId]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const input = searchRef.current;
      if (!input) return;
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

  return (
    <div className="register">
      <header className="screen-header">
        <h1>{t("register.title")}</h1>
        <div className="screen-header__tools">
          <button type="button" aria-expanded={chooser} onClick={() => setChooser((c) => !c)} data-testid="column-chooser">
            {t("register.columns")}
          </button>
          {chooser && (
            <div className="column-chooser" role="group" aria-label={t("register.columns")}>
              {ALL_COLUMNS.map((c) => (
                <label key={c.key} className="checkbox">
                  <input
                    type="checkbox"
                    checked={columns.includes(c.key)}
                    onChange={() => setColumns((cols) => toggleColumn(cols, c.key))}
                  />
                  {c.label()}
                </label>
              ))}
            </div>
          )}
        </div>
      </header>
      <ErrorBanner error={data.error} onDismiss={data.clearError} />
      <FilterBar filters={filters} units={session.units} officers={officers} onChange={setFilters} searchRef={searchRef} />
      <TaskTable
        total={data.total ?? 0}
        getRow={data.getRow}
        onRangeChange={data.requestRange}
        resetKey={JSON.stringify(filters)}
        emptyText={data.total === 0 ? t("register.empty") : undefined}
        columns={columns}
        onOpen={(row) => session.openTask(row.id)}
      />
      <footer className="status-bar">
        <span data-testid="register-total">
          {data.total !== null
            ? t("register.total", { count: formatNumber(data.total) })
            : data.error
              ? t("register.totalUnknown")
              : t("register.loading")}
        </span>
        {data.asOf && <span className="muted">{t("register.asOf", { date: formatDate(data.asOf) })}</span>}
      </footer>
    </div>
  );
}
