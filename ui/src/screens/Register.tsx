import { useEffect, useRef, useState } from "react";
import { listUnits } from "../api";
import type { AppInfo } from "../bindings/AppInfo";
import type { Unit } from "../bindings/Unit";
import { ErrorBanner } from "../components/ErrorBanner";
import { FilterBar } from "../components/FilterBar";
import { TaskTable } from "../components/TaskTable";
import { formatDate, formatNumber } from "../format";
import { useRegisterPages } from "../hooks/useRegisterPages";
import { t } from "../i18n";
import { loadFilters, saveFilters, type RegisterFilters } from "../state/filters";

type Props = { info: AppInfo };

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/** Sổ theo dõi nhiệm vụ: the filterable, virtualised list of every task. */
export function Register({ info }: Props) {
  const [filters, setFilters] = useState<RegisterFilters>(loadFilters);
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [unitsError, setUnitsError] = useState<unknown>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const data = useRegisterPages(filters);

  useEffect(() => {
    let live = true;
    listUnits().then(
      (list) => live && setUnits(list),
      (e: unknown) => live && setUnitsError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => saveFilters(filters), [filters]);

  // A remembered unit that no longer exists (another database) is dropped.
  useEffect(() => {
    if (units && filters.unitId !== null && !units.some((u) => u.id === filters.unitId)) {
      setFilters((f) => ({ ...f, unitId: null }));
    }
  }, [units, filters.unitId]);

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

  const error = data.error ?? unitsError;
  const dismiss = () => {
    setUnitsError(null);
    data.clearError();
  };

  return (
    <div className="register">
      <header className="app-header">
        <h1>{t("register.title")}</h1>
        <div className="app-header__meta">
          <span>
            {t("register.dbPath")} <code className="db-path">{info.db_path}</code>
          </span>
          <span>
            {t("register.today")} <strong>{formatDate(info.today)}</strong>
          </span>
        </div>
      </header>
      <ErrorBanner error={error} onDismiss={dismiss} />
      <FilterBar filters={filters} units={units} onChange={setFilters} searchRef={searchRef} />
      <TaskTable
        total={data.total ?? 0}
        getRow={data.getRow}
        onRangeChange={data.requestRange}
        resetKey={JSON.stringify(filters)}
        emptyText={data.total === 0 ? t("register.empty") : undefined}
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
        <span className="muted status-bar__version">
          {t("app.name")} {info.version}
        </span>
      </footer>
    </div>
  );
}
