// Which columns of the task register the user chose, remembered in localStorage.
import { ALL_COLUMNS, DEFAULT_COLUMNS, type ColumnKey } from "../components/TaskTable";

const STORAGE_KEY = "nhiemvu.register.columns.v1";

export function loadColumns(): ColumnKey[] {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return [...DEFAULT_COLUMNS];
    const saved: unknown = JSON.parse(raw);
    if (!Array.isArray(saved)) return [...DEFAULT_COLUMNS];
    const known = new Set<string>(ALL_COLUMNS.map((c) => c.key));
    const cols = saved.filter((c): c is ColumnKey => typeof c === "string" && known.has(c));
    return cols.length > 0 ? cols : [...DEFAULT_COLUMNS];
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

export function saveColumns(columns: readonly ColumnKey[]): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Not remembered; the choice still applies until the window closes.
  }
}

/** Turns a column on or off, keeping the register's display order; never none at all. */
export function toggleColumn(columns: readonly ColumnKey[], key: ColumnKey): ColumnKey[] {
  const on = new Set(columns);
  if (on.has(key)) {
    if (on.size === 1) return [...columns];
    on.delete(key);
  } else {
    on.add(key);
  }
  return ALL_COLUMNS.map((c) => c.key).filter((k) => on.has(k));
}
