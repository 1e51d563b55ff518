import { useEffect, useRef, useState, type RefObject } from "react";
import type { Classification } from "../bindings/Classification";
import type { Origin } from "../bindings/Origin";
import type { Person } from "../bindings/Person";
import type { WorkflowState } from "../bindings/WorkflowState";
import type { StatusFilter } from "../bindings/StatusFilter";
import type { Unit } from "../bindings/Unit";
import { formatDate, parseDate } from "../format";
import { t } from "../i18n";
import {
  CLASSIFICATIONS,
  DEFAULT_FILTERS,
  ORIGINS,
  STATUS_FILTERS,
  WORKFLOW_STATES,
  filtersEqual,
  type RegisterFilters,
} from "../state/filters";
import { DateField } from "./DateField";
import { UnitPicker } from "./UnitPicker";

/** Short enough that results follow typing within 200 ms, long enough to skip mid-word queries. */
export const SEARCH_DEBOUNCE_MS = 120;

type Props = {
  filters: RegisterFilters;
  /** Units in the order the back end gave them; null while loading. */
  units: Unit[] | null;
  /** Follow-up officers to filter by (people of the office). */
  officers?: Person[];
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

export function FilterBar({ filters, units, officers = [], onChange, searchRef }: Props) {
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

      <span className="filter-field filter-unit">
        <UnitPicker
          id="filter-unit"
          label={t("filter.unit")}
          units={units ?? []}
          value={filters.unitId}
          allowAll
          onChange={(unitId) => apply({ unitId })}
        />
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

      <span className="filter-field">
        <label htmlFor="filter-state">{t("filter.state")}</label>
        <select
          id="filter-state"
          value={filters.states.length === 1 ? filters.states[0] : ""}
          onChange={(e) => apply({ states: e.target.value === "" ? [] : [e.target.value as WorkflowState] })}
        >
          <option value="">{t("filter.allStates")}</option>
          {WORKFLOW_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </select>
      </span>

      {officers.length > 0 && (
        <span className="filter-field">
          <label htmlFor="filter-officer">{t("filter.officer")}</label>
          <select
            id="filter-officer"
            value={filters.followUpOfficerId ?? ""}
            onChange={(e) => apply({ followUpOfficerId: e.target.value === "" ? null : e.target.value })}
          >
            <option value="">{t("filter.allOfficers")}</option>
            {officers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.full_name}
              </option>
            ))}
          </select>
        </span>
      )}

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

      {filters.assignedFrom !== null && filters.assignedTo !== null && (
        <span className="filter-chip" data-testid="preset-period">
          {t("register.presetPeriod", { from: formatDate(filters.assignedFrom), to: formatDate(filters.assignedTo) })}
          <button
            type="button"
            aria-label={t("register.clearPreset")}
            onClick={() => apply({ assignedFrom: null, assignedTo: null })}
          >
            ×
          </button>
        </span>
      )}
      {filters.asOf !== null && (
        <span className="filter-chip" data-testid="preset-as-of">
          {t("register.presetAsOf", { date: formatDate(filters.asOf) })}
          <button type="button" aria-label={t("register.clearPreset")} onClick={() => apply({ asOf: null })}>
            ×
          </button>
        </span>
      )}

      <button type="button" className="button-link" onClick={reset}>
        {t("filter.reset")}
      </button>
    </div>
  );
}
