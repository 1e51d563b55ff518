// "Ghi quyết định": a decision about a document's protection (gia hạn, điều chỉnh độ mật,
// giải mật, tiêu hủy), with its number and date. Used from an entry's detail pane and from
// the list of protection periods. The back end checks the rules; its message shows next to
// the field it names.
import { useState } from "react";
import type { Decision } from "../../bindings/Decision";
import type { DecisionKind } from "../../bindings/DecisionKind";
import type { Entry } from "../../bindings/Entry";
import type { NewDecision } from "../../bindings/NewDecision";
import type { Secrecy } from "../../bindings/Secrecy";
import { ErrorBanner } from "../../components/ErrorBanner";
import { DateInput, SelectField, TextField } from "../../components/form";
import { formatDate } from "../../format";
import { useFormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretRecordDecision } from "../../secretApi";
import { DECISION_KINDS, decisionLabel, entryName, secrecyLabel, secrecyOptions } from "./common";
import { DialogForm, formChecks, NO_DATE, NoteField, SaveActions, useSave, type DateValue } from "./forms";

const IDS = {
  kind: "sreg-decision-kind",
  decision_number: "sreg-decision-number",
  decision_date: "sreg-decision-date",
  new_until: "sreg-decision-new-until",
  new_secrecy: "sreg-decision-new-secrecy",
  note: "sreg-decision-note",
} as const;
type DecisionField = keyof typeof IDS;

type Props = {
  entry: Entry;
  onClose: () => void;
  onSaved: (decision: Decision) => void;
};

export function DecisionDialog({ entry, onClose, onSaved }: Props) {
  const [kind, setKind] = useState<DecisionKind>("extend");
  const [number, setNumber] = useState("");
  const [date, setDate] = useState<DateValue>(NO_DATE);
  const [until, setUntil] = useState<DateValue>(NO_DATE);
  const [level, setLevel] = useState<Secrecy | "">("");
  const [note, setNote] = useState("");
  const errors = useFormErrors();

  const showsUntil = kind === "extend" || kind === "change_level";
  const showsLevel = kind === "change_level";
  const visible = new Set<string>(["kind", "decision_number", "decision_date", "note"]);
  if (showsUntil) visible.add("new_until");
  if (showsLevel) visible.add("new_secrecy");
  const { saving, isBusy, run } = useSave(errors, IDS, (field): field is DecisionField => visible.has(field));

  async function submit() {
    if (isBusy()) return;
    const check = formChecks(errors, IDS);
    if (!date.valid) check.flag("decision_date", t("form.invalidDate"));
    else if (date.iso === null) check.flag("decision_date", t("sreg.decisionForm.dateRequired"));
    if (showsUntil && !until.valid) check.flag("new_until", t("form.invalidDate"));
    if (check.failed()) return;
    const decision: NewDecision = {
      kind,
      decision_number: number.trim(),
      decision_date: date.iso ?? "",
      new_secrecy: showsLevel && level !== "" ? level : null,
      new_until: showsUntil ? until.iso : null,
      note: note.trim(),
    };
    await run(async () => {
      onSaved(await secretRecordDecision(entry.id, decision));
      onClose();
    });
  }

  const f = errors.fields;
  return (
    <DialogForm title={t("sreg.decisionForm.title", { entry: entryName(entry) })} onClose={onClose} testId="decision-form" onSubmit={() => void submit()}>
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
        <NoteField id={IDS.note} value={note} onChange={setNote} error={f.note} />
      </div>
      {(kind === "declassify" || kind === "destroy") && (
        <p className="sreg-warning" data-testid="decision-final">
          {t(`sreg.decisionForm.final.${kind}`)}
        </p>
      )}
      <SaveActions saving={saving} testId="save-decision" onClose={onClose} label={t("sreg.decisionForm.save")} />
    </DialogForm>
  );
}
