// Nhiệm vụ mật: the tasks assigned in secret documents (entries of the incoming or outgoing
// register), with the status the core derives as of today; "Giao nhiệm vụ"; and each task's
// detail with its timeline and the lifecycle actions. Units work on paper: the clerk records
// what they report (acceptance, progress, results) and the review decisions. The store keeps
// no files, so a result report is its reply document's number, symbol and summary.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { DocumentKind } from "../bindings/DocumentKind";
import type { Entry } from "../bindings/Entry";
import type { NewTask } from "../bindings/NewTask";
import type { Origin } from "../bindings/Origin";
import type { SecretTaskEvent } from "../bindings/SecretTaskEvent";
import type { SecretTaskRow } from "../bindings/SecretTaskRow";
import type { TimelineEntry } from "../bindings/TimelineEntry";
import type { WorkflowState } from "../bindings/WorkflowState";
import { Dialog } from "../components/Dialog";
import { ErrorBanner } from "../components/ErrorBanner";
import { CheckboxField, DateInput, SelectField, TextField } from "../components/form";
import { actionTestId, buildAction, StaleBanner, type DialogKind } from "../components/TaskActions";
import { emptyTask, isTaskField, toNewTask } from "../components/TaskFields";
import { Timeline } from "../components/Timeline";
import { UnitPicker } from "../components/UnitPicker";
import { errorCode } from "../errors";
import { formatDate, formatNumber } from "../format";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { secretAddTask, secretEntries, secretTaskAction, secretTaskEvents, secretTasks } from "../secretApi";
import { unitName } from "../session";
import { classificationCode } from "../screens/TaskDetail";
import { useSecret } from "./SecretContext";

// ---- Labels ------------------------------------------------------------------------------

/** "Văn bản đến số 3/2026". */
export function directiveLabel(entry: Pick<Entry, "register" | "number" | "year">): string {
  return t(`secret.directive.${entry.register}`, { number: entry.number, year: entry.year });
}

/** The register's colours: red overdue, orange due soon (as the normal register). */
export function secretRowClass(row: SecretTaskRow): string {
  if (row.status === "overdue") return "row-overdue";
  if (row.due_soon) return "row-due-soon";
  if (row.status === "no_deadline") return "row-no-deadline";
  if (row.status === "cancelled") return "row-cancelled";
  if (row.status === "done_on_time" || row.status === "done_late") return "row-done";
  return "row-normal";
}

function StatusBadge({ row }: { row: SecretTaskRow }) {
  if (row.status === null) return <span className="status-badge muted">{t("secret.tasks.notAssigned")}</span>;
  return (
    <span className={`status-badge status-${row.status}${row.due_soon ? " status-due-soon" : ""}`} data-testid="secret-task-status">
      {t(`status.${row.status}`)}
    </span>
  );
}

function Deadline({ row }: { row: SecretTaskRow }) {
  const deadline = row.deadline_in_force;
  if (deadline === null) return <span className="muted">{t("task.noDeadline")}</span>;
  const original = row.task.original_deadline;
  const extended = original !== deadline;
  return (
    <>
      {formatDate(deadline)}
      {extended && (
        <span className="extended" title={t("task.originalDeadline", { date: original ? formatDate(original) : t("task.noDeadline") })}>
          {" "}
          {t("task.extendedMark")}
        </span>
      )}
    </>
  );
}

// ---- The lifecycle actions -----------------------------------------------------------------

/** The actions with a form (the dialogs of the normal app, without the file). */
export type SecretDialogKind = Extract<DialogKind, "return" | "reassign" | "progress" | "submit" | "review_pass" | "review_fail" | "extend" | "cancel">;
export type SecretActionKind = "accept" | SecretDialogKind;

/** The clerk records for the units and decides for the office: every move of the state. */
export function secretActions(state: WorkflowState): SecretActionKind[] {
  switch (state) {
    case "assigned":
      return ["accept", "return", "reassign", "extend", "cancel"];
    case "returned":
      return ["reassign", "extend", "cancel"];
    case "in_progress":
      return ["progress", "submit", "extend", "cancel"];
    case "submitted":
      return ["review_pass", "review_fail", "extend", "cancel"];
    case "done":
    case "cancelled":
      return [];
  }
}

type Values = Parameters<typeof buildAction>[1];
type DateKey = "reply_issued_on" | "completed_on" | "new_deadline";

/** The core's field names of each form (a refusal naming another field goes to the banner). */
const FIELDS: Record<SecretDialogKind, readonly string[]> = {
  return: ["reason"],
  reassign: ["to_unit_id", "note"],
  progress: ["text", "difficulties", "proposals", "delay_reasons"],
  submit: ["reply_kind", "reply_number", "reply_symbol", "reply_summary", "reply_issued_on", "reply_signer", "outcome", "completed_on", "explanation"],
  review_pass: ["comment"],
  review_fail: ["comment"],
  extend: ["new_deadline", "approving_document", "reason"],
  cancel: ["reason", "withdrawn"],
};

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

function initialValues(today: string): Values {
  return {
    reason: "",
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
    new_deadline: null,
    approving_document: "",
    proposed_deadline: null,
    withdrawn: false,
  };
}

type DialogProps = {
  kind: SecretDialogKind;
  row: SecretTaskRow;
  onClose: () => void;
  onDone: (row: SecretTaskRow) => void;
  onReload: () => void;
};

function SecretActionDialog({ kind, row, onClose, onDone, onReload }: DialogProps) {
  const { today, units, checkLocked } = useSecret();
  const [values, setValues] = useState<Values>(() => initialValues(today));
  const [badDates, setBadDates] = useState<ReadonlySet<DateKey>>(new Set());
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState<unknown>(null);
  const errors = useFormErrors();

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    errors.setField(key, null);
  }

  function setDate(key: DateKey, iso: string | null, valid: boolean) {
    set(key, iso);
    setBadDates((s) => {
      const next = new Set(s);
      if (valid) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  const relevant = (field: string) => FIELDS[kind].includes(field) && !(field === "completed_on" && values.outcome !== "completed");

  async function submit() {
    if (saving) return;
    const bad = [...badDates].filter(relevant);
    if (bad.length > 0) {
      for (const f of bad) errors.setField(f, t("form.invalidDate"));
      return;
    }
    setSaving(true);
    setStale(null);
    errors.clear();
    try {
      const updated = await secretTaskAction(row.task.id, row.task.version, buildAction(kind, values));
      setSaving(false);
      onClose();
      onDone(updated);
    } catch (e) {
      setSaving(false);
      if (checkLocked(e)) return;
      if (errorCode(e) === "stale") setStale(e);
      else errors.show(e, (field) => relevant(field));
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit();
  }

  // Ctrl+Enter sends from anywhere, text areas included.
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  }

  const f = errors.fields;
  type TextKey = "reason" | "note" | "comment" | "text" | "difficulties" | "proposals" | "delay_reasons" | "explanation" | "reply_summary";
  const text = (key: TextKey, id: string, label: string, opts: { required?: boolean; hint?: string } = {}) => (
    <TextField id={id} label={label} multiline rows={3} className="span-all" value={values[key]} onChange={(v) => set(key, v)} error={f[key]} {...opts} />
  );
  const line = (key: "reply_number" | "reply_symbol" | "reply_signer" | "approving_document", id: string, label: string, required = false) => (
    <TextField id={id} label={label} value={values[key]} onChange={(v) => set(key, v)} error={f[key]} required={required} />
  );
  const date = (key: DateKey, id: string, label: string, required = false) => (
    <DateInput id={id} label={label} value={values[key]} onChange={(iso, valid) => setDate(key, iso, valid)} error={f[key]} required={required} />
  );

  let body: ReactNode;
  switch (kind) {
    case "return":
      body = text("reason", "action-reason", t("task.form.returnReason"), { required: true });
      break;
    case "reassign":
      body = (
        <>
          <div className="span-all">
            <UnitPicker
              id="action-to-unit"
              label={t("task.form.toUnit")}
              units={units}
              value={values.to_unit_id}
              onChange={(id) => set("to_unit_id", id)}
              exclude={[row.task.lead_unit_id]}
              error={f.to_unit_id}
              required
            />
          </div>
          {text("note", "action-note", t("task.note"))}
        </>
      );
      break;
    case "progress":
      body = (
        <>
          {text("text", "action-progress-text", t("task.progressText"), { required: true })}
          {text("difficulties", "action-difficulties", t("task.difficulties"))}
          {text("proposals", "action-proposals", t("task.proposals"))}
          {text("delay_reasons", "action-delay-reasons", t("task.delayReasons"))}
        </>
      );
      break;
    case "submit":
      body = (
        <>
          <p className="span-all muted">{t("secret.tasks.noFile")}</p>
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
            {(["completed", "not_completed"] as const).map((o) => (
              <label key={o} className="checkbox" htmlFor={`action-outcome-${o}`}>
                <input id={`action-outcome-${o}`} type="radio" name="action-outcome" checked={values.outcome === o} onChange={() => set("outcome", o)} />
                {t(`task.outcome.${o}`)}
              </label>
            ))}
            {f.outcome && (
              <span id="action-outcome-error" className="field-error" role="alert">
                {f.outcome}
              </span>
            )}
          </fieldset>
          {values.outcome === "completed" && date("completed_on", "action-completed-on", t("task.completedOn"), true)}
          {text("explanation", "action-explanation", t("task.explanation"))}
        </>
      );
      break;
    case "review_pass":
      body = text("comment", "action-comment", t("task.form.reviewComment"));
      break;
    case "review_fail":
      body = text("comment", "action-comment", t("task.form.reviewComment"), { required: true, hint: t("task.form.failHint") });
      break;
    case "extend":
      body = (
        <>
          {date("new_deadline", "action-new-deadline", t("task.form.newDeadline"), true)}
          {line("approving_document", "action-approving-document", t("task.approvingDocument"), true)}
          {text("reason", "action-reason", t("task.reason"))}
        </>
      );
      break;
    case "cancel":
      body = (
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
      break;
  }

  return (
    <Dialog title={t(`task.dialog.${kind}`)} onClose={onClose} testId="action-dialog" wide={kind === "submit"}>
      <form className="action-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
        {stale !== null && (
          <StaleBanner
            error={stale}
            onReload={() => {
              setStale(null);
              onReload();
            }}
          />
        )}
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <div className="form-grid">{body}</div>
        <div className="form-actions">
          <span className="muted">{t("form.saveHint")}</span>
          <button type="button" onClick={onClose}>
            {t("form.cancel")}
          </button>
          <button type="submit" className="button-primary" data-testid="action-confirm" disabled={saving}>
            {saving ? t("form.saving") : t(`task.confirm.${kind}`)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---- The detail panel ----------------------------------------------------------------------

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** A secret task's events in the shape of the normal timeline (the actor is the clerk's name). */
export function timelineOf(events: readonly SecretTaskEvent[]): TimelineEntry[] {
  return events.map((e) => ({ at: e.at, actor_id: null, actor_name: e.actor, event: e.event }));
}

type DetailProps = {
  row: SecretTaskRow;
  directive: string;
  onClose: () => void;
  onChanged: (row: SecretTaskRow) => void;
  /** Reloads the list (after a "stale" refusal). */
  onReload: () => void;
};

function SecretTaskDetail({ row, directive, onClose, onChanged, onReload }: DetailProps) {
  const { units, checkLocked } = useSecret();
  const [events, setEvents] = useState<SecretTaskEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<SecretDialogKind | null>(null);
  const [accepting, setAccepting] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const task = row.task;

  useEffect(() => {
    let live = true;
    secretTaskEvents(task.id).then(
      (list) => live && setEvents(list),
      (e: unknown) => {
        if (live && !checkLocked(e)) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [task.id, task.version, checkLocked]);

  // Esc closes the panel; a dialog on top of it handles (and stops) its own Esc first.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    function onKey(e: globalThis.KeyboardEvent) {
      if (e.key === "Escape" && !e.defaultPrevented) {
        e.preventDefault();
        onCloseRef.current();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      before?.focus?.();
    };
  }, []);

  // Tiếp nhận needs no input: it goes at once.
  async function accept() {
    setAccepting(true);
    setError(null);
    try {
      onChanged(await secretTaskAction(task.id, task.version, { type: "accept" }));
    } catch (e) {
      if (!checkLocked(e)) setError(e);
    } finally {
      setAccepting(false);
    }
  }

  const title = t("secret.tasks.detail.title", { directive });
  const extended = task.original_deadline !== row.deadline_in_force;
  const actions = secretActions(task.state);
  const coordinating = task.coordinating_unit_ids.map((id) => unitName(units, id) || id);

  return (
    <aside ref={panel} className="task-detail" role="dialog" aria-label={title} tabIndex={-1} data-testid="secret-task-detail">
      <header className="task-detail__header">
        <h2>{title}</h2>
        <button type="button" className="dialog__close" onClick={onClose} aria-label={t("task.detail.close")} title={t("task.detail.closeHint")}>
          ×
        </button>
      </header>
      <div className="task-detail__body">
        <p className="task-detail__description">{task.description}</p>
        <div className="task-detail__status">
          <StatusBadge row={row} />
          <span className="task-state" data-testid="secret-task-state">
            {t(`task.state.${task.state}`)}
          </span>
        </div>
        <dl className="task-detail__fields">
          <Field label={t("task.document")}>{directive}</Field>
          <Field label={t("task.leadUnit")}>{row.lead_unit_name}</Field>
          {coordinating.length > 0 && <Field label={t("task.coordinatingUnits")}>{coordinating.join(", ")}</Field>}
          <Field label={t("secret.tasks.deadlineInForce")} testId="secret-task-deadline">
            {row.deadline_in_force ? formatDate(row.deadline_in_force) : t("task.noDeadline")}
            {extended && (
              <span className="muted">
                {" "}
                {t("task.originalDeadline", { date: task.original_deadline ? formatDate(task.original_deadline) : t("task.noDeadline") })}
              </span>
            )}
          </Field>
          <Field label={t("task.mustReport")}>{task.must_report ? t("task.yes") : t("task.no")}</Field>
          <Field label={t("task.classification")}>{classificationCode(task)}</Field>
          {task.rejection_count > 0 && <Field label={t("task.rejectionCount")}>{formatNumber(task.rejection_count)}</Field>}
        </dl>

        <section className="task-detail__actions">
          <h3>{t("task.actions")}</h3>
          <p className="muted secret-paper">{t("secret.tasks.paper")}</p>
          {error !== null &&
            (errorCode(error) === "stale" ? (
              <StaleBanner
                error={error}
                onReload={() => {
                  setError(null);
                  onReload();
                }}
              />
            ) : (
              <ErrorBanner error={error} onDismiss={() => setError(null)} />
            ))}
          {actions.length === 0 ? (
            <p className="task-actions__note muted">{t("task.noActions")}</p>
          ) : (
            <div className="task-actions__buttons" role="group" aria-label={t("task.actions")}>
              {actions.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  className={kind === "accept" || kind === "review_pass" || kind === "submit" ? "button-primary" : undefined}
                  data-testid={actionTestId(kind)}
                  disabled={accepting}
                  onClick={() => {
                    setError(null);
                    if (kind === "accept") void accept();
                    else setDialog(kind);
                  }}
                >
                  {t(`task.action.${kind}`)}
                </button>
              ))}
            </div>
          )}
        </section>

        <section className="task-detail__timeline">
          <h3>{t("task.timeline.title")}</h3>
          {events === null ? <p className="muted">{t("task.loading")}</p> : <Timeline entries={timelineOf(events)} onOpenFile={() => {}} />}
        </section>
      </div>
      {dialog !== null && <SecretActionDialog kind={dialog} row={row} onClose={() => setDialog(null)} onDone={onChanged} onReload={onReload} />}
    </aside>
  );
}

// ---- Giao nhiệm vụ ---------------------------------------------------------------------------

const ADD_FIELDS = ["entry_id", "origin"];

function AddTaskDialog({ entries, onClose, onAdded }: { entries: readonly Entry[]; onClose: () => void; onAdded: (row: SecretTaskRow) => void }) {
  const { units, checkLocked } = useSecret();
  const active = useMemo(() => entries.filter((e) => e.status === "active"), [entries]);
  const [entryId, setEntryId] = useState("");
  const [task, setTask] = useState<NewTask>(emptyTask);
  const [origin, setOrigin] = useState<Origin>("qc45");
  const [deadlineValid, setDeadlineValid] = useState(true);
  const [saving, setSaving] = useState(false);
  const errors = useFormErrors();
  const f = errors.fields;

  function set(patch: Partial<NewTask>) {
    setTask((v) => ({ ...v, ...patch }));
    for (const key of Object.keys(patch)) errors.setField(key, null);
  }

  async function submit() {
    if (saving) return;
    errors.clear();
    let ok = true;
    if (entryId === "") {
      errors.setField("entry_id", t("secret.tasks.form.directiveRequired"));
      ok = false;
    }
    if (!deadlineValid) {
      errors.setField("deadline", t("form.invalidDate"));
      ok = false;
    }
    if (!ok) return;
    setSaving(true);
    try {
      const row = await secretAddTask({ entry_id: entryId, task: toNewTask(task), origin });
      setSaving(false);
      onClose();
      onAdded(row);
    } catch (e) {
      setSaving(false);
      if (!checkLocked(e)) errors.show(e, (field) => isTaskField(field) || ADD_FIELDS.includes(field));
    }
  }

  return (
    <Dialog title={t("secret.tasks.form.title")} onClose={onClose} testId="secret-add-task" wide>
      <form
        className="action-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        {active.length === 0 && <p className="notice">{t("secret.tasks.form.noDirective")}</p>}
        <div className="form-grid">
          <SelectField
            id="secret-task-entry"
            className="span-all"
            label={t("secret.tasks.form.directive")}
            required
            placeholder={t("secret.tasks.form.chooseDirective")}
            value={entryId}
            options={active.map((e) => ({
              value: e.id,
              label: [directiveLabel(e), e.doc_number, e.summary ?? ""].filter((s) => s !== "").join(" · "),
            }))}
            error={f.entry_id}
            onChange={(v) => {
              setEntryId(v);
              errors.setField("entry_id", null);
            }}
          />
          <TextField
            id="secret-task-description"
            className="span-all"
            label={t("doc.taskForm.description")}
            required
            multiline
            rows={3}
            value={task.description}
            error={f.description}
            onChange={(description) => set({ description })}
          />
          <div className="span-2">
            <UnitPicker
              id="secret-task-lead"
              label={t("doc.taskForm.leadUnit")}
              required
              units={units}
              value={task.lead_unit_id}
              error={f.lead_unit_id}
              onChange={(lead_unit_id) =>
                set({ lead_unit_id, coordinating_unit_ids: task.coordinating_unit_ids.filter((u) => u !== lead_unit_id) })
              }
            />
          </div>
          <div className="span-2 coordinating-units">
            <UnitPicker
              id="secret-task-coordinating"
              label={t("doc.taskForm.coordinating")}
              placeholder={t("doc.taskForm.addCoordinating")}
              units={units}
              value={null}
              exclude={[...(task.lead_unit_id ? [task.lead_unit_id] : []), ...task.coordinating_unit_ids]}
              error={f.coordinating_unit_ids}
              onChange={(unitId) => {
                if (unitId !== null) set({ coordinating_unit_ids: [...task.coordinating_unit_ids, unitId] });
              }}
            />
            {task.coordinating_unit_ids.length > 0 && (
              <ul className="unit-chips" aria-label={t("doc.taskForm.coordinating")}>
                {task.coordinating_unit_ids.map((unitId) => {
                  const name = unitName(units, unitId) || unitId;
                  return (
                    <li key={unitId} className="filter-chip">
                      {name}
                      <button
                        type="button"
                        aria-label={t("doc.taskForm.removeUnit", { name })}
                        onClick={() => set({ coordinating_unit_ids: task.coordinating_unit_ids.filter((u) => u !== unitId) })}
                      >
                        ×
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          <DateInput
            id="secret-task-deadline"
            label={t("doc.taskForm.deadline")}
            hint={t("doc.taskForm.deadlineHint")}
            value={task.deadline}
            error={f.deadline}
            onChange={(iso, valid) => {
              setDeadlineValid(valid);
              if (valid) set({ deadline: iso });
            }}
          />
          <SelectField
            id="secret-task-origin"
            label={t("task.field.origin")}
            value={origin}
            error={f.origin}
            options={[
              { value: "qc45", label: t("origin.qc45") },
              { value: "qc42", label: t("origin.qc42") },
            ]}
            onChange={(v) => {
              setOrigin(v as Origin);
              errors.setField("origin", null);
            }}
          />
          <CheckboxField
            id="secret-task-must-report"
            label={t("doc.taskForm.mustReport")}
            checked={task.must_report}
            error={f.must_report}
            onChange={(must_report) => set({ must_report })}
          />
        </div>
        <div className="form-actions">
          <span className="muted">{t("form.saveHint")}</span>
          <button type="button" onClick={onClose}>
            {t("form.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={saving} data-testid="secret-task-save">
            {saving ? t("form.saving") : t("secret.tasks.form.submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---- The screen ------------------------------------------------------------------------------

export function SecretTasksScreen() {
  const { checkLocked } = useSecret();
  const [rows, setRows] = useState<SecretTaskRow[] | null>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([secretTasks(null, null), secretEntries("incoming", null), secretEntries("outgoing", null)]).then(
      ([tasks, incoming, outgoing]) => {
        if (!live) return;
        setRows(tasks);
        setEntries([...incoming, ...outgoing]);
        setError(null);
      },
      (e: unknown) => {
        if (live && !checkLocked(e)) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [tick, checkLocked]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const byId = useMemo(() => new Map(entries.map((e) => [e.id, e])), [entries]);
  const directive = (id: string) => {
    const entry = byId.get(id);
    return entry ? directiveLabel(entry) : t("secret.directive.unknown");
  };
  const current = rows?.find((r) => r.task.id === openId) ?? null;

  function changed(row: SecretTaskRow) {
    setRows((list) => list?.map((r) => (r.task.id === row.task.id ? row : r)) ?? list);
  }

  function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, id: string) {
    if (e.key === "Enter") {
      e.preventDefault();
      setOpenId(id);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const sibling = e.key === "ArrowDown" ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
      (sibling as HTMLElement | null)?.focus();
    }
  }

  return (
    <div className="directory-screen secret-screen" data-testid="secret-tasks">
      <header className="screen-header">
        <h1>{t("secret.tasks.title")}</h1>
        <button type="button" className="button-primary" onClick={() => setAdding(true)} data-testid="secret-task-add">
          {t("secret.tasks.add")}
        </button>
      </header>
      <div className="directory-body secret-body">
        <p className="muted secret-paper">{t("secret.tasks.paper")}</p>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {rows === null ? (
          error === null && <p className="muted">{t("secret.tasks.loading")}</p>
        ) : rows.length === 0 ? (
          <p className="muted">{t("secret.tasks.empty")}</p>
        ) : (
          <>
            <p className="muted" data-testid="secret-task-count">
              {t("secret.tasks.count", { count: formatNumber(rows.length) })}
            </p>
            <table className="task-list__table secret-tasks__table">
              <thead>
                <tr>
                  <th scope="col">{t("col.index")}</th>
                  <th scope="col">{t("secret.tasks.col.directive")}</th>
                  <th scope="col">{t("task.col.description")}</th>
                  <th scope="col">{t("task.col.leadUnit")}</th>
                  <th scope="col">{t("task.col.deadline")}</th>
                  <th scope="col">{t("col.state")}</th>
                  <th scope="col">{t("task.col.status")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <tr
                    key={row.task.id}
                    tabIndex={0}
                    className={`task-list__row ${secretRowClass(row)}${row.task.id === openId ? " is-selected" : ""}`}
                    data-testid="secret-task-row"
                    data-status={row.status ?? ""}
                    onClick={() => setOpenId(row.task.id)}
                    onKeyDown={(e) => onRowKey(e, row.task.id)}
                  >
                    <td className="num">{formatNumber(i + 1)}</td>
                    <td className="task-list__document">{directive(row.entry_id)}</td>
                    <td>
                      {row.task.description}
                      {row.extension_requested && <span className="task-badge task-badge--extension">{t("task.badge.extension")}</span>}
                    </td>
                    <td>{row.lead_unit_name}</td>
                    <td className="task-list__deadline">
                      <Deadline row={row} />
                    </td>
                    <td>{t(`task.state.${row.task.state}`)}</td>
                    <td>
                      <StatusBadge row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
      {current !== null && (
        <SecretTaskDetail
          key={current.task.id}
          row={current}
          directive={directive(current.entry_id)}
          onClose={() => setOpenId(null)}
          onChanged={changed}
          onReload={reload}
        />
      )}
      {adding && <AddTaskDialog entries={entries} onClose={() => setAdding(false)} onAdded={reload} />}
    </div>
  );
}
