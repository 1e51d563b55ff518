// What the confidential registers share: labels of the levels and statuses, instants typed
// in Vietnam time ("HH:mm dd/mm/yyyy", the way formatMoment shows them), the year selector,
// the Ctrl+N shortcut, and how an entry is named on screen.
import { useCallback, useEffect, useState, type KeyboardEvent, type ReactNode } from "react";
import type { CopyMethod } from "../../bindings/CopyMethod";
import type { DecisionKind } from "../../bindings/DecisionKind";
import type { Entry } from "../../bindings/Entry";
import type { EntryStatus } from "../../bindings/EntryStatus";
import type { Secrecy } from "../../bindings/Secrecy";
import type { Urgency } from "../../bindings/Urgency";
import { TextField } from "../../components/form";
import { parseDate, VIETNAM_OFFSET_MS } from "../../format";
import { t } from "../../i18n";
import { secretYears } from "../../secretApi";
import "../../styles/secretRegisters.css";

export const SECRECIES: readonly Secrecy[] = ["confidential", "secret", "top_secret"];
export const URGENCIES: readonly Urgency[] = ["normal", "urgent", "very_urgent", "flash"];
export const DECISION_KINDS: readonly DecisionKind[] = ["extend", "change_level", "declassify", "destroy"];
export const COPY_METHODS: readonly CopyMethod[] = ["copy", "photo"];

export const secrecyLabel = (s: Secrecy) => t(`sreg.secrecy.${s}`);
export const urgencyLabel = (u: Urgency) => t(`sreg.urgency.${u}`);
export const statusLabel = (s: EntryStatus) => t(`sreg.status.${s}`);
export const decisionLabel = (k: DecisionKind) => t(`sreg.decisionKind.${k}`);
export const methodLabel = (m: CopyMethod) => t(`sreg.method.${m}`);

export const secrecyOptions = () => SECRECIES.map((s) => ({ value: s, label: secrecyLabel(s) }));
export const urgencyOptions = () => URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u) }));

/**
 * A moment typed in Vietnam time, "HH:mm dd/mm/yyyy" (or "dd/mm/yyyy HH:mm"), as the ISO
 * instant sent to the back end. Empty means now (null); `valid` is false for anything else.
 */
export function parseMoment(text: string): { iso: string | null; valid: boolean } {
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (trimmed === "") return { iso: null, valid: true };
  const time = /^(\d{1,2})[:hg](\d{2})$/;
  const parts = trimmed.split(" ");
  if (parts.length !== 2) return { iso: null, valid: false };
  let [clock, day] = parts;
  if (!time.test(clock)) [day, clock] = parts;
  const m = time.exec(clock);
  const date = parseDate(day);
  if (!m || date === null) return { iso: null, valid: false };
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return { iso: null, valid: false };
  const [y, mo, d] = date.split("-").map(Number);
  const ms = Date.UTC(y, mo - 1, d, hours, minutes) - VIETNAM_OFFSET_MS;
  return { iso: new Date(ms).toISOString(), valid: true };
}

/** Today in Vietnam, "YYYY-MM-DD". */
export function todayVn(): string {
  return new Date(Date.now() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function currentYear(): number {
  return Number(todayVn().slice(0, 4));
}

/** Days from `from` to `to` (ISO dates): negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const blankToNull = (value: string) => (value.trim() === "" ? null : value.trim());

/**
 * A count typed by the clerk: null when empty, the number when it is a whole number above
 * zero, undefined when it is not.
 */
export function parseCount(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

/** "văn bản đến số 3/2026". */
export function entryName(entry: Pick<Entry, "register" | "number" | "year">): string {
  return t(`sreg.entryName.${entry.register}`, { number: entry.number, year: entry.year });
}

/** "Đến 3/2026". */
export function entryShortName(entry: Pick<Entry, "register" | "number" | "year">): string {
  return t(`sreg.entryShort.${entry.register}`, { number: entry.number, year: entry.year });
}

/**
 * The trích yếu as the register shows it: the sealed envelope's line, the tuyệt mật
 * placeholder while the leader has not agreed, else the text (null when there is none).
 */
export function summaryText(entry: Entry): { text: string | null; pending: boolean } {
  if (entry.sealed_for !== null) return { text: t("sreg.sealed", { name: entry.sealed_for }), pending: false };
  if (entry.summary !== null) return { text: entry.summary, pending: false };
  if (entry.secrecy === "top_secret") return { text: t("sreg.summaryPending"), pending: true };
  return { text: null, pending: false };
}

/** "Tên loại và trích yếu" cell content. */
export function KindAndSummary({ entry }: { entry: Entry }) {
  const { text, pending } = summaryText(entry);
  return (
    <>
      {entry.doc_kind !== "" && <span className="sreg-kind">{entry.doc_kind}</span>}
      {entry.doc_kind !== "" && text !== null && " "}
      {text !== null && <span className={pending ? "sreg-pending" : undefined}>{text}</span>}
    </>
  );
}

export function SecrecyBadge({ secrecy }: { secrecy: Secrecy }) {
  return <span className={`sreg-secrecy sreg-secrecy--${secrecy}`}>{secrecyLabel(secrecy)}</span>;
}

/** A definition list line whose empty value shows a dash. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === false || children === "";
  return (
    <>
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">{t("sreg.none")}</span> : children}</dd>
    </>
  );
}

// ---- Years -------------------------------------------------------------------------------

/** The year shown (this year at first) and the years to choose from (those with lines, and this one). */
export function useYearChoice() {
  const [year, setYear] = useState(currentYear);
  const [years, setYears] = useState<number[]>(() => [currentYear()]);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    secretYears().then(
      (found) => {
        if (!live) return;
        const all = new Set([...(found ?? []), currentYear()]);
        setYears([...all].sort((a, b) => b - a));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const reloadYears = useCallback(() => setVersion((v) => v + 1), []);
  return { year, setYear, years, yearsError: error, reloadYears };
}

export function YearSelect({ id, year, years, onChange }: { id: string; year: number; years: readonly number[]; onChange: (year: number) => void }) {
  const shown = years.includes(year) ? years : [...years, year].sort((a, b) => b - a);
  return (
    <span className="filter-field sreg-year">
      <label htmlFor={id}>{t("sreg.year")}</label>
      <select id={id} value={year} onChange={(e) => onChange(Number(e.target.value))}>
        {shown.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </span>
  );
}

// ---- A register's screen -----------------------------------------------------------------

/** The lines of a register read from the back end: again when `load` changes, or on `reload`. */
export function useLines<T>(load: () => Promise<T[]>) {
  const [lines, setLines] = useState<T[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (list) => {
        if (!live) return;
        setLines(list);
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
  }, [load, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { lines, setLines, loading, error, setError, reload };
}

/** A register's title, with the year shown and the button that opens its form (also Ctrl+N). */
export function RegisterHeader({
  title,
  yearId,
  year,
  years,
  onYear,
  add,
  onAdd,
}: {
  title: string;
  yearId: string;
  year: number;
  years: readonly number[];
  onYear: (year: number) => void;
  add: { testId: string; label: string; hint: string };
  onAdd: () => void;
}) {
  return (
    <header className="screen-header">
      <h1>{title}</h1>
      <div className="screen-header__tools">
        <YearSelect id={yearId} year={year} years={years} onChange={onYear} />
        <button type="button" className="button-primary" data-testid={add.testId} title={add.hint} onClick={onAdd}>
          {add.label}
        </button>
      </div>
    </header>
  );
}

/** What was just saved or decided, above the register. */
export function RegisterNotice({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <p className="sreg-notice" role="status" data-testid="register-notice">
      {notice}
    </p>
  );
}

/** The status bar under a register: how many lines it has. */
export function RegisterTotal({ text }: { text: string }) {
  return (
    <footer className="status-bar">
      <span data-testid="register-total">{text}</span>
    </footer>
  );
}

// ---- Keyboard ----------------------------------------------------------------------------

export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/** Ctrl+N opens the screen's form (not over another dialog, nor when the shell took the key). */
export function useNewShortcut(open: () => void) {
  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      if (e.defaultPrevented) return;
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== "n") return;
      if (document.querySelector("[role=dialog]")) return;
      e.preventDefault();
      open();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
}

/** Enter opens a row, the arrows move between rows. */
export function rowKeys(e: KeyboardEvent<HTMLElement>, onOpen: () => void) {
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

/** Ctrl+Enter saves a form from anywhere in it (Enter in a single-line field submits it anyway). */
export function ctrlEnter(submit: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      submit();
    }
  };
}

export function focusById(id: string | null | undefined) {
  if (id) document.getElementById(id)?.focus();
}

/** A moment typed "HH:mm dd/mm/yyyy" (Vietnam time); empty means now. Checked by the form. */
export function MomentField({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  error?: string | null;
}) {
  return (
    <TextField
      id={id}
      className="sreg-moment"
      label={label}
      value={value}
      onChange={onChange}
      error={error}
      placeholder={t("sreg.moment.placeholder")}
      hint={t("sreg.moment.hint")}
    />
  );
}
