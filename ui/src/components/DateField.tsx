import { t } from "../i18n";

type Props = {
  id: string;
  label: string;
  text: string;
  error: string | null;
  onText: (text: string) => void;
  /** Blur or Enter: the user finished typing. */
  onCommit: () => void;
};

/** A date typed as dd/mm/yyyy, with its validation message next to it. */
export function DateField({ id, label, text, error, onText, onCommit }: Props) {
  const errorId = `${id}-error`;
  return (
    <span className={"filter-field date-field" + (error ? " has-error" : "")}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={10}
        size={10}
        placeholder={t("filter.datePlaceholder")}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onText(e.target.value)}
        onBlur={onCommit}
        onKeyDown={(e) => {
          if (e.key === "Enter") onCommit();
        }}
      />
      {error && (
        <span id={errorId} className="field-error" role="status">
          {error}
        </span>
      )}
    </span>
  );
}
