// "Ghi quyết định": a decision about a document's protection (gia hạn, điều chỉnh độ mật,
// giải mật, tiêu hủy), with its number and date. Used from an entry's detail pane and from
// the list of protection periods. The back end checks the rules; its message shows next to
// the field it names.
import { useRef, useState, type FormEvent } from "react";
import type { Decision } from "../../bindings/Decision";
import type { DecisionKind } from "../../bindings/DecisionKind";
import type { Entry } from "../../bindings/Entry";
import type { NewDecision } from "../../bindings/NewDecision";
import type { Secrecy } from "../../bindings/Secrecy";
import { Dialog } from "../../components/Dialog";
import { ErrorBanner } from "../../components/ErrorBanner";
import { DateInput, SelectField, TextField } from "../../components/form";
import { errorField } from "../../errors";
import { formatDate } from "../../format";
import { useFormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretRecordDecision } from "../../secretApi";
import { ctrlEnter, DECISION_KINDS, decisionLabel, entryName, focusById, secrecyLabel, secrecyOptions } from "./common";

const IDS = {
  kind: "sreg-decision-kind",
  decision_number: "sreg-decision-number",
  decision_date: "sreg-decision-date",
  new_until: "sreg-decision-new-until",
  new_secrecy: "sreg-decision-new-secrecy",
  note: "sreg-decision-note",
} as const;

type Props = {
  entry: Entry;
  onClose: () => void;
  onSaved: (decision: Decision) => void;
};

type DateValue = { iso: string | null; valid: boolean };

export function DecisionDialog({ entry, onClose, onSaved }: Props) {
  const [kind, setKind] = useState<DecisionKind>("extend");
  const [number, setNumber] = useState("");
  const [date, setDate] = useState<DateValue>({ iso: null, valid: true });
  const [until, setUntil] = useState<DateValue>({ iso: null, valid: true });
  const [level, setLevel] = useState<Secrecy | "">("");
  const [note, setNote] = useState("");
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);
  const errors = useFormErrors();

  const showsUntil = kind === "extend" || kind === "change_level";
  const showsLevel = kind === "change_level";
  const visible = new Set<string>(["kind", "decision_number", "decision_date", "note"]);
  if (showsUntil) visible.add("new_until");
  if (showsLevel) visible.add("new_secrecy");

  function checkLocally(): string | null {
    errors.clear();
    let first: string | null = null;
    const flag = (field: keyof typeof IDS, message: string) => {
      errors.setField(field, message);
      first ??= IDS[field];
    };
    if (!date.valid) flag("decision_date", t("form.invalidDate"));
    else if (date.iso === null) flag("decision_date", t("sreg.decisionForm.dateRequired"));
    if (showsUntil && !until.valid) flag("new_until", t("form.invalidDate"));
    return first;
  }

  async function submit() {
    if (busy.current) return;
    const invalid = checkLocally();
    if (invalid !== null) {
      focusById(invalid);
      return;
    }
    const decision: NewDecision = {
      kind,
      decision_number: number.trim(),
      decision_date: date.iso ?? "",
      new_secrecy: showsLevel && level !== "" ? level : null,
      new_until: showsUntil ? until.iso : null,
      note: note.trim(),
    };
    busy.current = true;
    setSaving(true);
    try {
      const saved = await secretRecordDecision(entry.id, decision);
      onSaved(saved);
      onClose();
    } catch (err) {
      const known = (field: string) => visible.has(field);
      errors.show(err, known);
      const field = errorField(err);
      if (field !== null && known(field)) focusById(IDS[field as keyof typeof IDS]);
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit();
  }

  const f = errors.fields;
  return (
    <Dialog title={t("sreg.decisionForm.title", { entry: entryName(entry) })} onClose={onClose} testId="decision-form">
      <form className="sreg-form" noValidate onSubmit={onSubmit} onKeyDown={ctrlEnter(() => void submit())}>
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <p className="sreg-explain" data-testid="decision-current">
          {entry.protected_until !== null
            ? t("sreg.decisionForm.current", { level: secrecyLabel(entry.secrecy), date: formatDate(entry.protected_until) })
            : t("sreg.decisionForm.currentNoDate", { level: secrecyLabel(entry.secrecy) })}
        </p>
        <div className="form-grid">
          <SelectField
            id={IDS.kind}
            label={t("sreg.decisionForm.kind")}
            required
            value={kind}
            options={DECISION_KINDS.map((k) => ({ value: k, label: decisionLabel(k) }))}
            onChange={(v) => {
              errors.clear();
              setKind(v as DecisionKind);
            }}
            error={f.kind}
          />
          <TextField
            id={IDS.decision_number}
            label={t("sreg.decisionForm.number")}
            required
            value={number}
            onChange={(v) => {
              errors.setField("decision_number", null);
              setNumber(v);
            }}
            error={f.decision_number}
            placeholder={t("sreg.decisionForm.numberPlaceholder")}
          />
          <DateInput
            id={IDS.decision_date}
            label={t("sreg.decisionForm.date")}
            required
            value={date.iso}
            onChange={(iso, valid) => {
              errors.setField("decision_date", null);
              setDate({ iso, valid });
            }}
            error={f.decision_date}
          />
          {showsLevel && (
            <SelectField
              id={IDS.new_secrecy}
              label={t("sreg.decisionForm.newSecrecy")}
              required
              placeholder={t("sreg.choose")}
              value={level}
              options={secrecyOptions()}
              onChange={(v) => {
                errors.setField("new_secrecy", null);
                setLevel(v as Secrecy | "");
              }}
              error={f.new_secrecy}
            />
          )}
          {showsUntil && (
            <DateInput
              id={IDS.new_until}
              label={t("sreg.decisionForm.newUntil")}
              required={kind === "extend"}
              value={until.iso}
              onChange={(iso, valid) => {
                errors.setField("new_until", null);
                setUntil({ iso, valid });
              }}
              error={f.new_until}
              hint={kind === "change_level" ? t("sreg.decisionForm.newUntilHint") : undefined}
            />
          )}
          <TextField
            id={IDS.note}
            className="span-all"
            label={t("sreg.field.note")}
            multiline
            rows={2}
            value={note}
            onChange={setNote}
            error={f.note}
          />
        </div>
        {(kind === "declassify" || kind === "destroy") && (
          <p className="sreg-warning" data-testid="decision-final">
            {t(`sreg.decisionForm.final.${kind}`)}
          </p>
        )}
        <div className="form-actions">
          <span className="muted">{t("form.saveHint")}</span>
          <button type="button" onClick={onClose}>
            {t("form.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={saving} data-testid="save-decision">
            {saving ? t("form.saving") : t("sreg.decisionForm.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
