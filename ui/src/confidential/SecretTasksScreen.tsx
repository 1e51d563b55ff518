// Nhiệm vụ mật: the tasks assigned in secret documents (entries of the incoming or outgoing
// register), with the status the core derives as of today; "Giao nhiệm vụ"; and each task's
// detail with its timeline and the lifecycle actions. Units work on paper: the clerk records
// what they report (acceptance, progress, results) and the review decisions. The store keeps
// no files, so a result report is its reply document's number, symbol and summary.
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
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
import {
  ActionButtons,
  ActionDialogFrame,
  ActionFields,
  actionShowsField,
  buildAction,
  initialActionValues,
  useActionValues,
  type DialogKind,
} from "../components/TaskActions";
import { CoordinatingChips, emptyTask, isTaskField, toNewTask } from "../components/TaskFields";
import { rowClass } from "../components/TaskTable";
import { Timeline } from "../components/Timeline";
import { UnitPicker } from "../components/UnitPicker";
import { errorCode } from "../errors";
import { formatDate, formatNumber } from "../format";
import { useFormErrors } from "../hooks/useFormErrors";
import { useSidePanel } from "../hooks/useSidePanel";
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

type DialogProps = {
  kind: SecretDialogKind;
  row: SecretTaskRow;
  onClose: () => void;
  onDone: (row: SecretTaskRow) => void;
  onReload: () => void;
};

/** The dialog of an action: the normal app's fields, without the result's file (the store keeps none). */
function SecretActionDialog({ kind, row, onClose, onDone, onReload }: DialogProps) {
  const { today, units, checkLocked } = useSecret();
  const errors = useFormErrors();
  const { values, set, setDate, flagBadDates } = useActionValues(() => initialActionValues(kind, today, null), errors);
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState<unknown>(null);

  // No file field here: a refusal about the attachment would go to the banner.
  const relevant = (field: string) => field !== "attachment" && actionShowsField(kind, field, values.outcome);

  async function submit() {
    if (saving) return;
    if (flagBadDates(relevant)) return;
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
      else errors.show(e, relevant);
    }
  }

  return (
    <ActionDialogFrame
      kind={kind}
      errors={errors}
      stale={stale}
      clearStale={() => setStale(null)}
      onReload={onReload}
      saving={saving}
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      {kind === "submit" && <p className="span-all muted">{t("secret.tasks.noFile")}</p>}
      <ActionFields kind={kind} values={values} set={set} setDate={setDate} errors={errors} units={units} leadUnitId={row.task.lead_unit_id} />
    </ActionDialogFrame>
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

  const panel = useSidePanel(onClose);

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
          <ActionButtons
            kinds={actions}
            error={error}
            clearError={() => setError(null)}
            onReload={onReload}
            disabled={accepting}
            onChoose={(kind) => {
              if (kind === "accept") void accept();
              else setDialog(kind);
            }}
          />
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
            <CoordinatingChips
              units={units}
              unitIds={task.coordinating_unit_ids}
              onRemove={(unitId) => set({ coordinating_unit_ids: task.coordinating_unit_ids.filter((u) => u !== unitId) })}
            />
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
                    className={`task-list__row ${rowClass(row)}${row.task.id === openId ? " is-selected" : ""}`}
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
