import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import type { Classification } from "../bindings/Classification";
import type { Origin } from "../bindings/Origin";
import type { StatusFilter } from "../bindings/StatusFilter";
import type { Unit } from "../bindings/Unit";
import { formatDate, parseDate } from "../format";
import { t } from "../i18n";
import {
  CLASSIFICATIONS,
  DEFAULT_FILTERS,
  ORIGINS,
  STATUS_FILTERS,
  filtersEqual,
  type RegisterFilters,
} from "../state/filters";
import { DateField } from "./DateField";

export const SEARCH_DEBOUNCE_MS = 250;

type Props = {
  filters: RegisterFilters;
  /** Units in the order the back end gave them; null while loading. */
  units: Unit[] | null;
  /** Called only with valid filters (dates checked, search debounced). */
  onChange: (filters: RegisterFilters) => void;
  searchRef?: RefObject<HTMLInputElement | null>;
};

type DateCheck = { ok: boolean; iso: string | null; error: string | null };

function checkDate(text: string, finished: boolean): DateCheck {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, iso: null, error: null };
  const iso = parseDate(trimmed);
  if (iso !== null) return { ok: true, iso, error: null };
  // While the user is still typing a short value, do not nag yet.
  const show = finished || trimmed.length >= 10;
  return { ok: false, iso: null, error: show ? t("filter.invalidDate") : null };
}

/** Depth of each unit in the tree, for indenting the unit list. */
function unitDepths(units: Unit[]): Map<string, number> {
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const depths = new Map<string, number>();
  for (const u of units) {
    let depth = 0;
    let p = u.parent_id;
    while (p !== null && parent.has(p) && depth < 10) {
      depth += 1;
      p = parent.get(p) ?? null;
    }
    depths.set(u.id, depth);
  }
  return depths;
}

export function FilterBar({ filters, units, onChange, searchRef }: Props) {
  const [searchText, setSearchText] = useState(filters.search);
  const [fromText, setFromText] = useState(formatDate(filters.deadlineFrom));
  const [toText, setToText] = useState(formatDate(filters.deadlineTo));
  const [fromError, setFromError] = useState<string | null>(null);
  const [toError, setToError] = useState<string | null>(null);
  const touched = useRef({ from: false, to: false });

  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const searchTextRef = useRef(searchText);
  searchTextRef.current = searchText;

  /** Applies a change; a search still waiting for its debounce goes along with it. */
  function apply(change: Partial<RegisterFilters>) {
    const next = { ...filtersRef.current, search: searchTextRef.current, ...change };
    if (!filtersEqual(next, filtersRef.current)) onChange(next);
  }

  useEffect(() => {
    if (searchText === filtersRef.current.search) return;
    const timer = setTimeout(() => apply({ search: searchText }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  function updateDates(nextFrom: string, nextTo: string) {
    setFromText(nextFrom);
    setToText(nextTo);
    const from = checkDate(nextFrom, touched.current.from);
    const to = checkDate(nextTo, touched.current.to);
    const reversed = from.iso !== null && to.iso !== null && from.iso > to.iso;
    setFromError(from.error);
    setToError(to.error ?? (reversed ? t("filter.rangeReversed") : null));
    // Never send a date that is invalid, nor a range while one of its ends is.
    if (from.ok && to.ok && !reversed) apply({ deadlineFrom: from.iso, deadlineTo: to.iso });
  }

  function clearSearch() {
    setSearchText("");
    searchTextRef.current = "";
    apply({ search: "" });
  }

  function reset() {
    setSearchText("");
    searchTextRef.current = "";
    setFromText("");
    setToText("");
    setFromError(null);
    setToError(null);
    touched.current = { from: false, to: false };
    if (!filtersEqual(DEFAULT_FILTERS, filtersRef.current)) onChange({ ...DEFAULT_FILTERS });
  }

  const depths = useMemo(() => unitDepths(units ?? []), [units]);

  return (
    <div className="filter-bar" role="search">
      <span className="filter-field filter-search">
        <input
          ref={searchRef}
          id="filter-search"
          type="search"
          data-testid="search"
          aria-label={t("filter.searchLabel")}
          title={t("filter.searchHint")}
          placeholder={t("filter.search")}
          autoComplete="off"
          spellCheck={false}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              clearSearch();
            }
          }}
        />
      </span>

      <span className="filter-field">
        <label htmlFor="filter-unit">{t("filter.unit")}</label>
        <select
          id="filter-unit"
          className="unit-select"
          value={filters.unitId ?? ""}
          onChange={(e) => apply({ unitId: e.target.value === "" ? null : e.target.value })}
        >
          <option value="">{t("filter.allUnits")}</option>
          {(units ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {"\u00a0\u00a0\u00a0".repeat(depths.get(u.id) ?? 0) + u.name}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.includeSubUnits}
            disabled={filters.unitId === null}
            onChange={(e) => apply({ includeSubUnits: e.target.checked })}
          />
          {t("filter.includeSubUnits")}
        </label>
      </span>

      <span className="filter-field">
        <label htmlFor="filter-status">{t("filter.status")}</label>
        <select
          id="filter-status"
          value={filters.status ?? ""}
          onChange={(e) => apply({ status: e.target.value === "" ? null : (e.target.value as StatusFilter) })}
        >
          <option value="">{t("filter.allStatuses")}</option>
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </span>

      <span className="filter-field">
        <label htmlFor="filter-classification">{t("filter.classification")}</label>
        <select
          id="filter-classification"
          value={filters.classification ?? ""}
          onChange={(e) =>
            apply({ classification: e.target.value === "" ? null : (e.target.value as Classification) })
          }
        >
          <option value="">{t("filter.allClassifications")}</option>
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c}>
              {t(`classification.${c}`)}
            </option>
          ))}
        </select>
      </span>

      <span className="filter-field">
        <label htmlFor="filter-origin">{t("filter.origin")}</label>
        <select
          id="filter-origin"
          value={filters.origin ?? ""}
          onChange={(e) => apply({ origin: e.target.value === "" ? null : (e.target.value as Origin) })}
        >
          <option value="">{t("filter.allOrigins")}</option>
          {ORIGINS.map((o) => (
            <option key={o} value={o}>
              {t(`origin.${o}`)}
            </option>
          ))}
        </select>
      </span>

      <DateField
        id="filter-deadline-from"
        label={t("filter.deadlineFrom")}
        text={fromText}
        error={fromError}
        onText={(text) => updateDates(text, toText)}
        onCommit={() => {
          touched.current.from = true;
          updateDates(fromText, toText);
        }}
      />
      <DateField
        id="filter-deadline-to"
        label={t("filter.deadlineTo")}
        text={toText}
        error={toError}
        onText={(text) => updateDates(fromText, text)}
        onCommit={() => {
          touched.current.to = true;
          updateDates(fromText, toText);
        }}
      />

      <button type="button" className="button-link" onClick={reset}>
        {t("filter.reset")}
      </button>
    </div>
  );
}
