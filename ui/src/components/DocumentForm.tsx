// "Vào sổ văn bản": registering a directive document and splitting it into tasks in one
// save. The core validates; a refused save shows its message next to the field it names
// (a task's field when it names the task) and keeps everything typed. Only what the core
// cannot check locally is checked here: a date typed that is not a real date.
import { useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from "react";
import { registerDocument, uploadAttachment } from "../api";
import type { Attachment } from "../bindings/Attachment";
import type { Document } from "../bindings/Document";
import type { DocumentKind } from "../bindings/DocumentKind";
import type { Issuer } from "../bindings/Issuer";
import type { NewDocument } from "../bindings/NewDocument";
import type { Origin } from "../bindings/Origin";
import type { Urgency } from "../bindings/Urgency";
import { errorField, errorItem, errorMessage } from "../errors";
import { formatNumber } from "../format";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { useSession } from "../session";
import { DOCUMENT_KINDS, DOCUMENT_ORIGINS, ISSUERS, URGENCIES } from "../state/documentFilters";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { DateInput, SelectField, TextField } from "./form";
import { isTaskField, taskFieldId, TaskFieldsList, useTaskList, type TaskField } from "./TaskFields";

type Props = {
  onClose: () => void;
  onSaved: (document: Document) => void;
};

/** The NewDocument fields the core may name in an error, with the id of their control. */
const DOCUMENT_FIELD_IDS = {
  kind: "doc-kind",
  number: "doc-number",
  symbol: "doc-symbol",
  issued_on: "doc-issued-on",
  summary: "doc-summary",
  signer_name: "doc-signer-name",
  signer_title: "doc-signer-title",
  issuer: "doc-issuer",
  submitting_agency: "doc-submitting-agency",
  director: "doc-director",
  drafter: "doc-drafter",
  urgency: "doc-urgency",
  origin: "doc-origin",
} as const;
type DocumentField = keyof typeof DOCUMENT_FIELD_IDS;

function isDocumentField(field: string): field is DocumentField {
  return field in DOCUMENT_FIELD_IDS;
}

export const ACCEPTED_FILES = ".pdf,.doc,.docx,.jpg,.png";

function emptyDocument(today: string): NewDocument {
  return {
    kind: "decision",
    number: "",
    symbol: "",
    issued_on: today,
    summary: "",
    signer_name: "",
    signer_title: "",
    issuer: "provincial_committee",
    submitting_agency: null,
    director: null,
    drafter: null,
    urgency: "normal",
    origin: null,
    attachments: [],
  };
}

const blankToNull = (value: string | null) => (value !== null && value.trim() !== "" ? value : null);

/** What is sent: blank optional text becomes null; the rest exactly as typed. */
function toNewDocument(doc: NewDocument): NewDocument {
  return {
    ...doc,
    submitting_agency: blankToNull(doc.submitting_agency),
    director: blankToNull(doc.director),
    drafter: blankToNull(doc.drafter),
  };
}

/** "12 KB", "1,5 MB". */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return t("doc.size.mb", { size: formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
  return t("doc.size.kb", { size: formatNumber(Math.max(1, Math.round(bytes / 1024))) });
}

function focusById(id: string | null) {
  if (id) document.getElementById(id)?.focus();
}

export function DocumentForm({ onClose, onSaved }: Props) {
  const session = useSession();
  const [doc, setDoc] = useState<NewDocument>(() => emptyDocument(session.info.today));
  const [issuedValid, setIssuedValid] = useState(true);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const errors = useFormErrors();
  const tasks = useTaskList(errors);
  const busy = useRef(false);

  function set(patch: Partial<NewDocument>) {
    for (const k of Object.keys(patch)) errors.setField(k, null);
    setDoc((d) => ({ ...d, ...patch }));
  }

  async function onFiles(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? []);
    // Cleared so that choosing the same file again fires another change.
    e.target.value = "";
    if (files.length === 0) return;
    setUploadError(null);
    setUploading((n) => n + files.length);
    for (const file of files) {
      try {
        const attachment = await uploadAttachment(file);
        setDoc((d) =>
          d.attachments.some((a) => a.sha256 === attachment.sha256)
            ? d
            : { ...d, attachments: [...d.attachments, attachment] },
        );
      } catch (err) {
        setUploadError(errorMessage(err));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  }

  function removeAttachment(attachment: Attachment) {
    setDoc((d) => ({ ...d, attachments: d.attachments.filter((a) => a.sha256 !== attachment.sha256) }));
  }

  /** Local checks only: dates that are not real dates (and no issue date at all). */
  function checkLocally(): string | null {
    errors.clear();
    let first: string | null = null;
    if (!issuedValid) {
      errors.setField("issued_on", t("form.invalidDate"));
      first = DOCUMENT_FIELD_IDS.issued_on;
    } else if (doc.issued_on === "") {
      errors.setField("issued_on", t("doc.form.issuedOnRequired"));
      first = DOCUMENT_FIELD_IDS.issued_on;
    }
    if (!tasks.checkDates()) {
      const index = tasks.drafts.findIndex((d) => !d.deadlineValid);
      first ??= taskFieldId(index, "deadline");
    }
    return first;
  }

  async function submit() {
    if (busy.current || uploading > 0) return;
    const invalid = checkLocally();
    if (invalid !== null) {
      focusById(invalid);
      return;
    }
    busy.current = true;
    setSaving(true);
    try {
      const [document] = await registerDocument(toNewDocument(doc), tasks.payload());
      onSaved(document);
      onClose();
    } catch (err) {
      const field = errorField(err);
      const item = errorItem(err);
      const count = tasks.drafts.length;
      const known = (f: string, i: number | null) =>
        i === null ? isDocumentField(f) : i >= 0 && i < count && isTaskField(f);
      errors.show(err, known);
      if (field !== null && known(field, item)) {
        focusById(item === null ? DOCUMENT_FIELD_IDS[field as DocumentField] : taskFieldId(item, field as TaskField));
      }
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit();
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    // A control that used the key itself (the unit picker choosing) keeps it.
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void submit();
    }
  }

  const f = errors.fields;
  return (
    <Dialog title={t("doc.form.title")} onClose={onClose} wide testId="document-form">
      <form className="document-form" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <section className="document-form__section" aria-labelledby="doc-form-document">
          <h3 id="doc-form-document">{t("doc.form.documentSection")}</h3>
          <div className="form-grid">
            <SelectField
              id={DOCUMENT_FIELD_IDS.kind}
              label={t("doc.field.kind")}
              required
              value={doc.kind}
              options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`doc.kind.${k}`) }))}
              onChange={(v) => set({ kind: v as DocumentKind })}
              error={f.kind}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.number}
              label={t("doc.field.number")}
              value={doc.number}
              onChange={(number) => set({ number })}
              error={f.number}
              hint={t("doc.form.numberHint")}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.symbol}
              label={t("doc.field.symbol")}
              value={doc.symbol}
              onChange={(symbol) => set({ symbol })}
              error={f.symbol}
              hint={t("doc.form.symbolHint")}
            />
            <DateInput
              id={DOCUMENT_FIELD_IDS.issued_on}
              label={t("doc.field.issuedOn")}
              required
              value={doc.issued_on === "" ? null : doc.issued_on}
              onChange={(iso, valid) => {
                setIssuedValid(valid);
                if (valid) errors.setField("issued_on", null);
                // An invalid text keeps the last good value, so the typed text stays on screen.
                if (valid) set({ issued_on: iso ?? "" });
              }}
              error={f.issued_on}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.summary}
              className="span-all"
              label={t("doc.field.summary")}
              required
              multiline
              rows={2}
              value={doc.summary}
              onChange={(summary) => set({ summary })}
              error={f.summary}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.signer_name}
              label={t("doc.field.signerName")}
              required
              value={doc.signer_name}
              onChange={(signer_name) => set({ signer_name })}
              error={f.signer_name}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.signer_title}
              label={t("doc.field.signerTitle")}
              value={doc.signer_title}
              onChange={(signer_title) => set({ signer_title })}
              error={f.signer_title}
            />
            <SelectField
              id={DOCUMENT_FIELD_IDS.issuer}
              label={t("doc.field.issuer")}
              required
              value={doc.issuer}
              options={ISSUERS.map((i) => ({ value: i, label: t(`doc.issuer.${i}`) }))}
              onChange={(v) => set({ issuer: v as Issuer })}
              error={f.issuer}
            />
            <SelectField
              id={DOCUMENT_FIELD_IDS.urgency}
              label={t("doc.field.urgency")}
              required
              value={doc.urgency}
              options={URGENCIES.map((u) => ({ value: u, label: t(`doc.urgency.${u}`) }))}
              onChange={(v) => set({ urgency: v as Urgency })}
              error={f.urgency}
            />
            <SelectField
              id={DOCUMENT_FIELD_IDS.origin}
              label={t("doc.field.origin")}
              placeholder={t("doc.origin.auto")}
              value={doc.origin ?? ""}
              options={DOCUMENT_ORIGINS.map((o) => ({ value: o, label: t(`doc.origin.${o}`) }))}
              onChange={(v) => set({ origin: v === "" ? null : (v as Origin) })}
              error={f.origin}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.submitting_agency}
              label={t("doc.field.submittingAgency")}
              value={doc.submitting_agency ?? ""}
              onChange={(v) => set({ submitting_agency: v })}
              error={f.submitting_agency}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.director}
              label={t("doc.field.director")}
              value={doc.director ?? ""}
              onChange={(v) => set({ director: v })}
              error={f.director}
            />
            <TextField
              id={DOCUMENT_FIELD_IDS.drafter}
              label={t("doc.field.drafter")}
              value={doc.drafter ?? ""}
              onChange={(v) => set({ drafter: v })}
              error={f.drafter}
            />
          </div>
        </section>

        <section className="document-form__section" aria-labelledby="doc-form-files">
          <h3 id="doc-form-files">{t("doc.field.attachments")}</h3>
          <div className={"form-field attachment-field" + (uploadError ? " has-error" : "")}>
            <label htmlFor="doc-file">{t("doc.form.chooseFiles")}</label>
            <input
              id="doc-file"
              data-testid="doc-file"
              type="file"
              multiple
              accept={ACCEPTED_FILES}
              aria-invalid={uploadError ? true : undefined}
              aria-describedby={uploadError ? "doc-file-error" : undefined}
              onChange={(e) => void onFiles(e)}
            />
            {uploading > 0 && (
              <span className="muted" role="status" data-testid="uploading">
                {t("doc.form.uploading")}
              </span>
            )}
            {uploadError && (
              <span id="doc-file-error" className="field-error" role="alert">
                {uploadError}
              </span>
            )}
          </div>
          {doc.attachments.length > 0 && (
            <ul className="attachment-list" data-testid="doc-attachments">
              {doc.attachments.map((a) => (
                <li key={a.sha256}>
                  <span className="attachment-list__name">{a.file_name}</span>{" "}
                  <span className="muted">({fileSize(a.size)})</span>
                  <button
                    type="button"
                    className="button-link"
                    aria-label={t("doc.form.removeFile", { name: a.file_name })}
                    onClick={() => removeAttachment(a)}
                  >
                    {t("doc.form.remove")}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="document-form__section" aria-labelledby="doc-form-tasks">
          <h3 id="doc-form-tasks">{t("doc.form.tasksSection")}</h3>
          <TaskFieldsList list={tasks} errors={errors} />
        </section>

        <div className="form-actions">
          <span className="muted">{uploading > 0 ? t("doc.form.waitUpload") : t("doc.form.hint")}</span>
          <button type="button" onClick={onClose}>
            {t("doc.form.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={saving || uploading > 0} data-testid="save-document">
            {saving ? t("doc.form.saving") : t("doc.form.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
