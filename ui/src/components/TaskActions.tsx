// The lifecycle actions a person may take on a task, and the dialog of each action that
// needs input. Which buttons show is only an affordance: the core decides (and its refusal
// is shown, next to the field it names or in a banner). The parts of the dialog (its values,
// its fields per action, its frame) and the row of buttons also serve the confidential
// workstation's secret tasks, which have no files and their own back end.
import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { applyAction, uploadAttachment } from "../api";
import type { Attachment } from "../bindings/Attachment";
import type { DocumentKind } from "../bindings/DocumentKind";
import type { PendingExtension } from "../bindings/PendingExtension";
import type { Profile } from "../bindings/Profile";
import type { ResultOutcome } from "../bindings/ResultOutcome";
import type { Task } from "../bindings/Task";
import type { TaskAction } from "../bindings/TaskAction";
import type { TaskDetail } from "../bindings/TaskDetail";
import type { Unit } from "../bindings/Unit";
import { errorCode, errorMessage } from "../errors";
import { formatDate } from "../format";
import { useFormErrors, type FormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { isOffice, isUnit, useSession } from "../session";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { CheckboxField, DateInput, SelectField, TextField } from "./form";
import { UnitPicker } from "./UnitPicker";

/** The actions that open a dialog. */
export type DialogKind =
  | "return"
  | "request_extension"
  | "progress"
  | "submit"
  | "review_pass"
  | "review_fail"
  | "reassign"
  | "extend"
  | "cancel"
  | "approve_extension"
  | "refuse_extension";

export type ActionKind = "accept" | DialogKind;

const ACTIVE_STATES = ["assigned", "returned", "in_progress", "submitted"] as const;

/** Whether the person acts on this task at all: the office, or the lead unit's officer. */
export function canAct(task: Task, profile: Profile): boolean {
  return isOffice(profile) || (isUnit(profile) && profile.unit.id === task.lead_unit_id);
}

/** The buttons to offer, in display order (the lifecycle table of the core, as a hint). */
export function availableActions(detail: TaskDetail, profile: Profile): ActionKind[] {
  const { task } = detail;
  const state = task.state;
  const out: ActionKind[] = [];
  if (isOffice(profile)) {
    if (state === "submitted") out.push("review_pass", "review_fail");
    if (state === "assigned" || state === "returned") out.push("reassign");
    if (detail.pending_extension && (ACTIVE_STATES as readonly string[]).includes(state)) {
      out.push("approve_extension", "refuse_extension");
    }
    if ((ACTIVE_STATES as readonly string[]).includes(state)) out.push("extend", "cancel");
  } else if (isUnit(profile) && profile.unit.id === task.lead_unit_id) {
    if (state === "assigned") out.push("accept", "return", "request_extension");
    if (state === "in_progress") out.push("progress", "submit", "request_extension");
  }
  return out;
}

/** "request_extension" → "action-request-extension" (the ids the WebDriver test uses). */
export function actionTestId(kind: ActionKind): string {
  return `action-${kind.replace(/_/g, "-")}`;
}

/** A "someone changed this task" refusal, with the way out: reload it. */
export function StaleBanner({ error, onReload }: { error: unknown; onReload?: () => void }) {
  return (
    <div className="error-banner" role="alert" data-testid="stale-banner">
      <span className="error-banner__message">{errorMessage(error)}</span>
      {onReload && (
        <button type="button" onClick={onReload} data-testid="stale-reload">
          {t("task.reload")}
        </button>
      )}
    </div>
  );
}

// ---- The action dialog ---------------------------------------------------------------

/** What the dialogs of all actions can hold (each sends its own part, see buildAction). */
export type ActionValues = {
  reason: string;
  note: string;
  to_unit_id: string | null;
  comment: string;
  text: string;
  difficulties: string;
  proposals: string;
  delay_reasons: string;
  reply_kind: DocumentKind;
  reply_number: string;
  reply_symbol: string;
  reply_summary: string;
  reply_issued_on: string | null;
  reply_signer: string;
  outcome: ResultOutcome;
  completed_on: string | null;
  explanation: string;
  attachment: Attachment | null;
  new_deadline: string | null;
  approving_document: string;
  proposed_deadline: string | null;
  withdrawn: boolean;
};

export type ActionDateField = "reply_issued_on" | "completed_on" | "new_deadline" | "proposed_deadline";

/** The core's field names each dialog has (a refusal naming another field goes to the banner). */
const FIELDS: Record<DialogKind, readonly string[]> = {
  return: ["reason"],
  request_extension: ["proposed_deadline", "reason"],
  progress: ["text", "difficulties", "proposals", "delay_reasons"],
  submit: [
    "reply_kind",
    "reply_number",
    "reply_symbol",
    "reply_summary",
    "reply_issued_on",
    "reply_signer",
    "outcome",
    "completed_on",
    "explanation",
    "attachment",
  ],
  review_pass: ["comment"],
  review_fail: ["comment"],
  reassign: ["to_unit_id", "note"],
  extend: ["new_deadline", "approving_document", "reason"],
  approve_extension: ["new_deadline", "approving_document", "reason"],
  cancel: ["reason", "withdrawn"],
  refuse_extension: ["comment"],
};

/** Whether the dialog of `kind` shows `field` now (the completion date only for completed work). */
export function actionShowsField(kind: DialogKind, field: string, outcome: ResultOutcome): boolean {
  return FIELDS[kind].includes(field) && !(field === "completed_on" && outcome !== "completed");
}

const REPLY_KINDS: readonly DocumentKind[] = [
  "official_letter",
  "decision",
  "plan",
  "guidance",
  "programme",
  "project",
  "scheme",
  "directive",
  "regulation",
  "statute",
  "telegram",
  "transmittal_slip",
  "conclusion_notice",
  "other",
];

/** The values a dialog opens with: dates of today, and an approval prefilled from the request. */
export function initialActionValues(kind: DialogKind, today: string, pending: PendingExtension | null): ActionValues {
  const approving = kind === "approve_extension" && pending !== null;
  return {
    reason: approving ? pending.reason : "",
    note: "",
    to_unit_id: null,
    comment: "",
    text: "",
    difficulties: "",
    proposals: "",
    delay_reasons: "",
    reply_kind: "official_letter",
    reply_number: "",
    reply_symbol: "",
    reply_summary: "",
    reply_issued_on: today,
    reply_signer: "",
    outcome: "completed",
    completed_on: today,
    explanation: "",
    attachment: null,
    new_deadline: approving ? pending.proposed_deadline : null,
    approving_document: "",
    proposed_deadline: null,
    withdrawn: false,
  };
}

/** The TaskAction a dialog sends. Empty dates go as "" so the core names the field. */
export function buildAction(kind: DialogKind, v: ActionValues): TaskAction {
  switch (kind) {
    case "return":
      return { type: "return", reason: v.reason };
    case "request_extension":
      return { type: "request_extension", proposed_deadline: v.proposed_deadline ?? "", reason: v.reason };
    case "progress":
      return { type: "progress", text: v.text, difficulties: v.difficulties, proposals: v.proposals, delay_reasons: v.delay_reasons };
    case "submit":
      return {
        type: "submit_result",
        reply_kind: v.reply_kind,
        reply_number: v.reply_number,
        reply_symbol: v.reply_symbol,
        reply_summary: v.reply_summary,
        reply_issued_on: v.reply_issued_on ?? "",
        reply_signer: v.reply_signer,
        outcome: v.outcome,
        // A report of unfinished work has no completion date.
        completed_on: v.outcome === "completed" ? v.completed_on : null,
        explanation: v.explanation,
        attachment: v.attachment,
      };
    case "review_pass":
    case "review_fail":
      return { type: "review", passed: kind === "review_pass", comment: v.comment };
    case "reassign":
      return { type: "reassign", to_unit_id: v.to_unit_id ?? "", note: v.note };
    case "extend":
    case "approve_extension":
      return { type: "extend", new_deadline: v.new_deadline ?? "", approving_document: v.approving_document, reason: v.reason };
    case "cancel":
      return { type: "cancel", reason: v.reason, withdrawn: v.withdrawn };
    case "refuse_extension":
      return { type: "refuse_extension", comment: v.comment };
  }
}

/**
 * A dialog's values. `set` clears the field's message; `setDate` also notes whether the typed
 * text is a date, and `flagBadDates` marks the ones that are not among the fields `shown`
 * (true when there was one: the dialog does not send).
 */
export function useActionValues(initial: () => ActionValues, errors: FormErrors) {
  const [values, setValues] = useState<ActionValues>(initial);
  const [badDates, setBadDates] = useState<ReadonlySet<ActionDateField>>(new Set());

  function set<K extends keyof ActionValues>(key: K, value: ActionValues[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    errors.setField(key, null);
  }

  function setDate(key: ActionDateField, iso: string | null, valid: boolean) {
    set(key, iso);
    setBadDates((s) => {
      const next = new Set(s);
      if (valid) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  function flagBadDates(shown: (field: string) => boolean): boolean {
    // A date that is not a date stays in its field with the DateInput's own message.
    const bad = [...badDates].filter(shown);
    for (const f of bad) errors.setField(f, t("form.invalidDate"));
    return bad.length > 0;
  }

  return { values, set, setDate, flagBadDates };
}

type FieldsProps = {
  kind: DialogKind;
  values: ActionValues;
  set: <K extends keyof ActionValues>(key: K, value: ActionValues[K]) => void;
  setDate: (key: ActionDateField, iso: string | null, valid: boolean) => void;
  errors: FormErrors;
  /** The units to reassign to. */
  units: readonly Unit[];
  /** The current lead unit (not offered when reassigning). */
  leadUnitId?: string;
  pendingExtension?: PendingExtension | null;
  /** The result's file, under the result report's fields (none where files are not kept). */
  resultFile?: ReactNode;
};

/** The fields of an action's dialog. */
export function ActionFields({ kind, values, set, setDate, errors, units, leadUnitId, pendingExtension = null, resultFile }: FieldsProps) {
  const f = errors.fields;
  const text = (key: "reason" | "note" | "comment" | "text" | "difficulties" | "proposals" | "delay_reasons" | "explanation" | "reply_summary", id: string, label: string, opts: { required?: boolean; hint?: string } = {}) => (
    <TextField
      id={id}
      label={label}
      multiline
      rows={3}
      className="span-all"
      value={values[key]}
      onChange={(v) => set(key, v)}
      error={f[key]}
      {...opts}
    />
  );
  const line = (key: "reply_number" | "reply_symbol" | "reply_signer" | "approving_document", id: string, label: string, required = false) => (
    <TextField id={id} label={label} value={values[key]} onChange={(v) => set(key, v)} error={f[key]} required={required} />
  );
  const date = (key: ActionDateField, id: string, label: string, required = false) => (
    <DateInput id={id} label={label} value={values[key]} onChange={(iso, valid) => setDate(key, iso, valid)} error={f[key]} required={required} />
  );

  switch (kind) {
    case "return":
      return text("reason", "action-reason", t("task.form.returnReason"), { required: true });
    case "request_extension":
      return (
        <>
          {date("proposed_deadline", "action-proposed-deadline", t("task.form.proposedDeadline"), true)}
          {text("reason", "action-reason", t("task.form.extensionReason"), { required: true })}
        </>
      );
    case "progress":
      return (
        <>
          {text("text", "action-progress-text", t("task.progressText"), { required: true })}
          {text("difficulties", "action-difficulties", t("task.difficulties"))}
          {text("proposals", "action-proposals", t("task.proposals"))}
          {text("delay_reasons", "action-delay-reasons", t("task.delayReasons"))}
        </>
      );
    case "submit":
      return (
        <>
          <SelectField
            id="action-reply-kind"
            label={t("task.form.replyKind")}
            value={values.reply_kind}
            onChange={(v) => set("reply_kind", v as DocumentKind)}
            options={REPLY_KINDS.map((k) => ({ value: k, label: t(`task.kind.${k}`) }))}
            error={f.reply_kind}
            required
          />
          {line("reply_number", "action-reply-number", t("task.form.replyNumber"), true)}
          {line("reply_symbol", "action-reply-symbol", t("task.form.replySymbol"), true)}
          {date("reply_issued_on", "action-reply-issued-on", t("task.form.replyIssuedOn"), true)}
          {text("reply_summary", "action-reply-summary", t("task.replySummary"), { required: true })}
          {line("reply_signer", "action-reply-signer", t("task.replySigner"), true)}
          <fieldset className="form-field action-outcome" aria-describedby={f.outcome ? "action-outcome-error" : undefined}>
            <legend>{t("task.outcome")}</legend>
            <label className="checkbox" htmlFor="action-outcome-completed">
              <input
                id="action-outcome-completed"
                type="radio"
                name="action-outcome"
                checked={values.outcome === "completed"}
                onChange={() => set("outcome", "completed")}
              />
              {t("task.outcome.completed")}
            </label>
            <label className="checkbox" htmlFor="action-outcome-not-completed">
              <input
                id="action-outcome-not-completed"
                type="radio"
                name="action-outcome"
                checked={values.outcome === "not_completed"}
                onChange={() => set("outcome", "not_completed")}
              />
              {t("task.outcome.not_completed")}
            </label>
            {f.outcome && (
              <span id="action-outcome-error" className="field-error" role="alert">
                {f.outcome}
              </span>
            )}
          </fieldset>
          {values.outcome === "completed" && date("completed_on", "action-completed-on", t("task.completedOn"), true)}
          {text("explanation", "action-explanation", t("task.explanation"))}
          {resultFile}
        </>
      );
    case "review_pass":
      return text("comment", "action-comment", t("task.form.reviewComment"));
    case "review_fail":
      return text("comment", "action-comment", t("task.form.reviewComment"), { required: true, hint: t("task.form.failHint") });
    case "reassign":
      return (
        <>
          <div className="span-all">
            <UnitPicker
              id="action-to-unit"
              label={t("task.form.toUnit")}
              units={units}
              value={values.to_unit_id}
              onChange={(id) => set("to_unit_id", id)}
              exclude={leadUnitId ? [leadUnitId] : []}
              error={f.to_unit_id}
              required
            />
          </div>
          {text("note", "action-note", t("task.note"))}
        </>
      );
    case "extend":
    case "approve_extension":
      return (
        <>
          {pendingExtension && kind === "approve_extension" && (
            <p className="span-all muted">
              {t("task.form.requested", { date: formatDate(pendingExtension.proposed_deadline) })}
            </p>
          )}
          {date("new_deadline", "action-new-deadline", t("task.form.newDeadline"), true)}
          {line("approving_document", "action-approving-document", t("task.approvingDocument"), true)}
          {text("reason", "action-reason", t("task.reason"))}
        </>
      );
    case "cancel":
      return (
        <>
          {text("reason", "action-reason", t("task.form.cancelReason"), { required: true })}
          <CheckboxField
            id="action-withdrawn"
            className="span-all"
            label={t("task.form.withdrawn")}
            checked={values.withdrawn}
            onChange={(c) => set("withdrawn", c)}
            error={f.withdrawn}
          />
        </>
      );
    case "refuse_extension":
      return text("comment", "action-comment", t("task.form.refuseComment"), { required: true });
  }
}

type FrameProps = {
  kind: DialogKind;
  errors: FormErrors;
  /** A "someone changed this task" refusal, shown with its way out. */
  stale: unknown;
  clearStale: () => void;
  onReload?: () => void;
  saving: boolean;
  /** The send button is off (while saving, by default). */
  disabled?: boolean;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
};

/** An action's dialog around its fields: the refusals on top, send (also Ctrl+Enter) at the foot. */
export function ActionDialogFrame({ kind, errors, stale, clearStale, onReload, saving, disabled = saving, onClose, onSubmit, children }: FrameProps) {
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }

  // Ctrl+Enter sends from anywhere, textareas included (plain Enter there is a new line).
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    }
  }

  return (
    <Dialog title={t(`task.dialog.${kind}`)} onClose={onClose} testId="action-dialog" wide={kind === "submit"}>
      <form className="action-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
        {stale !== null && (
          <StaleBanner
            error={stale}
            onReload={
              onReload &&
              (() => {
                clearStale();
                onReload();
              })
            }
          />
        )}
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <div className="form-grid">{children}</div>
        <div className="form-actions">
          <span className="muted">{t("form.saveHint")}</span>
          <button type="button" onClick={onClose}>
            {t("form.cancel")}
          </button>
          <button type="submit" className="button-primary" data-testid="action-confirm" disabled={disabled}>
            {saving ? t("form.saving") : t(`task.confirm.${kind}`)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type DialogProps = {
  kind: DialogKind;
  taskId: string;
  /** The version the user looked at; null from lists that do not know it. */
  expectedVersion: number | null;
  /** The current lead unit (not offered when reassigning). */
  leadUnitId?: string;
  pendingExtension?: PendingExtension | null;
  onClose: () => void;
  onDone: (task: Task) => void;
  /** Reloads the task after a "stale" refusal; the dialog stays open with its text. */
  onReload?: () => void;
};

export function ActionDialog({ kind, taskId, expectedVersion, leadUnitId, pendingExtension = null, onClose, onDone, onReload }: DialogProps) {
  const session = useSession();
  const errors = useFormErrors();
  const { values, set, setDate, flagBadDates } = useActionValues(() => initialActionValues(kind, session.info.today, pendingExtension), errors);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [stale, setStale] = useState<unknown>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const shown = (field: string) => actionShowsField(kind, field, values.outcome);

  async function submit() {
    if (saving || uploading) return;
    if (flagBadDates(shown)) return;
    setSaving(true);
    setStale(null);
    errors.clear();
    try {
      const task = await applyAction(taskId, expectedVersion, buildAction(kind, values));
      setSaving(false);
      onClose();
      onDone(task);
    } catch (e) {
      setSaving(false);
      if (errorCode(e) === "stale") setStale(e);
      else errors.show(e, shown);
    }
  }

  async function upload(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    errors.setField("attachment", null);
    try {
      const attachment = await uploadAttachment(file);
      set("attachment", attachment);
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
    }
  }

  const f = errors.fields;
  const resultFile = (
    <div className={"form-field span-all" + (uploadError || f.attachment ? " has-error" : "")}>
      <label htmlFor="action-result-file">{t("task.form.resultFile")}</label>
      <input
        ref={fileRef}
        id="action-result-file"
        type="file"
        disabled={uploading}
        aria-describedby="action-result-file-status"
        onChange={(e) => void upload(e.target.files?.[0])}
      />
      <span id="action-result-file-status" className="upload-status">
        {uploading && <span className="muted">{t("task.form.uploading")}</span>}
        {!uploading && values.attachment && (
          <span data-testid="uploaded-file">
            {t("task.form.uploaded", { name: values.attachment.file_name })}{" "}
            <button
              type="button"
              className="button-link"
              onClick={() => {
                set("attachment", null);
                if (fileRef.current) fileRef.current.value = "";
              }}
            >
              {t("task.form.removeFile")}
            </button>
          </span>
        )}
        {(uploadError || f.attachment) && (
          <span className="field-error" role="alert">
            {uploadError ?? f.attachment}
          </span>
        )}
      </span>
    </div>
  );

  return (
    <ActionDialogFrame
      kind={kind}
      errors={errors}
      stale={stale}
      clearStale={() => setStale(null)}
      onReload={onReload}
      saving={saving}
      disabled={saving || uploading}
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <ActionFields
        kind={kind}
        values={values}
        set={set}
        setDate={setDate}
        errors={errors}
        units={session.units}
        leadUnitId={leadUnitId}
        pendingExtension={pendingExtension}
        resultFile={resultFile}
      />
    </ActionDialogFrame>
  );
}

// ---- The buttons ---------------------------------------------------------------------

/** The refusal of the last action (a stale one with its reload), and a button per action offered. */
export function ActionButtons<K extends ActionKind>({
  kinds,
  error,
  clearError,
  onReload,
  disabled,
  onChoose,
}: {
  kinds: readonly K[];
  error: unknown;
  clearError: () => void;
  onReload?: () => void;
  disabled: boolean;
  onChoose: (kind: K) => void;
}) {
  return (
    <>
      {error !== null &&
        (errorCode(error) === "stale" ? (
          <StaleBanner
            error={error}
            onReload={
              onReload &&
              (() => {
                clearError();
                onReload();
              })
            }
          />
        ) : (
          <ErrorBanner error={error} onDismiss={clearError} />
        ))}
      {kinds.length === 0 ? (
        <p className="task-actions__note muted">{t("task.noActions")}</p>
      ) : (
        <div className="task-actions__buttons" role="group" aria-label={t("task.actions")}>
          {kinds.map((kind) => (
            <button
              key={kind}
              type="button"
              className={kind === "accept" || kind === "review_pass" || kind === "submit" ? "button-primary" : undefined}
              data-testid={actionTestId(kind)}
              disabled={disabled}
              onClick={() => {
                clearError();
                onChoose(kind);
              }}
            >
              {t(`task.action.${kind}`)}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

type Props = {
  detail: TaskDetail;
  /** After a successful action, with the task as the core left it. */
  onDone: (task: Task) => void;
  /** Reloads the detail (offered after a "stale" refusal). */
  onReload?: () => void;
  /** Only these actions (the review queue shows the ones of its tab). */
  only?: readonly ActionKind[];
};

export function TaskActions({ detail, onDone, onReload, only }: Props) {
  const { profile } = useSession();
  const [open, setOpen] = useState<DialogKind | null>(null);
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { task } = detail;

  if (!canAct(task, profile)) {
    return (
      <p className="task-actions__note muted" data-testid="read-only-note">
        {t("task.readOnly")}
      </p>
    );
  }
  const kinds = availableActions(detail, profile).filter((k) => !only || only.includes(k));

  // Tiếp nhận needs no input: it goes at once.
  async function accept() {
    setAccepting(true);
    setError(null);
    try {
      const updated = await applyAction(task.id, task.version, { type: "accept" });
      onDone(updated);
    } catch (e) {
      setError(e);
    } finally {
      setAccepting(false);
    }
  }

  return (
    <div className="task-actions" data-testid="task-actions">
      <ActionButtons
        kinds={kinds}
        error={error}
        clearError={() => setError(null)}
        onReload={onReload}
        disabled={accepting}
        onChoose={(kind) => {
          if (kind === "accept") void accept();
          else setOpen(kind);
        }}
      />
      {open !== null && (
        <ActionDialog
          kind={open}
          taskId={task.id}
          expectedVersion={task.version}
          leadUnitId={task.lead_unit_id}
          pendingExtension={detail.pending_extension}
          onClose={() => setOpen(null)}
          onDone={onDone}
          onReload={onReload}
        />
      )}
    </div>
  );
}
