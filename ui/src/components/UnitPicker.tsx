// Choosing a unit from the tree by typing: the list narrows as you type (accent-insensitive),
// sub-units are indented under their parent, arrows move, Enter picks, Esc closes.
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { Unit } from "../bindings/Unit";
import { t } from "../i18n";
import { matchesWords } from "../text";

type Props = {
  id?: string;
  label: string;
  units: readonly Unit[];
  value: string | null;
  onChange: (unitId: string | null) => void;
  /** Offer "all units" (value null) as the first choice. */
  allowAll?: boolean;
  /** Units that cannot be chosen here (e.g. the lead unit among the coordinators). */
  exclude?: readonly string[];
  error?: string | null;
  required?: boolean;
  placeholder?: string;
  testId?: string;
};

/** The units in tree order (parents before their children) with their depth. */
export function unitTree(units: readonly Unit[]): { unit: Unit; depth: number }[] {
  const children = new Map<string | null, Unit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(u);
    children.set(parent, list);
  }
  const out: { unit: Unit; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      out.push({ unit: u, depth });
      if (depth < 10) walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function UnitPicker({
  id,
  label,
  units,
  value,
  onChange,
  allowAll,
  exclude = [],
  error,
  required,
  placeholder,
  testId,
}: Props) {
  const auto = useId().replace(/:/g, "");
  const inputId = id ?? `unit-${auto}`;
  const listId = `${inputId}-list`;
  const errorId = `${inputId}-error`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const blurTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancelBlur = () => {
    if (blurTimer.current !== null) clearTimeout(blurTimer.current);
    blurTimer.current = null;
  };
  useEffect(() => cancelBlur, []);

  const tree = useMemo(() => unitTree(units), [units]);
  const selected = units.find((u) => u.id === value) ?? null;
  const options = useMemo(() => {
    const items = tree.filter(({ unit }) => !exclude.includes(unit.id) && (query === "" || matchesWords(unit.name, query)));
    const all = allowAll && query === "" ? [{ unit: null as Unit | null, depth: 0 }] : [];
    return [...all, ...items.map((i) => ({ unit: i.unit as Unit | null, depth: query === "" ? i.depth : 0 }))];
  }, [tree, query, exclude, allowAll]);

  function pick(unit: Unit | null) {
    onChange(unit?.id ?? null);
    setOpen(false);
    setQuery("");
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      const option = options[active];
      if (option) pick(option.unit);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setQuery("");
    }
  }

  const shown = open ? query : (selected?.name ?? (allowAll ? t("filter.allUnits") : ""));
  return (
    <div className={"form-field unit-picker" + (error ? " has-error" : "")} data-testid={testId}>
      <label htmlFor={inputId}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder={placeholder ?? t("unitPicker.placeholder")}
        value={shown}
        onFocus={(e) => {
          cancelBlur();
          setOpen(true);
          setQuery("");
          setActive(0);
          e.target.select();
        }}
        onBlur={() => {
          // Let a click on an option land first.
          cancelBlur();
          blurTimer.current = setTimeout(() => {
            blurTimer.current = null;
            setOpen(false);
            setQuery("");
          }, 150);
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} ref={listRef} className="unit-picker__list" role="listbox" aria-label={label}>
          {options.length === 0 && <li className="unit-picker__empty">{t("unitPicker.none")}</li>}
          {options.slice(0, 300).map((o, i) => (
            <li
              key={o.unit?.id ?? "__all"}
              role="option"
              aria-selected={i === active}
              className={"unit-picker__option" + (i === active ? " is-active" : "")}
              style={{ paddingLeft: 8 + o.depth * 16 }}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o.unit);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {o.unit?.name ?? t("filter.allUnits")}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
