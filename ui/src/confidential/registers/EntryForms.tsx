// "Vào sổ": the forms of the incoming and the outgoing register. The number is the
// register's (given on saving). A tuyệt mật document's trích yếu stays closed until the
// clerk records which leader agreed to write it and when (Đắk Lắk 2.1a); the back end
// holds the same rule, and its message shows next to the field it names.
import type { Entry } from "../../bindings/Entry";
import type { NewIncoming } from "../../bindings/NewIncoming";
import type { NewOutgoing } from "../../bindings/NewOutgoing";
import type { Secrecy } from "../../bindings/Secrecy";
import type { Urgency } from "../../bindings/Urgency";
import { ErrorBanner } from "../../components/ErrorBanner";
import { CheckboxField, DateInput, SelectField, TextField } from "../../components/form";
import { useFormErrors, type FormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretRegisterIncoming, secretRegisterOutgoing } from "../../secretApi";
import { blankToNull, currentYear, MomentField, parseCount, parseMoment, secrecyOptions, urgencyOptions } from "./common";
import { DialogForm, formChecks, NO_DATE, NoteField, SaveActions, useDraft, useSave, type DateValue } from "./forms";

type Props = {
  onClose: () => void;
  onSaved: (entry: Entry) => void;
};

// ---- The trích yếu and its approval ------------------------------------------------------

type SummaryDraft = { summary: string; approvedBy: string; approvedOn: DateValue };
const NO_SUMMARY: SummaryDraft = { summary: "", approvedBy: "", approvedOn: NO_DATE };

/** Whether the trích yếu may be written: always below tuyệt mật, else once the leader agreed. */
export function summaryOpen(secrecy: Secrecy | "", d: SummaryDraft): boolean {
  if (secrecy !== "top_secret") return true;
  return d.approvedBy.trim() !== "" && d.approvedOn.valid && d.approvedOn.iso !== null;
}

/** The trích yếu fields of NewIncoming / NewOutgoing: the approval goes with a tuyệt mật trích yếu only. */
function summaryPayload(secrecy: Secrecy | "", d: SummaryDraft) {
  const summary = summaryOpen(secrecy, d) ? blankToNull(d.summary) : null;
  const approved = secrecy === "top_secret" && summary !== null;
  return {
    summary,
    summary_approved_by: approved ? blankToNull(d.approvedBy) : null,
    summary_approved_on: approved ? d.approvedOn.iso : null,
  };
}

function SummaryFields({
  prefix,
  secrecy,
  draft,
  onChange,
  errors,
}: {
  prefix: string;
  secrecy: Secrecy | "";
  draft: SummaryDraft;
  onChange: (patch: Partial<SummaryDraft>) => void;
  errors: FormErrors;
}) {
  const f = errors.fields;
  const topSecret = secrecy === "top_secret";
  const open = summaryOpen(secrecy, draft);
  return (
    <>
      {topSecret && (
        <>
          <p className="sreg-rule span-all" data-testid="top-secret-rule">
            {t("sreg.form.topSecretRule")}
          </p>
          <TextField
            id={`${prefix}-approved-by`}
            label={t("sreg.form.approvedBy")}
            value={draft.approvedBy}
            onChange={(approvedBy) => {
              errors.setField("summary_approved_by", null);
              onChange({ approvedBy });
            }}
            error={f.summary_approved_by}
          />
          <DateInput
            id={`${prefix}-approved-on`}
            label={t("sreg.form.approvedOn")}
            value={draft.approvedOn.iso}
            onChange={(iso, valid) => {
              errors.setField("summary_approved_on", null);
              onChange({ approvedOn: { iso, valid } });
            }}
            error={f.summary_approved_on}
          />
        </>
      )}
      <TextField
        id={`${prefix}-summary`}
        className="span-all"
        label={t("sreg.field.summary")}
        multiline
        rows={2}
        disabled={!open}
        value={draft.summary}
        onChange={(summary) => {
          errors.setField("summary", null);
          onChange({ summary });
        }}
        error={f.summary}
        hint={open ? undefined : t("sreg.form.summaryLocked")}
      />
    </>
  );
}

// ---- What both registers record of a document --------------------------------------------

type DocumentDetails = { docDate: DateValue; docKind: string; secrecy: Secrecy | ""; urgency: Urgency };
type DetailField = "doc_date" | "doc_kind" | "secrecy" | "urgency";

/** Ngày văn bản, tên loại, độ mật and độ khẩn: the same fields in the incoming and the outgoing form. */
function DocumentDetailFields({
  ids,
  draft,
  set,
  errors,
}: {
  ids: Readonly<Record<DetailField, string>>;
  draft: DocumentDetails;
  set: (patch: Partial<DocumentDetails>, field: DetailField) => void;
  errors: FormErrors;
}) {
  const f = errors.fields;
  return (
    <>
      <DateInput
        id={ids.doc_date}
        label={t("sreg.field.docDate")}
        value={draft.docDate.iso}
        onChange={(iso, valid) => set({ docDate: { iso, valid } }, "doc_date")}
        error={f.doc_date}
      />
      <TextField
        id={ids.doc_kind}
        label={t("sreg.field.docKind")}
        value={draft.docKind}
        onChange={(docKind) => set({ docKind }, "doc_kind")}
        error={f.doc_kind}
        placeholder={t("sreg.form.docKindPlaceholder")}
      />
      <SelectField
        id={ids.secrecy}
        label={t("sreg.field.secrecy")}
        required
        placeholder={t("sreg.choose")}
        value={draft.secrecy}
        options={secrecyOptions()}
        onChange={(v) => set({ secrecy: v as Secrecy | "" }, "secrecy")}
        error={f.secrecy}
      />
      <SelectField
        id={ids.urgency}
        label={t("sreg.field.urgency")}
        value={draft.urgency}
        options={urgencyOptions()}
        onChange={(v) => set({ urgency: v as Urgency }, "urgency")}
        error={f.urgency}
      />
    </>
  );
}

// ---- Incoming ----------------------------------------------------------------------------

const IN_IDS = {
  received_at: "sreg-in-received-at",
  issuer: "sreg-in-issuer",
  doc_number: "sreg-in-doc-number",
  doc_date: "sreg-in-doc-date",
  doc_kind: "sreg-in-doc-kind",
  secrecy: "sreg-in-secrecy",
  urgency: "sreg-in-urgency",
  handler: "sreg-in-handler",
  note: "sreg-in-note",
  sealed_for: "sreg-in-sealed-for",
  summary: "sreg-in-summary",
  summary_approved_by: "sreg-in-approved-by",
  summary_approved_on: "sreg-in-approved-on",
} as const;
type InField = keyof typeof IN_IDS;

type IncomingDraft = DocumentDetails & {
  receivedAt: string;
  issuer: string;
  docNumber: string;
  handler: string;
  note: string;
  sealed: boolean;
  sealedFor: string;
};

const EMPTY_INCOMING: IncomingDraft = {
  receivedAt: "",
  issuer: "",
  docNumber: "",
  docDate: NO_DATE,
  docKind: "",
  secrecy: "",
  urgency: "normal",
  handler: "",
  note: "",
  sealed: false,
  sealedFor: "",
};

export function IncomingForm({ onClose, onSaved }: Props) {
  const errors = useFormErrors();
  const [d, set] = useDraft<IncomingDraft, InField>(EMPTY_INCOMING, errors);
  const [s, setS] = useDraft(NO_SUMMARY, errors);
  const f = errors.fields;

  /** The fields on screen now: an error about another one goes to the banner. */
  function shown(field: string): field is InField {
    if (!(field in IN_IDS)) return false;
    if (field === "sealed_for") return d.sealed;
    if (field === "summary") return !d.sealed;
    if (field === "summary_approved_by" || field === "summary_approved_on") return !d.sealed && d.secrecy === "top_secret";
    return true;
  }
  const { saving, isBusy, run } = useSave(errors, IN_IDS, shown);

  async function submit() {
    if (isBusy()) return;
    const check = formChecks(errors, IN_IDS);
    const moment = parseMoment(d.receivedAt);
    if (!moment.valid) check.flag("received_at", t("sreg.moment.invalid"));
    if (!d.docDate.valid) check.flag("doc_date", t("form.invalidDate"));
    if (d.sealed && d.sealedFor.trim() === "") check.flag("sealed_for", t("sreg.inForm.sealedForRequired"));
    if (!d.sealed && d.secrecy === "top_secret" && !s.approvedOn.valid) check.flag("summary_approved_on", t("form.invalidDate"));
    if (check.failed()) return;
    const entry: NewIncoming = {
      received_at: moment.iso,
      issuer: d.issuer.trim(),
      doc_number: d.docNumber.trim(),
      doc_date: d.docDate.iso,
      doc_kind: d.docKind.trim(),
      ...(d.sealed
        ? { summary: null, summary_approved_by: null, summary_approved_on: null }
        : summaryPayload(d.secrecy, s)),
      secrecy: d.secrecy === "" ? null : d.secrecy,
      urgency: d.urgency,
      handler: d.handler.trim(),
      sealed_for: d.sealed ? d.sealedFor.trim() : null,
      note: d.note.trim(),
    };
    await run(async () => {
      onSaved(await secretRegisterIncoming(entry));
      onClose();
    });
  }

  return (
    <DialogForm title={t("sreg.inForm.title")} onClose={onClose} wide testId="incoming-form" onSubmit={() => void submit()}>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <p className="muted sreg-explain">{t("sreg.inForm.numberNote", { year: currentYear() })}</p>
      <div className="form-grid">
        <TextField
          id={IN_IDS.issuer}
          label={t("sreg.field.issuer")}
          required
          autoFocus
          value={d.issuer}
          onChange={(issuer) => set({ issuer }, "issuer")}
          error={f.issuer}
        />
        <TextField
          id={IN_IDS.doc_number}
          label={t("sreg.field.docNumber")}
          value={d.docNumber}
          onChange={(docNumber) => set({ docNumber }, "doc_number")}
          error={f.doc_number}
          placeholder={t("sreg.inForm.docNumberPlaceholder")}
        />
        <DocumentDetailFields ids={IN_IDS} draft={d} set={set} errors={errors} />
        <TextField id={IN_IDS.handler} label={t("sreg.field.handler")} value={d.handler} onChange={(handler) => set({ handler }, "handler")} error={f.handler} />
        <MomentField
          id={IN_IDS.received_at}
          label={t("sreg.inForm.receivedAt")}
          value={d.receivedAt}
          onChange={(receivedAt) => set({ receivedAt }, "received_at")}
          error={f.received_at}
        />
        <CheckboxField
          id="sreg-in-sealed"
          className="span-all"
          label={t("sreg.inForm.sealed")}
          checked={d.sealed}
          onChange={(sealed) => {
            errors.setField("sealed_for", null);
            errors.setField("summary", null);
            set({ sealed });
          }}
        />
        {d.sealed ? (
          <>
            <p className="sreg-rule span-all">{t("sreg.inForm.sealedHint")}</p>
            <TextField
              id={IN_IDS.sealed_for}
              label={t("sreg.field.sealedFor")}
              required
              value={d.sealedFor}
              onChange={(sealedFor) => set({ sealedFor }, "sealed_for")}
              error={f.sealed_for}
            />
          </>
        ) : (
          <SummaryFields prefix="sreg-in" secrecy={d.secrecy} draft={s} onChange={setS} errors={errors} />
        )}
        <NoteField id={IN_IDS.note} value={d.note} onChange={(note) => set({ note }, "note")} error={f.note} />
      </div>
      <SaveActions saving={saving} testId="save-incoming" onClose={onClose} />
    </DialogForm>
  );
}

// ---- Outgoing ----------------------------------------------------------------------------

const OUT_IDS = {
  doc_symbol: "sreg-out-symbol",
  doc_date: "sreg-out-doc-date",
  doc_kind: "sreg-out-doc-kind",
  secrecy: "sreg-out-secrecy",
  urgency: "sreg-out-urgency",
  signer: "sreg-out-signer",
  recipients: "sreg-out-recipients",
  keeping_unit: "sreg-out-keeping-unit",
  copies: "sreg-out-copies",
  note: "sreg-out-note",
  summary: "sreg-out-summary",
  summary_approved_by: "sreg-out-approved-by",
  summary_approved_on: "sreg-out-approved-on",
} as const;
type OutField = keyof typeof OUT_IDS;

type OutgoingDraft = DocumentDetails & {
  symbol: string;
  signer: string;
  recipients: string;
  keepingUnit: string;
  copies: string;
  note: string;
};

const EMPTY_OUTGOING: OutgoingDraft = {
  symbol: "",
  docDate: NO_DATE,
  docKind: "",
  secrecy: "",
  urgency: "normal",
  signer: "",
  recipients: "",
  keepingUnit: "",
  copies: "",
  note: "",
};

/** One nơi nhận per line, trimmed; blank lines dropped. */
export function splitRecipients(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

export function OutgoingForm({ onClose, onSaved }: Props) {
  const errors = useFormErrors();
  const [d, set] = useDraft<OutgoingDraft, OutField>(EMPTY_OUTGOING, errors);
  const [s, setS] = useDraft(NO_SUMMARY, errors);
  const f = errors.fields;

  function shown(field: string): field is OutField {
    if (!(field in OUT_IDS)) return false;
    if (field === "summary_approved_by" || field === "summary_approved_on") return d.secrecy === "top_secret";
    return true;
  }
  const { saving, isBusy, run } = useSave(errors, OUT_IDS, shown);

  async function submit() {
    if (isBusy()) return;
    const check = formChecks(errors, OUT_IDS);
    const copies = parseCount(d.copies);
    if (!d.docDate.valid) check.flag("doc_date", t("form.invalidDate"));
    if (d.secrecy === "top_secret" && !s.approvedOn.valid) check.flag("summary_approved_on", t("form.invalidDate"));
    if (copies === undefined) check.flag("copies", t("sreg.form.copiesInvalid"));
    if (check.failed()) return;
    const entry: NewOutgoing = {
      registered_at: null,
      doc_symbol: d.symbol.trim(),
      doc_date: d.docDate.iso,
      doc_kind: d.docKind.trim(),
      ...summaryPayload(d.secrecy, s),
      secrecy: d.secrecy === "" ? null : d.secrecy,
      urgency: d.urgency,
      signer: d.signer.trim(),
      recipients: splitRecipients(d.recipients),
      keeping_unit: d.keepingUnit.trim(),
      copies: copies ?? null,
      note: d.note.trim(),
    };
    await run(async () => {
      onSaved(await secretRegisterOutgoing(entry));
      onClose();
    });
  }

  return (
    <DialogForm title={t("sreg.outForm.title")} onClose={onClose} wide testId="outgoing-form" onSubmit={() => void submit()}>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <div className="form-grid">
        <TextField
          id={OUT_IDS.doc_symbol}
          label={t("sreg.outForm.symbol")}
          autoFocus
          value={d.symbol}
          onChange={(symbol) => set({ symbol }, "doc_symbol")}
          error={f.doc_symbol}
          placeholder={t("sreg.outForm.symbolPlaceholder")}
          hint={t("sreg.outForm.numberNote", { year: currentYear() })}
        />
        <DocumentDetailFields ids={OUT_IDS} draft={d} set={set} errors={errors} />
        <TextField id={OUT_IDS.signer} label={t("sreg.field.signer")} required value={d.signer} onChange={(signer) => set({ signer }, "signer")} error={f.signer} />
        <SummaryFields prefix="sreg-out" secrecy={d.secrecy} draft={s} onChange={setS} errors={errors} />
        <TextField
          id={OUT_IDS.recipients}
          className="span-all"
          label={t("sreg.field.recipients")}
          required
          multiline
          rows={3}
          value={d.recipients}
          onChange={(recipients) => set({ recipients }, "recipients")}
          error={f.recipients}
          hint={t("sreg.outForm.recipientsHint")}
        />
        <TextField
          id={OUT_IDS.keeping_unit}
          label={t("sreg.field.keepingUnit")}
          value={d.keepingUnit}
          onChange={(keepingUnit) => set({ keepingUnit }, "keeping_unit")}
          error={f.keeping_unit}
        />
        <TextField id={OUT_IDS.copies} label={t("sreg.field.copies")} value={d.copies} onChange={(copies) => set({ copies }, "copies")} error={f.copies} />
        <NoteField id={OUT_IDS.note} value={d.note} onChange={(note) => set({ note }, "note")} error={f.note} />
      </div>
      <SaveActions saving={saving} testId="save-outgoing" onClose={onClose} />
    </DialogForm>
  );
}
