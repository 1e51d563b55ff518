// What the registers' forms share: the dialog and its form (saved on submit or Ctrl+Enter),
// the buttons at its foot, the values being typed, the form's own checks, the save itself
// (one at a time; a refusal's message next to the field it names), and the Ghi chú field.
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/form";
import { errorField } from "../../errors";
import type { FormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { ctrlEnter, focusById } from "./common";

/** A date typed in a DateInput: its ISO form (null when empty or not a date), and whether it is one. */
export type DateValue = { iso: string | null; valid: boolean };
export const NO_DATE: DateValue = { iso: null, valid: true };

/** A register's dialog with its form; the browser checks nothing, the form does. */
export function DialogForm({
  title,
  testId,
  wide,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  testId: string;
  wide?: boolean;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog title={title} onClose={onClose} wide={wide} testId={testId}>
      <form
        className="sreg-form"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
        onKeyDown={ctrlEnter(onSubmit)}
      >
        {children}
      </form>
    </Dialog>
  );
}

/** The foot of a form: the Ctrl+Enter hint, close, and save ("Đang lưu…" while saving). */
export function SaveActions({
  saving,
  testId,
  onClose,
  label = t("sreg.form.save"),
  closeLabel = t("form.cancel"),
}: {
  saving: boolean;
  testId: string;
  onClose: () => void;
  label?: string;
  closeLabel?: string;
}) {
  return (
    <div className="form-actions">
      <span className="muted">{t("form.saveHint")}</span>
      <button type="button" onClick={onClose}>
        {closeLabel}
      </button>
      <button type="submit" className="button-primary" disabled={saving} data-testid={testId}>
        {saving ? t("form.saving") : label}
      </button>
    </div>
  );
}

/** The Ghi chú field at the foot of a register's form. */
export function NoteField({ id, value, onChange, error }: { id: string; value: string; onChange: (note: string) => void; error?: string }) {
  return <TextField id={id} className="span-all" label={t("sreg.field.note")} multiline rows={2} value={value} onChange={onChange} error={error} />;
}

/** The values of a form; `set` changes some of them and clears the message of the field they belong to. */
export function useDraft<T extends object, F extends string = string>(initial: T, errors: FormErrors) {
  const [draft, setDraft] = useState<T>(initial);
  function set(patch: Partial<T>, field?: F) {
    if (field) errors.setField(field, null);
    setDraft((v) => ({ ...v, ...patch }));
  }
  return [draft, set] as const;
}

/**
 * The form's own checks before it saves: clears the messages; `flag` shows one next to its
 * field; `failed` focuses the first field flagged and says whether there was one.
 */
export function formChecks<F extends string>(errors: FormErrors, ids: Readonly<Record<F, string>>) {
  errors.clear();
  let first: string | null = null;
  return {
    flag(field: F, message: string) {
      errors.setField(field, message);
      first ??= ids[field];
    },
    failed(): boolean {
      focusById(first);
      return first !== null;
    },
  };
}

/**
 * Saves one at a time: `run` does nothing while a save is under way (`isBusy`). A refusal
 * shows its message next to the field it names when the form shows that field (`known`,
 * by default any field of `ids`), and focuses its control; else it goes to the banner.
 */
export function useSave<F extends string>(
  errors: FormErrors,
  ids: Readonly<Record<F, string>>,
  known: (field: string) => field is F = (field): field is F => field in ids,
) {
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);

  async function run(save: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    try {
      await save();
    } catch (err) {
      errors.show(err, known);
      const field = errorField(err);
      if (field !== null && known(field)) focusById(ids[field]);
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }

  return { saving, isBusy: () => busy.current, run };
}
