// Form controls with their label and the validation message next to them. Every control
// takes an `error` (the core's Vietnamese message) and links it with aria-describedby.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { formatDate, parseDate } from "../format";
import { t } from "../i18n";

type Common = {
  id?: string;
  label: string;
  error?: string | null;
  required?: boolean;
  hint?: string;
  className?: string;
  disabled?: boolean;
};

function useFieldIds(id?: string) {
  const auto = useId();
  const base = id ?? `f${auto.replace(/:/g, "")}`;
  return { id: base, errorId: `${base}-error`, hintId: `${base}-hint` };
}

function FieldShell({
  id,
  errorId,
  hintId,
  label,
  error,
  required,
  hint,
  className,
  children,
}: Common & { id: string; errorId: string; hintId: string; children: ReactNode }) {
  return (
    <div className={"form-field" + (error ? " has-error" : "") + (className ? ` ${className}` : "")}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      {children}
      {hint && !error && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function describedBy(error: string | null | undefined, hint: string | undefined, errorId: string, hintId: string) {
  if (error) return errorId;
  if (hint) return hintId;
  return undefined;
}

export function TextField({
  value,
  onChange,
  multiline,
  rows = 3,
  maxLength,
  autoFocus,
  placeholder,
  type = "text",
  ...common
}: Common & {
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  autoFocus?: boolean;
  placeholder?: string;
  /** A single-line field's kind: "password" hides what is typed. */
  type?: "text" | "password";
}) {
  const ids = useFieldIds(common.id);
  const props = {
    id: ids.id,
    value,
    maxLength,
    autoFocus,
    placeholder,
    disabled: common.disabled,
    required: common.required,
    "aria-invalid": common.error ? true : undefined,
    "aria-describedby": describedBy(common.error, common.hint, ids.errorId, ids.hintId),
    spellCheck: false,
    autoComplete: "off",
  };
  return (
    <FieldShell {...common} {...ids}>
      {multiline ? (
        <textarea {...props} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...props} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
    </FieldShell>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  value,
  onChange,
  options,
  placeholder,
  ...common
}: Common & {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** A first, empty choice ("— chọn —"). */
  placeholder?: string;
}) {
  const ids = useFieldIds(common.id);
  return (
    <FieldShell {...common} {...ids}>
      <select
        id={ids.id}
        value={value}
        disabled={common.disabled}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(common.error, common.hint, ids.errorId, ids.hintId)}
        onChange={(e) => onChange(e.target.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({
  checked,
  onChange,
  ...common
}: Common & { checked: boolean; onChange: (checked: boolean) => void }) {
  const ids = useFieldIds(common.id);
  return (
    <div className={"form-field form-field--checkbox" + (common.className ? ` ${common.className}` : "")}>
      <label className="checkbox" htmlFor={ids.id}>
        <input
          id={ids.id}
          type="checkbox"
          checked={checked}
          disabled={common.disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
        {common.label}
      </label>
      {common.error && (
        <span id={ids.errorId} className="field-error" role="alert">
          {common.error}
        </span>
      )}
    </div>
  );
}

/**
 * A date typed as dd/mm/yyyy (also d/m/yyyy, with - or .). `value` is ISO "YYYY-MM-DD" or
 * null; `onChange` receives the ISO date, or null when empty, and `valid` tells whether
 * the text is a real date (an invalid text is kept so nothing typed is lost).
 */
export function DateInput({
  value,
  onChange,
  autoFocus,
  ...common
}: Common & {
  value: string | null;
  onChange: (iso: string | null, valid: boolean) => void;
  autoFocus?: boolean;
}) {
  const ids = useFieldIds(common.id);
  const [text, setText] = useState(formatDate(value));
  const [localError, setLocalError] = useState<string | null>(null);
  const last = useRef(value);

  // A value changed from outside (reset, prefill) replaces the text.
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(formatDate(value));
      setLocalError(null);
    }
  }, [value]);

  function update(next: string, finished: boolean) {
    setText(next);
    const trimmed = next.trim();
    if (trimmed === "") {
      last.current = null;
      setLocalError(null);
      onChange(null, true);
      return;
    }
    const iso = parseDate(trimmed);
    if (iso !== null) {
      last.current = iso;
      setLocalError(null);
      onChange(iso, true);
    } else {
      // A parent that stores null for an invalid text must not wipe what was typed.
      last.current = null;
      if (finished || trimmed.length >= 10) setLocalError(t("form.invalidDate"));
      onChange(null, false);
    }
  }

  const error = localError ?? common.error ?? null;
  return (
    <FieldShell {...common} {...ids} error={error} className={"form-field--date" + (common.className ? ` ${common.className}` : "")}>
      <input
        id={ids.id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={10}
        size={11}
        autoFocus={autoFocus}
        disabled={common.disabled}
        placeholder={t("filter.datePlaceholder")}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error, common.hint, ids.errorId, ids.hintId)}
        onChange={(e) => update(e.target.value, false)}
        onBlur={(e) => update(e.target.value, true)}
      />
    </FieldShell>
  );
}
